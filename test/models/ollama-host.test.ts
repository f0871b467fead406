import { describe, expect, it } from 'vitest';
import { DEFAULT_OLLAMA_URL, normalizeOllamaHost, resolveOllamaHost } from '../../src/models/ollama-host.js';

describe('resolveOllamaHost', () => {
  it('prefers baseURL, then OLLAMA_HOST, then OLLAMA_BASE_URL, then the default', () => {
    const env = { OLLAMA_HOST: 'gpu-box:8080', OLLAMA_BASE_URL: 'http://promptfoo-style:9000' };
    expect(resolveOllamaHost('http://cfg:7000', env)).toBe('http://cfg:7000');
    expect(resolveOllamaHost(undefined, env)).toBe('http://gpu-box:8080');
    expect(resolveOllamaHost(undefined, { OLLAMA_BASE_URL: env.OLLAMA_BASE_URL })).toBe(
      'http://promptfoo-style:9000',
    );
    expect(resolveOllamaHost(undefined, {})).toBe(DEFAULT_OLLAMA_URL);
    expect(DEFAULT_OLLAMA_URL).toBe('http://127.0.0.1:11434');
  });

  it('ignores empty and blank variables', () => {
    expect(resolveOllamaHost('', { OLLAMA_HOST: '  ', OLLAMA_BASE_URL: '' })).toBe(DEFAULT_OLLAMA_URL);
  });
});

describe('normalizeOllamaHost (as the Ollama CLI reads OLLAMA_HOST)', () => {
  it.each([
    ['127.0.0.1:11500', 'http://127.0.0.1:11500'],
    ['gpu-box', 'http://gpu-box:11434'],
    ['gpu-box:8080', 'http://gpu-box:8080'],
    [':11435', 'http://127.0.0.1:11435'],
    ['0.0.0.0', 'http://127.0.0.1:11434'],
    ['0.0.0.0:11500', 'http://127.0.0.1:11500'],
    ['[::]:11434', 'http://127.0.0.1:11434'],
    ['[::1]:9000', 'http://[::1]:9000'],
    ['::1', 'http://[::1]:11434'],
    ['http://gpu-box', 'http://gpu-box:80'],
    ['https://ollama.example.com', 'https://ollama.example.com:443'],
    ['https://ollama.example.com/proxy/', 'https://ollama.example.com:443/proxy'],
    ['http://127.0.0.1:11434/', 'http://127.0.0.1:11434'],
    ['gpu-box:notaport', 'http://gpu-box:11434'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeOllamaHost(input)).toBe(expected);
  });

  it('strips the quotes a shell profile may leave around the value', () => {
    expect(resolveOllamaHost(undefined, { OLLAMA_HOST: '"gpu-box:8080"' })).toBe('http://gpu-box:8080');
  });
});
