import { ASSERTION_TYPES } from '../schema/assertion-types.js';
import type { AssertionConfig } from '../schema/suite-schema.js';

const LIST_TYPES = new Set(['contains-all', 'contains-any', 'icontains-all', 'icontains-any']);
// promptfoo gives these a default threshold of 0.75 when the column names none.
const THRESHOLD_TYPES = new Set(['cost', 'latency', 'levenshtein', 'rouge-n', 'starts-with']);
const TYPE_PATTERN = new RegExp(
  `^(not-)?(${[...ASSERTION_TYPES].sort((a, b) => b.length - a.length).join('|')})(?:\\((\\d+(?:\\.\\d+)?)\\))?(?::([\\s\\S]*))?$`,
);

/**
 * Reads a CSV `__expected` cell the way promptfoo does: `javascript:`/`fn:`/`eval:` code,
 * `grade:`/`llm-rubric:` rubrics, `<type>[(<threshold>)]:<value>`, and plain text as `equals`.
 */
export function assertionFromExpected(expected: string): AssertionConfig {
  for (const prefix of ['javascript:', 'fn:', 'eval:']) {
    if (expected.startsWith(prefix))
      return { type: 'javascript', value: expected.slice(prefix.length).trim() };
  }
  for (const prefix of ['grade:', 'llm-rubric:']) {
    if (expected.startsWith(prefix)) return { type: 'llm-rubric', value: expected.slice(prefix.length) };
  }
  if (expected.startsWith('file://') && /\.(js|ts)(:|$)/.test(expected)) {
    // promptfoo keeps the file:// prefix on the value (the script is loaded from the file).
    return { type: 'javascript', value: expected.trim() };
  }
  const m = TYPE_PATTERN.exec(expected);
  if (!m) return { type: 'equals', value: expected };
  const [, not, base = '', thresholdText, value] = m;
  const type = `${not ?? ''}${base}`;
  // promptfoo 0.121.20: list values are split by the assertion (quoted fields keep their commas),
  // JSON values are kept as written, every other value is trimmed.
  if (LIST_TYPES.has(base) || base === 'is-json' || base === 'contains-json') {
    return value === undefined ? { type } : { type, value };
  }
  const trimmed = value?.trim();
  if (THRESHOLD_TYPES.has(base)) {
    const threshold = thresholdText !== undefined ? Number.parseFloat(thresholdText) : undefined;
    return { type, ...(trimmed !== undefined ? { value: trimmed } : {}), threshold: threshold ?? 0.75 };
  }
  return trimmed === undefined ? { type } : { type, value: trimmed };
}
