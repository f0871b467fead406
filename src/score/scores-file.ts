import { renameSync, writeFileSync } from 'node:fs';
import type { z } from 'zod';
import { type ScoreRecord, scoreRecordSchema } from '../schema/score-record.js';
import { readJsonlFile } from '../util/jsonl-file.js';

/** scores.jsonl is derived from results.jsonl, so it is written whole (through a temporary file). */
export function writeScores(file: string, scores: readonly ScoreRecord[]): void {
  writeFileSync(`${file}.tmp`, scores.map((s) => `${JSON.stringify(s)}\n`).join(''));
  renameSync(`${file}.tmp`, file);
}

/** scores.jsonl: derived data, rewritten whole, so any bad line is an error (no torn-line leniency). */
export function readScores(file: string): ScoreRecord[] {
  const { rows } = readJsonlFile(file, scoreRecordSchema, {
    mode: 'strict',
    explain: (p) =>
      p.kind === 'json'
        ? {
            message: 'scores file holds a line that is not JSON',
            hint: 'rescore the run with `rightsize run` on the same --out',
          }
        : {
            message: `score record is not valid: ${issue(p.error)}`,
            hint: 'it was written by another version or edited by hand; rescore the run',
          },
  });
  return rows.map((r) => r.value);
}

function issue(err: z.ZodError): string {
  const first = err.issues[0];
  return first ? `${first.message}${first.path.length ? ` at ${first.path.join('.')}` : ''}` : 'invalid';
}
