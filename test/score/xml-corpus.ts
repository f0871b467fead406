import type { AssertionConfig } from '../../src/schema/suite-schema.js';
import type { CorpusCase } from './assertion-corpus.js';

const k = (
  name: string,
  output: string,
  assertion: AssertionConfig,
  extra: Omit<CorpusCase, 'name' | 'output' | 'assertion'> = {},
): CorpusCase => ({ name, output, assertion, ...extra });

const NOTE = '<?xml version="1.0" encoding="UTF-8"?>\n<note id="7"><to>Tove</to><from>Jani</from></note>';
const LIST = '<list><item>a</item><item>b</item></list>';
const XHTML_DOCTYPE =
  '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">';

/** is-xml and contains-xml, against promptfoo's (saxes for documents, fast-xml-parser for elements). */
export const xmlCases: CorpusCase[] = [
  k('is-xml: one element', '<root><a>1</a></root>', { type: 'is-xml' }),
  k('is-xml: declaration, attributes', NOTE, { type: 'is-xml' }),
  k('is-xml: whitespace around', '  <a/>\n', { type: 'is-xml' }),
  k('is-xml: prose before', 'Here it is: <a/>', { type: 'is-xml' }),
  k('is-xml: code fence', '```xml\n<a/>\n```', { type: 'is-xml' }),
  k('is-xml: two roots', '<a/><b/>', { type: 'is-xml' }),
  k('is-xml: unclosed element', '<a><b></a>', { type: 'is-xml' }),
  k('is-xml: case matters in names', '<A></a>', { type: 'is-xml' }),
  k('is-xml: unquoted attribute', '<a x=1/>', { type: 'is-xml' }),
  k('is-xml: predefined entity', '<a>fish &amp; chips</a>', { type: 'is-xml' }),
  k('is-xml: undefined entity', '<a>&nbsp;</a>', { type: 'is-xml' }),
  k('is-xml: bare ampersand', '<a>fish & chips</a>', { type: 'is-xml' }),
  k('is-xml: unbound prefix', '<x:a/>', { type: 'is-xml' }),
  k('is-xml: bound prefix', '<x:a xmlns:x="urn:x"><x:b/></x:a>', { type: 'is-xml' }),
  k('is-xml: CDATA and comment', '<a><![CDATA[1 < 2]]><!-- note --></a>', { type: 'is-xml' }),
  k('is-xml: empty output', '', { type: 'is-xml' }),
  k('is-xml: plain text', 'just words', { type: 'is-xml' }),
  k('is-xml: JSON', '{"a": 1}', { type: 'is-xml' }),
  k('is-xml: declaration not first', '\n<?xml version="1.0"?><a/>', { type: 'is-xml' }),
  k('is-xml: DOCTYPE', '<!DOCTYPE note><note/>', { type: 'is-xml' }),
  k('is-xml: DOCTYPE with internal subset', '<!DOCTYPE note [<!ENTITY x "y">]><note>&x;</note>', {
    type: 'is-xml',
  }),
  k('is-xml: DOCTYPE SYSTEM without literal', '<!DOCTYPE note SYSTEM><note/>', { type: 'is-xml' }),
  k('is-xml: DOCTYPE SYSTEM literal with fragment', '<!DOCTYPE note SYSTEM "n.dtd#x"><note/>', {
    type: 'is-xml',
  }),
  k('is-xml: external DTD may define entities', `${XHTML_DOCTYPE}<html>&nbsp;</html>`, { type: 'is-xml' }),
  k(
    'is-xml: standalone document may not use them',
    `<?xml version="1.0" standalone="yes"?>${XHTML_DOCTYPE}<html>&nbsp;</html>`,
    { type: 'is-xml' },
  ),
  k('is-xml: required elements, text', NOTE, { type: 'is-xml', value: 'note.to, note.from' }),
  k('is-xml: required element missing', NOTE, { type: 'is-xml', value: 'note.to, note.body' }),
  k('is-xml: required elements, list', NOTE, { type: 'is-xml', value: ['note.to', 'note'] }),
  k('is-xml: required elements, mapping', NOTE, {
    type: 'is-xml',
    value: { requiredElements: ['note.from'] },
  }),
  k('is-xml: mapping without requiredElements', NOTE, { type: 'is-xml', value: { elements: ['note'] } }),
  k('is-xml: empty mapping requires nothing', NOTE, { type: 'is-xml', value: {} }),
  k('is-xml: number value requires nothing', NOTE, { type: 'is-xml', value: 3 }),
  k('is-xml: empty text requires an empty path', NOTE, { type: 'is-xml', value: '' }),
  k('is-xml: attribute path', NOTE, { type: 'is-xml', value: 'note.@_id' }),
  k('is-xml: repeated element by index', LIST, { type: 'is-xml', value: 'list.item.1' }),
  k('is-xml: index past the end', LIST, { type: 'is-xml', value: 'list.item.2' }),
  k('is-xml: index into a single element', NOTE, { type: 'is-xml', value: 'note.to.0' }),
  k('is-xml: empty element counts', '<r><e/></r>', { type: 'is-xml', value: 'r.e' }),
  k('is-xml: zero counts', '<r><n>0</n></r>', { type: 'is-xml', value: 'r.n' }),
  k('is-xml: template value', NOTE, { type: 'is-xml', value: 'note.{{field}}' }, { vars: { field: 'to' } }),
  k('not-is-xml: prose', 'not xml at all', { type: 'not-is-xml' }),
  k('not-is-xml: well-formed', '<a/>', { type: 'not-is-xml' }),
  k('not-is-xml: missing element', NOTE, { type: 'not-is-xml', value: 'note.body' }),
  k('is-xml: transform strips a fence', '```xml\n<a><b/></a>\n```', {
    type: 'is-xml',
    value: 'a.b',
    transform: "output.replace(/^```(?:xml)?\\s*|\\s*```$/g, '')",
  }),

  k('contains-xml: element in prose', 'Sure! <answer><city>Paris</city></answer> Hope it helps.', {
    type: 'contains-xml',
  }),
  k('contains-xml: no tags', 'No tags here, though 3 < 4.', { type: 'contains-xml' }),
  k('contains-xml: required element in prose', 'Sure! <answer><city>Paris</city></answer>', {
    type: 'contains-xml',
    value: 'answer.city',
  }),
  k('contains-xml: required element missing', 'Sure! <answer><city>Paris</city></answer>', {
    type: 'contains-xml',
    value: 'answer.country',
  }),
  k('contains-xml: sibling elements taken together', 'Result: <a>1</a> and <b>2</b>.', {
    type: 'contains-xml',
    value: 'a, b',
  }),
  k('contains-xml: nested path', 'x <r><a/><b/></r> y', { type: 'contains-xml', value: 'r.a' }),
  k('contains-xml: inner element alone is not tried', 'x <r><a/><b/></r> y', {
    type: 'contains-xml',
    value: 'a',
  }),
  k('contains-xml: broken nesting', 'text <a><b></a>', { type: 'contains-xml' }),
  k('contains-xml: self-closing only', 'line<br/>break', { type: 'contains-xml' }),
  k('contains-xml: code fence', '```xml\n<a>1</a>\n```', { type: 'contains-xml', value: 'a' }),
  k('contains-xml: comparison is not a tag', 'if a<b and c>d then', { type: 'contains-xml' }),
  k('contains-xml: HTML void element breaks the nesting', '<p>Hello<br>world</p>', { type: 'contains-xml' }),
  k('contains-xml: comment and declaration skipped', '<?xml version="1.0"?><!-- c --><a>1</a>', {
    type: 'contains-xml',
    value: 'a',
  }),
  k('contains-xml: quoted > in an attribute', 'see <a title="x > y">t</a>', {
    type: 'contains-xml',
    value: 'a.@_title',
  }),
  k('contains-xml: second element has the path', 'one <a>1</a> then <b><c/></b>', {
    type: 'contains-xml',
    value: 'b.c',
  }),
  k('contains-xml: children of an unclosed parent, together', '<r><a/><b/>', {
    type: 'contains-xml',
    value: 'a, b',
  }),
  k('contains-xml: a stray closing tag, then XML', '<x></y> and <a>1</a>', {
    type: 'contains-xml',
    value: 'a',
  }),
  k('contains-xml: repeated items', `Items: ${LIST}`, { type: 'contains-xml', value: ['list.item.0'] }),
  k('contains-xml: mapping value', 'ok <a><b/></a>', {
    type: 'contains-xml',
    value: { requiredElements: ['a.b'] },
  }),
  k('contains-xml: unusable mapping value', 'ok <a/>', { type: 'contains-xml', value: { a: 1 } }),
  k('contains-xml: unicode names', 'ok <名前><値>1</値></名前>', { type: 'contains-xml', value: '名前.値' }),
  k('not-contains-xml: prose only', 'nothing here', { type: 'not-contains-xml' }),
  k('not-contains-xml: has XML', 'here <a/>', { type: 'not-contains-xml' }),
];
