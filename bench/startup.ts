import { readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Measurement, measure, median } from './measure.js';
import { table } from './table.js';

/**
 * Start-up: the CLI's fixed cost before any model is called, and which packages make it up. A traced
 * run lists every module loaded (ESM through a resolve hook, CommonJS from the require cache); each
 * package the CLI's own files import is then timed alone (`await import(pkg)` in a fresh node, minus
 * bare node), which attributes parse and compile time to the package, where a CPU profile would book
 * much of it to node's loader.
 */

const TRACE_PRELOAD = fileURLToPath(new URL('./module-trace.mjs', import.meta.url));
/** Packages that must never load unless a suite needs them. */
const HEAVY = ['node-llama-cpp', '@node-llama-cpp', 'promptfoo', 'playwright-core'];

export interface StartupRow {
  label: string;
  command: string;
  wallMs: number;
  cpuMs: number;
  maxRssMB: number;
}

interface Ctx {
  root: string;
  env: Record<string, string>;
  scratch: string;
}

export async function timeCommands(
  commands: { label: string; args: string[]; env?: Record<string, string> }[],
  reps: number,
  ctx: Ctx,
): Promise<StartupRow[]> {
  const runs = new Map<string, Measurement[]>(commands.map((c) => [c.label, []]));
  for (let i = 0; i < reps; i++) {
    for (const c of commands) {
      const m = await measure(c.args, { cwd: ctx.root, env: { ...ctx.env, ...c.env }, scratch: ctx.scratch });
      if (m.code !== 0) throw new Error(`${c.label} exited ${m.code}: ${m.stderr.slice(-1000)}`);
      runs.get(c.label)?.push(m);
    }
  }
  return commands.map((c) => {
    const ms = runs.get(c.label) ?? [];
    return {
      label: c.label,
      command: `node ${c.args.join(' ')}`,
      wallMs: median(ms.map((m) => m.wallMs)),
      cpuMs: median(ms.map((m) => m.cpuMs)),
      maxRssMB: median(ms.map((m) => m.maxRssMB)),
    };
  });
}

interface Edge {
  parent: string;
  specifier: string;
  url: string;
}

async function traceModules(args: string[], ctx: Ctx, env: Record<string, string> = {}): Promise<Edge[]> {
  const file = join(ctx.scratch, `trace-${Date.now()}.tsv`);
  const m = await measure(['--import', TRACE_PRELOAD, ...args], {
    cwd: ctx.root,
    env: { ...ctx.env, ...env, BENCH_TRACE_FILE: file },
    scratch: ctx.scratch,
  });
  if (m.code !== 0) throw new Error(`traced ${args.join(' ')} exited ${m.code}: ${m.stderr.slice(-1000)}`);
  const edges = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [parent = '', specifier = '', url = ''] = line.split('\t');
      return { parent, specifier, url };
    })
    .filter((e) => e.url.startsWith('file:') && !e.url.includes('/bench/module-trace'));
  rmSync(file, { force: true });
  return edges;
}

/** The CLI's own files (dist/), as a package name in the tables. */
const OWN = '(rightsize)';

/** `openai`, `@scope/name`, or `(rightsize)` for the CLI's own files. */
function packageOf(url: string, root: string): string {
  const path = fileURLToPath(url);
  const i = path.lastIndexOf('/node_modules/');
  if (i < 0) return path.startsWith(join(root, 'dist')) ? OWN : relative(root, path);
  const parts = path.slice(i + '/node_modules/'.length).split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? path);
}

interface PackageLoad {
  name: string;
  files: number;
  kb: number;
  /** Where the CLI's own code imports it: the specifier and `src/file.ts:line  <import line>`. */
  imports: { specifier: string; at: string }[];
  /** How that file came to load: dist modules from main.js down. */
  chain: string;
}

function packagesLoaded(edges: Edge[], root: string): PackageLoad[] {
  const files = new Map<string, Set<string>>();
  for (const e of edges) {
    const name = packageOf(e.url, root);
    const set = files.get(name) ?? new Set<string>();
    set.add(e.url);
    files.set(name, set);
  }
  const dist = `${join(root, 'dist')}/`;
  const firstParent = new Map<string, string>();
  for (const e of edges) if (e.parent && !firstParent.has(e.url)) firstParent.set(e.url, e.parent);
  const chainOf = (url: string): string => {
    const names: string[] = [];
    for (
      let u: string | undefined = url;
      u?.startsWith('file:') && names.length < 12;
      u = firstParent.get(u)
    ) {
      const p = fileURLToPath(u);
      if (!p.startsWith(dist)) break;
      names.unshift(p.slice(dist.length).replace(/\.js$/, ''));
    }
    return names.join(' → ');
  };
  return [...files.entries()]
    .map(([name, urls]) => {
      const fromUs = edges.filter(
        (e) =>
          packageOf(e.url, root) === name &&
          e.parent.startsWith('file:') &&
          fileURLToPath(e.parent).startsWith(dist),
      );
      const seen = new Set<string>();
      const imports = fromUs
        .map((e) => ({ specifier: e.specifier, at: srcLocation(e, root) }))
        .filter((i) => !seen.has(i.at) && seen.add(i.at));
      return {
        name,
        files: urls.size,
        kb: [...urls].reduce((sum, u) => sum + sizeOf(u), 0) / 1024,
        imports,
        chain: fromUs[0] ? chainOf(fromUs[0].parent) : '',
      };
    })
    .sort((a, b) => b.kb - a.kb);
}

