import { type OfflineCheckTarget, offlineChecks } from '../models/offline-checks.js';
import { JUDGE_ASSERTIONS } from '../schema/assertion-types.js';
import { type Case, expandCases, templateEnvFrom } from '../suite/expand-cases.js';
import { loadSuite } from '../suite/load-suite.js';
import type { Suite } from '../suite/suite.js';
import { UserError } from '../util/user-error.js';
import { EXIT } from './exit-codes.js';
import { displayPath, type Printer } from './print.js';

/** `rightsize validate <suite>`: checks everything that can be checked without a model, prints the plan. */
export function validateCommand(suitePath: string, printer: Printer): number {
  const suite = loadSuite(suitePath, process.env);
  for (const w of suite.warnings) printer.warn(w);
  const cases = expandCases(suite, templateEnvFrom(process.env));
  const found = offlineChecks(checkTargets(suite, cases), {
    baseDir: suite.dir,
    env: process.env,
    show: displayPath,
  });
  for (const w of found.warnings) printer.warn(w);
  if (found.errors.length > 0) {
    const lines = found.errors.map((e) => `${e.model}: ${e.message}`);
    throw new UserError(
      found.errors.length === 1
        ? (lines[0] as string)
        : `${found.errors.length} models would fail the run:\n  ${lines.join('\n  ')}`,
      { file: suite.file },
    );
  }
  for (const line of describePlan(suite, cases)) printer.out(line);
  return EXIT.ok;
}

/** Every model with the calls the suite makes of it; the judge (when one is used) without calls. */
function checkTargets(suite: Suite, cases: Case[]): OfflineCheckTarget[] {
  const targets: OfflineCheckTarget[] = suite.models.map((config) => ({
    config,
    calls: cases
      .filter((c) => c.model === config.label)
      .map((c) => ({ rowId: c.rowId, promptId: c.promptId, repeat: c.repeat })),
  }));
  const { judge } = suite;
  if (judge && usesJudge(suite) && !suite.models.some((m) => m.label === judge.label)) {
    targets.push({ config: judge });
  }
  return targets;
}

function usesJudge(suite: Suite): boolean {
  return [...suite.assert, ...suite.rows.flatMap((r) => r.assert)].some((a) =>
    (JUDGE_ASSERTIONS as readonly string[]).includes(a.type.replace(/^not-/, '')),
  );
}

/** The plan as lines: what would run, without running it. */
export function describePlan(suite: Suite, cases: readonly Case[]): string[] {
  const calls = cases.length;
  const baseline = suite.models[0];
  const candidates = suite.models.slice(1);
  const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
  const judged = usesJudge(suite);
  const assertionTypes = [
    ...new Set([...suite.assert, ...suite.rows.flatMap((r) => r.assert)].map((a) => a.type)),
  ];
  const margin =
    suite.margin.type === 'relative'
      ? `${+(suite.margin.value * 100).toFixed(4)}% relative`
      : `${suite.margin.value} absolute`;
  const lines = [
    `${displayPath(suite.file)} is valid (${suite.layout} layout): suite "${suite.name}"`,
    `  dataset     ${suite.dataset.file ? `${displayPath(suite.dataset.file)}: ` : 'inline: '}${plural(suite.rows.length, 'row')}; columns: ${suite.dataset.columns.join(', ') || '(none)'}`,
    `  prompts     ${suite.prompts.map((p) => `${p.id} (${p.template.kind === 'chat' ? `chat, ${plural(p.template.messages.length, 'message')}` : 'text'})`).join(', ')}`,
    `  baseline    ${baseline ? modelLine(baseline.label, baseline.provider) : '(none)'}`,
    `  candidates  ${candidates.length ? candidates.map((m) => modelLine(m.label, m.provider)).join(', ') : '(none: quality and gate only, no verdicts)'}`,
    `  assertions  ${assertionTypes.length ? assertionTypes.join(', ') : '(none)'}${judged ? `; judge: ${suite.judge ? suite.judge.label : `${baseline?.label} (the baseline)`}` : ''}`,
    `  verdict     margin ${margin}, ${suite.confidence * 100}% confidence${suite.slices.length ? `; slices by ${suite.slices.join(', ')}` : ''}`,
    ...escalationLines(suite),
    `  calls       ${suite.decide.mode === 'sequential' ? 'at most ' : ''}${plural(calls, 'model call')} = ${plural(suite.rows.length, 'row')} × ${plural(suite.prompts.length, 'prompt')} × ${plural(suite.models.length, 'model')} × ${plural(suite.repeat, 'repeat')}${judged ? ' (plus judge calls)' : ''}${answeredWithoutCall(suite, cases, plural)}`,
    ...(suite.decide.mode === 'sequential'
      ? [
          `  decide      sequential: cases in a seeded order, a look every ${plural(suite.decide.batch, 'case')}${suite.decide.maxCases === null ? '' : `, at most ${plural(suite.decide.maxCases, 'case')}`}; each candidate stops once settled, the baseline once none is left`,
        ]
      : []),
  ];
  return lines;
}

/** The cascades the run will simulate: each policy, and the candidates that deploy it. */
function escalationLines(suite: Suite): string[] {
  const byPolicy = new Map<string, { text: string; candidates: string[] }>();
  for (const [label, policies] of suite.escalation) {
    for (const p of policies) {
      const signals = [
        ...(p.checks ? [`checks ${p.checks.map((c) => c.type).join(', ')}`] : []),
        ...(p.confidence
          ? [
              `confidence from ${p.confidence.from}${p.confidence.from === 'logprobs' ? ` (${p.confidence.summary ?? 'mean'})` : ''} ${p.confidence.below === undefined ? 'below a threshold chosen from the data' : `below ${p.confidence.below}`}`,
            ]
          : []),
      ];
      const text = `${p.id}: ${signals.join(p.when === 'all' ? ' and ' : ' or ')}`;
      const entry = byPolicy.get(text) ?? { text, candidates: [] };
      entry.candidates.push(label);
      byPolicy.set(text, entry);
    }
  }
  return [...byPolicy.values()].map(
    (e, i) => `  ${i === 0 ? 'escalate' : '        '}    ${e.text} (for ${e.candidates.join(', ')})`,
  );
}

function modelLine(label: string, provider: string): string {
  return label === provider ? provider : `${label} (${provider})`;
}

/**
 * The calls no model makes: a `dataset:` baseline reads the dataset's column, a `recorded:` model its
 * file. Said beside the count, so a plan of "120 calls" does not look like 120 paid ones.
 */
function answeredWithoutCall(
  suite: Suite,
  cases: readonly Case[],
  plural: (n: number, word: string) => string,
): string {
  const offline = suite.models.filter((m) => m.ref.runtime === 'dataset' || m.ref.runtime === 'recorded');
  if (offline.length === 0) return '';
  const labels = new Set(offline.map((m) => m.label));
  const answered = cases.filter((c) => labels.has(c.model)).length;
  return `; ${plural(answered, 'answer')} of them come from the dataset or a file, with no call (${[...labels].join(', ')})`;
}
