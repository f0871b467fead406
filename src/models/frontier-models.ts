/** A well-known hosted model: context window and list prices (standard tier, USD per million tokens). */
export interface FrontierModel {
  id: string;
  vendor: 'openai' | 'anthropic' | 'google';
  contextWindow: number;
  inputPerMillion: number;
  outputPerMillion: number;
}

// Sources, as read in 2025-08 (Claude 4.5: 2025-12) (verify before quoting a bill; a suite's `cost:` and `contextWindow:` win):
//   OpenAI:    https://openai.com/api/pricing and https://platform.openai.com/docs/models (context windows)
//   Anthropic: https://docs.anthropic.com/en/docs/about-claude/pricing (all Claude models: 200k context)
//   Google:    https://ai.google.dev/gemini-api/docs/pricing (paid tier; 2.5 Pro at prompts up to 200k tokens)
// Claude and Gemini are reached through their OpenAI-compatible endpoints
// (https://api.anthropic.com/v1/, https://generativelanguage.googleapis.com/v1beta/openai/).
/**
 * What OpenAI's Batch API charges against the standard price: half ("50% cost discount compared to
 * synchronous APIs", https://platform.openai.com/docs/guides/batch, read 2026-12). Applied to the table's
 * and a runtime's list prices for a `batch: true` model; a suite's own `cost:` is taken as written.
 */
export const BATCH_PRICE_FACTOR = 0.5;

