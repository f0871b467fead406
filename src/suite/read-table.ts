import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import type { CsvError } from 'csv-parse/sync';
import { lazyRequire } from '../util/lazy-require.js';
import { UserError } from '../util/user-error.js';
import { parseYamlSource } from './yaml-source.js';

// Only suites with CSV data need the parser.
const csvParse = lazyRequire<typeof import('csv-parse/sync')>('csv-parse/sync');

/** One record of a data file, with the 1-based line it starts on. */
export interface TableRecord {
  value: Record<string, unknown>;
  line: number;
}

export interface Table {
  file: string;
  records: TableRecord[];
  /** Column names in first-seen order. */
  columns: string[];
}

const FORMATS = ['.csv', '.jsonl', '.json', '.yaml', '.yml'];

/** Reads a CSV, JSONL, JSON or YAML file of records; any problem names the file and line. */
export function readTable(file: string, what = 'dataset'): Table {
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new UserError(`${what} file not found: ${file}`, {
      file,
      hint: 'check the path; it is relative to the suite file',
    });
  }
  const ext = extname(file).toLowerCase();
  const text = readFileSync(file, 'utf8');
  let records: TableRecord[];
  if (ext === '.csv') records = readCsv(text, file);
  else if (ext === '.jsonl') records = readJsonl(text, file);
  else if (ext === '.json' || ext === '.yaml' || ext === '.yml') records = readStructured(text, file);
  else {
    throw new UserError(`unsupported ${what} format "${ext || '(no extension)'}"`, {
      file,
      hint: `use one of ${FORMATS.join(', ')}`,
    });
  }
  if (records.length === 0) {
    throw new UserError(`${what} is empty: it has no rows`, { file, hint: 'add at least one row' });
  }
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const r of records) {
    for (const k of Object.keys(r.value)) {
      if (!seen.has(k)) {
        seen.add(k);
        columns.push(k);
      }
    }
  }
  return { file, records, columns };
}

function readCsv(text: string, file: string): TableRecord[] {
  try {
    const rows = csvParse().parse(text, {
      columns: true,
      bom: true,
      info: true,
      skip_empty_lines: true,
      trim: false,
    }) as { record: Record<string, string>; info: { lines: number } }[];
    // info.lines is the line the record ends on; count back its own newlines to where it starts.
    return rows.map(({ record, info }) => ({
      value: record,
      line: info.lines - countNewlines(Object.values(record)),
    }));
  } catch (err) {
    if (err instanceof csvParse().CsvError) {
      const line = (err as CsvError & { lines?: number }).lines;
      const reason = err.message.replace(/^Invalid (Record Length|Opening Quote|Closing Quote)[^:]*:\s*/, '');
      throw new UserError(`malformed CSV row: ${reason}`, {
        file,
        line,
        hint: 'every row needs as many fields as the header; quote fields that hold commas, quotes or newlines',
      });
    }
    throw err;
  }
}

function countNewlines(values: string[]): number {
  let n = 0;
  for (const v of values) for (const ch of v) if (ch === '\n') n++;
  return n;
}

function readJsonl(text: string, file: string): TableRecord[] {
  const out: TableRecord[] = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new UserError(`malformed JSONL row: ${(err as Error).message}`, {
        file,
        line: i + 1,
        hint: 'each line must be one complete JSON object',
      });
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      throw new UserError('malformed JSONL row: expected a JSON object like {"question": "..."}', {
        file,
        line: i + 1,
      });
    }
    out.push({ value: value as Record<string, unknown>, line: i + 1 });
  }
  return out;
}

function readStructured(text: string, file: string): TableRecord[] {
  const source = parseYamlSource(text, file);
  const data = source.data;
  if (!Array.isArray(data)) {
    throw new UserError('expected a list of rows (objects)', {
      file,
      line: 1,
      hint: 'write the rows as a list',
    });
  }
  return data.map((value: unknown, i) => {
    const line = source.lineOf([i]) ?? 1;
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      throw new UserError('malformed row: expected an object of columns', { file, line });
    }
    return { value: value as Record<string, unknown>, line };
  });
}
