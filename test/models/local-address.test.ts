import { describe, expect, it } from 'vitest';
import { isLocalRuntime } from '../../src/models/create-model.js';
import { isLocalAddress } from '../../src/models/local-address.js';
import { modelConfig } from '../helpers/model-config.js';

describe('isLocalAddress', () => {
  it('counts loopback, private, link-local, mDNS and single-label hosts as local', () => {
    for (const url of [
      'http://127.0.0.1:8080/v1',
      'http://127.5.0.1/v1',
      'http://localhost:1234/v1',
      'http://[::1]:8000/v1',
      'http://10.2.3.4:8000/v1',
      'http://172.16.0.9/v1',
      'http://172.31.255.1/v1',
      'http://192.168.1.20:11434',
      'http://169.254.10.1/v1',
      'http://[fe80::1]/v1',
      'http://[fd12:3456::1]/v1',
      'http://gpu-box.local:8000/v1',
      'http://gpu-box:8000/v1',
    ])
      expect(isLocalAddress(url), url).toBe(true);
  });

  it('counts public addresses and names as remote', () => {
    for (const url of [
      'https://api.openai.com/v1',
      'http://172.32.0.1/v1',
      'http://172.15.0.1/v1',
      'http://8.8.8.8/v1',
      'https://my-vllm.example.com/v1',
      'http://[2001:db8::1]/v1',
      'not a url',
    ])
      expect(isLocalAddress(url), url).toBe(false);
  });
});

describe('isLocalRuntime', () => {
  it('reads the server of an openai: model wherever its URL comes from', () => {
    const bare = modelConfig('openai:gpt-4o', 'candidate', undefined);
    expect(isLocalRuntime(bare, {})).toBe(false);
    expect(isLocalRuntime(bare, { OPENAI_BASE_URL: 'http://127.0.0.1:8080/v1' })).toBe(true);
    expect(isLocalRuntime(bare, { OPENAI_API_BASE_URL: 'http://192.168.0.5:8000' })).toBe(true);
    expect(isLocalRuntime({ ...bare, baseURL: 'http://gpu-box:8000/v1' }, {})).toBe(true);
    expect(
      isLocalRuntime(
        { ...bare, baseURL: 'https://api.openai.com/v1' },
        { OPENAI_BASE_URL: 'http://127.0.0.1/v1' },
      ),
    ).toBe(false);
    expect(isLocalRuntime(modelConfig('ollama:qwen2.5:0.5b', 'candidate', undefined), {})).toBe(true);
    expect(isLocalRuntime(modelConfig('recorded:answers.jsonl', 'baseline', undefined), {})).toBe(false);
  });
});
