import { type ChatMessage, chatMessageSchema } from '../schema/chat-message.js';
import type { GenerationOptions, ModelConfig, ModelRole } from '../schema/model-config.js';
import { shortHash } from '../util/hash.js';
import type { Prompt, Row, Suite } from './suite.js';
import { renderTemplate } from './template.js';

/** One call to make: a row, rendered through a prompt, sent to a model, for one repeat. */
export interface Case {
  /** Stable across runs: the same row × prompt × model × repeat always has this id. */
  id: string;
  rowId: string;
  promptId: string;
  /** The model's label. */
  model: string;
  provider: string;
  role: ModelRole;
  /** 0-based. */
  repeat: number;
  /** The rendered prompt as the model receives it. */
  messages: ChatMessage[];
  /** A sequential run's position of the case (row × prompt) in its order (src/run/sequential-order.ts). */
  sequence?: number;
  /** Options over the model's own for this call (judges: temperature 0 and the answer's JSON schema). */
  options?: GenerationOptions;
  /** The row's variables (the row's own object, not a copy): a `file://` provider is handed them. */
  vars?: Record<string, unknown>;
}

export function caseId(rowId: string, promptId: string, model: string, repeat: number): string {
  return `c-${shortHash([rowId, promptId, model, repeat], 16)}`;
}

/**
 * Expands a suite into cases: prompts × rows × models × repeats, baseline first. Pure: the same
 * suite gives the same cases in the same order. `templateEnv` is what promptfoo-layout templates
 * see as `env` (never secrets: the caller filters it).
 */
export function expandCases(
  suite: Pick<Suite, 'rows' | 'prompts' | 'models' | 'repeat'>,
  templateEnv: Record<string, string> = {},
): Case[] {
  const cases: Case[] = [];
  for (const model of suite.models) {
    const prompts = promptsFor(model, suite.prompts);
    for (const prompt of prompts) {
      for (const row of suite.rows) {
        const messages = renderPrompt(prompt, row, templateEnv);
        for (let repeat = 0; repeat < suite.repeat; repeat++) {
          cases.push({
            id: caseId(row.id, prompt.id, model.label, repeat),
            rowId: row.id,
            promptId: prompt.id,
            model: model.label,
            provider: model.provider,
            role: model.role,
            repeat,
            messages,
            vars: row.vars,
          });
        }
      }
    }
  }
  return cases;
}

/** promptfoo's provider `prompts:` filter, by prompt id or label. */
export function promptsFor(model: ModelConfig, prompts: Prompt[]): Prompt[] {
  if (!model.prompts?.length) return prompts;
  return prompts.filter((p) => model.prompts?.includes(p.id) || model.prompts?.includes(p.label));
}

/** Renders a prompt for a row into the messages sent to a model. */
export function renderPrompt(
  prompt: Prompt,
  row: Row,
  templateEnv: Record<string, string> = {},
): ChatMessage[] {
  const vars = prompt.engine === 'nunjucks' ? { env: templateEnv, ...row.vars } : row.vars;
  if (prompt.template.kind === 'chat') {
    return prompt.template.messages.map((m) => ({
      role: m.role,
      content: renderTemplate(prompt.engine, m.content, vars),
    }));
  }
  let text = renderTemplate(prompt.engine, prompt.template.text, vars);
  if (prompt.engine === 'nunjucks') {
    const prefix = typeof row.options?.prefix === 'string' ? row.options.prefix : '';
    const suffix = typeof row.options?.suffix === 'string' ? row.options.suffix : '';
    text = `${prefix}${text}${suffix}`;
    // promptfoo sends a prompt that renders to a JSON list of messages as a chat.
    const chat = asChatMessages(text);
    if (chat) return chat;
  }
  return [{ role: 'user', content: text }];
}

function asChatMessages(text: string): ChatMessage[] | null {
  const t = text.trim();
  if (!t.startsWith('[')) return null;
  try {
    const parsed: unknown = JSON.parse(t);
    if (
      Array.isArray(parsed) &&
      parsed.length > 0 &&
      parsed.every((m) => chatMessageSchema.safeParse(m).success)
    ) {
      return (parsed as ChatMessage[]).map((m) => ({ role: m.role, content: m.content }));
    }
  } catch {
    // Not JSON: a plain text prompt that happens to start with "[".
  }
  return null;
}

/** The part of the environment a promptfoo template may read as `env`: nothing that looks secret. */
export function templateEnvFrom(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (v !== undefined && !/KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL|AUTH/i.test(k)) out[k] = v;
  }
  return out;
}
