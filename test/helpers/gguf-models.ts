import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';
import type { Model } from '../../src/models/model.js';
import type { ModelConfig } from '../../src/schema/model-config.js';
import { REPO } from './cli.js';

/** The tiny real models every in-process test runs on: a 512-token and a 4096-token window. */
export const MODELS_DIR = path.resolve(REPO, '../shared/models');
export const STORIES = 'tinyllamas-stories-260k-f32.v3.gguf';
export const RANDOM = 'llama-2-tiny-random.gguf';

const missingFiles = [STORIES, RANDOM].filter((f) => !existsSync(path.join(MODELS_DIR, f)));
const hasLibrary = await import('node-llama-cpp').then(
  () => true,
  () => false,
);

/** Why real inference cannot run here ('' when it can): the shared model files or node-llama-cpp are missing. */
export const ggufUnavailable = [
  ...(missingFiles.length > 0 ? [`missing ${missingFiles.join(', ')} in ${MODELS_DIR}`] : []),
  ...(hasLibrary ? [] : ['node-llama-cpp is not installed']),
].join('; ');

/**
 * CI requires the models (RIGHTSIZE_REQUIRE_MODELS=1: their absence is a failing test); elsewhere the
 * tests that need them are skipped loudly. Call once per test file, at the top level.
 */
export function requireGgufModels(suite: string): void {
  const required = process.env.RIGHTSIZE_REQUIRE_MODELS === '1';
  if (ggufUnavailable && !required) {
    console.warn(
      `${suite} tests SKIPPED: ${ggufUnavailable} (set RIGHTSIZE_REQUIRE_MODELS=1 to make this a failure)`,
    );
  }
  describe.runIf(ggufUnavailable !== '' && required)(`${suite} (required)`, () => {
    it('has its gguf models, as RIGHTSIZE_REQUIRE_MODELS=1 demands', () => {
      throw new Error(`gguf tests cannot run: ${ggufUnavailable}`);
    });
  });
}

/** A `gguf:` model entry as the suite loader would produce it. */
export function ggufConfig(file: string, extra: Partial<ModelConfig> = {}): ModelConfig {
  return {
    label: file,
    provider: `gguf:${file}`,
    ref: { runtime: 'gguf', model: file, api: 'chat' },
    role: 'candidate',
    options: {},
    ...extra,
  };
}

/**
 * A user prompt of exactly `tokens` tokens for `model`, chat template included, grown a one-token word
 * at a time and measured with the model's own count.
 */
export async function promptOfTokens(model: Model, tokens: number): Promise<string> {
  if (!model.countPromptTokens) throw new Error(`${model.label} cannot count tokens`);
  const count = (text: string) =>
    (model.countPromptTokens as NonNullable<Model['countPromptTokens']>)({
      messages: [{ role: 'user', content: text }],
      options: {},
    });
  const words: string[] = [];
  for (let n = await count(''); n < tokens; n = await count(words.join(' ')))
    words.push('abcdefgh'[words.length % 8] ?? 'a');
  const text = words.join(' ');
  if ((await count(text)) !== tokens)
    throw new Error(`no prompt of exactly ${tokens} tokens for ${model.label}`);
  return text;
}
