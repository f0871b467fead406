import { csvText } from './csv-text.js';
import type { ExportTable } from './export-rows.js';

/** The formats `rightsize export --format` writes. */
export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * The table as a file's text. CSV: RFC 4180 (csv-text.ts), with a byte-order mark when `bom` (a file
 * a spreadsheet opens). JSONL: one JSON object per row, its keys the CSV's columns in the same order,
 * values typed (numbers, booleans, null, chat input as its messages), each line ended by LF.
 */
export function exportText(format: ExportFormat, table: ExportTable, opts: { bom?: boolean } = {}): string {
  if (format === 'csv') return csvText(table.columns, table.rows, opts);
  return table.rows.map((row) => `${JSON.stringify(row)}\n`).join('');
}
