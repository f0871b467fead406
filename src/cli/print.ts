import { relative } from 'node:path';

/** Paths as a person typed them: relative to where they stand, when that is shorter. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && rel.length < file.length ? rel : file;
}

export interface Printer {
  out(line?: string): void;
  err(line?: string): void;
  warn(line: string): void;
}

/** The CLI is the only place that prints; everything else returns data. */
export function makePrinter(opts: { quiet?: boolean } = {}): Printer {
  return {
    out: (line = '') => {
      if (!opts.quiet) process.stdout.write(`${line}\n`);
    },
    err: (line = '') => process.stderr.write(`${line}\n`),
    warn: (line) => process.stderr.write(`warning: ${line}\n`),
  };
}
