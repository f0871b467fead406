import { isXmlDeclaration, requiredXmlElements } from '../../schema/assertions/is-xml.js';
import { lazyRequire } from '../../util/lazy-require.js';
import { checkAssertion } from '../assertion-module.js';
import { AssertionValueError, binaryOutcome } from '../assertion-outcome.js';
import { xmlCandidates } from '../xml-candidates.js';
import { xmlDocumentProblem } from '../xml-document.js';

// Only suites with XML assertions need it.
const fastXmlParser = lazyRequire<typeof import('fast-xml-parser')>('fast-xml-parser');

interface XmlVerdict {
  valid: boolean;
  /** It parsed (only what is missing is wrong), so contains-xml need not try the parts inside it. */
  parsed: boolean;
  reason: string;
}

/** Whether `tree` has the dot-separated `path`: element and attribute (`@_id`) names, and indexes into repeats. */
function hasPath(tree: unknown, path: string): boolean {
  let node = tree;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return false;
    if (Array.isArray(node) && String(Number(key)) !== key) return false;
    node = (node as Record<string, unknown>)[key];
    if (node === undefined) return false;
  }
  return true;
}

/**
 * XML read into fast-xml-parser's object tree, as promptfoo reads it (attributes as `@_name`, values
 * typed), with the required paths looked up in it. That parser is lenient: it is how contains-xml
 * judges a fragment, and how is-xml finds elements once the document is known to be well-formed.
 */
function readXml(text: string, paths: string[] | undefined): XmlVerdict {
  const parser = new (fastXmlParser().XMLParser)({
    allowBooleanAttributes: true,
    ignoreAttributes: false,
    parseAttributeValue: true,
    parseTagValue: true,
  });
  let tree: unknown;
  try {
    tree = parser.parse(text);
  } catch (err) {
    return { valid: false, parsed: false, reason: `XML parsing failed: ${(err as Error).message}` };
  }
  const missing = (paths ?? []).filter((path) => !hasPath(tree, path));
  return missing.length > 0
    ? { valid: false, parsed: true, reason: `XML is missing required elements: ${missing.join(', ')}` }
    : { valid: true, parsed: true, reason: 'XML is valid and contains all required elements' };
}

/** `is-xml`: the whole output is one well-formed document holding the required elements. */
function isXml(text: string, paths: string[] | undefined): XmlVerdict {
  const problem = xmlDocumentProblem(text);
  return problem ? { valid: false, parsed: false, reason: problem } : readXml(text, paths);
}

/** `contains-xml`: some stretch of the output (see xmlCandidates) is XML holding the required elements. */
function containsXml(text: string, paths: string[] | undefined): XmlVerdict {
  const spans = xmlCandidates(text);
  if (spans.length === 0)
    return { valid: false, parsed: false, reason: 'No XML content found in the output' };
  const read: { start: number; end: number }[] = [];
  for (const span of spans) {
    if (read.some((r) => span.start >= r.start && span.end <= r.end)) continue;
    const verdict = readXml(text.slice(span.start, span.end), paths);
    if (verdict.valid) return verdict;
    if (verdict.parsed) read.push(span);
  }
  return { valid: false, parsed: false, reason: 'No valid XML content found matching the requirements' };
}

/** `is-xml` and `contains-xml`, with promptfoo's meanings; `not-` negates either. */
export const isXmlAssertion = checkAssertion(isXmlDeclaration, ({ type, value, outputString, inverse }) => {
  const required = requiredXmlElements(value);
  if ('error' in required) throw new AssertionValueError(`"${type}" ${required.error}`);
  const verdict = (type === 'is-xml' ? isXml : containsXml)(outputString, required.paths);
  return binaryOutcome(verdict.valid !== inverse, verdict.reason);
});
