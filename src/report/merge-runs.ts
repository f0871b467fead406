import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { callsShort, recordedCalls } from '../compare/calls-short.js';
import { readResults } from '../run/results-file.js';
import { readRunMeta } from '../run/run-dir.js';
import { fingerprintDifferences } from '../run/run-fingerprint.js';
import type { ResultRecord } from '../schema/result-record.js';
import { OUTPUT_FILES, RECORD_FILES, RUN_FILE } from '../schema/run-files.js';
import type { RunMeta, RunModelMeta } from '../schema/run-meta.js';
import type { ScoreRecord } from '../schema/score-record.js';
import { readScores } from '../score/scores-file.js';
import { UserError } from '../util/user-error.js';

/** Bad input (the CLI's exit 2): these folders are not the shards of one run, or --out is taken. */
const BAD_INPUT = 2;

/** A shard whose calls or scores stop short, and what it lacks (one line each). */
export interface ShardShortfall {
  index: number;
  dir: string;
  problems: string[];
}

/** The shards of one run, checked, in index order, and what they lack. */
export interface MergePlan {
  shards: ShardRun[];
  count: number;
  /** Shard indexes (1-based) that no folder holds. */
  missing: number[];
  /** Shards whose planned calls are not all recorded and scored. */
  incomplete: ShardShortfall[];
  /** The suite file the shards were run from (for the command that finishes one). */
  suiteFile: string;
}

export interface ShardRun {
  dir: string;
  meta: RunMeta & { shard: NonNullable<RunMeta['shard']>; fingerprint: NonNullable<RunMeta['fingerprint']> };
  results: ResultRecord[];
  scores: ScoreRecord[];
  /** The records' lines as written, validated above: the merged files hold them byte for byte. */
  lines: { results: string[]; scores: string[] };
}

/**
 * `rightsize merge`, first half: reads the folders of a sharded run (`run --shard K/N`) and checks they
 * are one run's: each a shard, all with the same fingerprint (suite, dataset, models, settings) and the
 * same N, each index once, no call in two of them. Says which shards are missing or stop short; the
 * caller decides whether that may be merged (`--allow-partial`). Names each folder as `show` gives it.
 */
export function planMerge(
  dirs: readonly string[],
  opts: { out: string; show?: (path: string) => string },
): MergePlan {
  const show = opts.show ?? ((p: string) => p);
  const out = resolve(opts.out);
  const resolved = dirs.map((d) => resolve(d));
  if (resolved.includes(out))
    throw new UserError(`--out ${opts.out} is one of the shards to merge`, {
      hint: 'merge into a folder of its own, e.g. --out reports/merged',
      exitCode: BAD_INPUT,
    });
  checkOut(out, opts.out);
  const shards = resolved.map((dir) => readShard(dir, show));
  const first = shards[0];
  if (!first) throw new UserError('no shard folders to merge', { exitCode: BAD_INPUT });
  checkOneRun(shards, first, show);
  checkDisjoint(shards, show);
  const count = first.meta.shard.count;
  const present = new Set(shards.map((s) => s.meta.shard.index));
  const ordered = [...shards].sort((a, b) => a.meta.shard.index - b.meta.shard.index);
  return {
    shards: ordered,
    count,
    missing: Array.from({ length: count }, (_, i) => i + 1).filter((i) => !present.has(i)),
    incomplete: ordered
      .map((s) => ({ index: s.meta.shard.index, dir: s.dir, problems: shortfall(s) }))
      .filter((s) => s.problems.length > 0),
    suiteFile: first.meta.suiteFile,
  };
}

/**
 * Second half: writes the run directory one process would have written. run.json is the shards' with
 * the whole run's calls planned and a new run id; results.jsonl and scores.jsonl hold every shard's
 * records. compare puts records in a canonical order, so the outputs then written from this folder are
 * the unsharded run's byte for byte (apart from the run id) whenever the records are the same.
 */
export function writeMerge(
  plan: MergePlan,
  outDir: string,
  now = new Date(),
): { meta: RunMeta; files: string[] } {
  const out = resolve(outDir);
  const meta = mergedMeta(plan.shards, now);
  // An earlier merge's files go: none of them may outlive this one's records.
  for (const f of [...RECORD_FILES, ...OUTPUT_FILES]) rmSync(join(out, f), { force: true });
  mkdirSync(out, { recursive: true });
  const files = [
    writeWhole(join(out, RUN_FILE.meta), `${JSON.stringify(meta, null, 2)}\n`),
    writeWhole(join(out, RUN_FILE.results), lines(plan.shards.flatMap((s) => s.lines.results))),
    // Last, so it is not older than results.jsonl: scoresForRun then takes it as it is.
    writeWhole(join(out, RUN_FILE.scores), lines(plan.shards.flatMap((s) => s.lines.scores))),
  ];
  return { meta, files };
}

function readShard(dir: string, show: (p: string) => string): ShardRun {
  const meta = readRunMeta(dir);
  if (!meta.shard || !meta.fingerprint)
    throw new UserError(
      `${show(dir)} is not a shard: its run.json has no shard (it was run without --shard K/N)`,
      {
        hint: 'pass the folders that `rightsize run <suite> --shard K/N --out DIR` wrote, one per shard',
        exitCode: BAD_INPUT,
      },
    );
  const resultsFile = join(dir, RUN_FILE.results);
  const scoresFile = join(dir, RUN_FILE.scores);
  const results = readResults(resultsFile);
  const scores = readScores(scoresFile);
  // Every line is a record readResults validated, but a torn last one (a kill mid-write), which it dropped.
  const written = linesOf(resultsFile);
  const resultLines = written.slice(0, written.length - results.tornLines);
  if (resultLines.length !== results.records.length)
    throw new Error(`${resultsFile}: ${resultLines.length} lines for ${results.records.length} records`);
  return {
    dir,
    meta: meta as ShardRun['meta'],
    results: results.records,
    scores,
    lines: { results: resultLines, scores: linesOf(scoresFile) },
  };
}

