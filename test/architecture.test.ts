import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers/cli.js';

/**
 * The import rule (docs/architecture.md): imports point one way, cli → report → compare → score → run →
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

/** Cycles in the import graph (file → files it imports), one per back edge a depth-first walk meets, as `a → b → a`. */
function findCycles(graph: Map<string, string[]>): string[] {
  const cycles: string[] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (file: string): void => {
    const at = path.indexOf(file);
    if (at >= 0) {
      cycles.push([...path.slice(at), file].join(' → '));
      return;
    }
    if (done.has(file)) return;
    path.push(file);
    for (const next of graph.get(file) ?? []) visit(next);
    path.pop();
    done.add(file);
  };
  for (const file of graph.keys()) visit(file);
  return cycles;
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

  // A cycle, even of type-only imports, means two files each need the other: one concept split in two.
  it('no import cycle within src/, type-only imports included', () => {
    const graph = new Map(
      files.map((f) => [relative(SRC, f), relativeImports(f).map((t) => t.replace(/\.js$/, '.ts'))]),
    );
    expect(findCycles(graph)).toEqual([]);
  });

  it('the cycle check finds a cycle through several files, and none in a diamond', () => {
    const graph = new Map([
      ['a.ts', ['b.ts', 'e.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['d.ts']],
      ['d.ts', ['b.ts']],
      ['e.ts', []],
    ]);
    expect(findCycles(graph)).toEqual(['b.ts → c.ts → d.ts → b.ts']);
    expect(
      findCycles(
        new Map([
          ['a.ts', ['b.ts', 'c.ts']],
          ['b.ts', ['c.ts']],
          ['c.ts', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('the rule is checked on real imports (the scan sees cli importing report)', () => {
    const cliTargets = files
      .filter((f) => stage(relative(SRC, f)) === 'cli')
      .flatMap((f) => relativeImports(f).map(stage));
    expect(cliTargets).toContain('report');
    expect(cliTargets).toContain('suite');
  });
});
