import type OpenAI from 'openai';
import { field, isRecord, num } from '../util/unknown-value.js';
import { summarizeLogprobs, tokenLogprobs } from './logprob-summary.js';
import type { GenerateResponse } from './model.js';

type Chunk = OpenAI.Chat.Completions.ChatCompletionChunk;

/** What a chat completion stream said, gathered chunk by chunk, with when its content arrived. */
export interface StreamedAnswer {
  text: string;
  chunks: number;
  finishReason: string | null;
  usage: OpenAI.Completions.CompletionUsage | null;
  /** llama.cpp's own figures (`predicted_per_second`, ...), on its last chunk. */
  timings: Record<string, unknown> | null;
  /** The last chunk, for the ids in `raw`. */
  tail: Chunk | null;
  /** `performance.now()` at the first and last non-empty content. */
  firstMs: number | null;
  lastMs: number | null;
  /**
   * Every `choices[0].logprobs.content[].logprob`, in order, from every chunk that carries them (llama.cpp
   * also sends the scored token of a stop string, its text cut, in a chunk without content); null when no
   * chunk carried a list.
   */
  logprobs: number[] | null;
}

/** Reads a streamed chat completion to its end; throws what the stream throws. */
export async function readChatStream(stream: AsyncIterable<Chunk>): Promise<StreamedAnswer> {
  const out: StreamedAnswer = {
    text: '',
    chunks: 0,
    finishReason: null,
    usage: null,
    timings: null,
    tail: null,
    firstMs: null,
    lastMs: null,
    logprobs: null,
  };
  for await (const chunk of stream) {
    out.chunks++;
    out.tail = chunk;
    const choice = chunk.choices?.[0];
    const piece = choice?.delta?.content;
    if (piece) {
      const t = performance.now();
      out.firstMs ??= t;
      out.lastMs = t;
      out.text += piece;
    }
    if (choice?.finish_reason) out.finishReason = choice.finish_reason;
    const scored = tokenLogprobs(field(choice?.logprobs, 'content'));
    if (scored) {
      out.logprobs ??= [];
      out.logprobs.push(...scored);
    }
    // OpenAI sends usage on a last chunk with no choices; llama.cpp on the last content chunk.
    if (chunk.usage) out.usage = chunk.usage;
    const t = field(chunk, 'timings');
    if (isRecord(t)) out.timings = t;
  }
  return out;
}

/**
 * Our response from a finished stream; `started` is when the request was sent. `askedLogprobs`: the
 * request asked for token log-probabilities, so the response says what came (null: none did).
 */
export function toGenerateResponse(
  answer: StreamedAnswer,
  started: number,
  latencyMs: number,
  askedLogprobs = false,
): GenerateResponse {
  const { usage, timings, tail, firstMs, lastMs } = answer;
  const output = usage ? num(usage.completion_tokens) : null;
  const predicted = num(timings?.predicted_per_second);
  return {
    text: answer.text,
    finishReason: answer.finishReason,
    usage: { input: usage ? num(usage.prompt_tokens) : null, output },
    latencyMs,
    ttftMs: firstMs === null ? null : firstMs - started,
    tokensPerSecond: predicted !== null && predicted > 0 ? predicted : decodeRate(output, firstMs, lastMs),
    ...(askedLogprobs ? { logprobs: answer.logprobs ? summarizeLogprobs(answer.logprobs) : null } : {}),
    raw: compact({
      id: tail?.id,
      model: tail?.model,
      system_fingerprint: tail?.system_fingerprint,
      finish_reason: answer.finishReason,
      usage: usage ?? undefined,
      timings: timings ?? undefined,
    }),
  };
}

/** Decode rate without a runtime figure: the tokens after the first over the time after the first. */
export function decodeRate(
  outputTokens: number | null,
  firstMs: number | null,
  lastMs: number | null,
): number | null {
  if (
    outputTokens === null ||
    outputTokens <= 1 ||
    firstMs === null ||
    lastMs === null ||
    lastMs <= firstMs
  ) {
    return null;
  }
  return (outputTokens - 1) / ((lastMs - firstMs) / 1000);
}

function compact(obj: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined && v !== null));
}
