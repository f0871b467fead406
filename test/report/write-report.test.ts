import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRunRecords } from '../../src/report/read-run-records.js';
import { renderReport } from '../../src/report/render-report.js';
import { writeReport } from '../../src/report/write-report.js';
import { UserError } from '../../src/util/user-error.js';
import { tempFiles } from '../helpers/temp-files.js';
import { fakeRun } from './fake-run.js';
import { writeRunDir } from './run-dir.js';

describe('writeReport', () => {
  it('re-renders report.html from the run directory alone, overwriting it', () => {
    const run = fakeRun({ rows: 10 });
    const dir = writeRunDir(join(tempFiles({}), 'run'), run);
    appendFileSync(join(dir, 'report.html'), 'stale');
    const { file, bytes } = writeReport(dir);
    expect(file).toBe(join(dir, 'report.html'));
    const html = readFileSync(file, 'utf8');
    expect(Buffer.byteLength(html)).toBe(bytes);
    expect(html).toBe(renderReport(run));
  });

  it('reads back exactly the records that were written, validated', () => {
    const run = fakeRun({ rows: 5 });
    const dir = writeRunDir(join(tempFiles({}), 'run'), run);
    expect(readRunRecords(dir)).toEqual(run);
  });

  it('names the file and the fix when a record is missing or broken', () => {
    const dir = writeRunDir(join(tempFiles({}), 'run'), fakeRun({ rows: 3 }));
    appendFileSync(join(dir, 'scores.jsonl'), '{"schemaVersion":1}\n');
    expect(() => writeReport(dir)).toThrow(UserError);
    expect(() => writeReport(dir)).toThrow(/score record is not valid/);
    try {
      writeReport(dir);
    } catch (err) {
      expect((err as UserError).file).toBe(join(dir, 'scores.jsonl'));
      expect((err as UserError).line).toBe(4 * 3 + 1);
    }
    rmSync(join(dir, 'summary.json'));
    expect(() => writeReport(dir)).toThrow(/summary.json is missing/);
  });
});
