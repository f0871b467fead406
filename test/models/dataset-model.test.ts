import { describe, expect, it } from 'vitest';
import { createDatasetModel } from '../../src/models/dataset-model.js';
import type { GenerateRequest } from '../../src/models/model.js';
import { ModelError } from '../../src/models/model-error.js';
import type { DatasetAnswer, ModelConfig } from '../../src/schema/model-config.js';
import { adapterContract } from './adapter-contract.js';

function config(byRow: Record<string, DatasetAnswer>): ModelConfig {
  return {
    label: 'production',
    provider: 'dataset:answer',
    ref: { runtime: 'dataset', model: 'answer', api: 'chat' },
    role: 'baseline',
    options: {},
    answers: { column: 'answer', latency: 'latency_ms', byRow: new Map(Object.entries(byRow)) },
  };
}

const request = (rowId: string): GenerateRequest => ({
  messages: [{ role: 'user', content: 'q' }],
  options: {},
  caseRef: { rowId, promptId: 'p1', repeat: 0 },
});

const PARIS: DatasetAnswer = { output: 'Paris', latencyMs: 850, usage: { input: 12, output: 1 } };

describe('dataset model: shared adapter contract', () => {
  adapterContract(async () => ({
    model: createDatasetModel(config({ r1: PARIS })),
    request: request('r1'),
    expectedText: 'Paris',
    reports: { usage: true, ttft: false, tokensPerSecond: false },
    abortable: true,
  }));
});

describe('dataset model: answers the loader read from the rows', () => {
  it('gives each row its own answer and figures, and no latency where the column had none', async () => {
    const model = createDatasetModel(
      config({ r1: PARIS, r2: { output: 'Blue', latencyMs: null, usage: { input: null, output: null } } }),
    );
    const first = await model.generate(request('r1'));
    expect([first.text, first.latencyMs, first.usage, first.finishReason]).toEqual([
      'Paris',
      850,
      PARIS.usage,
      null,
    ]);
    const second = await model.generate(request('r2'));
    expect([second.text, second.latencyMs]).toEqual(['Blue', null]);
  });

  it('a row it has no answer for is a typed error (the loader refuses such suites first)', async () => {
    const e = await createDatasetModel(config({}))
      .generate(request('r9'))
      .catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ModelError);
    expect((e as ModelError).message).toBe('no answer in the dataset column "answer" for row "r9"');
  });
});