function sizeOf(url: string): number {
  try {
    return statSync(fileURLToPath(url)).size;
  } catch {
    return 0;
  }
}

/** The import in src/ behind an edge from dist/: `src/models/openai-model.ts:1  import OpenAI ... 'openai'`. */
function srcLocation(e: Edge, root: string): string {
  const src = fileURLToPath(e.parent)
    .replace(`${join(root, 'dist')}/`, `${join(root, 'src')}/`)
    .replace(/\.js$/, '.ts');
  const rel = relative(root, src);
  try {
    const lines = readFileSync(src, 'utf8').split('\n');
    // A multi-line import ends on the line naming the module; show its first line and that one.
    const end = lines.findIndex((l) => l.includes(`'${e.specifier}'`) || l.includes(`"${e.specifier}"`));
    if (end < 0) return `${rel}  (imports '${e.specifier}')`;
    let start = end;
    while (start > 0 && !/^\s*(import|export)\b/.test(lines[start] ?? '') && end - start < 12) start--;
    const text =
      start === end ? (lines[end] ?? '').trim() : `${lines[start]?.trim()} … ${lines[end]?.trim()}`;
    return `${rel}:${start + 1}  ${text}`;
  } catch {
    return `${rel}  (imports '${e.specifier}')`;
  }
}

/** CPU to import each package alone in a fresh node, minus bare node's start-up. */
async function importCosts(
  specifiers: string[],
  reps: number,
  ctx: Ctx,
): Promise<{ specifier: string; cpuMs: number; wallMs: number; rssMB: number }[]> {
  const commands = [
    { label: '', args: ['-e', '0'] },
    ...specifiers.map((s) => ({
      label: s,
      args: ['--input-type=module', '-e', `await import(${JSON.stringify(s)})`],
    })),
  ];
  const rows = await timeCommands(commands, reps, ctx);
  const bare = rows[0] as StartupRow;
  return rows.slice(1).map((r) => ({
    specifier: r.label,
    cpuMs: r.cpuMs - bare.cpuMs,
    wallMs: r.wallMs - bare.wallMs,
    rssMB: r.maxRssMB - bare.maxRssMB,
  }));
}

function heavyLoaded(loads: PackageLoad[]): string[] {
  return loads
    .filter((l) => HEAVY.some((h) => l.name === h || l.name.startsWith(`${h}/`)))
    .map((l) => l.name);
}

export interface StartupContext extends Ctx {
  cli: string;
  suite: string;
  /** Where the traced run writes its outputs. */
  runOut: string;
  log: (line: string) => void;
}

/** The start-up table, then what `run` loads, what each import costs, and where src/ imports it. */
export async function startupReport(timings: StartupRow[], ctx: StartupContext): Promise<string[]> {
  const { cli, suite } = ctx;
  const out: string[] = ['', '## Start-up (medians of 5 runs)', ''];
  out.push(
    ...table(
      ['command', 'wall ms', 'CPU ms', 'max RSS MB'],
      timings.map((r) => [r.label, r.wallMs.toFixed(0), r.cpuMs.toFixed(0), r.maxRssMB.toFixed(0)]),
    ),
  );

  ctx.log('bench: tracing the modules the CLI loads');
  const names = async (args: string[]) =>
    new Set(packagesLoaded(await traceModules(args, ctx), ctx.root).map((l) => l.name));
  const byVersion = await names([cli, '--version']);
  const byValidate = await names([cli, 'validate', suite]);
  const runLoads = packagesLoaded(
    await traceModules([cli, 'run', suite, '--out', ctx.runOut, '--no-cache', '--quiet'], ctx),
    ctx.root,
  );
  const specifiers = [
    ...new Set(runLoads.flatMap((l) => (l.name === OWN ? [] : l.imports.map((i) => i.specifier)))),
  ];
  ctx.log(`bench: timing ${specifiers.length} imports alone (3 runs each)`);
  const costs = new Map((await importCosts(specifiers, 3, ctx)).map((c) => [c.specifier, c]));

  out.push(
    '',
    '## Packages `run` loads for this suite (by source size)',
    'import CPU / RSS: each specifier the CLI imports, alone in a fresh node, less bare node (shared deps count in each)',
    '',
  );
  const rows = runLoads.map((l) => {
    const specs = l.name === OWN ? [] : [...new Set(l.imports.map((i) => i.specifier))];
    const cost = specs.map((s) => costs.get(s)).filter((c) => c !== undefined);
    return [
      l.name,
      String(l.files),
      l.kb.toFixed(0),
      cost.map((c) => c.cpuMs.toFixed(0)).join(' + '),
      cost.map((c) => c.rssMB.toFixed(1)).join(' + '),
      byVersion.has(l.name) ? 'yes' : '',
      byValidate.has(l.name) ? 'yes' : '',
    ];
  });
  out.push(
    ...table(
      ['package', 'files', 'KB', 'import CPU ms', 'import RSS MB', 'by --version', 'by validate'],
      rows,
    ),
  );
  out.push('', 'where src/ imports them (and the chain of dist modules from main.js that loads that file):');
  for (const l of runLoads) {
    if (l.name === OWN || l.imports.length === 0) continue;
    out.push(`  ${l.name}  (via ${l.chain})`, ...l.imports.map((i) => `      ${i.at}`));
  }
  const heavy = heavyLoaded(runLoads);
  out.push(
    '',
    `heavy optional modules loaded by this run (it needs only openai and ollama): ${heavy.join(', ') || 'none'}`,
  );
  return out;
}
