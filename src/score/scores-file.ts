import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { type ScoreRecord, scoreRecordSchema } from '../schema/score-record.js';
import { UserError } from '../util/user-error.js';

/** scores.jsonl is derived from results.jsonl, so it is written whole (through a temporary file). */
export function writeScores(file: string, scores: readonly ScoreRecord[]): void {
  writeFileSync(`${file}.tmp`, scores.map((s) => `${JSON.stringify(s)}\n`).join(''));
  renameSync(`${file}.tmp`, file);
}

/** Reads and validates scores.jsonl. */
export function readScores(file: string): ScoreRecord[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, i) => {
      if (line.trim() === '') return [];
      const parsed = scoreRecordSchema.safeParse(JSON.parse(line));
      if (!parsed.success) {
        throw new UserError(`scores record is not valid: ${parsed.error.issues[0]?.message ?? ''}`, {
          file,
          line: i + 1,
          hint: 'run `rightsize report <run-dir>` to score the results again',
        });
      }
      return [parsed.data];
    });
}
