import type { Summary } from '../schema/summary.js';
import type { Printer } from './print.js';

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const ci = (c: readonly [number, number] | null, f: (x: number) => string) =>
  c ? `[${f(c[0])}, ${f(c[1])}]` : '';
const ms = (x: number | null) =>
  x === null ? '—' : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${Math.round(x)} ms`;
const usd = (x: number | null) =>
  x === null ? '—' : `$${x < 0.01 && x > 0 ? x.toPrecision(2) : x.toFixed(2)}`;
const signed = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}`;

/** The one-screen end of a run (and of `compare`): quality, speed and cost per model, verdicts, gate. */
export function printSummary(summary: Summary, printer: Printer): void {
  const usesScore = summary.models.some((m) => m.meanScore !== null && m.meanScore !== m.passRate);
  printer.out('');
  printer.out(
    `${summary.suite}: margin ${summary.margin.type === 'relative' ? `${summary.margin.value * 100}% relative` : `${summary.margin.value} absolute`}, ${summary.confidence * 100}% confidence`,
  );
  for (const m of summary.models) {
    const quality = usesScore
      ? `score ${pct(m.meanScore)} ${ci(m.meanScoreCi, (x) => pct(x))}`
      : `pass ${pct(m.passRate)} ${ci(m.passRateCi, (x) => pct(x))}`;
    const problems = [
      m.errors && `${m.errors} errors`,
      m.skipped && `${m.skipped} skipped`,
      m.unscored && `${m.unscored} unscored`,
    ]
      .filter(Boolean)
      .join(', ');
    printer.out(
      `  ${m.role === 'baseline' ? 'baseline ' : 'candidate'} ${m.id}: ${quality}, p95 ${ms(m.latencyMs.p95)}, ${usd(m.costPer1k)}/1k${problems ? ` (${problems})` : ''}`,
    );
  }
  for (const c of summary.candidates) {
    const numbers = c.diff === null ? 'no paired cases' : `diff ${signed(c.diff)} pts, d ${ci(c.ci, signed)}`;
    const more =
      c.verdict === 'inconclusive' && c.samplesNeeded !== null
        ? `; about ${c.samplesNeeded} paired cases would settle it`
        : '';
    printer.out(`  verdict ${c.id}: ${c.verdict.toUpperCase()} (${numbers}, ${c.pairs} pairs${more})`);
  }
  if (summary.candidates.length === 0)
    printer.out("  no candidates: no verdicts, only the baseline's quality and gate");
  for (const rule of summary.gate.rules)
    printer.out(`  gate ${rule.passed ? 'ok  ' : 'FAIL'} ${rule.rule}: ${rule.detail}`);
  printer.out(`  gate: ${summary.gate.passed ? 'passed' : 'FAILED'}`);
}
