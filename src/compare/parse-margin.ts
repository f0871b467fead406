import type { Margin } from '../schema/margin.js';
import { UserError } from '../util/user-error.js';

/**
 * A margin as a flag writes it: `3%` or `0.03` (relative, the default kind, as in the suite's
 * `threshold:`), `rel:3%`, `abs:0.02` or `abs:2%` (absolute: score points). Relative margins lie in
 * [0, 1), absolute ones in [0, 1]; anything else is the user's to fix (exit 2).
 */
export function parseMargin(text: string): Margin {
  const match = /^\s*(?:(rel|relative|abs|absolute):)?\s*([0-9]*\.?[0-9]+(?:e-?[0-9]+)?)\s*(%?)\s*$/i.exec(
    text,
  );
  const hint = 'write e.g. 5% or 0.05 (relative), or abs:0.02 (absolute)';
  if (!match) throw new UserError(`margin "${text}" is not a number or percentage`, { hint });
  const type: Margin['type'] = match[1]?.toLowerCase().startsWith('abs') ? 'absolute' : 'relative';
  const value = Number(match[2]) / (match[3] ? 100 : 1);
  const max = type === 'relative' ? '< 1 (100%)' : '≤ 1';
  if (!Number.isFinite(value) || value < 0 || (type === 'relative' ? value >= 1 : value > 1)) {
    throw new UserError(`margin "${text}" is out of range: a ${type} margin must be ≥ 0 and ${max}`, {
      hint,
    });
  }
  return { type, value };
}
