import { type Measurement, median, usingGnuTime } from './measure.js';
import { table } from './table.js';
import { CONCURRENCY } from './workload.js';

/** The comparison: a table of medians, the ratios against the targets, and what each tool did. */

export interface Run extends Measurement {
  chatCalls: number;
  requests: number;
  records: number;
  /** Outputs passing every assertion, from the tool's own report: stdout, or rightsize's scores.jsonl. */
  passed: string | null;
  outputs: string[];
}

export interface ResultsInput {
  tools: { key: string; name: string }[];
  /** Runs by tool key. */
  results: Map<string, Run[]>;
  /** Runs on a quarter of the rows (--marginal), else null. */
  smallResults: Map<string, Run[]> | null;
  /** Why a tool's runs stopped, by tool key. */
  broken: Map<string, string>;
  rows: number;
  smallRows: number;
  reps: number;
}

export function resultTables(input: ResultsInput): string[] {
  const { tools, results, broken } = input;
  const nRows = input.rows;
  const nCalls = nRows * 2;
  const nReps = input.reps;
  const out: string[] = [];
  out.push('');
  out.push(
    `## ${nRows} rows × 2 models (${nCalls} calls), ${CONCURRENCY} calls in flight, loopback servers answering at once`,
  );
  out.push(
    `medians of ${nReps} runs; CPU = user + sys of the whole process (${usingGnuTime ? 'GNU time' : 'process.resourceUsage() at exit'}); node ${process.version}`,
  );
  out.push('');
  const header = ['tool', 'wall s', 'user s', 'sys s', 'CPU s', 'CPU/call ms', 'max RSS MB', 'runs: CPU s'];
  const rows: string[][] = [];
  const med = new Map<string, { cpuPerCall: number; rss: number; wall: number }>();
  for (const tool of tools) {
    const runs = results.get(tool.key) ?? [];
    if (runs.length === 0) {
      rows.push([tool.name, 'failed', '', '', '', '', '', '']);
      continue;
    }
    const cpu = median(runs.map((r) => r.cpuMs));
    const rss = median(runs.map((r) => r.maxRssMB));
    const wall = median(runs.map((r) => r.wallMs));
    med.set(tool.key, { cpuPerCall: cpu / nCalls, rss, wall });
    rows.push([
      tool.name,
      (wall / 1000).toFixed(2),
      (median(runs.map((r) => r.userMs)) / 1000).toFixed(2),
      (median(runs.map((r) => r.sysMs)) / 1000).toFixed(2),
      (cpu / 1000).toFixed(2),
      (cpu / nCalls).toFixed(2),
      rss.toFixed(0),
      runs.map((r) => (r.cpuMs / 1000).toFixed(2)).join(', '),
    ]);
  }
  out.push(...table(header, rows));
  out.push('');

  const rs = med.get('rightsize');
  const pf = med.get('promptfoo');
  const floor = med.get('floor');
  if (rs && pf) {
    const cpuRatio = pf.cpuPerCall / rs.cpuPerCall;
    const memRatio = pf.rss / rs.rss;
    out.push('promptfoo / rightsize:');
    out.push(
      `  CPU per call  ${cpuRatio.toFixed(2)}×   (target ≥ 5×: ${cpuRatio >= 5 ? 'met' : 'NOT met'})`,
      `  peak memory   ${memRatio.toFixed(2)}×   (target ≥ 2×, i.e. rightsize ≤ ½: ${memRatio >= 2 ? 'met' : 'NOT met'})`,
      `  wall time     ${(pf.wall / rs.wall).toFixed(2)}×`,
    );
  }
  if (rs && floor) {
    out.push(
      `rightsize / floor: CPU per call ${(rs.cpuPerCall / floor.cpuPerCall).toFixed(2)}×, memory ${(rs.rss / floor.rss).toFixed(2)}×`,
    );
  }
  if (input.smallResults) out.push('', ...marginalLines(input, input.smallResults));
  out.push('');
  for (const tool of tools) {
    const r = results.get(tool.key)?.[0];
    if (!r) continue;
    const answers = r.passed;
    out.push(
      `${tool.name}: ${r.chatCalls} model calls (${r.requests} HTTP requests), ${r.records} lines in results.jsonl` +
        (answers ? `, ${answers}` : '') +
        `; wrote ${r.outputs.join(', ') || 'nothing'}`,
    );
  }
  out.push(`(expected passes with both assertions: ${expectedPasses(nRows)} of ${nCalls})`);
  for (const tool of tools) {
    const said = results.get(tool.key)?.[0]?.stderr.trim();
    if (said) out.push(`${tool.name} wrote to stderr: ${said.split('\n').slice(0, 2).join(' / ')}`);
  }
  for (const [key, why] of broken) out.push('', `FAILED: ${tools.find((t) => t.key === key)?.name}: ${why}`);
  return out;
}

/** CPU = fixed + calls × per call: the line through the medians on all the rows and on a quarter. */
function marginalLines(input: ResultsInput, smallResults: Map<string, Run[]>): string[] {
  const { tools, results } = input;
  const nRows = input.rows;
  const nSmallRows = input.smallRows;
  const nCalls = nRows * 2;
  const smallCalls = nSmallRows * 2;
  const fit = new Map<string, { perCall: number; fixed: number }>();
  const rows: string[][] = [];
  for (const tool of tools) {
    const big = results.get(tool.key) ?? [];
    const few = smallResults.get(tool.key) ?? [];
    if (!big.length || !few.length) continue;
    const a = median(few.map((r) => r.cpuMs));
    const b = median(big.map((r) => r.cpuMs));
    const perCall = (b - a) / (nCalls - smallCalls);
    const fixed = a - perCall * smallCalls;
    fit.set(tool.key, { perCall, fixed });
    rows.push([
      tool.name,
      (a / 1000).toFixed(2),
      (b / 1000).toFixed(2),
      perCall.toFixed(2),
      (fixed / 1000).toFixed(2),
    ]);
  }
  const out = [
    `CPU split into a fixed part and a part per call (medians at ${nSmallRows} and ${nRows} rows):`,
    ...table(
      ['tool', `CPU s, ${smallCalls} calls`, `CPU s, ${nCalls} calls`, 'ms per call', 'fixed s'],
      rows,
    ),
  ];
  const rs = fit.get('rightsize');
  const pf = fit.get('promptfoo');
  if (rs && pf)
    out.push(
      `promptfoo / rightsize, CPU per call beyond the fixed part: ${(pf.perCall / rs.perCall).toFixed(2)}×`,
    );
  return out;
}

/** Both assertions pass on 9 baseline answers in 10 and on half the candidate's (see workload.ts). */
function expectedPasses(rows: number): number {
  let n = 0;
  for (let i = 0; i < rows; i++) n += (i % 10 !== 0 ? 1 : 0) + (i % 4 >= 2 ? 1 : 0);
  return n;
}
