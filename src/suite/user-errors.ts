import { UserError } from '../util/user-error.js';

/**
 * Errors in the order a person reads them: file by file (in the order the files were first met),
 * by line within a file, those without a line after those with one; ties keep the order found
 * (Array.prototype.sort is stable).
 */
export function inFileOrder(errors: readonly UserError[]): UserError[] {
  const files = [...new Set(errors.map((e) => e.file))];
  const fileRank = (e: UserError) => (e.file === undefined ? files.length : files.indexOf(e.file));
  const lineRank = (e: UserError) => e.line ?? Number.MAX_SAFE_INTEGER;
  return [...errors].sort((a, b) => fileRank(a) - fileRank(b) || lineRank(a) - lineRank(b));
}

/**
 * Several problems found in one pass, thrown as one UserError (exit 2). Its own file, line, field and
 * hint are the first problem in the file, so a caller that reads one error reads that one; `format`
 * lists every problem, each as its own `file:line: field: message` with its fix.
 */
export class UserErrors extends UserError {
  readonly errors: readonly UserError[];

  constructor(errors: readonly UserError[]) {
    const sorted = inFileOrder(errors);
    const first = sorted[0];
    if (!first) throw new Error('UserErrors needs at least one error');
    super(first.message, {
      file: first.file,
      line: first.line,
      field: first.field,
      hint: first.hint,
      exitCode: first.exitCode,
    });
    this.name = 'UserErrors';
    this.errors = sorted;
  }

  override format(displayPath?: (file: string) => string): string {
    return this.errors.map((e) => e.format(displayPath)).join('\n');
  }
}

/** Throws nothing, the one error, or all of them first-in-file first. */
export function throwInFileOrder(errors: readonly UserError[]): void {
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new UserErrors(errors);
}

/** Gathers the UserErrors of independent checks, so that one run reports them all, in file order. */
export class ErrorCollector {
  readonly errors: UserError[] = [];

  add(error: UserError): void {
    this.errors.push(error);
  }

  /** Runs `check`; a UserError it throws is kept and `undefined` returned instead of its result. */
  attempt<T>(check: () => T): T | undefined {
    try {
      return check();
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      this.errors.push(...(err instanceof UserErrors ? err.errors : [err]));
      return undefined;
    }
  }

  /** Runs `check`; whether it passed (a UserError it throws is kept). */
  passes(check: () => void): boolean {
    const before = this.errors.length;
    this.attempt(check);
    return this.errors.length === before;
  }

  throwAll(): void {
    throwInFileOrder(this.errors);
  }
}
