import { afterEach, describe, expect, it } from 'vitest';
import { cliAsync } from '../helpers/cli.js';
import { type OllamaTestServer, startOllamaServer } from '../servers/ollama-server.js';

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
      env: { OLLAMA_HOST: server.url, RIGHTSIZE_MODELS_DIR: '' },
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
    const text = await cliAsync(['models'], { env: { OLLAMA_HOST: server.url, RIGHTSIZE_MODELS_DIR: '' } });
    expect(text.stdout).toMatch(/ollama:qwen2\.5:0\.5b\s+494\.03M\s+Q4_K_M/);
  });

  it('exits 3 with what to start when no runtime answers', async () => {
    const r = await cliAsync(['models', '--ollama-host', 'http://127.0.0.1:9'], {
      env: { RIGHTSIZE_MODELS_DIR: '' },
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('ollama serve');
  });
});
