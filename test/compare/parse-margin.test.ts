import { describe, expect, it } from 'vitest';
import { parseMargin } from '../../src/compare/parse-margin.js';
import { UserError } from '../../src/util/user-error.js';

describe('parseMargin', () => {
  it.each([
    ['3%', { type: 'relative', value: 0.03 }],
    ['0.03', { type: 'relative', value: 0.03 }],
    ['rel:5%', { type: 'relative', value: 0.05 }],
    ['abs:0.02', { type: 'absolute', value: 0.02 }],
    ['abs:2%', { type: 'absolute', value: 0.02 }],
    ['absolute:0.1', { type: 'absolute', value: 0.1 }],
    [' 0 ', { type: 'relative', value: 0 }],
  ])('%s', (text, margin) => {
    const got = parseMargin(text);
    expect(got.type).toBe(margin.type);
    expect(got.value).toBeCloseTo(margin.value, 12);
  });

  it.each(['', 'five', '5%%', '-1%', '100%', '1.5', 'abs:1.5', 'pct:3%'])('refuses %j', (text) => {
    expect(() => parseMargin(text)).toThrow(UserError);
  });
});
