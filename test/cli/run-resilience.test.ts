import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, cliAsync } from '../helpers/cli.js';
import { tempFiles } from '../helpers/temp-files.js';
import { type OllamaTestServer, startOllamaServer } from '../servers/ollama-server.js';
import {
  type OpenAIServerOptions,
  type OpenAITestServer,
  startOpenAIServer,
} from '../servers/openai-server.js';

let servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

interface Rec {
  caseId: string;
  model: string;
  input: string;
  output: string | null;
  error: { type: string; status?: number | null } | null;
  attempts: number;
  cached: boolean;
}

function records(file: string): Rec[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as Rec];
      } catch {
        return []; // the torn last line of a killed run
      }
    });
}

/** A suite of `rows` questions for a baseline on the OpenAI server (and optionally a candidate on Ollama). */
function suiteDir(openai: OpenAITestServer, rows: number, extra: string[] = []): string {
  return tempFiles({
    'suite.yaml': [
      'name: resilience',
      'dataset: file://data.csv',
      'prompts:',
      '  - id: ask',
      '    template: "Question {{n}}?"',
      'baseline:',
      '  id: frontier',
      '  provider: openai:gpt-4o-mini',
      `  baseURL: ${openai.url}`,
      '  apiKey: sk-test',
      ...extra,
    ].join('\n'),
    'data.csv': `id,n\n${Array.from({ length: rows }, (_, i) => `q${i},${i}`).join('\n')}\n`,
  });
}

async function openai(options: OpenAIServerOptions = {}): Promise<OpenAITestServer> {
  const s = await startOpenAIServer({ reply: ['An', 'swer'], ...options });
  servers.push(s);
  return s;
}

const questions = (bodies: { messages: { content: string }[] }[]) =>
  bodies.map((b) => b.messages[0]?.content);

describe('rightsize run under failures, kills and re-runs', () => {
  it('completes a run against a server that answers 500 to 30% of calls, with every case accounted for', async () => {
    const server = await openai({ failShare: { share: 0.3, seed: 7 } });
    const dir = suiteDir(server, 40, ['maxErrorRate: 0.25']);
    const r = await cliAsync(['run', 'suite.yaml', '--out', 'out', '--quiet'], { cwd: dir });
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    const recs = records(join(dir, 'out', 'results.jsonl'));
    expect(new Set(recs.map((x) => x.caseId)).size).toBe(40);
    expect(recs).toHaveLength(40);
    // Every call the server saw is one attempt of one recorded case.
    const attempts = recs.reduce((n, x) => n + x.attempts, 0);
    expect(attempts).toBe(server.calls('/v1/chat/completions'));
    expect(attempts).toBeGreaterThan(40);
    for (const x of recs) {
      if (x.error) expect(x).toMatchObject({ attempts: 4, error: { type: 'http', status: 500 } });
      else expect(x.output).toBe('Answer');
    }
  });

  it('loses only calls in flight to a SIGKILL, and a resume makes no recorded call again', async () => {
    const rows = 30;
    const server = await openai({ chunkDelayMs: 15 });
    const dir = suiteDir(server, rows, ['concurrency: 2']);
    const results = join(dir, 'out', 'results.jsonl');
    const child = spawn(process.execPath, [BIN, 'run', 'suite.yaml', '--out', 'out', '--quiet'], {
      cwd: dir,
      stdio: 'ignore',
    });
    const exited = new Promise((r) => child.on('exit', r));
    // Wait (on the file, not the clock) until a third of the calls are recorded, then kill -9.
    while (records(results).length < 10) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    await exited;
    const before = records(results);
    expect(before.length).toBeLessThan(rows);
    const seenBefore = server.chatBodies.length;

    const resumed = await cliAsync(['run', 'suite.yaml', '--resume', 'out', '--quiet'], { cwd: dir });
    expect(resumed.code).toBe(0);
    const askedAgain = questions(server.chatBodies.slice(seenBefore));
    const recordedBefore = new Set(before.map((x) => x.input));
    expect(askedAgain.filter((q) => q !== undefined && recordedBefore.has(q))).toEqual([]);
    expect(askedAgain).toHaveLength(rows - before.length);

    // The same final records as a run that was never interrupted.
    const clean = suiteDir(server, rows, ['concurrency: 2']);
    expect((await cliAsync(['run', 'suite.yaml', '--out', 'out', '--quiet'], { cwd: clean })).code).toBe(0);
    const summary = (f: string) =>
      records(f)
        .map((x) => `${x.caseId} ${x.model} ${x.input} ${x.output}`)
        .sort();
    expect(summary(results)).toEqual(summary(join(clean, 'out', 'results.jsonl')));
  });

  it('a second run of an unchanged deterministic suite makes zero model calls, even with the servers down', async () => {
    const server = await openai();
    const ollama: OllamaTestServer = await startOllamaServer();
    servers.push(ollama);
    const dir = suiteDir(server, 5, [
      '  options: { temperature: 0 }',
      'candidates:',
      '  - provider: ollama:qwen2.5:0.5b',
      '    options: { temperature: 0 }',
    ]);
    const env = { OLLAMA_HOST: ollama.url };
    expect((await cliAsync(['run', 'suite.yaml', '--out', 'first', '--quiet'], { cwd: dir, env })).code).toBe(
      0,
    );
    const first = records(join(dir, 'first', 'results.jsonl'));
    expect(first.every((x) => !x.cached)).toBe(true);
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
    const calls = [server.calls('/v1/chat/completions'), ollama.calls('/api/chat')];

    const second = await cliAsync(['run', 'suite.yaml', '--out', 'second'], { cwd: dir, env });
    expect(second.stderr).toContain('10/10 calls, 0 errors, 10 cached');
    expect(second.code).toBe(0);
    expect([server.calls('/v1/chat/completions'), ollama.calls('/api/chat')]).toEqual(calls);
    const again = records(join(dir, 'second', 'results.jsonl'));
    expect(again).toHaveLength(10);
    expect(again.every((x) => x.cached && x.attempts === 0)).toBe(true);
    expect(again.map((x) => x.output).sort()).toEqual(first.map((x) => x.output).sort());

    // --no-cache asks again: with the servers down, that fails fast.
    const bypass = await cliAsync(['run', 'suite.yaml', '--out', 'third', '--no-cache'], { cwd: dir, env });
    expect(bypass.code).toBe(3);
  });
});
