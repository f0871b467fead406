import { closeSync, existsSync, fsyncSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import { type ResultRecord, resultRecordSchema } from '../schema/result-record.js';
import { UserError } from '../util/user-error.js';

/** Reads results.jsonl. A torn last line (the process died mid-write) is dropped, not fatal. */
export function readResults(file: string): { records: ResultRecord[]; tornLines: number } {
  if (!existsSync(file)) return { records: [], tornLines: 0 };
  const lines = readFileSync(file, 'utf8').split('\n');
  const records: ResultRecord[] = [];
  let tornLines = 0;
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      if (i >= lines.length - 2) {
        tornLines++;
        continue;
      }
      throw new UserError('results file holds a line that is not JSON', {
        file,
        line: i + 1,
        hint: 'remove the line, or start over with --fresh',
      });
    }
    const parsed = resultRecordSchema.safeParse(value);
    if (!parsed.success) {
      throw new UserError(
        `results record is not valid: ${parsed.error.issues[0]?.message ?? ''} at ${parsed.error.issues[0]?.path.join('.') ?? ''}`,
        {
          file,
          line: i + 1,
          hint: 'it was written by another version or edited by hand; start over with --fresh',
        },
      );
    }
    records.push(parsed.data);
  }
  return { records, tornLines };
}

/**
 * Appends one record per finished call. Each record is one write() of one line, so a kill at any
 * moment leaves every earlier record whole; the OS keeps it even if this process dies right after.
 */
export class ResultsWriter {
  private fd: number | null;

  constructor(readonly file: string) {
    if (existsSync(file)) {
      // A torn last line from a killed run would glue itself to the next record: cut it off first.
      const text = readFileSync(file);
      const end = text.lastIndexOf(0x0a) + 1;
      if (end !== text.length) truncateSync(file, end);
    }
    this.fd = openSync(file, 'a');
  }

  append(record: ResultRecord): void {
    if (this.fd === null) throw new Error('results file already closed');
    writeSync(this.fd, `${JSON.stringify(record)}\n`);
  }

  close(): void {
    if (this.fd === null) return;
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = null;
  }
}
