import type { Summary } from '../schema/summary.js';

/**
 * Every figure and state a person reads (CLI summary, summary.md, report.html, junit.xml) is written
 * here, so one run reads the same everywhere. The page's own script (templates/scripts/format.js)
 * repeats the few it needs; test/report/format.test.ts runs both on the same inputs.
 */

/** What the outputs show for a figure the records do not hold: never an invented number. */
export const DASH = '—';

/** A cost the records cannot give (a remote model without prices): one phrase in every output. */
export const COST_UNKNOWN = 'cost unknown';

/** The gate of a suite without `gate:` rules: nothing was checked, so neither passed nor failed. */
export const NO_GATE_RULES = 'no gate rules';

const MINUS = '\u2212';

/** A number trimmed of trailing zeros, at most `digits` decimals: 5, 2.5, 0.0125. */
export function formatNumber(x: number, digits = 4): string {
  return String(+x.toFixed(digits));
}

/** Fixed decimals: ratios, seconds in junit.xml. */
export function formatFixed(x: number | null, digits: number): string {
  return x === null ? DASH : x.toFixed(digits);
}

export function formatInt(n: number | null): string {
  // `|| 0`: -0.4 rounds to -0, which would print as "-0".
  return n === null ? DASH : (Math.round(n) || 0).toLocaleString('en-US');
}

