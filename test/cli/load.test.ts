import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type LoadRecord, loadRecordSchema } from '../../src/schema/load-record.js';
import { BIN, cli, cliAsync } from '../helpers/cli.js';
import { tempFiles } from '../helpers/temp-files.js';
import { type OllamaTestServer, startOllamaServer } from '../servers/ollama-server.js';

/** A paid (recorded, so non-local) baseline and one Ollama candidate on four rows. */
function suite(extra: string[] = []): string {
  return tempFiles({
    'suite.yaml': [
      'name: load-demo',
      'dataset: file://rows.jsonl',
      'prompts: ["Tell me about {{text}}"]',
      'baseline: { id: big, provider: "recorded:./big.jsonl" }',
      'candidates:',
      '  - { id: small, provider: "ollama:qwen2.5:0.5b" }',
      ...extra,
    ].join('\n'),
    'rows.jsonl': ['a', 'b', 'c', 'd'].map((t, i) => JSON.stringify({ id: `r${i}`, text: t })).join('\n'),
    'big.jsonl': ['a', 'b', 'c', 'd'].map((t, i) => JSON.stringify({ id: `r${i}`, output: t })).join('\n'),
  });
}

const readLoad = (file: string): LoadRecord => loadRecordSchema.parse(JSON.parse(readFileSync(file, 'utf8')));

let server: OllamaTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('rightsize load: bad input (exit 2, naming the flag)', () => {
  const cases: [string, string[], RegExp][] = [
    [
      'levels that are not positive whole numbers',
      ['--levels', '1,0,x'],
      /--levels: expected positive whole numbers/,
    ],
    ['an empty level', ['--levels', '1,,2'], /--levels/],
    [
      'both --requests and --duration',
      ['--requests', '8', '--duration', '2'],
      /--requests or --duration, not both/,
    ],
    [
      'a --model not in the suite',
      ['--model', 'nope', '--model', 'small'],
      /--model: no model "nope" in the suite[\s\S]*big, small/,
    ],
    ['--requests 0', ['--requests', '0'], /--requests/],
    ['--slo-p95 -5', ['--slo-p95', '-5'], /--slo-p95/],
  ];
  for (const [what, flags, message] of cases) {
    it(what, () => {
      const dir = suite();
      const r = cli(['load', 'suite.yaml', ...flags], {
        cwd: dir,
        env: { OLLAMA_HOST: 'http://127.0.0.1:9' },
      });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(existsSync(join(dir, 'reports'))).toBe(false);
    });
  }

  it('--help lists the command and its flags', () => {
    expect(cli(['--help']).stdout).toMatch(/load \[options\] <suite>/);
    const help = cli(['load', '--help']).stdout;
    for (const flag of ['--model', '--levels', '--requests', '--duration', '--out', '--slo-p95', '--quiet'])
      expect(help).toContain(flag);
  });

  it('an unreachable server: exit 3 before any request', () => {
    const dir = suite();
    const r = cli(['load', 'suite.yaml'], { cwd: dir, env: { OLLAMA_HOST: 'http://127.0.0.1:9' } });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/small/);
  });
});

