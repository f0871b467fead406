import { z } from 'zod';

export type JudgeKind = 'llm-rubric' | 'model-graded-closedqa' | 'factuality' | 'pairwise';

/** What each judge must answer. Sent as the structured-output schema and used to parse every answer. */
const answerSchemas = {
  'llm-rubric': z.object({ reason: z.string(), pass: z.boolean(), score: z.number().min(0).max(1) }),
  'model-graded-closedqa': z.object({ reason: z.string(), pass: z.boolean() }),
  factuality: z.object({ reason: z.string(), category: z.enum(['A', 'B', 'C', 'D', 'E']) }),
  pairwise: z.object({ reason: z.string(), winner: z.enum(['A', 'B', 'tie']) }),
} as const;

export type JudgeAnswer<K extends JudgeKind> = z.infer<(typeof answerSchemas)[K]>;

/** The JSON Schema a runtime's structured output (Ollama `format`, OpenAI `response_format`, GGUF grammar) enforces. */
export function judgeJsonSchema(kind: JudgeKind): Record<string, unknown> {
  const schema = z.toJSONSchema(answerSchemas[kind]) as Record<string, unknown>;
  delete schema.$schema;
  return schema;
}

/**
 * Parses a judge's answer strictly: one JSON object of the expected shape, optionally inside a
 * Markdown code fence (models without structured output often add one). Anything else is an error,
 * so a rambling judge leaves the assertion unscored instead of passing or failing it by accident.
 */
export function parseJudgeAnswer<K extends JudgeKind>(
  kind: K,
  text: string,
): { ok: true; answer: JudgeAnswer<K> } | { ok: false; error: string } {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/i.exec(text);
  const body = (fenced ? fenced[1] : text)?.trim() ?? '';
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, error: `the judge did not answer with JSON: ${JSON.stringify(clip(text))}` };
  }
  const parsed = answerSchemas[kind].safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'answer';
    return { ok: false, error: `the judge's answer has no valid ${where}: ${JSON.stringify(clip(text))}` };
  }
  return { ok: true, answer: parsed.data as JudgeAnswer<K> };
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
