import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type JsonlProblem, parseJsonl, readJsonlFile } from '../../src/util/jsonl-file.js';
import { UserError } from '../../src/util/user-error.js';
import { tempFiles } from '../helpers/temp-files.js';

const row = z.object({ id: z.string() });
const explain = (p: JsonlProblem) => ({ message: `bad ${p.kind}`, hint: 'fix it' });

function caught(f: () => unknown): UserError {
  try {
    f();
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error('no error');
}

describe('parseJsonl', () => {
  it('validates each line and numbers rows by the line they are on, blank lines and CRLF included', () => {
    const seen: number[] = [];
    const { rows, tornLines } = parseJsonl('{"id":"a"}\r\n\n{"id":"b","extra":1}\n', row, {
      file: 'f.jsonl',
      mode: 'strict',
      explain,
      onRow: (r) => seen.push(r.line),
    });
    expect(rows).toEqual([
      { line: 1, value: { id: 'a' }, json: { id: 'a' } },
      { line: 3, value: { id: 'b' }, json: { id: 'b', extra: 1 } },
    ]);
    expect(seen).toEqual([1, 3]);
    expect(tornLines).toBe(0);
  });

  it.each([
    ['not JSON', '{"id":"a"}\n{"id":\n{"id":"c"}\n', 2, 'bad json'],
    ['refused by the schema', '{"id":"a"}\n\n{"id":3}\n', 3, 'bad schema'],
  ])('strict: a line %s is a UserError naming the file and line', (_what, text, line, message) => {
    const err = caught(() => parseJsonl(text, row, { file: 'f.jsonl', mode: 'strict', explain }));
    expect(err).toMatchObject({ file: 'f.jsonl', line, message, hint: 'fix it' });
    expect(err.format()).toBe(`f.jsonl:${line}: ${message}\n  fix: fix it`);
  });

  it('strict: even a torn last line is an error', () => {
    const err = caught(() => parseJsonl('{"id":"a"}\n{"id":', row, { file: 'f', mode: 'strict', explain }));
    expect(err.line).toBe(2);
  });

  it('tolerant: a torn last line (with or without its newline) is counted, not fatal; one before it is', () => {
    const opts = { file: 'f', mode: 'tolerant', explain } as const;
    expect(parseJsonl('{"id":"a"}\n{"id":', row, opts)).toMatchObject({ rows: [{ line: 1 }], tornLines: 1 });
    expect(parseJsonl('{"id":"a"}\n{"id":\n', row, opts)).toMatchObject({ tornLines: 1 });
    expect(caught(() => parseJsonl('{"id":\n{"id":"a"}\n', row, opts)).line).toBe(1);
    // Only JSON can be torn: a whole line the schema refuses is still an error.
    expect(caught(() => parseJsonl('{"id":"a"}\n{"id":1}', row, opts)).message).toBe('bad schema');
  });
});

describe('readJsonlFile', () => {
  it('reads a file, naming it in errors; a file not written yet has no rows', () => {
    const dir = tempFiles({ 'x.jsonl': '{"id":"a"}\n{"id":2}\n' });
    const file = join(dir, 'x.jsonl');
    expect(caught(() => readJsonlFile(file, row, { mode: 'strict', explain }))).toMatchObject({
      file,
      line: 2,
    });
    expect(readJsonlFile(join(dir, 'none.jsonl'), row, { mode: 'strict', explain })).toEqual({
      rows: [],
      tornLines: 0,
    });
  });
});
