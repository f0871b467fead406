import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliAsync, REPO } from '../helpers/cli.js';
import { tempFiles } from '../helpers/temp-files.js';
import { startOllamaServer } from '../servers/ollama-server.js';
import { startOpenAIServer } from '../servers/openai-server.js';

// The bench's tracer: a resolve hook for ES modules and the require cache for CommonJS.
const TRACER = join(REPO, 'bench', 'module-trace.mjs');

/** Packages a suite may never need, so a run must not pay for loading them. */
const OPTIONAL = [
  'ajv',
  'ajv-formats',
  'nunjucks',
  'csv-parse',
  'js-rouge',
  'cli-progress',
  'fastest-levenshtein',
  'saxes',
  'fast-xml-parser',
  'node-llama-cpp',
  'promptfoo',
  'playwright-core',
];

function packagesLoaded(traceFile: string): Set<string> {
  const names = new Set<string>();
  for (const line of readFileSync(traceFile, 'utf8').split('\n')) {
    const url = line.split('\t')[2] ?? '';
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    if (m?.[1]) names.add(m[1]);
  }
  return names;
}

let servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

describe('what a run loads', () => {
  it('a plain suite (JSONL rows, exact-match assertions, --quiet) loads none of the optional packages', async () => {
    const ollama = await startOllamaServer();
    const openai = await startOpenAIServer({ reply: ['{"label":', '"billing"}'] });
    servers.push(ollama, openai);
    const dir = tempFiles({
      'suite.yaml': [
        'name: lazy',
        'dataset: file://rows.jsonl',
        'prompts:',
        '  - id: route',
        '    template: "Route: {{text}}"',
        'baseline:',
        '  id: frontier',
        '  provider: openai:gpt-4o-mini',
        `  baseURL: ${openai.url}`,
        '  apiKey: sk-test',
        'candidates:',
        '  - ollama:qwen2.5:0.5b',
        'assert:',
        '  - type: is-json',
        '  - type: equals',
        '    value: \'{"label":"{{label}}"}\'',
      ].join('\n'),
      'rows.jsonl': [
        '{"id":"a","text":"double charge","label":"billing"}',
        '{"id":"b","text":"app crashes","label":"technical"}',
      ].join('\n'),
    });
    const trace = join(dir, 'trace.tsv');
    const r = await cliAsync(['run', 'suite.yaml', '--out', 'out', '--quiet', '--no-cache'], {
      cwd: dir,
      env: {
        OLLAMA_HOST: ollama.url.replace('http://', ''),
        NODE_OPTIONS: `--import ${TRACER}`,
        BENCH_TRACE_FILE: trace,
      },
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const loaded = packagesLoaded(trace);
    // The tracer sees what the run needs, so the absences below are real.
    for (const needed of ['openai', 'ollama', 'handlebars', 'yaml', 'zod']) expect(loaded).toContain(needed);
    expect(OPTIONAL.filter((p) => loaded.has(p))).toEqual([]);
  });

  it('loads an optional package when a suite needs it (CSV rows, Nunjucks, a JSON Schema)', async () => {
    const dir = tempFiles({
      'promptfooconfig.yaml': [
        'prompts:',
        '  - "Summarise: {{ text }}"',
        'providers:',
        '  - ollama:qwen2.5:0.5b',
        'tests: file://tests.csv',
        'defaultTest:',
        '  assert:',
        '    - type: rouge-n',
        '      value: "{{ reference }}"',
        '    - type: is-json',
        '      value: { type: object }',
      ].join('\n'),
      'tests.csv': 'text,reference\nA long text,A summary\n',
    });
    const trace = join(dir, 'trace.tsv');
    const r = await cliAsync(['validate', 'promptfooconfig.yaml'], {
      cwd: dir,
      env: { NODE_OPTIONS: `--import ${TRACER}`, BENCH_TRACE_FILE: trace },
    });
    expect(r.code).toBe(0);
    const loaded = packagesLoaded(trace);
    for (const p of ['nunjucks', 'csv-parse', 'ajv']) expect(loaded).toContain(p);
  });
});