/** 0.42 ms, 180 ms, 1.9 s, 12 s: the precision a person compares latencies at. */
export function formatMs(ms: number | null): string {
  if (ms === null) return DASH;
  if (ms < 1) return `${+ms.toFixed(2)} ms`;
  // Decided on the rounded figure, so 999.7 ms is "1.0 s", not "1000 ms".
  if (ms < 999.5) return `${Math.round(ms)} ms`;
  if (ms < 9950) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 1000).toLocaleString('en-US')} s`;
}

export function formatPercent(x: number | null, digits = 1): string {
  return x === null ? DASH : `${(x * 100).toFixed(digits)}%`;
}

/** A score (0..1) with three decimals. */
export function formatScore(x: number | null): string {
  return x === null ? DASH : x.toFixed(3);
}

/** Decode tokens a second: one decimal below 100. */
export function formatRate(x: number | null): string {
  if (x === null) return DASH;
  return x >= 99.95 ? formatInt(x) : x.toFixed(1);
}

/** Signed, with a real minus sign, so columns of differences read at a glance. */
export function formatSigned(x: number | null, digits = 3): string {
  if (x === null) return DASH;
  const s = Math.abs(x).toFixed(digits);
  if (Number(s) === 0) return s;
  return x < 0 ? `${MINUS}${s}` : `+${s}`;
}

export function formatInterval(ci: readonly [number, number] | null, fmt: (x: number) => string): string {
  return ci === null ? DASH : `[${fmt(ci[0])}, ${fmt(ci[1])}]`;
}

/** A figure and its interval, or the figure alone when it has none: "90.0% [83.1%, 94.6%]". */
function withInterval(
  value: number | null,
  ci: readonly [number, number] | null,
  fmt: (x: number) => string,
): string {
  if (ci === null) return value === null ? DASH : fmt(value);
  return `${value === null ? DASH : fmt(value)} ${formatInterval(ci, fmt)}`;
}

/** A pass rate, always in percent: "90.0% [83.1%, 94.6%]". */
export function formatPassRate(value: number | null, ci: readonly [number, number] | null): string {
  return withInterval(value, ci, (x) => formatPercent(x));
}

/** A mean score, always a fraction of 1 with three decimals: "0.900 [0.831, 0.946]". */
export function formatMeanScore(value: number | null, ci: readonly [number, number] | null): string {
  return withInterval(value, ci, formatScore);
}

/** A difference of scores (and the verdict's mean(d)), signed fractions of 1: "+0.012 [+0.004, +0.041]". */
export function formatDifference(value: number | null, ci: readonly [number, number] | null): string {
  return withInterval(value, ci, (x) => formatSigned(x));
}

export function formatRatio(value: number | null, ci: readonly [number, number] | null): string {
  return withInterval(value, ci, (x) => x.toFixed(3));
}

/** McNemar's p: "< 0.001" or three decimals. */
export function formatPValue(p: number | null): string {
  if (p === null) return DASH;
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

/** "5% (relative)", "0.05 (absolute)". */
export function formatMargin(margin: Summary['margin']): string {
  return margin.type === 'relative'
    ? `${formatNumber(margin.value * 100)}% (relative)`
    : `${formatNumber(margin.value)} (absolute)`;
}

/** "95%". */
export function formatConfidence(confidence: number): string {
  return `${formatNumber(confidence * 100, 2)}%`;
}

/** An inconclusive verdict's way out: how many paired cases would decide it. */
export function samplesNeededText(samplesNeeded: number | null, pairs: number): string {
  if (samplesNeeded === null) return `no estimate of the paired cases needed (${formatInt(pairs)} so far)`;
  return `about ${formatInt(samplesNeeded)} paired cases would decide it (this run has ${formatInt(pairs)})`;
}

/** Dollars with enough digits to tell small local costs apart: $2.50, $0.21, $0.0042, $0. */
export function formatUsd(x: number): string {
  if (x === 0) return '$0';
  if (x >= 1000) return `$${Math.round(x).toLocaleString('en-US')}`;
  if (x >= 0.01) return `$${x.toFixed(2)}`;
  return `$${x
    .toPrecision(2)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '')}`;
}

/** A cost figure in a table cell: dollars, or "cost unknown". */
export function formatCost(x: number | null): string {
  return x === null ? COST_UNKNOWN : formatUsd(x);
}

/** "$0.45 per 1k requests", or "cost unknown". */
export function formatCostPer1k(x: number | null): string {
  return x === null ? COST_UNKNOWN : `${formatUsd(x)} per 1k requests`;
}

/** "$0.45 per 1k requests, $67.50 per month", or "cost unknown" once (the month follows from the 1k). */
export function formatCostLine(per1k: number | null, monthly: number | null): string {
  if (per1k === null) return COST_UNKNOWN;
  return monthly === null
    ? formatCostPer1k(per1k)
    : `${formatCostPer1k(per1k)}, ${formatUsd(monthly)} per month`;
}

function times(r: number): string {
  return r >= 10 ? Math.round(r).toLocaleString('en-US') : r.toFixed(1).replace(/\.0$/, '');
}

/** "12× cheaper", "1.5× more expensive": the candidate's cost against the baseline's, per 1,000 requests. */
export function costComparison(candidate: number | null, baseline: number | null): string {
  if (candidate === null || baseline === null) {
    return `costs not comparable: candidate ${formatCostPer1k(candidate)}, baseline ${formatCostPer1k(baseline)}`;
  }
  const per1k = `${formatUsd(candidate)} vs ${formatUsd(baseline)} per 1k requests`;
  if (candidate === 0 && baseline === 0) return `the same cost (${per1k})`;
  if (candidate === 0) return `no per-request cost (${per1k})`;
  if (baseline === 0) return `more expensive (${per1k})`;
  const r = baseline / candidate;
  if (r > 0.95 && r < 1.05) return `about the same cost (${per1k})`;
  return r > 1 ? `${times(r)}× cheaper (${per1k})` : `${times(1 / r)}× more expensive (${per1k})`;
}

export function formatBytes(b: number | null): string {
  if (b === null) return DASH;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = b;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 10 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

/** Parameter counts as model cards write them: 494M, 1.2B, 70B. */
export function formatParams(n: number | null): string {
  if (n === null) return DASH;
  if (n >= 1e9) return `${+(n / 1e9).toFixed(n >= 1e10 ? 0 : 1)}B`;
  if (n >= 1e6) return `${Math.round(n / 1e6)}M`;
  if (n >= 1e3) return `${Math.round(n / 1e3)}K`;
  return String(n);
}

export type GateState = 'passed' | 'failed' | 'no-rules';

/** A gate without rules checked nothing: it is neither passed nor failed (the run still exits 0). */
export function gateState(gate: Summary['gate']): GateState {
  if (gate.rules.length === 0) return 'no-rules';
  return gate.passed ? 'passed' : 'failed';
}

/** The gate's state in words, the same in every output: "passed", "failed", "no gate rules". */
export function gateWord(gate: Summary['gate']): string {
  const state = gateState(gate);
  return state === 'no-rules' ? NO_GATE_RULES : state;
}

/** One gate rule's result in words. */
export function ruleWord(passed: boolean): 'passed' | 'failed' {
  return passed ? 'passed' : 'failed';
}

/**
 * A figure in run A and in run B, and B's change relative to A: "420 ms → 380 ms (−9.5%)". The change
 * is left out when either figure is unknown or A's is 0 (no relative change to speak of); both unknown
 * is said once.
 */
export function formatChange(a: number | null, b: number | null, fmt: (x: number | null) => string): string {
  if (a === null && b === null) return fmt(null);
  const both = `${fmt(a)} → ${fmt(b)}`;
  if (a === null || b === null || a === 0) return both;
  return `${both} (${formatSigned(((b - a) / a) * 100, 1)}%)`;
}
