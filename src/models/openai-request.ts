import type OpenAI from 'openai';
import type { GenerationOptions } from '../schema/model-config.js';
import { isRecord } from '../util/unknown-value.js';
import type { ChatMessage } from './model.js';

type ChatParams = OpenAI.Chat.Completions.ChatCompletionCreateParamsStreaming;
type ChatParam = OpenAI.Chat.Completions.ChatCompletionMessageParam;

/** The streamed chat completion request for our messages and options. */
export function chatParams(
  model: string,
  messages: ChatMessage[],
  o: GenerationOptions,
  isOpenAI: boolean,
): ChatParams {
  // OpenAI's o-series reject sampling parameters.
  const reasoning = isOpenAI && /^o\d/.test(model);
  const body: ChatParams = {
    model,
    messages: messages.map(toParam),
    stream: true,
    stream_options: { include_usage: true },
  };
  if (o.temperature !== undefined && !reasoning) body.temperature = o.temperature;
  if (o.topP !== undefined && !reasoning) body.top_p = o.topP;
  if (o.seed !== undefined) body.seed = o.seed;
  if (o.stop?.length) body.stop = o.stop;
  // OpenAI replaced max_tokens; llama.cpp and older servers only know max_tokens.
  if (o.maxTokens !== undefined) {
    if (isOpenAI) body.max_completion_tokens = o.maxTokens;
    else body.max_tokens = o.maxTokens;
  }
  // Streamed chunks then carry `choices[0].logprobs.content[]`. OpenAI's reasoning models refuse the
  // parameter, so they are not asked (their answers have none: null).
  if (o.logprobs && !reasoning) body.logprobs = true;
  if (o.jsonSchema) {
    body.response_format = {
      type: 'json_schema',
      json_schema: {
        name: schemaName(o.jsonSchema),
        schema: o.jsonSchema,
        strict: isStrictSchema(o.jsonSchema),
      },
    };
  }
  return body;
}

function toParam(m: ChatMessage): ChatParam {
  switch (m.role) {
    case 'system':
      return { role: 'system', content: m.content };
    case 'assistant':
      return { role: 'assistant', content: m.content };
    default:
      return { role: 'user', content: m.content };
  }
}

function schemaName(schema: Record<string, unknown>): string {
  const title =
    typeof schema.title === 'string' ? schema.title.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64) : '';
  return title || 'response';
}

/**
 * Whether OpenAI's strict mode accepts the schema: every object closed (`additionalProperties: false`)
 * and every property required. Strict where possible; a looser schema is still sent, unenforced.
 */
export function isStrictSchema(schema: unknown): boolean {
  if (Array.isArray(schema)) return schema.every(isStrictSchema);
  if (!isRecord(schema)) return true;
  const props = isRecord(schema.properties) ? schema.properties : null;
  if (schema.type === 'object' || props) {
    if (schema.additionalProperties !== false) return false;
    const required = Array.isArray(schema.required) ? schema.required : [];
    if (props && !Object.keys(props).every((k) => required.includes(k))) return false;
  }
  const nested = [
    ...(props ? Object.values(props) : []),
    schema.items,
    schema.anyOf,
    ...(isRecord(schema.$defs) ? Object.values(schema.$defs) : []),
    ...(isRecord(schema.definitions) ? Object.values(schema.definitions) : []),
  ];
  return nested.every((s) => s === undefined || isStrictSchema(s));
}
