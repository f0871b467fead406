import { closeSync, existsSync, fsyncSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import { type ResultRecord, resultRecordSchema } from '../schema/result-record.js';
import { readJsonlFile } from '../util/jsonl-file.js';

/** Reads results.jsonl. A torn last line (the process died mid-write) is dropped, not fatal. */
export function readResults(file: string): { records: ResultRecord[]; tornLines: number } {
  const { rows, tornLines } = readJsonlFile(file, resultRecordSchema, {
    mode: 'tolerant',
    explain: (p) =>
      p.kind === 'json'
        ? {
            message: 'results file holds a line that is not JSON',
            hint: 'remove the line, or start over with --fresh',
          }
        : {
            message: `results record is not valid: ${p.error.issues[0]?.message ?? ''} at ${p.error.issues[0]?.path.join('.') ?? ''}`,
            hint: 'it was written by another version or edited by hand; start over with --fresh',
          },
  });
  return { records: rows.map((r) => r.value), tornLines };
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
