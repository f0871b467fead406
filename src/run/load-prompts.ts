import type { GenerateRequest } from '../models/model.js';
import type { ModelConfig } from '../schema/model-config.js';
import { expandCases, templateEnvFrom } from '../suite/expand-cases.js';
import type { Suite } from '../suite/suite.js';
import { buildRequest } from './run-cases.js';

/** The requests a load sweep cycles for a model: the suite's own cases for it, rendered as a run sends them. */
export function loadPrompts(
  suite: Pick<Suite, 'rows' | 'prompts' | 'repeat'>,
  config: ModelConfig,
  env: Record<string, string | undefined>,
): GenerateRequest[] {
  return expandCases({ ...suite, models: [config] }, templateEnvFrom(env)).map((c) =>
    buildRequest(c, config),
  );
}

/** The mean prompt length in tokens, estimated at 4 characters a token (for a cost estimate only). */
export function meanPromptTokens(requests: readonly GenerateRequest[]): number {
  if (requests.length === 0) return 0;
  const chars = requests.reduce((a, r) => a + r.messages.reduce((b, m) => b + m.content.length, 0), 0);
  return chars / 4 / requests.length;
}
