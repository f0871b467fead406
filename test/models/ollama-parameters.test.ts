import { describe, expect, it } from 'vitest';
import { modelfileNumCtx, parseOllamaParameters } from '../../src/models/ollama-parameters.js';

// As /api/show prints them: `%-30s %#v` a line, strings quoted Go-style, list values repeated.
const QWEN = [
  'num_ctx                        8192',
  'repeat_penalty                 1.05',
  'stop                           "<|im_start|>"',
  'stop                           "<|im_end|>"',
  'temperature                    0.7',
].join('\n');

describe('Ollama /api/show parameters', () => {
  it('reads every parameter, repeated names as lists, quoted strings unquoted', () => {
    const p = parseOllamaParameters(QWEN);
    expect(p.get('num_ctx')).toEqual(['8192']);
    expect(p.get('stop')).toEqual(['<|im_start|>', '<|im_end|>']);
    expect(p.get('temperature')).toEqual(['0.7']);
    expect(parseOllamaParameters('stop "say \\"done\\""\r\nnum_ctx 4096').get('stop')).toEqual([
      'say "done"',
    ]);
  });

  it('takes num_ctx only as a positive whole number', () => {
    expect(modelfileNumCtx(QWEN)).toBe(8192);
    expect(modelfileNumCtx('stop "<|im_end|>"')).toBeNull();
    expect(modelfileNumCtx('num_ctx 0')).toBeNull();
    expect(modelfileNumCtx('num_ctx 2048.5')).toBeNull();
    expect(modelfileNumCtx('num_ctx "big"')).toBeNull();
    expect(modelfileNumCtx('')).toBeNull();
    expect(modelfileNumCtx(null)).toBeNull();
    expect(modelfileNumCtx(undefined)).toBeNull();
  });
});
