import { afterEach, describe, expect, it } from 'vitest';
import { createGgufModel } from '../../src/models/gguf-model.js';
import type { ChatMessage, Model } from '../../src/models/model.js';
import { estimatePromptTokens } from '../../src/run/context-fit.js';
import { type RunModel, runCases } from '../../src/run/run-cases.js';
import type { ModelConfig } from '../../src/schema/model-config.js';
import type { ResultRecord } from '../../src/schema/result-record.js';
import type { Case } from '../../src/suite/expand-cases.js';
import {
  ggufConfig,
  ggufUnavailable,
  MODELS_DIR,
  promptOfTokens,
  RANDOM,
  requireGgufModels,
  STORIES,
} from '../helpers/gguf-models.js';

// The run stage's context check on real models, where the exact count and the estimate disagree.
requireGgufModels('context-fit on gguf');

const open: Model[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((m) => m.close()));
});

/** A gguf model entry as executeCalls builds it: the window comes from the model's profile. */
async function ggufEntry(file: string, extra: Partial<ModelConfig> = {}): Promise<RunModel> {
  const config = ggufConfig(file, { options: { temperature: 0, maxTokens: 4 }, ...extra });
  const model = createGgufModel(config, { baseDir: MODELS_DIR, env: {} });
  open.push(model);
  const { contextWindow } = await model.profile();
  return { config, model, concurrency: 1, local: true, contextWindow };
}

function userCase(label: string, id: string, content: string): Case {
  return {
    id,
    rowId: id,
    promptId: 'p',
    model: label,
    provider: `gguf:${label}`,
    role: 'candidate',
    repeat: 0,
    messages: [{ role: 'user', content }],
  };
}

async function run(entry: RunModel, cases: Case[]): Promise<Map<string, ResultRecord>> {
  const records: ResultRecord[] = [];
  await runCases({
    cases,
    models: new Map([[entry.config.label, entry]]),
    done: new Set(),
    onRecord: (r) => records.push(r),
  });
  return new Map(records.map((r) => [r.caseId, r]));
}

const messages = (content: string): ChatMessage[] => [{ role: 'user', content }];

describe.skipIf(ggufUnavailable !== '')('context fit on real gguf models', () => {
  it('skips a prompt the estimate would run but the tokenizer cannot fit (512-token window)', async () => {
    const entry = await ggufEntry(STORIES);
    expect(entry.contextWindow).toBe(512);
    // Japanese: 210 characters estimate to 57 tokens; this model's 512-piece vocabulary spells them byte by byte.
    const japanese = '猫が好きです。'.repeat(30);
    expect(estimatePromptTokens(messages(japanese))).toBeLessThan(512);
    const exact = await entry.model.countPromptTokens?.({ messages: messages(japanese), options: {} });
    expect(exact).toBeGreaterThan(512);

    const records = await run(entry, [
      userCase(STORIES, 'japanese', japanese),
      userCase(STORIES, 'short', 'Once upon a time'),
    ]);
    expect(records.get('japanese')).toMatchObject({
      skipped: 'context_overflow',
      output: null,
      error: null,
      attempts: 0,
      raw: { contextFit: { method: 'exact', promptTokens: exact, window: 512 } },
    });
    expect(records.get('short')).toMatchObject({ skipped: null, error: null, finishReason: 'length' });
  });

  it('runs a prompt the estimate would wrongly skip, and its input is the exact count (4096-token window)', async () => {
    const entry = await ggufEntry(RANDOM);
    expect(entry.contextWindow).toBe(4096);
    // " international" is one token of Llama 2's vocabulary: 18,200 characters estimate to 4,554 tokens.
    const dense = ' international'.repeat(1_300);
    expect(estimatePromptTokens(messages(dense))).toBeGreaterThan(4096);
    const exact = await entry.model.countPromptTokens?.({ messages: messages(dense), options: {} });
    expect(exact).toBeLessThan(4096);

    const records = await run(entry, [userCase(RANDOM, 'dense', dense)]);
    expect(records.get('dense')).toMatchObject({
      skipped: null,
      error: null,
      usage: { input: exact, output: 4 },
      finishReason: 'length',
    });
    expect(records.get('dense')?.promptTruncated).toBeUndefined();
  });

  it('skips a prompt the runtime refuses when a wrong contextWindow lets it past the run-stage check', async () => {
    // The suite claims 1,024 tokens; the model really runs with its trained 512.
    const entry = await ggufEntry(STORIES, { contextWindow: 1_024 });
    expect(entry.contextWindow).toBe(1_024);
    const prompt = await promptOfTokens(entry.model, 600);
    const records = await run(entry, [userCase(STORIES, 'long', prompt)]);
    expect(records.get('long')).toMatchObject({
      skipped: 'context_overflow',
      output: null,
      error: null,
      attempts: 1,
      raw: { contextFit: { method: 'exact', promptTokens: 600, window: 512 } },
    });
  });
});
