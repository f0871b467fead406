import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { z } from 'zod';
import { type ScoreRecord, scoreRecordSchema } from '../schema/score-record.js';
import { UserError } from '../util/user-error.js';

/** scores.jsonl is derived from results.jsonl, so it is written whole (through a temporary file). */
export function writeScores(file: string, scores: readonly ScoreRecord[]): void {
  writeFileSync(`${file}.tmp`, scores.map((s) => `${JSON.stringify(s)}\n`).join(''));
  renameSync(`${file}.tmp`, file);
}

/** scores.jsonl: derived data, rewritten whole, so any bad line is an error (no torn-line leniency). */
export function readScores(file: string): ScoreRecord[] {
  if (!existsSync(file)) return [];
  const scores: ScoreRecord[] = [];
  for (const [i, line] of readFileSync(file, 'utf8').split('\n').entries()) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new UserError('scores file holds a line that is not JSON', {
        file,
        line: i + 1,
        hint: 'rescore the run with `rightsize run` on the same --out',
      });
    }
    const parsed = scoreRecordSchema.safeParse(value);
    if (!parsed.success) {
      throw new UserError(`score record is not valid: ${issue(parsed.error)}`, {
        file,
        line: i + 1,
        hint: 'it was written by another version or edited by hand; rescore the run',
      });
    }
    scores.push(parsed.data);
  }
  return scores;
}

function issue(err: z.ZodError): string {
  const first = err.issues[0];
  return first ? `${first.message}${first.path.length ? ` at ${first.path.join('.')}` : ''}` : 'invalid';
}
