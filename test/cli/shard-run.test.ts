import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResultRecord } from '../../src/schema/result-record.js';
import type { RunMeta } from '../../src/schema/run-meta.js';
import type { Summary } from '../../src/schema/summary.js';
import { cliAsync } from '../helpers/cli.js';
import { tempFiles } from '../helpers/temp-files.js';
import { type OllamaChatBody, type OllamaTestServer, startOllamaServer } from '../servers/ollama-server.js';
import { type OpenAIChatBody, type OpenAITestServer, startOpenAIServer } from '../servers/openai-server.js';

let servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

const ROWS = 24;
const SHARDS = 3;
const numberIn = (text: string) => Number(/number (\d+)/.exec(text)?.[1] ?? -1);
/** The baseline is right but on multiples of 6; `same` agrees with it; `poor` also misses odd rows. */
const baselineReply = (body: OpenAIChatBody) => {
  const n = numberIn(body.messages.map((m) => m.content).join(' '));
  return n % 6 === 0 ? ['no idea'] : [`A${n}`];
};
const candidateReply = (poor: boolean) => (body: OllamaChatBody) => {
  const n = numberIn((body.messages ?? []).map((m) => m.content).join(' '));
  return n % 6 === 0 || (poor && n % 2 === 1) ? ['no idea'] : [`A${n}`];
};
/** The judge passes an output that gives a code. */
const judgeReply = (body: OpenAIChatBody) => {
  const output = /<output>\n([\s\S]*?)\n<\/output>/.exec(body.messages.map((m) => m.content).join('\n'))?.[1];
  const pass = output?.startsWith('A') ?? false;
  return [JSON.stringify({ reason: pass ? 'gives a code' : 'no code', pass, score: pass ? 1 : 0 })];
};

interface Setup {
  dir: string;
  env: Record<string, string>;
  ollama: OllamaTestServer;
  openai: OpenAITestServer;
  judge: OpenAITestServer;
  /** Calls received by every server so far. */
  calls(): number;
}

async function setup(): Promise<Setup> {
  const ollama = await startOllamaServer({
    models: [
      { name: 'same:1b', reply: candidateReply(false) },
      { name: 'poor:1b', reply: candidateReply(true) },
    ],
  });
  const openai = await startOpenAIServer({ reply: baselineReply, apiKey: 'sk-test' });
  const judge = await startOpenAIServer({ reply: judgeReply, models: [] });
  servers.push(ollama, openai, judge);
  const dir = tempFiles({
    'suite.yaml': [
      'name: shards',
      'dataset: file://data.csv',
      'prompts:',
      '  - id: ask',
      '    template: "Say the code for number {{n}}"',
      'baseline:',
      '  id: frontier',
      '  provider: openai:gpt-4o-mini',
      `  baseURL: ${openai.url}`,
      '  apiKey: sk-test',
      '  options: { temperature: 0 }',
      'candidates:',
      '  - { id: same, provider: "ollama:same:1b", options: { temperature: 0 } }',
      '  - { id: poor, provider: "ollama:poor:1b", options: { temperature: 0 } }',
      'judge:',
      '  id: grader',
      '  provider: openai:gpt-4o',
      `  baseURL: ${judge.url}`,
      '  apiKey: sk-judge',
      'assert:',
      '  - type: equals',
      '    value: "{{answer}}"',
      '  - type: llm-rubric',
      '    value: gives a code',
    ].join('\n'),
    'data.csv': `id,n,answer\n${Array.from({ length: ROWS }, (_, i) => `r${i},${i},A${i}`).join('\n')}\n`,
  });
  return {
    dir,
    env: { OLLAMA_HOST: ollama.url, RIGHTSIZE_CACHE_DIR: join(dir, 'cache') },
    ollama,
    openai,
    judge,
    calls: () =>
      ollama.calls('/api/chat') + openai.calls('/v1/chat/completions') + judge.calls('/v1/chat/completions'),
  };
}

const read = (file: string) => readFileSync(file, 'utf8');
const recordsOf = (dir: string) =>
  read(join(dir, 'results.jsonl'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as ResultRecord);
const summaryOf = (dir: string) => JSON.parse(read(join(dir, 'summary.json'))) as Summary;
const metaOf = (dir: string) => JSON.parse(read(join(dir, 'run.json'))) as RunMeta;

/** Runs shard 1/N … N/N as N processes at once, each into its own folder. */
async function runShards(s: Setup, extra: string[] = []): Promise<string[]> {
  const names = Array.from({ length: SHARDS }, (_, k) => `shard-${k + 1}`);
  const runs = await Promise.all(
    names.map((name, k) =>
      cliAsync(['run', 'suite.yaml', '--shard', `${k + 1}/${SHARDS}`, '--out', name, ...extra], {
        cwd: s.dir,
        env: s.env,
      }),
    ),
  );
  for (const r of runs) {
    expect(r.stderr).not.toContain('internal error');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/shard \d\/3 complete: 8 of 24 rows/);
  }
  return names;
}

