import type { ResultRecord } from '../schema/result-record.js';
import type { ScoreRecord } from '../schema/score-record.js';
import type { Summary } from '../schema/summary.js';
import { formatFixed, gateState, NO_GATE_RULES } from './format.js';

/** Longest model output copied into <system-out>: enough to see what failed, without a huge file. */
const MAX_OUTPUT_CHARS = 10_000;

interface TestCase {
  name: string;
  classname: string;
  /** Seconds. */
  time: number;
  outcome:
    | { kind: 'passed' }
    | { kind: 'failure' | 'error'; type: string; message: string; body: string }
    | { kind: 'skipped'; message: string };
  output: string | null;
}

/**
 * junit.xml for CI dashboards: a `gate` suite with one test case per gate rule (failure when the rule
 * failed; without rules, one skipped case "no gate rules": nothing was checked, so it neither passed
 * nor failed, in the words of the other outputs), then one suite per model with one test case per
 * case (row × prompt × repeat): failure when its assertions failed, error when the call errored,
 * skipped when the call was skipped or could not be scored. The widely read subset of the format (testsuites > testsuite > testcase with name,
 * classname and time; failure, error, skipped, system-out), as Jenkins, GitLab, GitHub actions and
 * Azure read it; no timestamps, so the same records give the same file.
 */
export function junitXml(
  summary: Summary,
  scores: readonly ScoreRecord[],
  results: readonly ResultRecord[],
): string {
  const suites: { name: string; cases: TestCase[] }[] = [
    {
      name: `${summary.suite} gate`,
      cases: gateCases(summary),
    },
    ...summary.models.map((m) => ({
      name: `${summary.suite} ${m.id}`,
      cases: modelCases(
        m.id,
        scores.filter((s) => s.model === m.id),
        results.filter((r) => r.model === m.id && r.role !== 'judge'),
      ),
    })),
  ];

  const total = tally(suites.flatMap((s) => s.cases));
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(`rightsize ${summary.suite}`)}" ${counts(total)}>`,
  ];
  for (const suite of suites) {
    lines.push(`  <testsuite name="${attr(suite.name)}" ${counts(tally(suite.cases))}>`);
    for (const c of suite.cases) lines.push(...testCase(c));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

function gateCases(summary: Summary): TestCase[] {
  const classname = `${summary.suite}.gate`;
  if (gateState(summary.gate) === 'no-rules') {
    return [
      {
        name: NO_GATE_RULES,
        classname,
        time: 0,
        outcome: { kind: 'skipped', message: `${NO_GATE_RULES}: nothing was checked` },
        output: null,
      },
    ];
  }
  return summary.gate.rules.map((r) => ({
    name: r.rule,
    classname,
    time: 0,
    outcome: r.passed
      ? { kind: 'passed' }
      : { kind: 'failure', type: 'gate', message: r.detail, body: `${r.rule}\n${r.detail}` },
    output: null,
  }));
}

function modelCases(
  model: string,
  scores: readonly ScoreRecord[],
  results: readonly ResultRecord[],
): TestCase[] {
  const score = new Map(scores.map((s) => [s.caseId, s]));
  const result = new Map(results.map((r) => [r.caseId, r]));
  const ids = [...new Set([...result.keys(), ...score.keys()])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const repeated = [...scores, ...results].some((r) => r.repeat > 0);
  return ids.map((id) => {
    const s = score.get(id);
    const r = result.get(id);
    const ref = (s ?? r) as ScoreRecord | ResultRecord;
    return {
      name: `${ref.promptId} / ${ref.rowId}${repeated ? ` (repeat ${ref.repeat + 1})` : ''}`,
      classname: model,
      time: (r?.latencyMs ?? 0) / 1000,
      outcome: outcome(s, r),
      output: r?.output ?? null,
    };
  });
}

function outcome(s: ScoreRecord | undefined, r: ResultRecord | undefined): TestCase['outcome'] {
  if (r?.error) return { kind: 'error', type: r.error.type, message: r.error.message, body: r.error.message };
  if (r?.skipped) return { kind: 'skipped', message: `not run: ${r.skipped}` };
  if (!s) return { kind: 'skipped', message: 'not scored' };
  if (s.unscoredBecause === 'error')
    return { kind: 'error', type: 'error', message: s.reason, body: s.reason };
  if (s.unscoredBecause || s.pass === null) return { kind: 'skipped', message: `unscored: ${s.reason}` };
  if (s.pass) return { kind: 'passed' };
  const failed = s.assertions.filter((a) => a.pass === false).map((a) => `${a.type}: ${a.reason}`);
  return {
    kind: 'failure',
    type: 'assertion',
    message: s.reason,
    body: failed.length > 0 ? failed.join('\n') : s.reason,
  };
}

function testCase(c: TestCase): string[] {
  const open = `    <testcase name="${attr(c.name)}" classname="${attr(c.classname)}" time="${formatFixed(c.time, 3)}"`;
  const inner: string[] = [];
  const o = c.outcome;
  if (o.kind === 'failure' || o.kind === 'error') {
    inner.push(
      `      <${o.kind} message="${attr(o.message)}" type="${attr(o.type)}">${text(o.body)}</${o.kind}>`,
    );
  } else if (o.kind === 'skipped') {
    inner.push(`      <skipped message="${attr(o.message)}"/>`);
  }
  if (c.output !== null && c.output !== '') {
    const out =
      c.output.length > MAX_OUTPUT_CHARS ? `${c.output.slice(0, MAX_OUTPUT_CHARS)}\n[… truncated]` : c.output;
    inner.push(`      <system-out>${text(out)}</system-out>`);
  }
  return inner.length === 0 ? [`${open}/>`] : [`${open}>`, ...inner, '    </testcase>'];
}

function tally(cases: readonly TestCase[]): {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  time: number;
} {
  const n = (kind: TestCase['outcome']['kind']) => cases.filter((c) => c.outcome.kind === kind).length;
  return {
    tests: cases.length,
    failures: n('failure'),
    errors: n('error'),
    skipped: n('skipped'),
    time: cases.reduce((t, c) => t + c.time, 0),
  };
}

function counts(t: ReturnType<typeof tally>): string {
  return `tests="${t.tests}" failures="${t.failures}" errors="${t.errors}" skipped="${t.skipped}" time="${formatFixed(t.time, 3)}"`;
}

/**
 * Characters XML 1.0 cannot hold at all (control characters, lone surrogates, U+FFFE/U+FFFF): a model
 * can emit them, and one would make the whole file unreadable, so they are dropped.
 */
const ILLEGAL_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Element text: `]]>` cannot survive either, since `>` is escaped too. */
function text(s: string): string {
  return s.replace(ILLEGAL_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute value: quotes escaped, and line breaks kept as references (parsers fold raw ones into spaces). */
function attr(s: string): string {
  return text(s)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}
