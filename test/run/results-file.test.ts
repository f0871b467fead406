import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ResultsWriter, readResults } from '../../src/run/results-file.js';
import { RESULT_SCHEMA_VERSION, type ResultRecord } from '../../src/schema/result-record.js';
import { tempFiles } from '../helpers/temp-files.js';

function record(caseId: string): ResultRecord {
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    caseId,
    rowId: 'r',
    promptId: 'p',
    model: 'm',
    provider: 'recorded:x',
    role: 'baseline',
    repeat: 0,
    input: 'hi',
    output: 'yo',
    error: null,
    skipped: null,
    attempts: 1,
    cached: false,
    latencyMs: 3,
    ttftMs: null,
    tokensPerSecond: null,
    usage: { input: null, output: null },
    finishReason: 'stop',
    finishedAt: '2026-11-21T00:00:00.000Z',
  };
}

describe('results.jsonl', () => {
  it('round-trips validated records, one line each', () => {
    const file = join(tempFiles({}), 'results.jsonl');
    const w = new ResultsWriter(file);
    w.append(record('a'));
    w.append(record('b'));
    w.close();
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);
    expect(readResults(file).records.map((r) => r.caseId)).toEqual(['a', 'b']);
  });

  it('drops a torn last line from a killed run, and cuts it off before appending again', () => {
    const file = join(tempFiles({}), 'results.jsonl');
    const w = new ResultsWriter(file);
    w.append(record('a'));
    w.close();
    appendFileSync(file, '{"schemaVersion":1,"caseId":"b","ro');
    expect(readResults(file)).toMatchObject({ tornLines: 1, records: [{ caseId: 'a' }] });
    const again = new ResultsWriter(file);
    again.append(record('c'));
    again.close();
    expect(readResults(file)).toMatchObject({ tornLines: 0, records: [{ caseId: 'a' }, { caseId: 'c' }] });
  });

  it('refuses a record that is not valid, naming its line', () => {
    const dir = tempFiles({
      'results.jsonl': `${JSON.stringify(record('a'))}\n{"schemaVersion": 1}\n${JSON.stringify(record('b'))}\n`,
    });
    expect(() => readResults(join(dir, 'results.jsonl'))).toThrow(/results record is not valid/);
  });
});
