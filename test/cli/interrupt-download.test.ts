import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { RANDOM } from '../helpers/gguf-models.js';
import { tempFiles } from '../helpers/temp-files.js';

/** A hub that takes requests and never answers: a download that is still going when Ctrl-C comes. */
async function hangingHub(): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const server: Server = createServer(() => {
    requests++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests: () => requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('Ctrl-C while a model downloads before the run', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());

  it('is an interruption (exit 130, the resume line), not an unreachable model (exit 3)', async () => {
    const hub = await hangingHub();
    close = hub.close;
    const dir = tempFiles({
      'suite.yaml': [
        'name: download',
        'dataset: file://rows.jsonl',
        'prompts: ["{{text}}"]',
        'baseline: { id: big, provider: "recorded:./big.jsonl" }',
        'candidates:',
        `  - { id: tiny, provider: "gguf:hf:aladar/llama-2-tiny-random-GGUF/${RANDOM}" }`,
      ].join('\n'),
      'rows.jsonl': JSON.stringify({ id: 'r1', text: 'hello' }),
      'big.jsonl': JSON.stringify({ id: 'r1', output: 'hi' }),
      'models/.keep': '',
    });
    const child = spawn(process.execPath, [BIN, 'run', 'suite.yaml', '--out', 'out', '--quiet'], {
      cwd: dir,
      env: { ...process.env, RIGHTSIZE_MODELS_DIR: join(dir, 'models'), HF_ENDPOINT: hub.url, NO_COLOR: '1' },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal })),
    );
    await until(() => hub.requests() > 0, 'the download to start');
    child.kill('SIGINT');
    expect(await exited).toEqual({ code: 130, signal: null });
    expect(stderr).toContain('interrupted');
    expect(stderr).toContain('resume with: rightsize run suite.yaml --resume out');
    expect(stderr).not.toContain('cannot be reached');
  }, 120_000);
});
