import type { ModelConfig } from '../../src/schema/model-config.js';
import type { ResultRecord } from '../../src/schema/result-record.js';

/** The judge model the score tests plan calls for. */
export const JUDGE: ModelConfig = {
  label: 'judge',
  provider: 'openai:gpt-4o',
  ref: { runtime: 'openai', model: 'gpt-4o', api: 'chat' },
  role: 'judge',
  options: {},
};

/** A candidate's answered call ("4" to "What is 2+2?"), with what a test needs changed. */
export function answeredRecord(over: Partial<ResultRecord> = {}): ResultRecord {
  return {
    schemaVersion: 1,
    caseId: 'c1',
    rowId: 'r1',
    promptId: 'p',
    model: 'small',
    provider: 'ollama:small',
    role: 'candidate',
    repeat: 0,
    input: 'What is 2+2?',
    output: '4',
    error: null,
    skipped: null,
    attempts: 1,
    cached: false,
    latencyMs: 1,
    ttftMs: null,
    tokensPerSecond: null,
    usage: { input: null, output: null },
    finishReason: 'stop',
    finishedAt: '2026-01-01T00:00:00Z',
    ...over,
  };
}
