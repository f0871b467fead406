/** What the report shows for a figure the records do not hold: never an invented number. */
export const DASH = '—';

const MINUS = '\u2212';

export function formatInt(n: number | null): string {
  return n === null ? DASH : Math.round(n).toLocaleString('en-US');
}

/** 180 ms, 1.9 s, 12 s: the precision a person compares latencies at. */
export function formatMs(ms: number | null): string {
  if (ms === null) return DASH;
  if (ms < 1) return `${+ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 1000).toLocaleString('en-US')} s`;
}

export function formatPercent(x: number | null, digits = 1): string {
  return x === null ? DASH : `${(x * 100).toFixed(digits)}%`;
}

/** A score (0..1) with three decimals, or a percentage when it is a pass rate. */
export function formatScore(x: number | null): string {
  return x === null ? DASH : x.toFixed(3);
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

/** Dollars with enough digits to tell small local costs apart: $2.50, $0.21, $0.0042. */
export function formatUsd(x: number | null): string {
  if (x === null) return DASH;
  if (x === 0) return '$0';
  if (x >= 1000) return `$${Math.round(x).toLocaleString('en-US')}`;
  if (x >= 0.01) return `$${x.toFixed(2)}`;
  return `$${x
    .toPrecision(2)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '')}`;
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

export function formatRate(x: number | null): string {
  return x === null ? DASH : x >= 100 ? String(Math.round(x)) : x.toFixed(1);
}

function times(r: number): string {
  return r >= 10 ? Math.round(r).toLocaleString('en-US') : r.toFixed(1).replace(/\.0$/, '');
}

/** "12× cheaper", "1.5× more expensive": the candidate's cost against the baseline's, per 1,000 requests. */
export function costComparison(candidate: number | null, baseline: number | null): string {
  if (candidate === null || baseline === null) {
    return `cost unknown (${formatUsd(candidate)} vs ${formatUsd(baseline)} per 1k requests)`;
  }
  if (candidate === 0 && baseline === 0) return 'no cost recorded for either model';
  if (candidate === 0) return `no per-request cost (baseline ${formatUsd(baseline)} per 1k requests)`;
  const per1k = `${formatUsd(candidate)} vs ${formatUsd(baseline)} per 1k requests`;
  const r = baseline / candidate;
  if (r > 0.95 && r < 1.05) return `about the same cost (${per1k})`;
  return r > 1 ? `${times(r)}× cheaper (${per1k})` : `${times(1 / r)}× more expensive (${per1k})`;
}