/**
 * Where two JSON values differ, as paths (`models[1].latencyMs.p95`): a leaf that differs, or a key or
 * list item one of them lacks.
 */
function differingPaths(a: unknown, b: unknown, at = ''): string[] {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null)
    return JSON.stringify(a) === JSON.stringify(b) ? [] : [at];
  if (Array.isArray(a) !== Array.isArray(b)) return [at];
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return [at];
    return a.flatMap((x, i) => differingPaths(x, b[i], `${at}[${i}]`));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(ra), ...Object.keys(rb)])];
  return keys.flatMap((k) => differingPaths(ra[k], rb[k], at ? `${at}.${k}` : k));
}

/**
 * What each process measures for itself: latency, TTFT and decode rate (the loopback servers answer at
 * the speed the shared machine gives them at that moment), and the calls in flight (how one process's
 * calls overlapped), with what is read from them. Everything else comes from what the models answered.
 */
const MEASURED = /(^|\.)(runId|latencyMs|ttftMs|tokensPerSecond|inFlight|queueing|latencyP95Ms)(\.|\[|$)/;

describe('rightsize run --shard K/N and merge, against loopback servers', () => {
  it('N shard processes at once make each call once; merged, they give the unsharded run’s summary', async () => {
    const s = await setup();
    const names = await runShards(s, ['--no-cache']);
    // Every call once between them: each model got each row's prompt exactly once, and a judge call per output.
    const prompts = (model: string) =>
      s.ollama.requests
        .filter((r) => r.path === '/api/chat' && (r.body as OllamaChatBody).model === model)
        .map((r) => numberIn(((r.body as OllamaChatBody).messages ?? []).map((m) => m.content).join(' ')));
    for (const model of ['same:1b', 'poor:1b'])
      expect(prompts(model).sort((a, b) => a - b)).toEqual(Array.from({ length: ROWS }, (_, i) => i));
    expect(s.openai.calls('/v1/chat/completions')).toBe(ROWS);
    expect(s.judge.calls('/v1/chat/completions')).toBe(3 * ROWS);
    const byShard = names.map((n) => recordsOf(join(s.dir, n)));
    // Rows split evenly and disjointly; each shard judged its own outputs, and only those.
    const rowsOf = (records: ResultRecord[]) => new Set(records.map((r) => r.rowId));
    expect(byShard.map((r) => rowsOf(r).size)).toEqual([8, 8, 8]);
    expect(new Set(byShard.flatMap((r) => [...rowsOf(r)])).size).toBe(ROWS);
    for (const records of byShard) {
      const judged = records.filter((r) => r.role === 'judge');
      expect(judged).toHaveLength(3 * 8);
      const mine = rowsOf(records.filter((r) => r.role !== 'judge'));
      expect(judged.every((r) => mine.has(r.rowId))).toBe(true);
    }

    const merge = await cliAsync(['merge', ...names, '--out', 'merged'], { cwd: s.dir, env: s.env });
    expect(merge.stderr).not.toContain('internal error');
    const callsBefore = s.calls();
    const whole = await cliAsync(['run', 'suite.yaml', '--out', 'whole', '--no-cache'], {
      cwd: s.dir,
      env: s.env,
    });
    expect(whole.code, whole.stderr).toBe(0);
    expect(merge.code).toBe(whole.code);
    // The merge called nothing; the unsharded run made the same calls again, once each.
    expect(s.calls() - callsBefore).toBe(callsBefore);
    const merged = summaryOf(join(s.dir, 'merged'));
    const unsharded = summaryOf(join(s.dir, 'whole'));
    expect(merged.candidates.map((c) => [c.id, c.verdict])).toEqual([
      ['same', 'inconclusive'],
      ['poor', 'keep'],
    ]);
    const differs = differingPaths(merged, unsharded);
    expect(differs.filter((path) => !MEASURED.test(path))).toEqual([]);
    expect(metaOf(join(s.dir, 'merged')).planned).toEqual(metaOf(join(s.dir, 'whole')).planned);
  }, 180_000);

  it('resumes per shard: a finished shard calls nothing again, and --resume alone keeps its shard', async () => {
    const s = await setup();
    const names = await runShards(s, ['--no-cache']);
    const calls = s.calls();
    const again = await cliAsync(['run', 'suite.yaml', '--shard', '2/3', '--out', 'shard-2', '--no-cache'], {
      cwd: s.dir,
      env: s.env,
    });
    expect(again.code, again.stderr).toBe(0);
    const resumed = await cliAsync(['run', 'suite.yaml', '--resume', 'shard-3', '--no-cache'], {
      cwd: s.dir,
      env: s.env,
    });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain('shard 3/3 complete');
    expect(s.calls()).toBe(calls);
    expect(metaOf(join(s.dir, 'shard-3')).shard).toMatchObject({ index: 3, count: 3, rows: 8 });
    // Another shard into a shard's folder would mix two shares of the rows: refused before any call.
    const wrong = await cliAsync(['run', 'suite.yaml', '--shard', '1/3', '--out', 'shard-2'], {
      cwd: s.dir,
      env: s.env,
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('holds shard 2/3');
    expect(s.calls()).toBe(calls);
    expect(recordsOf(join(s.dir, names[1] as string))).toHaveLength(8 * 3 + 8 * 3);
  }, 180_000);

  it('shares one response cache: what the shards cached, an unsharded run answers from without a call', async () => {
    const s = await setup();
    await runShards(s);
    const calls = s.calls();
    // Each output once (judge calls of identical judge prompts may already come from the cache).
    expect(s.ollama.calls('/api/chat') + s.openai.calls('/v1/chat/completions')).toBe(3 * ROWS);
    const whole = await cliAsync(['run', 'suite.yaml', '--out', 'whole'], { cwd: s.dir, env: s.env });
    expect(whole.code, whole.stderr).toBe(0);
    expect(s.calls()).toBe(calls);
    expect(summaryOf(join(s.dir, 'whole')).models.map((m) => m.cached)).toEqual([ROWS, ROWS, ROWS]);
  }, 180_000);

  it('--shard auto/N takes the shard from JOB_COMPLETION_INDEX (0-based), as a Kubernetes Indexed Job sets it', async () => {
    const s = await setup();
    const r = await cliAsync(['run', 'suite.yaml', '--shard', 'auto/3', '--out', 'pod'], {
      cwd: s.dir,
      env: { ...s.env, JOB_COMPLETION_INDEX: '2' },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(metaOf(join(s.dir, 'pod')).shard).toMatchObject({ index: 3, count: 3 });
    expect(metaOf(join(s.dir, 'pod')).planned).toEqual({ frontier: 8, same: 8, poor: 8 });
  }, 60_000);

  it('bad --shard values, and a sequential suite, are bad input (exit 2) before any call', async () => {
    const s = await setup();
    const bad = async (args: string[], env: Record<string, string> = {}) => {
      const r = await cliAsync(['run', 'suite.yaml', '--out', 'out', ...args], {
        cwd: s.dir,
        env: { ...s.env, ...env },
      });
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      return r.stderr;
    };
    expect(await bad(['--shard', '0/3'])).toContain('shard 0 of 3 does not exist');
    expect(await bad(['--shard', '4/3'])).toContain('shard 4 of 3 does not exist');
    expect(await bad(['--shard', '2'])).toContain('expected K/N');
    expect(await bad(['--shard', '1/25'])).toContain('the dataset has 24 rows');
    expect(await bad(['--shard', 'auto/3'], { JOB_COMPLETION_INDEX: '' })).toContain(
      'JOB_COMPLETION_INDEX, which is not set',
    );
    expect(await bad(['--shard', 'auto/3'], { JOB_COMPLETION_INDEX: '3' })).toContain(
      'JOB_COMPLETION_INDEX is 3, not one of 0 … 2',
    );
    expect(await bad(['--shard', '1/3', '--sequential'])).toContain('a sequential run cannot be sharded');
    writeFileSync(
      join(s.dir, 'seq.yaml'),
      `${read(join(s.dir, 'suite.yaml'))}\ndecide:\n  mode: sequential\n`,
    );
    const seq = await cliAsync(['run', 'seq.yaml', '--shard', '1/3', '--out', 'out'], {
      cwd: s.dir,
      env: s.env,
    });
    expect(seq.code).toBe(2);
    expect(seq.stderr).toContain('seq.yaml: decide.mode: the suite decides sequentially');
    expect(s.calls()).toBe(0);
  }, 60_000);
});
