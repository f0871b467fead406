import { describe, expect, it } from 'vitest';
import { ErrorCollector, inFileOrder, throwInFileOrder, UserErrors } from '../../src/suite/user-errors.js';
import { UserError } from '../../src/util/user-error.js';

const at = (message: string, line?: number) => new UserError(message, { file: 's.yaml', line });

describe('several problems, first in the file first', () => {
  it('sorts by line; errors without a line come last, each group in the order found', () => {
    const found = [
      at('no line A'),
      at('line 40', 40),
      at('no line B'),
      at('line 20', 20),
      at('line 20 again', 20),
    ];
    expect(inFileOrder(found).map((e) => e.message)).toEqual([
      'line 20',
      'line 20 again',
      'line 40',
      'no line A',
      'no line B',
    ]);
  });

  it('throws one problem as itself, several as one UserError listing each with its own line', () => {
    const only = at('only', 3);
    expect(() => throwInFileOrder([only])).toThrow(only);
    expect(() => throwInFileOrder([])).not.toThrow();

    const err = new UserErrors([
      at('repeat: expected number', 40),
      new UserError('unknown key "candidtes"', { file: 's.yaml', line: 20, hint: 'rename it' }),
    ]);
    expect(err).toBeInstanceOf(UserError);
    expect(err.exitCode).toBe(2);
    // A caller that reads one error reads the first in the file.
    expect([err.line, err.message, err.hint]).toEqual([20, 'unknown key "candidtes"', 'rename it']);
    expect(err.format()).toBe(
      's.yaml:20: unknown key "candidtes"\n  fix: rename it\ns.yaml:40: repeat: expected number',
    );
  });

  it('keeps the errors of each file together, files in the order first met', () => {
    const found = [
      new UserError('dataset row', { file: 'd.csv', line: 3 }),
      at('suite line 9', 9),
      new UserError('no file'),
      at('suite line 2', 2),
      new UserError('dataset row 1', { file: 'd.csv', line: 1 }),
    ];
    expect(inFileOrder(found).map((e) => e.message)).toEqual([
      'dataset row 1',
      'dataset row',
      'suite line 2',
      'suite line 9',
      'no file',
    ]);
  });

  it('collects the UserErrors of independent checks and lets anything else through', () => {
    const errors = new ErrorCollector();
    expect(errors.attempt(() => 5)).toBe(5);
    expect(
      errors.attempt(() => {
        throw at('late', 30);
      }),
    ).toBeUndefined();
    expect(errors.passes(() => throwInFileOrder([at('b', 12), at('a', 11)]))).toBe(false);
    expect(errors.passes(() => {})).toBe(true);
    expect(() =>
      errors.attempt(() => {
        throw new TypeError('a bug, not the user');
      }),
    ).toThrow(TypeError);
    expect(() => errors.throwAll()).toThrow(UserErrors);
    try {
      errors.throwAll();
    } catch (err) {
      expect((err as UserError).format()).toBe('s.yaml:11: a\ns.yaml:12: b\ns.yaml:30: late');
    }
  });
});
