import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers/cli.js';

/** The documents whose file references must stay true as the code moves. */
const DOCS = ['docs/architecture.md', 'docs/verdict.md'];

const ROOTS = ['src/', 'test/', 'docs/', 'bench/', 'evals/', 'schema/', 'datasets/'];

/**
 * Every repository path written in inline code (`src/...`), fenced blocks left out. A placeholder
 * (`src/score/<type>.ts`, a glob) names no file, so it is not a reference to check.
 */
function referencedPaths(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '');
  const paths = [...prose.matchAll(/`([^`\n]+)`/g)]
    .map((m) => (m[1] as string).trim())
    .filter((p) => ROOTS.some((root) => p.startsWith(root)))
    .filter((p) => !/[<>*{}$\s]/.test(p));
  return [...new Set(paths)];
}

/** Why a referenced path does not hold, or null: `dir/` must be a folder, anything else a file. */
function pathProblem(repo: string, path: string): string | null {
  const full = join(repo, path);
  if (!existsSync(full)) return `${path}: does not exist`;
  const isDir = statSync(full).isDirectory();
  if (path.endsWith('/') && !isDir) return `${path}: is not a folder`;
  if (!path.endsWith('/') && isDir) return `${path}: is a folder (write it with a trailing /)`;
  return null;
}

describe('docs name only paths that exist', () => {
  it.each(DOCS)('%s', (doc) => {
    const paths = referencedPaths(readFileSync(join(REPO, doc), 'utf8'));
    // A document that suddenly names no path means the extraction broke, not that all is well.
    expect(paths.length).toBeGreaterThan(10);
    expect(paths.map((p) => pathProblem(REPO, p)).filter((p) => p !== null)).toEqual([]);
  });

  it('catches a missing file, a file written as a folder and the reverse, and skips placeholders', () => {
    const text = [
      'See `src/compare/non-inferiority.ts`, `src/compare/` and `src/nowhere.ts`,',
      '`src/cli/main.ts/`, `src/cli`, `src/score/<type>.ts`, `npm run schema` and `README.md`.',
      '```',
      '`src/in-a-fence.ts`',
      '```',
    ].join('\n');
    const paths = referencedPaths(text);
    expect(paths).toEqual([
      'src/compare/non-inferiority.ts',
      'src/compare/',
      'src/nowhere.ts',
      'src/cli/main.ts/',
      'src/cli',
    ]);
    expect(paths.map((p) => pathProblem(REPO, p))).toEqual([
      null,
      null,
      'src/nowhere.ts: does not exist',
      // A file with a trailing slash is no path at all to the file system.
      'src/cli/main.ts/: does not exist',
      'src/cli: is a folder (write it with a trailing /)',
    ]);
  });
});

describe('the design is in the repository', () => {
  it('no source, test, bench, CI script or README cites DESIGN.md, which a clone does not contain', () => {
    const cites: string[] = [];
    const walk = (dir: string): void => {
      for (const d of readdirSync(join(REPO, dir), { withFileTypes: true })) {
        const rel = `${dir}/${d.name}`;
        if (d.isDirectory()) walk(rel);
        else if (
          /\.(ts|js|hbs|css|md|yaml)$|^run$/.test(d.name) &&
          readFileSync(join(REPO, rel), 'utf8').includes('DESIGN.md')
        )
          cites.push(rel);
      }
    };
    for (const dir of ['src', 'test', 'bench', '.ci', 'docs', 'evals', 'templates']) walk(dir);
    if (readFileSync(join(REPO, 'README.md'), 'utf8').includes('DESIGN.md')) cites.push('README.md');
    // This file names it, to look for it.
    expect(cites.filter((f) => f !== 'test/docs.test.ts')).toEqual([]);
  });
});
