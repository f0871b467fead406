import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Runs a command as its own process and measures it from exec to exit: wall time here, CPU time (user +
 * sys) and peak RSS from GNU time's rusage of the child (start-up, the work, writing files and any wait
 * at exit all count). Without GNU time, a preload reads process.resourceUsage() at exit instead, which
 * misses node's own bootstrap before the preload, so the table says which was used.
 */

const GNU_TIME = '/usr/bin/time';
const PRELOAD = new URL('./resource-usage.mjs', import.meta.url).pathname;

export interface Measurement {
  wallMs: number;
  cpuMs: number;
  userMs: number;
  sysMs: number;
  maxRssMB: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

export const usingGnuTime = existsSync(GNU_TIME) && gnuTimeWorks();

function gnuTimeWorks(): boolean {
  // BSD time (macOS) has no -f.
  return spawnSync(GNU_TIME, ['-f', '%M', process.execPath, '-e', '0'], { stdio: 'ignore' }).status === 0;
}

export async function measure(
  args: string[],
  opts: { cwd: string; env: Record<string, string>; scratch: string; timeoutMs?: number },
): Promise<Measurement> {
  const usage = join(opts.scratch, `usage-${process.pid}-${Date.now()}.txt`);
  rmSync(usage, { force: true });
  const [cmd, argv, env] = usingGnuTime
    ? [GNU_TIME, ['-f', '%e %U %S %M', '-o', usage, process.execPath, ...args], opts.env]
    : [process.execPath, ['--import', PRELOAD, ...args], { ...opts.env, BENCH_USAGE_FILE: usage }];
  const started = performance.now();
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
    (resolve, reject) => {
      const child = spawn(cmd, argv, { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d;
      });
      child.stderr.on('data', (d: Buffer) => {
        err += d;
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 600_000);
      child.on('error', reject);
      child.on('close', (c) => {
        clearTimeout(timer);
        resolve({ code: c, stdout: out, stderr: err });
      });
    },
  );
  const wallMs = performance.now() - started;
  const text = existsSync(usage) ? readFileSync(usage, 'utf8').trim() : '';
  rmSync(usage, { force: true });
  // GNU time prints "Command exited with non-zero status N" before the figures when the child fails.
  const figures = text.split('\n').at(-1)?.trim().split(/\s+/).map(Number) ?? [];
  if (figures.length < 4 || figures.some((n) => Number.isNaN(n))) {
    throw new Error(`no resource figures for: node ${args.join(' ')}\n${stderr.slice(-2000)}`);
  }
  const [, userS = 0, sysS = 0, maxRssKB = 0] = figures;
  return {
    wallMs,
    cpuMs: (userS + sysS) * 1000,
    userMs: userS * 1000,
    sysMs: sysS * 1000,
    maxRssMB: maxRssKB / 1024,
    code,
    stdout,
    stderr,
  };
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