/** Same N, same fingerprint, no index twice: else these are not the shards of one run. */
function checkOneRun(shards: readonly ShardRun[], first: ShardRun, show: (p: string) => string): void {
  const name = (s: ShardRun) => `${show(s.dir)} (shard ${s.meta.shard.index}/${s.meta.shard.count})`;
  const sameFix =
    'run every shard from the same suite file, dataset and flags (only --shard and --out differ), then merge';
  for (const s of shards.slice(1)) {
    if (s.meta.shard.count !== first.meta.shard.count)
      throw new UserError(`${name(s)} and ${name(first)} split the rows into a different number of shards`, {
        hint: `every shard of one run has the same N: ${sameFix}`,
        exitCode: BAD_INPUT,
      });
    const differs = fingerprintDifferences(first.meta.fingerprint, s.meta.fingerprint);
    if (differs.length > 0)
      throw new UserError(
        `${name(s)} is not a shard of the same run as ${name(first)}: ${differs.join('; ')} differ`,
        {
          hint: sameFix,
          exitCode: BAD_INPUT,
        },
      );
  }
  const byIndex = new Map<number, ShardRun>();
  for (const s of shards) {
    const twin = byIndex.get(s.meta.shard.index);
    if (twin)
      throw new UserError(
        `${show(twin.dir)} and ${show(s.dir)} are both shard ${s.meta.shard.index}/${s.meta.shard.count}`,
        {
          hint: 'pass each shard’s folder once',
          exitCode: BAD_INPUT,
        },
      );
    byIndex.set(s.meta.shard.index, s);
  }
}

/** What a shard lacks: planned calls not recorded, records not scored (it stopped before or while judging). */
function shortfall(s: ShardRun): string[] {
  const problems = callsShort(s.meta.planned ?? {}, recordedCalls(s.results));
  const labels = new Set((s.meta.models ?? []).filter((m) => m.role !== 'judge').map((m) => m.label));
  const scored = new Set(s.scores.map((x) => `${x.model}\u0000${x.caseId}`));
  const unscored = new Set(
    s.results
      .filter((r) => r.role !== 'judge' && labels.has(r.model) && !scored.has(`${r.model}\u0000${r.caseId}`))
      .map((r) => `${r.model}\u0000${r.caseId}`),
  ).size;
  if (unscored > 0)
    problems.push(`${unscored} calls not scored (it stopped before its judge calls and scores were done)`);
  return problems;
}

/** Shards split by row, so no call may be in two of them; if one is, they were not split alike. */
function checkDisjoint(shards: readonly ShardRun[], show: (p: string) => string): void {
  const owner = new Map<string, ShardRun>();
  for (const s of shards) {
    const mine = new Set(
      s.results.filter((r) => r.role !== 'judge').map((r) => `${r.model}\u0000${r.caseId}`),
    );
    for (const key of mine) {
      const other = owner.get(key);
      if (other) {
        const row = s.results.find((r) => `${r.model}\u0000${r.caseId}` === key)?.rowId;
        throw new UserError(
          `${show(other.dir)} and ${show(s.dir)} both hold calls of row "${row}": they are not disjoint shards of one run`,
          {
            hint: 'run each shard into a folder of its own (--out DIR), from the same suite, and merge those',
            exitCode: BAD_INPUT,
          },
        );
      }
      owner.set(key, s);
    }
  }
}

/**
 * run.json as one process would have written it: the shards' settings and models (a model's profile
 * from the first shard that could ask its runtime), the whole run's calls planned (so a merge that
 * lacks a shard's calls is incomplete, not complete on less), a new run id, and which shards it holds.
 */
function mergedMeta(ordered: readonly ShardRun[], now: Date): RunMeta {
  const [first] = ordered as [ShardRun, ...ShardRun[]];
  const { shard, ...base } = first.meta;
  const models = base.models?.map((m): RunModelMeta => {
    const profile =
      m.profile ??
      ordered.map((s) => s.meta.models?.find((x) => x.label === m.label)?.profile).find((p) => p) ??
      null;
    return { ...m, profile };
  });
  const stamp = now.toISOString().replace(/[:]/g, '-').replace(/\..+$/, '');
  return {
    ...base,
    runId: `${base.suite}-${stamp}`,
    createdAt: now.toISOString(),
    ...(models ? { models } : {}),
    planned: shard.total.planned,
    merged: {
      count: shard.count,
      shards: ordered.map((s) => ({ index: s.meta.shard.index, runId: s.meta.runId })),
    },
  };
}

/** The folder to merge into: new, or one an earlier merge wrote (to be replaced); never another run's. */
function checkOut(out: string, given: string): void {
  if (existsSync(join(out, RUN_FILE.meta)) && !readRunMeta(out).merged)
    throw new UserError(`--out ${given} holds a run (run.json) that no merge wrote`, {
      hint: 'merge into a new folder (a folder an earlier merge wrote is replaced)',
      exitCode: BAD_INPUT,
    });
}

function lines(list: readonly string[]): string {
  return list.map((l) => `${l}\n`).join('');
}

/** A JSONL file's records, one a line, as written (blank lines left out); none when there is no file. */
function linesOf(file: string): string[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
}

/** Through a temporary file and a rename, so a killed merge leaves no half-written record file. */
function writeWhole(file: string, text: string): string {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
  return file;
}
