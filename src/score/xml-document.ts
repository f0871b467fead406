import { lazyRequire } from '../util/lazy-require.js';
import { XML_NAME } from './xml-name.js';

// Only suites with is-xml assertions need it.
const saxes = lazyRequire<typeof import('saxes')>('saxes');

// doctypedecl's ExternalID (XML 1.0, productions 75, 11, 12, 13), after the name. A system literal
// with a `#` is refused (a fragment identifier), as promptfoo does.
const S = '[ \\t\\r\\n]';
const SYSTEM_LITERAL = `(?:"[^"#]*"|'[^'#]*')`;
const PUBID_LITERAL = `(?:"[- \\r\\na-zA-Z0-9'()+,./:=?;!*#@$_%]*"|'[- \\r\\na-zA-Z0-9()+,./:=?;!*#@$_%]*')`;
const DOCTYPE = new RegExp(
  `^${S}+${XML_NAME}(${S}+(?:SYSTEM${S}+${SYSTEM_LITERAL}|PUBLIC${S}+${PUBID_LITERAL}${S}+${SYSTEM_LITERAL}))?${S}*$`,
  'u',
);

/** Whether a DOCTYPE's text has an internal subset: a `[` outside quoted literals. */
function hasInternalSubset(doctype: string): boolean {
  let quote: string | null = null;
  for (const ch of doctype) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '[') {
      return true;
    }
  }
  return false;
}

/**
 * Why `text` is not one well-formed XML document (XML 1.0 with namespaces, saxes's reading, as
 * promptfoo's is-xml), or null. A DOCTYPE with an internal subset is refused (entity declarations are
 * a way to blow up a parser, and not what a model's answer needs); one with an external DTD, which is
 * never fetched, lets entities it may declare through unresolved, unless the document says it is
 * standalone.
 */
export function xmlDocumentProblem(text: string): string | null {
  const parser = new (saxes().SaxesParser)({ xmlns: true });
  let standalone = false;
  let externalEntities = false;
  let refused: string | null = null;
  parser.on('xmldecl', (declaration) => {
    standalone = declaration.standalone === 'yes';
  });
  parser.on('doctype', (doctype) => {
    const match = DOCTYPE.exec(doctype);
    if (hasInternalSubset(doctype)) refused = 'DTD internal subsets are not supported by is-xml validation';
    else if (!match) refused = 'XML parsing failed: Malformed DOCTYPE declaration';
    if (refused) throw new Error(refused);
    externalEntities = match?.[1] !== undefined && !standalone;
  });
  parser.on('error', (err) => {
    if (!(externalEntities && err.message.endsWith('undefined entity.'))) throw err;
  });
  try {
    parser.write(text).close();
    return null;
  } catch (err) {
    return refused ?? `XML parsing failed: ${(err as Error).message}`;
  }
}
