import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import { REPO } from './cli.js';
import { MODELS_DIR, STORIES } from './gguf-models.js';

/** The real llama.cpp server (../shared/tools/SOURCES.md): slots, timings, queueing as users meet them. */
export const LLAMA_SERVER = path.resolve(REPO, '../shared/tools/llama-server');

export const llamaServerUnavailable = [
  ...(existsSync(LLAMA_SERVER) ? [] : [`missing ${LLAMA_SERVER}`]),
  ...(existsSync(path.join(MODELS_DIR, STORIES)) ? [] : [`missing ${STORIES} in ${MODELS_DIR}`]),
].join('; ');

/** As requireGgufModels: CI (RIGHTSIZE_REQUIRE_MODELS=1) fails without the server; elsewhere it skips loudly. */
export function requireLlamaServer(suite: string): void {
  const required = process.env.RIGHTSIZE_REQUIRE_MODELS === '1';
  if (llamaServerUnavailable && !required)
    console.warn(
      `${suite} tests SKIPPED: ${llamaServerUnavailable} (set RIGHTSIZE_REQUIRE_MODELS=1 to make this a failure)`,
    );
  describe.runIf(llamaServerUnavailable !== '' && required)(`${suite} (required)`, () => {
    it('has the llama.cpp server and its model, as RIGHTSIZE_REQUIRE_MODELS=1 demands', () => {
      throw new Error(`llama-server tests cannot run: ${llamaServerUnavailable}`);
    });
  });
}

export interface LlamaServer {
  url: string;
  stop(): Promise<void>;
}

export interface LlamaServerOptions {
  /** `--metrics`: serve Prometheus figures on /metrics (busy slots per decode, requests deferred, ...). */
  metrics?: boolean;
}

/**
 * Starts llama-server on a free loopback port with `slots` parallel slots (128 tokens of context
 * each) on the stories model, and resolves once it says it listens (it prints that after loading).
 */
export function startLlamaServer(slots: number, options: LlamaServerOptions = {}): Promise<LlamaServer> {
  const child: ChildProcess = spawn(
    LLAMA_SERVER,
    [
      '-m',
      path.join(MODELS_DIR, STORIES),
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '-c',
      String(256 * slots),
      '-np',
      String(slots),
      '-t',
      '1',
      '--no-webui',
      ...(options.metrics ? ['--metrics'] : []),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let log = '';
    child.stderr?.on('data', (d: Buffer) => {
      log += d.toString();
      const m = /server is listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (m?.[1]) {
        child.stderr?.removeAllListeners('data');
        child.stderr?.resume();
        resolve({ url: m[1], stop });
      }
    });
    child.once('exit', (code) =>
      reject(new Error(`llama-server exited (${code}) before listening:\n${log}`)),
    );
    child.once('error', reject);
  });
}
