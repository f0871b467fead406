import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliAsync, REPO } from '../helpers/cli.js';
import { tempFiles } from '../helpers/temp-files.js';
import { startHub } from '../servers/hf-hub-server.js';

const MODELS = resolve(REPO, '../shared/models');
const STORIES = join(MODELS, 'tinyllamas-stories-260k-f32.v3.gguf');
const RANDOM = join(MODELS, 'llama-2-tiny-random.gguf');
const present = existsSync(STORIES);
const required = process.env.RIGHTSIZE_REQUIRE_MODELS === '1';
if (!present && !required) console.warn(`[skipped] GGUF end-to-end run: ${STORIES} is missing`);

describe.skipIf(!present && !required)('rightsize run with an in-process GGUF candidate', () => {
  it('runs a recorded baseline against tinyllamas-stories end to end and records real figures', async () => {
    expect(existsSync(STORIES), `${STORIES} is required (RIGHTSIZE_REQUIRE_MODELS=1)`).toBe(true);
    const dir = tempFiles({
      'suite.yaml': [
        'name: gguf-e2e',
        'dataset: file://rows.jsonl',
        'prompts:',
        '  - id: story',
        '    template: "Once upon a time, {{start}}"',
        'baseline: recorded:./baseline.jsonl',
        'candidates:',
        `  - id: stories260k`,
        `    provider: gguf:${STORIES}`,
        '    options: { temperature: 0, maxTokens: 16 }',
      ].join('\n'),
      'rows.jsonl': '{"id":"a","start":"a girl"}\n{"id":"b","start":"a dog"}\n',
      'baseline.jsonl':
        '{"id":"a","output":"She played.","latencyMs":900}\n{"id":"b","output":"It ran.","latencyMs":850}\n',
    });
    const r = await cliAsync(['run', 'suite.yaml', '--out', 'out'], { cwd: dir });
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    const recs = readFileSync(join(dir, 'out', 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const gguf = recs.filter((x) => x.model === 'stories260k');
    expect(gguf).toHaveLength(2);
    for (const g of gguf) {
      expect(typeof g.output).toBe('string');
      expect((g.output as string).length).toBeGreaterThan(0);
      expect(g.error).toBeNull();
      expect((g.usage as { output: number }).output).toBeGreaterThan(0);
      expect(g.ttftMs).not.toBeNull();
      expect(g.latencyMs as number).toBeGreaterThanOrEqual(g.ttftMs as number);
    }
    expect(
      recs.filter((x) => x.model === 'recorded:./baseline.jsonl').map((x) => [x.output, x.latencyMs]),
    ).toEqual([
      ['She played.', 900],
      ['It ran.', 850],
    ]);
  });

  it('lists the GGUF folder with `rightsize models`', async () => {
    const r = await cliAsync(['models', '--gguf-dir', MODELS, '--ollama-host', 'http://127.0.0.1:9']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('cannot reach Ollama at http://127.0.0.1:9');
    expect(r.stdout).toMatch(/tinyllamas-stories-260k-f32\.v3\.gguf\s+292\.8K\s+F32\s+512\s+llama/);
    expect(r.stdout).toMatch(/llama-2-tiny-random\.gguf\s+513\.0K\s+F16\s+4096\s+llama/);
  });
});

describe.skipIf(!existsSync(RANDOM) && !required)('rightsize run with a gguf:hf: candidate', () => {
  const HF_REF = 'hf:someone/tiny-GGUF/llama-2-tiny-random.gguf';

  /** Runs a suite whose candidate is downloaded from a loopback hub into an empty models folder. */
  async function runDownloading(flags: string[]) {
    const hub = await startHub({
      '/someone/tiny-GGUF/resolve/main/llama-2-tiny-random.gguf': readFileSync(RANDOM),
    });
    try {
      const dir = tempFiles({
        'suite.yaml': [
          'name: gguf-hf',
          'dataset: file://rows.jsonl',
          'prompts: ["Say {{word}}"]',
          'baseline: recorded:./baseline.jsonl',
          'candidates:',
          `  - provider: gguf:${HF_REF}`,
          '    options: { temperature: 0, maxTokens: 4 }',
        ].join('\n'),
        'rows.jsonl': '{"id":"a","word":"hi"}\n',
        'baseline.jsonl': '{"id":"a","output":"hi"}\n',
      });
      const r = await cliAsync(['run', 'suite.yaml', '--out', 'out', '--no-cache', ...flags], {
        cwd: dir,
        env: { RIGHTSIZE_MODELS_DIR: join(dir, 'models'), HF_ENDPOINT: hub.url },
      });
      return { ...r, downloaded: existsSync(join(dir, 'models', 'llama-2-tiny-random.gguf')) };
    } finally {
      await hub.close();
    }
  }

  it('shows the download, and with --quiet prints nothing at all on a clean run', async () => {
    const loud = await runDownloading([]);
    expect(loud.code).toBe(0);
    expect(loud.downloaded).toBe(true);
    expect(loud.stderr).toContain(`downloading ${HF_REF}`);

    const quiet = await runDownloading(['--quiet']);
    expect(quiet.code).toBe(0);
    expect(quiet.downloaded).toBe(true);
    expect(quiet.stdout).toBe('');
    expect(quiet.stderr).toBe('');
  });
});
