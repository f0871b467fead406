import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliAsync, REPO } from '../helpers/cli.js';
import { tempFiles } from '../helpers/temp-files.js';
import { type OllamaTestServer, startOllamaServer } from '../servers/ollama-server.js';

const TINY = resolve(REPO, '../shared/models/llama-2-tiny-random.gguf');
const NO_OLLAMA = 'http://127.0.0.1:9';

/** An env whose models folder is the default one, under a fresh home and cache of its own. */
function freshHome(): { home: string; env: Record<string, string> } {
  const home = tempFiles({});
  return { home, env: { RIGHTSIZE_MODELS_DIR: '', XDG_CACHE_HOME: '', HOME: home } };
}

let server: OllamaTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('rightsize models', () => {
  it("lists Ollama's pulled models with size, quantization, context and memory", async () => {
    server = await startOllamaServer({
      models: [
        {
          name: 'qwen2.5:0.5b',
          parameterSize: '494.03M',
          quantization: 'Q4_K_M',
          family: 'qwen2',
          size: 397_821_319,
          loaded: { size: 995_000_000, sizeVram: 0 },
        },
        {
          name: 'llama3.2:1b',
          parameterSize: '1.2B',
          quantization: 'Q8_0',
          family: 'llama',
          size: 1_321_098_329,
        },
      ],
    });
    const r = await cliAsync(['models', '--json'], {
      env: { ...freshHome().env, OLLAMA_HOST: server.url },
    });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { ollama: { ok: boolean; models: Record<string, unknown>[] } };
    expect(out.ollama.ok).toBe(true);
    const byName = Object.fromEntries(out.ollama.models.map((m) => [m.name, m]));
    expect(byName['qwen2.5:0.5b']).toMatchObject({
      parameters: '494.03M',
      quantization: 'Q4_K_M',
      diskBytes: 397_821_319,
      memoryBytes: 995_000_000,
    });
    expect(byName['llama3.2:1b']).toMatchObject({
      parameters: '1.2B',
      quantization: 'Q8_0',
      memoryBytes: null,
    });
    expect(typeof byName['qwen2.5:0.5b']?.contextWindow).toBe('number');
    const text = await cliAsync(['models'], { env: { ...freshHome().env, OLLAMA_HOST: server.url } });
    expect(text.stdout).toMatch(/ollama:qwen2\.5:0\.5b\s+494\.03M\s+Q4_K_M/);
  });

  it('lists the default models folder when no folder is given, and says it does not exist yet (exit 0)', async () => {
    const { home, env } = freshHome();
    const dir = join(home, '.cache', 'rightsize', 'models');
    const r = await cliAsync(['models', '--ollama-host', NO_OLLAMA], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `GGUF files in ${dir} (the default models folder; set RIGHTSIZE_MODELS_DIR to use another):`,
    );
    expect(r.stdout).toContain('the folder does not exist yet');
    expect(r.stdout).toContain('gguf:hf:<user>/<repo>/<file>.gguf');
    expect(existsSync(dir)).toBe(false); // listing creates nothing

    const xdg = tempFiles({});
    const json = await cliAsync(['models', '--json', '--ollama-host', NO_OLLAMA], {
      env: { ...env, XDG_CACHE_HOME: xdg },
    });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).gguf).toEqual({
      dir: join(xdg, 'rightsize', 'models'),
      source: 'default',
      ok: true,
      exists: false,
      files: [],
    });
  });

  it.skipIf(!existsSync(TINY))(
    'lists the .gguf files the runtime would find in the default folder',
    async () => {
      const { home, env } = freshHome();
      const dir = join(home, '.cache', 'rightsize', 'models');
      mkdirSync(dir, { recursive: true });
      copyFileSync(TINY, join(dir, 'tiny.gguf'));
      const r = await cliAsync(['models', '--ollama-host', NO_OLLAMA], { env });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`GGUF files in ${dir} (the default models folder;`);
      // A bare name: what a suite writes to use a file of the models folder.
      const row = r.stdout.split('\n').find((l) => l.startsWith('  gguf:tiny.gguf '));
      expect(row).toMatch(/\s513\.0K\s+F16\s+4096\s+llama\s/);
      // RIGHTSIZE_MODELS_DIR moves the folder, for the runtime and this listing alike.
      const moved = await cliAsync(['models', '--ollama-host', NO_OLLAMA], {
        env: { ...env, RIGHTSIZE_MODELS_DIR: join(home, 'elsewhere') },
      });
      expect(moved.stdout).toContain(
        `GGUF files in ${join(home, 'elsewhere')} (the models folder, from RIGHTSIZE_MODELS_DIR):`,
      );
      expect(moved.stdout).toContain('the folder does not exist yet');
    },
  );

  it('exits 3 with what to start when no runtime answers', async () => {
    const missing = join(tempFiles({}), 'no-such-folder');
    const r = await cliAsync(['models', '--ollama-host', NO_OLLAMA, '--gguf-dir', missing], {
      env: freshHome().env,
    });
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(`GGUF files in ${missing} (from --gguf-dir):\n  the folder does not exist\n`);
    expect(r.stderr).toContain('ollama serve');
  });
});
