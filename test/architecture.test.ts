import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers/cli.js';

/**
 * DESIGN.md's house rule 1: imports point one way, cli → report → compare → score → run →
 * {suite, models} → schema, never backwards. `util` holds dependency-free helpers any stage may use.
 * suite and models are siblings: neither imports the other.
 */
const RANK: Record<string, number> = {
  util: 0,
  schema: 1,
  suite: 2,
  models: 2,
  run: 3,
  score: 4,
  compare: 5,
  report: 6,
  cli: 7,
};

const SRC = join(REPO, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every relative import of a file (static, type-only, re-export or dynamic), as a path under src/. */
function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/(?:from|import\()\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    found.push(relative(SRC, normalize(join(dirname(file), m[1] as string))));
  }
  return found;
}

function stage(pathUnderSrc: string): string {
  return pathUnderSrc.split('/')[0] as string;
}

describe('architecture', () => {
  const files = sourceFiles(SRC);

  it('every source folder is a known stage', () => {
    const stages = new Set(files.map((f) => stage(relative(SRC, f))));
    expect([...stages].filter((s) => !(s in RANK))).toEqual([]);
  });

  it('imports point one way: no stage imports a later stage or a sibling', () => {
    const backwards: string[] = [];
    for (const file of files) {
      const from = stage(relative(SRC, file));
      for (const target of relativeImports(file)) {
        const to = stage(target);
        if (to === from) continue;
        if ((RANK[to] ?? Number.POSITIVE_INFINITY) >= (RANK[from] ?? 0)) {
          backwards.push(`${relative(REPO, file)} imports ${target}`);
        }
      }
    }
    expect(backwards).toEqual([]);
  });

  it('the rule is checked on real imports (the scan sees cli importing report)', () => {
    const cliTargets = files
      .filter((f) => stage(relative(SRC, f)) === 'cli')
      .flatMap((f) => relativeImports(f).map(stage));
    expect(cliTargets).toContain('report');
    expect(cliTargets).toContain('suite');
  });
});
