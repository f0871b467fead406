import { existsSync, readFileSync } from 'node:fs';

/** What a tool left behind: how many records, and how many outputs passed by its own account. */

export function countLines(file: string): number {
  if (!existsSync(file)) return 0;
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '').length;
}

/** scores.jsonl, where rightsize writes one scored output a line (optional: older builds had none). */
export function scoresPassed(file: string): string | null {
  if (!existsSync(file)) return null;
  let passed = 0;
  let failed = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const pass = (JSON.parse(line) as { pass?: unknown }).pass;
    if (pass === true) passed++;
    else if (pass === false) failed++;
  }
  return `${passed} passed, ${failed} failed (scores.jsonl)`;
}

export function parseSummary(stdout: string): string | null {
  const last = stdout.trim().split('\n').at(-1) ?? '';
  try {
    const s = JSON.parse(last) as { passed?: number; failed?: number; errors?: number };
    if (typeof s.passed !== 'number') return null;
    return `${s.passed} passed, ${s.failed} failed${s.errors ? `, ${s.errors} errors` : ''}`;
  } catch {
    return null;
  }
}
