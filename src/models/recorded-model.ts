import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ModelConfig } from '../schema/model-config.js';
import type { GenerateRequest, GenerateResponse, Model, ModelProfile } from './model.js';
import { ModelError } from './model-error.js';

const count = z.int().min(0).nullable().optional();
const millis = z.number().min(0).nullable().optional();

/** One recorded answer. Extra keys are allowed: production logs carry their own metadata. */
const recordedRowSchema = z.looseObject({
  // Dataset ids read from CSV are strings; logs often write them as numbers.
  id: z.union([z.string().min(1), z.number()]).transform(String),
  output: z.string(),
  prompt: z.string().min(1).optional(),
  repeat: z.int().min(0).optional(),
  latencyMs: millis,
  ttftMs: millis,
  usage: z.object({ input: count, output: count }).optional(),
});
export type RecordedRow = z.infer<typeof recordedRowSchema>;

interface RecordedIndex {
  rows: Map<string, RecordedRow>;
}

const keyOf = (id: string, prompt: string | null, repeat: number | null): string =>
  JSON.stringify([id, prompt, repeat]);

/** Reads and validates a recorded-answers file; every problem names the file and its 1-based line. */
export async function readRecordedFile(file: string): Promise<RecordedIndex> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    throw new ModelError(
      'model_not_found',
      missing
        ? `recorded answers file not found: ${file} (the path is relative to the suite file)`
        : `cannot read recorded answers file ${file}: ${(e as Error).message}`,
      { retryable: false, cause: e },
    );
  }
  const rows = new Map<string, RecordedRow>();
  const lineOf = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const lineNo = i + 1;
    const fail = (what: string, cause?: unknown): ModelError =>
      new ModelError('runtime', `${file}:${lineNo}: ${what}`, { retryable: false, cause });
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      throw fail(`not valid JSON (${(e as Error).message})`, e);
    }
    const parsed = recordedRowSchema.safeParse(value);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => {
        const where = issue.path.length > 0 ? `"${issue.path.join('.')}"` : 'row';
        return `${where}: ${issue.message}`;
      });
      throw fail(`${problems.join('; ')} (a row is {"id": "<row id>", "output": "..."})`);
    }
    const row = parsed.data;
    const key = keyOf(row.id, row.prompt ?? null, row.repeat ?? null);
    const earlier = lineOf.get(key);
    if (earlier !== undefined) {
      throw fail(`duplicate answer for id "${row.id}"${describeRef(row)}, first given on line ${earlier}`);
    }
    rows.set(key, row);
    lineOf.set(key, lineNo);
  }
  return { rows };
}

function describeRef(row: { prompt?: string; repeat?: number }): string {
  return `${row.prompt !== undefined ? `, prompt "${row.prompt}"` : ''}${row.repeat !== undefined ? `, repeat ${row.repeat}` : ''}`;
}

/** Most specific first; a row without prompt/repeat serves every prompt and repeat of its id (DESIGN.md). */
export function lookupRecorded(
  index: RecordedIndex,
  ref: { rowId: string; promptId: string; repeat: number },
): RecordedRow | undefined {
  const { rowId, promptId, repeat } = ref;
  return (
    index.rows.get(keyOf(rowId, promptId, repeat)) ??
    index.rows.get(keyOf(rowId, promptId, null)) ??
    index.rows.get(keyOf(rowId, null, repeat)) ??
    index.rows.get(keyOf(rowId, null, null))
  );
}

/** Decode rate from the file's own figures, only when they allow it (≥2 output tokens, time after the first). */
function recordedTokensPerSecond(row: RecordedRow): number | null {
  const output = row.usage?.output;
  const { latencyMs, ttftMs } = row;
  if (output == null || latencyMs == null || ttftMs == null || output < 2) return null;
  const decodeMs = latencyMs - ttftMs;
  return decodeMs > 0 ? (output - 1) / (decodeMs / 1000) : null;
}

/** `recorded:<file.jsonl>`: answers replayed from a file, looked up by the case's row, prompt and repeat. */
export function createRecordedModel(config: ModelConfig, ctx: { baseDir: string }): Model {
  const file = path.resolve(ctx.baseDir, config.ref.model);
  // Read once, on first use; a broken file then fails every case with the same message.
  let index: Promise<RecordedIndex> | null = null;
  const load = (): Promise<RecordedIndex> => {
    index ??= readRecordedFile(file);
    return index;
  };

  async function generate(request: GenerateRequest, signal?: AbortSignal): Promise<GenerateResponse> {
    if (signal?.aborted) throw new ModelError('aborted', 'call aborted', { retryable: false });
    const ref = request.caseRef;
    if (!ref) {
      throw new ModelError('recorded_missing', `recorded answers (${file}) need the case's row id`, {
        retryable: false,
      });
    }
    const row = lookupRecorded(await load(), ref);
    if (!row) {
      throw new ModelError(
        'recorded_missing',
        `no recorded answer for row id "${ref.rowId}" (prompt "${ref.promptId}", repeat ${ref.repeat}) in ${file}`,
        { retryable: false },
      );
    }
    return {
      text: row.output,
      finishReason: 'stop',
      usage: { input: row.usage?.input ?? null, output: row.usage?.output ?? null },
      latencyMs: row.latencyMs ?? null,
      ttftMs: row.ttftMs ?? null,
      tokensPerSecond: recordedTokensPerSecond(row),
      raw: row,
    };
  }

  return {
    label: config.label,
    provider: config.provider,
    generate,
    // A file knows nothing about the model that wrote it; only the suite's own override applies.
    profile: async (): Promise<ModelProfile> => ({
      parameters: null,
      quantization: null,
      contextWindow: config.contextWindow ?? null,
      memoryBytes: null,
      family: null,
    }),
    check: async () => {
      await load();
    },
    close: async () => {},
  };
}
