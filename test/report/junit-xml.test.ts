import { describe, expect, it } from 'vitest';
import { compareRun } from '../../src/compare/compare-run.js';
import { NO_GATE_RULES } from '../../src/report/format.js';
import { junitXml } from '../../src/report/junit-xml.js';
import { demoRun } from '../compare/demo-run.js';
import { resultRecord, scoreRecord } from '../compare/records.js';

interface Element {
  name: string;
  attrs: Record<string, string>;
  children: Element[];
  text: string;
}

const ENTITY = /&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;

function decode(s: string): string {
  return s.replace(ENTITY, (_, e: string) =>
    e === 'amp'
      ? '&'
      : e === 'lt'
        ? '<'
        : e === 'gt'
          ? '>'
          : e === 'quot'
            ? '"'
            : e === 'apos'
              ? "'"
              : e.startsWith('#x')
                ? String.fromCodePoint(Number.parseInt(e.slice(2), 16))
                : String.fromCodePoint(Number(e.slice(1))),
  );
}

/**
 * A strict little parser for the subset junit.xml uses (declaration, elements, double-quoted
 * attributes, text): throws on anything not well-formed: unbalanced tags, a raw `<` or a bare `&`
 * in text or attributes, characters XML 1.0 forbids.
 */
function parseXml(xml: string): Element {
  if (/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(xml))
    throw new Error('illegal XML character');
  const body = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
  if (body === xml) throw new Error('missing XML declaration');
  const root: Element = { name: '#document', attrs: {}, children: [], text: '' };
  const stack = [root];
  const tag = /<(\/?)([A-Za-z][\w.-]*)((?:\s+[A-Za-z][\w.-]*="[^"<]*")*)\s*(\/?)>/g;
  let at = 0;
  const checkText = (s: string) => {
    if (s.includes('<') || s.replace(ENTITY, '').includes('&'))
      throw new Error(`bad text: ${s.slice(0, 40)}`);
  };
  for (let m = tag.exec(body); m; m = tag.exec(body)) {
    const between = body.slice(at, m.index);
    checkText(between);
    const top = stack[stack.length - 1] as Element;
    top.text += decode(between);
    at = m.index + m[0].length;
    const [, closing, name, attrText, selfClosing] = m as unknown as [string, string, string, string, string];
    if (closing) {
      if (top.name !== name) throw new Error(`</${name}> closes <${top.name}>`);
      stack.pop();
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText.matchAll(/([A-Za-z][\w.-]*)="([^"]*)"/g)) {
      checkText(a[2] as string);
      if ((a[1] as string) in attrs) throw new Error(`duplicate attribute ${a[1]}`);
      attrs[a[1] as string] = decode(a[2] as string);
    }
    const el: Element = { name: name as string, attrs, children: [], text: '' };
    top.children.push(el);
    if (!selfClosing) stack.push(el);
  }
  checkText(body.slice(at));
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1]?.name}>`);
  if (root.children.length !== 1) throw new Error('not exactly one root element');
  return root.children[0] as Element;
}

const all = (el: Element, name: string): Element[] => [
  ...el.children.filter((c) => c.name === name),
  ...el.children.flatMap((c) => all(c, name)),
];

describe('junitXml', () => {
  const run = demoRun();
  const summary = compareRun({ ...run, overrides: { resamples: 500 } });

  it('has one test case per gate rule and one per case × model, with consistent counts', () => {
    const doc = parseXml(junitXml(summary, run.scores, run.results));
    expect(doc.name).toBe('testsuites');
    const suites = doc.children;
    expect(suites.every((s) => s.name === 'testsuite')).toBe(true);
    expect(suites.map((s) => s.attrs.name)).toEqual([
      'demo gate',
      'demo gpt',
      'demo twin',
      'demo weak',
      'demo split',
      'demo close',
    ]);
    const cases = all(doc, 'testcase');
    // 2 gate rules + 400 cases × 4 models + 60 of `close` (judge calls are not cases).
    expect(cases).toHaveLength(2 + 4 * 400 + 60);
    expect(doc.attrs.tests).toBe(String(cases.length));
    for (const c of cases) {
      expect(c.attrs.name).toBeTruthy();
      expect(c.attrs.classname).toBeTruthy();
      expect(Number(c.attrs.time)).toBeGreaterThanOrEqual(0);
    }
    for (const s of suites) {
      const own = all(s, 'testcase');
      expect(s.attrs.tests).toBe(String(own.length));
      expect(s.attrs.failures).toBe(
        String(own.filter((c) => c.children.some((x) => x.name === 'failure')).length),
      );
      expect(s.attrs.errors).toBe(
        String(own.filter((c) => c.children.some((x) => x.name === 'error')).length),
      );
      expect(s.attrs.skipped).toBe(
        String(own.filter((c) => c.children.some((x) => x.name === 'skipped')).length),
      );
    }
    const gpt = suites[1] as Element;
    // Baseline: 1 errored call (row 5) and 40 failures (every 10th row).
    expect(gpt.attrs.errors).toBe('1');
    expect(gpt.attrs.failures).toBe('40');
    const split = suites[4] as Element;
    // One skipped call (context overflow) and one unscored output.
    expect(split.attrs.skipped).toBe('2');
    // Latency becomes seconds.
    const timed = all(gpt, 'testcase')[0] as Element;
    expect(Number(timed.attrs.time)).toBeGreaterThan(0.7);
  });

  it('reports a failed gate rule as a failure with its detail', () => {
    const failing = compareRun({ ...run, overrides: { resamples: 500, gate: { requireSwitch: 'weak' } } });
    const doc = parseXml(junitXml(failing, run.scores, run.results));
    const gate = doc.children[0] as Element;
    expect(gate.attrs.failures).toBe('1');
    const rule = all(gate, 'testcase').find((c) => c.attrs.name === 'requireSwitch: weak') as Element;
    const failure = rule.children.find((c) => c.name === 'failure') as Element;
    expect(failure.attrs.message).toContain('keep');
  });

  it('says "no gate rules" for a suite without any: a skipped case, neither passed nor failed', () => {
    const none = { ...summary, gate: { passed: true, rules: [] } };
    const doc = parseXml(junitXml(none, run.scores, run.results));
    const gate = doc.children[0] as Element;
    expect(gate.attrs).toMatchObject({ name: 'demo gate', tests: '1', failures: '0', skipped: '1' });
    const only = all(gate, 'testcase');
    expect(only.map((c) => c.attrs.name)).toEqual([NO_GATE_RULES]);
    const skipped = only[0]?.children.find((c) => c.name === 'skipped') as Element;
    expect(skipped.attrs.message).toBe(`${NO_GATE_RULES}: nothing was checked`);
  });

  it('writes times in seconds with three decimals, sub-millisecond calls included', () => {
    const results = [
      resultRecord({ model: 'slm', rowId: 'r1', latencyMs: 0.4 }),
      resultRecord({ model: 'slm', rowId: 'r2', latencyMs: 1234.5678 }),
    ];
    const scores = [scoreRecord({ model: 'slm', rowId: 'r1' }), scoreRecord({ model: 'slm', rowId: 'r2' })];
    const one = {
      ...summary,
      models: [{ ...(summary.models[1] as (typeof summary.models)[number]), id: 'slm' }],
    };
    const doc = parseXml(junitXml(one, scores, results));
    const slm = doc.children[1] as Element;
    expect(all(slm, 'testcase').map((c) => c.attrs.time)).toEqual(['0.000', '1.235']);
    expect(slm.attrs.time).toBe('1.235');
  });

  it('escapes markup, CDATA ends and quotes, and drops characters XML cannot hold', () => {
    const nasty = '<script>alert("x")</script> ]]> & \'q\' \u0000\u0007\uFFFE\uD800 ok 😀';
    const scores = [
      scoreRecord({ model: 'slm', rowId: 'r<1>', score: 0, reason: `bad ${nasty}` }),
      scoreRecord({ model: 'slm', rowId: 'r2', score: 1 }),
    ];
    const results = [
      resultRecord({ model: 'slm', rowId: 'r<1>', output: nasty }),
      resultRecord({
        model: 'slm',
        rowId: 'r2',
        output: null,
        error: { type: 'http"500', message: nasty, retryable: true },
      }),
    ];
    const summary2 = {
      ...summary,
      suite: 'a&b',
      models: [{ ...(summary.models[1] as (typeof summary.models)[number]), id: 'slm' }],
    };
    const xml = junitXml(summary2, scores, results);
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain(']]>');
    expect(xml).toContain('&lt;script&gt;');
    for (const ch of ['\u0000', '\u0007', '\uFFFE']) expect(xml).not.toContain(ch);
    const doc = parseXml(xml);
    const mine = all(doc, 'testcase').filter((c) => c.attrs.classname === 'slm');
    const failed = mine.find((c) => c.attrs.name === 'p / r<1>') as Element;
    const errored = mine.find((c) => c.attrs.name === 'p / r2') as Element;
    expect(mine).toHaveLength(2);
    const out = failed.children.find((c) => c.name === 'system-out') as Element;
    // Round trip: the text is the output minus the illegal characters.
    expect(out.text).toBe('<script>alert("x")</script> ]]> & \'q\'  ok 😀');
    const error = errored.children.find((c) => c.name === 'error') as Element;
    expect(error.attrs.type).toBe('http"500');
    expect(error.attrs.message).toContain('<script>');
    expect(doc.attrs.name).toBe('rightsize a&b');
  });

  it('is the same for the same records', () => {
    expect(junitXml(summary, run.scores, run.results)).toBe(
      junitXml(summary, [...run.scores].reverse(), [...run.results].reverse()),
    );
  });
});
