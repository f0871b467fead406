import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GenerateRequest, GenerateResponse, Model } from '../../src/models/model.js';
import { ResponseCache } from '../../src/run/response-cache.js';
import { type RunModel, runCases } from '../../src/run/run-cases.js';
import type { LogprobSummary } from '../../src/schema/escalation.js';
import type { ModelConfig } from '../../src/schema/model-config.js';
import { type ResultRecord, resultRecordSchema } from '../../src/schema/result-record.js';
import type { Case } from '../../src/suite/expand-cases.js';
import { tempFiles } from '../helpers/temp-files.js';

const SUMMARY: LogprobSummary = { tokens: 4, mean: -0.96875, min: -2, first: -0.5 };

/** Answers each row by its script: a summary, null (the runtime gave none), or nothing (not asked). */
function model(logprobsFor: (req: GenerateRequest) => LogprobSummary | null | undefined) {
  const requests: GenerateRequest[] = [];
  const m: Model = {
    label: 'small',
    provider: 'ollama:small',
    async generate(req): Promise<GenerateResponse> {
      requests.push(req);
      const logprobs = logprobsFor(req);
      return {
        text: 'ok',
        finishReason: 'stop',
        usage: { input: 3, output: 4 },
        latencyMs: 5,
        ttftMs: 1,
        tokensPerSecond: null,
        ...(logprobs !== undefined ? { logprobs } : {}),
        raw: {},
      };
    },
    profile: async () => ({ parameters: null, quantization: null, contextWindow: null, memoryBytes: null }),
    check: async () => undefined,
    close: async () => undefined,
  };
  return { model: m, requests };
}

function entry(m: Model, options: ModelConfig['options']): RunModel {
  const config: ModelConfig = {
    label: m.label,
    provider: m.provider,
    ref: { runtime: 'ollama', model: 'small', api: 'chat' },
    role: 'candidate',
    options,
  };
  return { config, model: m, concurrency: 1, local: false };
}

const caseOf = (rowId: string): Case => ({
  id: `small-${rowId}`,
  rowId,
  promptId: 'p',
  model: 'small',
  provider: 'ollama:small',
  role: 'candidate',
  repeat: 0,
  messages: [{ role: 'user', content: `q ${rowId}` }],
});

async function run(m: Model, rows: string[], options: ModelConfig['options'], cache?: ResponseCache) {
  const records: ResultRecord[] = [];
  await runCases({
    cases: rows.map(caseOf),
    models: new Map([['small', entry(m, options)]]),
    done: new Set(),
    cache,
    onRecord: (r) => records.push(resultRecordSchema.parse(JSON.parse(JSON.stringify(r)))),
  });
  return new Map(records.map((r) => [r.rowId, r]));
}

describe('token log-probabilities in the records', () => {
  it('records the summary a response has, null where the runtime gave none, nothing when not asked', async () => {
    const { model: m } = model((req) => {
      const row = req.caseRef?.rowId;
      return row === 'scored' ? SUMMARY : row === 'none' ? null : undefined;
    });
    const records = await run(m, ['scored', 'none', 'plain'], { logprobs: true });
    expect(records.get('scored')?.logprobs).toEqual(SUMMARY);
    expect(records.get('none')).toHaveProperty('logprobs', null);
    expect(records.get('plain')).not.toHaveProperty('logprobs');
  });

  it('keeps the summary in a cached answer, and caches an answer with log-probabilities apart', async () => {
    const cache = new ResponseCache(join(tempFiles({}), 'cache'));
    const { model: m, requests } = model((req) => (req.options.logprobs ? SUMMARY : undefined));
    const first = await run(m, ['a'], { temperature: 0, logprobs: true }, cache);
    expect(first.get('a')).toMatchObject({ cached: false, logprobs: SUMMARY });
    const again = await run(m, ['a'], { temperature: 0, logprobs: true }, cache);
    expect(again.get('a')).toMatchObject({ cached: true, logprobs: SUMMARY });
    expect(requests).toHaveLength(1);
    // The same call without logprobs is another call: asked again, and its record has none.
    const plain = await run(m, ['a'], { temperature: 0 }, cache);
    expect(requests).toHaveLength(2);
    expect(plain.get('a')).toMatchObject({ cached: false });
    expect(plain.get('a')).not.toHaveProperty('logprobs');
  });
});
