import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startOllamaServer } from '../test/servers/ollama-server.js';
import { startOpenAIServer } from '../test/servers/openai-server.js';
import { measure } from './measure.js';
import { type Run, resultTables } from './result-tables.js';
import { type StartupRow, startupReport, timeCommands } from './startup.js';
import { countLines, parseSummary, scoresPassed } from './tool-outputs.js';
import {
  baselineReply,
  CANDIDATE_MODEL,
  CONCURRENCY,
  candidateReply,
  type WorkloadFiles,
  writeWorkload,
} from './workload.js';

/**
 * `npm run bench`: the same 1,000 rows × 2 models through the rightsize CLI, promptfoo's evaluate() and a
 * hand-written loop over the official clients, each a separate process measured from exec to exit,
 * against loopback servers that answer at once; then the CLI's start-up and what it loads.
 * Flags: --reps N (3), --rows N (1000), --no-warmup, --no-startup, --no-runs (start-up only), --marginal
 * (also run a quarter of the rows, to split each tool's CPU into a fixed part and a cost per call), --keep
 * (leave the work folder).
 */

const { values: flags } = parseArgs({
  options: {
    reps: { type: 'string', default: '3' },
    rows: { type: 'string', default: '1000' },
    'no-warmup': { type: 'boolean', default: false },
    'no-startup': { type: 'boolean', default: false },
    'no-runs': { type: 'boolean', default: false },
    marginal: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const REPS = Number(flags.reps);
const ROWS = Number(flags.rows);
const CALLS = ROWS * 2;

const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const cli = join(root, 'dist', 'cli', 'main.js');
const log = (line: string) => process.stderr.write(`${line}\n`);

if (!existsSync(cli)) {
  log('bench: dist/cli/main.js is missing; run `npm run build` first');
  process.exit(2);
}
warnIfStale();

// Only what node needs; nothing from this shell (NODE_OPTIONS, tsx's loader, keys) leaks into a child.
const baseEnv: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
for (const k of ['HOME', 'LANG', 'TMPDIR']) if (process.env[k]) baseEnv[k] = process.env[k] as string;

const openai = await startOpenAIServer({ reply: baselineReply });
const ollama = await startOllamaServer({ models: [{ name: CANDIDATE_MODEL, reply: candidateReply }] });
const work = mkdtempSync(join(tmpdir(), 'rightsize-bench-'));
const servers = { openaiURL: openai.url, ollamaURL: ollama.url };
const files = writeWorkload(work, ROWS, servers);
const SMALL_ROWS = Math.max(1, Math.round(ROWS / 4));
const small = flags.marginal ? writeWorkload(join(work, 'small'), SMALL_ROWS, servers) : null;
const promptfooEnv = {
  PROMPTFOO_DISABLE_TELEMETRY: '1',
  PROMPTFOO_DISABLE_UPDATE: '1',
  PROMPTFOO_DISABLE_SHARING: '1',
  PROMPTFOO_CACHE_ENABLED: 'false',
  // Its logs and database stay in the work folder, not ~/.promptfoo.
  PROMPTFOO_CONFIG_DIR: join(work, 'promptfoo-home'),
  OLLAMA_BASE_URL: ollama.url,
};

interface Tool {
  key: string;
  name: string;
  args: (out: string, w: WorkloadFiles) => string[];
  env: Record<string, string>;
  cwd: string;
}

const tools: Tool[] = [
  {
    key: 'rightsize',
    name: 'rightsize run (CLI)',
    args: (out, w) => [cli, 'run', w.suite, '--out', out, '--no-cache', '--quiet'],
    env: {},
    cwd: work,
  },
  {
    key: 'promptfoo',
    name: 'promptfoo evaluate()',
    args: (out, w) => [join(root, 'bench', 'promptfoo-eval.mjs'), w.promptfooConfig, out],
    env: promptfooEnv,
    cwd: root,
  },
  {
    key: 'floor',
    name: 'clients loop (floor)',
    args: (out, w) => [join(root, 'bench', 'clients-loop.mjs'), w.loopConfig, out],
    env: {},
    cwd: root,
  },
];

async function runTool(tool: Tool, label: string, w: WorkloadFiles = files): Promise<Run> {
  const out = join(work, 'out', label);
  mkdirSync(out, { recursive: true });
  const before = { chat: chatCalls(), all: openai.calls() + ollama.calls() };
  const m = await measure(tool.args(out, w), {
    cwd: tool.cwd,
    env: { ...baseEnv, ...tool.env },
    scratch: work,
  });
  const run: Run = {
    ...m,
    chatCalls: chatCalls() - before.chat,
    requests: openai.calls() + ollama.calls() - before.all,
    records: countLines(join(out, 'results.jsonl')),
    passed: parseSummary(m.stdout) ?? scoresPassed(join(out, 'scores.jsonl')),
    outputs: existsSync(out) ? readdirSync(out).sort() : [],
  };
  // The servers keep every request; the bench needs only the counts.
  openai.requests.splice(0);
  openai.chatBodies.splice(0);
  ollama.requests.splice(0);
  if (!flags.keep) rmSync(out, { recursive: true, force: true });
  return run;
}

function chatCalls(): number {
  return openai.calls('/v1/chat/completions') + ollama.calls('/api/chat');
}

function problem(tool: Tool, r: Run, calls = CALLS): string | null {
  if (r.code !== 0) return `${tool.name} exited ${r.code}:\n${(r.stderr || r.stdout).trim().slice(-3000)}`;
  if (r.chatCalls !== calls) return `${tool.name} made ${r.chatCalls} model calls, expected ${calls}`;
  return null;
}

const results = new Map<string, Run[]>(tools.map((t) => [t.key, []]));
const smallResults = new Map<string, Run[]>(tools.map((t) => [t.key, []]));
const broken = new Map<string, string>();
let startupRows: StartupRow[] = [];

try {
  log(`bench: ${ROWS} rows × 2 models = ${CALLS} calls per tool, ${CONCURRENCY} in flight; work in ${work}`);
  const ctx = { root, env: baseEnv, scratch: work };
  if (!flags['no-startup']) {
    log('bench: start-up (5 runs each)');
    startupRows = await timeCommands(
      [
        { label: 'node -e 0 (bare node)', args: ['-e', '0'] },
        { label: 'rightsize --version', args: [cli, '--version'] },
        { label: 'rightsize validate <bench suite>', args: [cli, 'validate', files.suite] },
        {
          label: "import('promptfoo') alone",
          args: ['--input-type=module', '-e', "await import('promptfoo')"],
          env: promptfooEnv,
        },
        {
          label: "import('openai') + import('ollama') alone",
          args: ['--input-type=module', '-e', "await Promise.all([import('openai'), import('ollama')])"],
        },
      ],
      5,
      ctx,
    );
  }
  if (!flags['no-warmup'] && !flags['no-runs']) {
    log('bench: warm-up (one unmeasured run each, so every tool starts with its files in the page cache)');
    for (const tool of tools) {
      const r = await runTool(tool, `${tool.key}-warmup`);
      const p = problem(tool, r);
      if (p) broken.set(tool.key, p);
    }
  }
  for (let i = 1; i <= (flags['no-runs'] ? 0 : REPS); i++) {
    for (const tool of tools) {
      if (broken.has(tool.key)) continue;
      log(`bench: run ${i}/${REPS}: ${tool.name}`);
      const r = await runTool(tool, `${tool.key}-${i}`);
      const p = problem(tool, r);
      if (p) broken.set(tool.key, p);
      else results.get(tool.key)?.push(r);
      if (!small || broken.has(tool.key)) continue;
      const s = await runTool(tool, `${tool.key}-small-${i}`, small);
      const q = problem(tool, s, SMALL_ROWS * 2);
      if (q) broken.set(tool.key, q);
      else smallResults.get(tool.key)?.push(s);
    }
  }

  if (!flags['no-runs']) {
    const lines = resultTables({
      tools,
      results,
      smallResults: small ? smallResults : null,
      broken,
      rows: ROWS,
      smallRows: SMALL_ROWS,
      reps: REPS,
    });
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  if (startupRows.length) {
    try {
      const lines = await startupReport(startupRows, {
        ...ctx,
        cli,
        suite: files.suite,
        runOut: join(work, 'out', 'traced-run'),
        log,
      });
      process.stdout.write(`${lines.join('\n')}\n`);
    } catch (e) {
      log(`bench: start-up analysis failed: ${e instanceof Error ? e.message : String(e)}`);
      process.exitCode = 1;
    }
  }
  // A benchmark, not a test: missed targets are figures; a tool that failed is an error.
  if (broken.size) process.exitCode = 1;
} finally {
  await Promise.all([openai.close(), ollama.close()]);
  if (flags.keep) log(`bench: work folder kept: ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

/** dist/ older than a file in src/ measures old code. */
function warnIfStale(): void {
  const built = statSync(cli).mtimeMs;
  const newer: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts') && statSync(p).mtimeMs > built) newer.push(relative(root, p));
    }
  };
  walk(join(root, 'src'));
  if (newer.length)
    log(`bench: warning: dist/ is older than ${newer.slice(0, 5).join(', ')}; run \`npm run build\``);
}
