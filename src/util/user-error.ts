/**
 * An error a person caused and can fix (bad suite, missing file, bad flag). The CLI prints it as
 * one message, without a stack trace, and exits with `exitCode` (2 for invalid input).
 */
export class UserError extends Error {
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly field: string | undefined;
  readonly hint: string | undefined;
  readonly exitCode: number;

  constructor(
    message: string,
    where: { file?: string; line?: number; field?: string; hint?: string; exitCode?: number } = {},
  ) {
    super(message);
    this.name = 'UserError';
    this.file = where.file;
    this.line = where.line;
    this.field = where.field;
    this.hint = where.hint;
    this.exitCode = where.exitCode ?? 2;
  }

  /** `file:line: field: message` then the hint, as printed by the CLI. */
  format(displayPath: (file: string) => string = (f) => f): string {
    const at = this.file ? `${displayPath(this.file)}${this.line ? `:${this.line}` : ''}: ` : '';
    const field = this.field ? `${this.field}: ` : '';
    return `${at}${field}${this.message}${this.hint ? `\n  fix: ${this.hint}` : ''}`;
  }
}
