import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FakeRun } from './fake-run.js';

/** Writes a fake run's records as `rightsize run` leaves a run directory. */
export function writeRunDir(dir: string, run: FakeRun): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'run.json'), `${JSON.stringify(run.meta, null, 2)}\n`);
  writeFileSync(join(dir, 'summary.json'), `${JSON.stringify(run.summary, null, 2)}\n`);
  writeFileSync(join(dir, 'results.jsonl'), run.results.map((r) => `${JSON.stringify(r)}\n`).join(''));
  writeFileSync(join(dir, 'scores.jsonl'), run.scores.map((s) => `${JSON.stringify(s)}\n`).join(''));
  return dir;
}