export const FRONTIER_MODELS: readonly FrontierModel[] = [
  // OpenAI, openai.com/api/pricing, 2025-08.
  { id: 'gpt-4o', vendor: 'openai', contextWindow: 128_000, inputPerMillion: 2.5, outputPerMillion: 10 },
  // The first gpt-4o snapshot kept its launch price (openai.com/api/pricing, 2025-08).
  {
    id: 'gpt-4o-2024-05-13',
    vendor: 'openai',
    contextWindow: 128_000,
    inputPerMillion: 5,
    outputPerMillion: 15,
  },
  {
    id: 'gpt-4o-mini',
    vendor: 'openai',
    contextWindow: 128_000,
    inputPerMillion: 0.15,
    outputPerMillion: 0.6,
  },
  { id: 'gpt-4.1', vendor: 'openai', contextWindow: 1_047_576, inputPerMillion: 2, outputPerMillion: 8 },
  {
    id: 'gpt-4.1-mini',
    vendor: 'openai',
    contextWindow: 1_047_576,
    inputPerMillion: 0.4,
    outputPerMillion: 1.6,
  },
  {
    id: 'gpt-4.1-nano',
    vendor: 'openai',
    contextWindow: 1_047_576,
    inputPerMillion: 0.1,
    outputPerMillion: 0.4,
  },
  { id: 'o1', vendor: 'openai', contextWindow: 200_000, inputPerMillion: 15, outputPerMillion: 60 },
  // o3 after the 2025-06-10 price cut (was 10 / 40), openai.com/api/pricing, 2025-08.
  { id: 'o3', vendor: 'openai', contextWindow: 200_000, inputPerMillion: 2, outputPerMillion: 8 },
  { id: 'o3-mini', vendor: 'openai', contextWindow: 200_000, inputPerMillion: 1.1, outputPerMillion: 4.4 },
  { id: 'o4-mini', vendor: 'openai', contextWindow: 200_000, inputPerMillion: 1.1, outputPerMillion: 4.4 },
  // Anthropic, platform.claude.com/docs/en/about-claude/pricing, 2025-12 (the 4.5 models).
  {
    id: 'claude-opus-4-5',
    vendor: 'anthropic',
    contextWindow: 200_000,
    inputPerMillion: 5,
    outputPerMillion: 25,
  },
  {
    id: 'claude-sonnet-4-5',
    vendor: 'anthropic',
    contextWindow: 200_000,
    inputPerMillion: 3,
    outputPerMillion: 15,
  },
  {
    id: 'claude-haiku-4-5',
    vendor: 'anthropic',
    contextWindow: 200_000,
    inputPerMillion: 1,
    outputPerMillion: 5,
  },
  // Anthropic, docs.anthropic.com/en/docs/about-claude/pricing, 2025-08.
  {
    id: 'claude-opus-4-1',
    vendor: 'anthropic',
    contextWindow: 200_000,
    inputPerMillion: 15,
    outputPerMillion: 75,
  },
  {
    id: 'claude-opus-4',
    vendor: 'anthropic',
    contextWindow: 200_000,
    inputPerMillion: 15,
    outputPerMillion: 75,
  },
  {
    id: 'claude-sonnet-4',
    vendor: 'anthropic',
    contextWindow: 200_000,
    inputPerMillion: 3,
    outputPerMillion: 15,
  },
  {
    id: 'claude-3-7-sonnet',
    vendor: 'anthropic',
    contextWindow: 200_000,
    inputPerMillion: 3,
    outputPerMillion: 15,
  },
  {
    id: 'claude-3-5-sonnet',
    vendor: 'anthropic',
    contextWindow: 200_000,
    inputPerMillion: 3,
    outputPerMillion: 15,
  },
  {
    id: 'claude-3-5-haiku',
    vendor: 'anthropic',
    contextWindow: 200_000,
    inputPerMillion: 0.8,
    outputPerMillion: 4,
  },
  {
    id: 'claude-3-haiku',
    vendor: 'anthropic',
    contextWindow: 200_000,
    inputPerMillion: 0.25,
    outputPerMillion: 1.25,
  },
  // Google, ai.google.dev/gemini-api/docs/pricing, 2025-08 (paid tier, text input).
  {
    id: 'gemini-2.5-pro',
    vendor: 'google',
    contextWindow: 1_048_576,
    inputPerMillion: 1.25,
    outputPerMillion: 10,
  },
  {
    id: 'gemini-2.5-flash',
    vendor: 'google',
    contextWindow: 1_048_576,
    inputPerMillion: 0.3,
    outputPerMillion: 2.5,
  },
  {
    id: 'gemini-2.5-flash-lite',
    vendor: 'google',
    contextWindow: 1_048_576,
    inputPerMillion: 0.1,
    outputPerMillion: 0.4,
  },
  {
    id: 'gemini-2.0-flash',
    vendor: 'google',
    contextWindow: 1_048_576,
    inputPerMillion: 0.1,
    outputPerMillion: 0.4,
  },
  {
    id: 'gemini-2.0-flash-lite',
    vendor: 'google',
    contextWindow: 1_048_576,
    inputPerMillion: 0.075,
    outputPerMillion: 0.3,
  },
];

const BY_ID = new Map(FRONTIER_MODELS.map((m) => [m.id, m]));

/**
 * Finds a model by its id as a suite writes it, tolerant of the names vendors serve: dated snapshots
 * (`gpt-4o-2024-08-06`, `claude-sonnet-4-20250514`), aliases (`claude-3-5-haiku-latest`,
 * `claude-opus-4-0`), preview tags (`gemini-2.5-flash-preview-05-20`) and path prefixes (`models/`,
 * `openai/`). Never matches by prefix alone: `gpt-4o-mini` is not `gpt-4o`.
 */
export function lookupFrontierModel(model: string): FrontierModel | null {
  const name = model.trim().toLowerCase().replace(/^.*\//, '');
  const candidates = [
    name,
    name.replace(/-\d{4}-\d{2}-\d{2}$/, ''), // OpenAI snapshots
    name.replace(/-\d{8}$/, ''), // Anthropic snapshots
    name.replace(/-latest$/, ''),
    name.replace(/-0$/, ''), // Anthropic's `-0` aliases
    name.replace(/-(preview|exp)(-[\d-]+)?$/, ''), // Gemini previews
  ];
  for (const id of candidates) {
    const hit = BY_ID.get(id);
    if (hit) return hit;
  }
  return null;
}