describe('rightsize load against a loopback Ollama server', () => {
  it('sweeps the local candidate until the target breaks, skips the paid baseline, and writes load.json', async () => {
    // 2 slots of 400 ms each: at 4 in flight half the requests wait a whole service time, so the
    // p95 is at least 800 ms and breaks a 700 ms target for sure; 1 and 2 in flight wait for nobody
    // and stay under it unless the machine adds 300 ms to a call.
    server = await startOllamaServer({ slots: 2, serviceTimeMs: 400 });
    const dir = suite(['slo: { latencyP95Ms: 700 }']);
    const r = await cliAsync(['load', 'suite.yaml', '--out', 'out'], {
      cwd: dir,
      env: { OLLAMA_HOST: server.url },
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/skipping big: not a local model/);
    expect(r.stdout).toMatch(/c=1: 8 requests/);
    expect(r.stdout).toMatch(/wrote out\/load\.json/);
    const record = readLoad(join(dir, 'out', 'load.json'));
    expect(record.suite).toBe('load-demo');
    expect(record.slo).toEqual({ latencyP95Ms: 700, ttftP95Ms: null });
    expect(record.models.map((m) => m.id)).toEqual(['small']);
    const small = record.models[0] as LoadRecord['models'][number];
    // Stopped by the target at 4 in flight; the capacity is the level before.
    expect(small.stoppedBy).toBe('slo');
    expect(small.levels.map((l) => l.concurrency)).toEqual([1, 2, 4]);
    expect(small.capacity?.concurrency).toBe(2);
    // Sized for the default traffic (10,000 a day × peak factor 3); no perHour, so no cost.
    expect(small.sizing).toEqual({
      peakRequestsPerSecond: (10_000 / 86_400) * 3,
      servers: 1,
      monthlyCost: null,
      costPer1k: null,
    });
    // The suite's prompts, rendered, were what the server was sent.
    const sent = server.requests.filter((q) => q.path === '/api/chat').map((q) => JSON.stringify(q.body));
    expect(sent.every((b) => /Tell me about [abcd]/.test(b))).toBe(true);
  });

  it('--levels and --slo-p95 override; --quiet prints nothing', async () => {
    server = await startOllamaServer({ serviceTimeMs: 10 });
    const dir = suite(['gate: { maxLatencyP95Ms: 1 }']);
    const r = await cliAsync(
      [
        'load',
        'suite.yaml',
        '--out',
        'out',
        '--levels',
        '2,1',
        '--requests',
        '3',
        '--slo-p95',
        '5000',
        '--quiet',
      ],
      { cwd: dir, env: { OLLAMA_HOST: server.url } },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const small = readLoad(join(dir, 'out', 'load.json')).models[0];
    expect(small?.stoppedBy).toBe('levels');
    expect(small?.levels.map((l) => [l.concurrency, l.requests])).toEqual([
      [2, 3],
      [1, 3],
    ]);
    expect(small?.capacity?.concurrency).toBe(2);
  });

  it('without any target: capacity null, and a note says so; the gate target is used when it is the only one', async () => {
    server = await startOllamaServer();
    const dir = suite();
    const r = await cliAsync(['load', 'suite.yaml', '--out', 'out', '--levels', '1', '--requests', '2'], {
      cwd: dir,
      env: { OLLAMA_HOST: server.url },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no latency target/);
    expect(readLoad(join(dir, 'out', 'load.json')).models[0]?.capacity).toBeNull();
    const gated = suite(['gate: { maxLatencyP95Ms: 4000 }']);
    await cliAsync(['load', 'suite.yaml', '--out', 'out', '--levels', '1', '--requests', '2'], {
      cwd: gated,
      env: { OLLAMA_HOST: server.url },
    });
    expect(readLoad(join(gated, 'out', 'load.json')).slo.latencyP95Ms).toBe(4000);
  });

  it('a named paid model gets a cost estimate before it runs', async () => {
    server = await startOllamaServer();
    const dir = tempFiles({
      'suite.yaml': [
        'name: paid',
        'tests: [{ id: r1, text: "hello there" }]',
        'prompts: ["{{text}}"]',
        'baseline: { id: big, provider: "openai:gpt-4o", options: { maxTokens: 10 } }',
        'candidates: ["ollama:qwen2.5:0.5b"]',
      ].join('\n'),
    });
    // The "paid" model is pointed at nothing reachable: the estimate comes first, then the check fails (exit 3).
    const r = cli(['load', 'suite.yaml', '--model', 'big', '--levels', '1,2', '--requests', '4'], {
      cwd: dir,
      env: {
        OPENAI_BASE_URL: 'https://api.openai.example/v1',
        OPENAI_API_KEY: 'sk-test',
        OLLAMA_HOST: server.url,
      },
    });
    // 1 + 4 + 2 + 4 = 11 requests × ~3 prompt tokens at $2.50/M, + at most 11 × 10 × $10/M.
    expect(r.stdout).toMatch(
      /big is not local: every request is a paid call: 11 requests × ~3 prompt tokens ≈ \$0\.0001 input \+ at most \$0\.0011 output/,
    );
    expect(r.stdout).not.toMatch(/skipping/);
  });

  it('a server that fails every request: exit 3, the finished level kept', async () => {
    server = await startOllamaServer();
    server.failNext({ kind: 'status', status: 500, error: 'runner crashed' }, 1000);
    const dir = suite();
    const r = await cliAsync(['load', 'suite.yaml', '--out', 'out'], {
      cwd: dir,
      env: { OLLAMA_HOST: server.url },
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/failed requests at every level/);
    const small = readLoad(join(dir, 'out', 'load.json')).models[0];
    expect(small?.stoppedBy).toBe('errors');
    expect(small?.levels.map((l) => l.errorShare)).toEqual([1]);
  });

  it('Ctrl-C keeps the finished levels (exit 130, saying where load.json is)', async () => {
    server = await startOllamaServer({ slots: 1, serviceTimeMs: 30 });
    const dir = suite();
    const child = spawn(
      process.execPath,
      [BIN, 'load', 'suite.yaml', '--out', 'out', '--levels', '1,2,4,8'],
      {
        cwd: dir,
        env: { ...process.env, NO_COLOR: '1', OLLAMA_HOST: server.url },
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const code = new Promise<number | null>((resolve) => child.on('close', resolve));
    const file = join(dir, 'out', 'load.json');
    // Poll until the first level is written, then interrupt.
    while (!existsSync(file)) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGINT');
    expect(await code).toBe(130);
    expect(stderr).toMatch(/interrupted: the finished levels are in out\/load\.json/);
    const small = readLoad(file).models[0];
    expect(small?.stoppedBy).toBe('interrupted');
    expect(small?.levels.length).toBeGreaterThanOrEqual(1);
    expect(small?.levels.length).toBeLessThan(4);
  });
});
