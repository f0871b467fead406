import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GenerateRequest, GenerateResponse } from '../../src/models/model.js';
import { ResponseCache } from '../../src/run/response-cache.js';
import type { ModelConfig } from '../../src/schema/model-config.js';
import { tempFiles } from '../helpers/temp-files.js';

const config = (over: Partial<ModelConfig> = {}): ModelConfig => ({
  label: 'small',
  provider: 'ollama:qwen2.5:0.5b',
  ref: { runtime: 'ollama', model: 'qwen2.5:0.5b', api: 'chat' },
  role: 'candidate',
  options: {},
  ...over,
});
const request = (
  content: string,
  options: GenerateRequest['options'] = { temperature: 0 },
): GenerateRequest => ({
  messages: [{ role: 'user', content }],
  options,
});
const response: GenerateResponse = {
  text: 'Paris',
  finishReason: 'stop',
  usage: { input: 5, output: 1 },
  latencyMs: 1234,
  ttftMs: 200,
  tokensPerSecond: 40,
  raw: { eval_count: 1 },
};

describe('ResponseCache', () => {
  it('caches only deterministic settings: temperature 0 or a fixed seed', () => {
    expect(ResponseCache.key(config(), request('q', { temperature: 0 }))).toMatch(/^[0-9a-f]{64}$/);
    expect(ResponseCache.key(config(), request('q', { temperature: 0.7, seed: 3 }))).not.toBeNull();
    expect(ResponseCache.key(config(), request('q', { temperature: 0.7 }))).toBeNull();
    expect(ResponseCache.key(config(), request('q', {}))).toBeNull();
  });

  it('never caches answers read from a file', () => {
    const recorded = config({
      provider: 'recorded:a.jsonl',
      ref: { runtime: 'recorded', model: 'a.jsonl', api: 'chat' },
    });
    expect(ResponseCache.key(recorded, request('q'))).toBeNull();
  });

  it('keys on the model, its server, its options and the rendered input', () => {
    const base = ResponseCache.key(config(), request('q'));
    expect(ResponseCache.key(config(), request('q'))).toBe(base);
    expect(ResponseCache.key(config(), request('q2'))).not.toBe(base);
    expect(ResponseCache.key(config(), request('q', { temperature: 0, maxTokens: 5 }))).not.toBe(base);
    expect(ResponseCache.key(config({ baseURL: 'http://other:11434' }), request('q'))).not.toBe(base);
    const other = config({
      provider: 'ollama:llama3.2:1b',
      ref: { runtime: 'ollama', model: 'llama3.2:1b', api: 'chat' },
    });
    expect(ResponseCache.key(other, request('q'))).not.toBe(base);
    // The label is a report name, not part of what was asked.
    expect(ResponseCache.key(config({ label: 'renamed' }), request('q'))).toBe(base);
  });

  it('returns the stored answer with its original timings, and misses on unreadable entries', () => {
    const dir = tempFiles({});
    const cache = new ResponseCache(join(dir, 'cache'));
    const key = ResponseCache.key(config(), request('q')) as string;
    expect(cache.get(key)).toBeNull();
    cache.put(key, response);
    expect(cache.get(key)).toEqual(response);
    const shard = join(dir, 'cache', key.slice(0, 2));
    expect(readdirSync(shard)).toEqual([`${key}.json`]);
    writeFileSync(join(shard, `${key}.json`), '{"v":1,"response":');
    expect(cache.get(key)).toBeNull();
  });
});
