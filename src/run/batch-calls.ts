import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GenerateRequest, GenerateResponse } from '../models/model.js';
import { ModelError } from '../models/model-error.js';
import {
  type BatchAnswer,
  type BatchApi,
  type BatchLine,
  type BatchState,
  FINAL_BATCH_STATUSES,
} from '../models/openai-batch.js';
import { type BatchRecord, batchRecordSchema } from '../schema/batch-record.js';
import type { ModelConfig } from '../schema/model-config.js';
import type { ResultRecord } from '../schema/result-record.js';
import type { Case } from '../suite/expand-cases.js';
import { shortHash } from '../util/hash.js';
import { readJsonlFile } from '../util/jsonl-file.js';
import { UserError } from '../util/user-error.js';
import { ResponseCache } from './response-cache.js';

/** First wait between two looks at a batch, then doubled up to the longest (a batch takes minutes to hours). */
const POLL_FIRST_MS = 5_000;
const POLL_MAX_MS = 60_000;
/** Batches a call may be sent in before its failure is recorded (an expiry or a 5xx sends it again). */
const MAX_BATCHES_PER_CALL = 3;

export interface BatchCallsOptions {
  api: BatchApi;
  /** The run directory's batches.jsonl: which batch holds which calls, written the moment it is created. */
  batchesFile: string;
  signal?: AbortSignal;
  cache?: ResponseCache;
  /** Wait between looks at a batch (tests); by default 5 s, doubling to 60 s. */
  pollMs?: number;
  onStatus?: (model: string, state: BatchState) => void;
  /** The request a case makes (the run stage's `buildRequest`), and a finished call as it records it. */
  request: (c: Case) => GenerateRequest;
  record: (c: Case, outcome: BatchOutcome) => ResultRecord;
  onRecord: (record: ResultRecord) => void;
}

export type BatchOutcome =
  | { response: GenerateResponse; attempts: number; cached: boolean }
  | { error: unknown; attempts: number };

/**
 * A `batch: true` model's calls, through the Batch API (src/models/openai-batch.ts), never paid twice:
 * answers in the response cache are taken first; every batch is written to batches.jsonl as soon as it
 * is created (with the custom ids, i.e. case ids, it holds), so a run killed while a batch runs goes
 * back to that batch on `--resume`; a batch created but not written (killed in between, or its answer
 * lost) is found again by its tag, a hash of the calls it holds. A finished batch's answers are recorded
 * like any call's (no latency or TTFT: a batch has none); a request the batch did not run (expired,
 * cancelled) or that failed in a way worth retrying is sent again in a new batch, at most
 * `MAX_BATCHES_PER_CALL` batches in all, then recorded as failed.
 */
export async function runBatchCases(
  cases: readonly Case[],
  entry: { config: ModelConfig },
  opts: BatchCallsOptions,
): Promise<{ recorded: number; errors: number; interrupted: boolean }> {
  const label = entry.config.label;
  const out = { recorded: 0, errors: 0, interrupted: false };
  const emit = (c: Case, outcome: BatchOutcome) => {
    const r = opts.record(c, outcome);
    opts.onRecord(r);
    out.recorded++;
    if (r.error) out.errors++;
  };
  const pending = new Map<string, Case>();
  for (const c of cases) {
    const key = opts.cache ? ResponseCache.key(entry.config, opts.request(c)) : null;
    const hit = key && opts.cache ? opts.cache.get(key) : null;
    if (hit) emit(c, { response: hit, attempts: 0, cached: true });
    else pending.set(c.id, c);
  }
  const sent = new Map<string, number>();
  const lastReason = new Map<string, string>();
  for (const b of readBatches(opts.batchesFile, label))
    for (const id of b.customIds) sent.set(id, (sent.get(id) ?? 0) + 1);

  while (pending.size > 0) {
    if (opts.signal?.aborted) return { ...out, interrupted: true };
    let batch = openBatch(opts.batchesFile, label, pending);
    if (!batch) {
      const ids = [...pending.keys()].filter((id) => (sent.get(id) ?? 0) < MAX_BATCHES_PER_CALL).sort();
      if (ids.length === 0) break;
      const tag = shortHash([label, ids], 24);
      const lines: BatchLine[] = ids.map((id) => ({
        customId: id,
        request: opts.request(pending.get(id) as Case),
      }));
      const state = await createOnce(opts, label, lines, tag);
      if (state === null) return { ...out, interrupted: true };
      batch = {
        schemaVersion: 1,
        model: label,
        batchId: state.id,
        tag,
        customIds: ids,
        createdAt: new Date().toISOString(),
      };
      appendBatch(opts.batchesFile, batch);
      for (const id of ids) sent.set(id, (sent.get(id) ?? 0) + 1);
    }
    const state = await pollUntilFinal(batch.batchId, label, opts);
    if (state === null) return { ...out, interrupted: true };
    if (state.status === 'failed')
      throw new UserError(
        `${label}: batch ${state.id} failed validation${state.errors.length ? `: ${state.errors.slice(0, 3).join('; ')}` : ''}`,
        {
          hint: 'the calls already answered are recorded; fix what the batch names (or set batch: false) and resume',
          exitCode: 3,
        },
      );
    const mine = batch.customIds.filter((id) => pending.has(id));
    for (const answer of await opts.api.answers(state, mine, opts.signal)) {
      const c = pending.get(answer.customId);
      if (!c) continue;
      if (answer.kind === 'answer') {
        const key = opts.cache ? ResponseCache.key(entry.config, opts.request(c)) : null;
        // Asked for log-probabilities and given none: null, as any runtime's answer records it.
        const response =
          opts.request(c).options.logprobs && answer.response.logprobs === undefined
            ? { ...answer.response, logprobs: null }
            : answer.response;
        if (key && opts.cache) opts.cache.put(key, response);
        emit(c, { response, attempts: sent.get(c.id) ?? 1, cached: false });
        pending.delete(c.id);
      } else if (answer.kind === 'failed' && !answer.error.retryable) {
        emit(c, { error: answer.error, attempts: sent.get(c.id) ?? 1 });
        pending.delete(c.id);
      } else {
        lastReason.set(c.id, reasonOf(answer));
      }
    }
    appendBatch(opts.batchesFile, { ...batch, done: true });
  }
  // Sent in as many batches as allowed and never answered: recorded as failed, so the run can finish.
  for (const c of pending.values()) {
    const why = lastReason.get(c.id) ?? 'not answered';
    emit(c, {
      error: new ModelError('http', `${label}: not answered in ${MAX_BATCHES_PER_CALL} batches (${why})`, {
        retryable: true,
      }),
      attempts: sent.get(c.id) ?? 0,
    });
  }
  return out;
}

/** The batches of a model recorded in batches.jsonl, each once (a `done` line closes it). */
function readBatches(file: string, model: string): (BatchRecord & { done: boolean })[] {
  const { rows } = readJsonlFile(file, batchRecordSchema, {
    // A torn last line is a batch whose line a kill cut short: it is found again by its tag.
    mode: 'tolerant',
    explain: () => ({
      message: 'batches.jsonl has a line that is not a batch record',
      hint: 'remove that line; a batch it named is found again by its tag',
    }),
  });
  const byId = new Map<string, BatchRecord & { done: boolean }>();
  for (const { value } of rows) {
    if (value.model !== model) continue;
    const seen = byId.get(value.batchId);
    byId.set(value.batchId, { ...value, done: (seen?.done ?? false) || value.done === true });
  }
  return [...byId.values()];
}

/** One line, one write: a kill leaves earlier lines whole (and a torn one is cut off first). */
function appendBatch(file: string, record: BatchRecord): void {
  const torn =
    existsSync(file) && !readFileSync(file, 'utf8').endsWith('\n') && readFileSync(file).length > 0;
  appendFileSync(file, `${torn ? '\n' : ''}${JSON.stringify(record)}\n`);
}

/** A recorded batch not yet read back that holds some of the pending calls. */
function openBatch(file: string, model: string, pending: ReadonlyMap<string, Case>): BatchRecord | null {
  const open = readBatches(file, model).filter((b) => !b.done && b.customIds.some((id) => pending.has(id)));
  return open.at(-1) ?? null;
}

/**
 * The batch for these calls, created once: a batch already tagged with them (a create whose answer was
 * lost, or a process killed before writing it down) is taken instead; a create that fails is looked
 * for by its tag again before the run gives up (the Batch API takes no idempotency key). Null when
 * interrupted.
 */
async function createOnce(
  opts: BatchCallsOptions,
  label: string,
  lines: BatchLine[],
  tag: string,
): Promise<BatchState | null> {
  try {
    return (await opts.api.findByTag(tag, opts.signal)) ?? (await opts.api.submit(lines, tag, opts.signal));
  } catch (err) {
    if (opts.signal?.aborted) return null;
    const found = await opts.api.findByTag(tag, opts.signal).catch(() => null);
    if (found) return found;
    throw new UserError(
      `${label}: the batch of ${lines.length} calls could not be created: ${messageOf(err)}`,
      {
        hint: 'nothing of it was paid for; resume the run (--resume) to try again',
        exitCode: 3,
      },
    );
  }
}

/** Consecutive failed looks at a batch before the run stops (it can be resumed: the batch goes on). */
const POLL_FAILURES = 5;

async function pollUntilFinal(
  id: string,
  label: string,
  opts: BatchCallsOptions,
): Promise<BatchState | null> {
  let wait = opts.pollMs ?? POLL_FIRST_MS;
  let told = '';
  let failures = 0;
  for (;;) {
    if (opts.signal?.aborted) return null;
    let state: BatchState;
    try {
      state = await opts.api.state(id, opts.signal);
      failures = 0;
    } catch (err) {
      if (opts.signal?.aborted) return null;
      failures++;
      const hopeless = err instanceof ModelError && !err.retryable && err.type !== 'connection';
      if (failures >= POLL_FAILURES || hopeless)
        throw new UserError(`${label}: batch ${id} could not be read: ${messageOf(err)}`, {
          hint: 'the batch goes on at the provider; resume the run (--resume) to go back to it',
          exitCode: 3,
        });
      try {
        await sleep(wait, undefined, { signal: opts.signal });
      } catch {
        return null;
      }
      continue;
    }
    const now = `${state.status} ${state.completed} ${state.failed}`;
    if (now !== told) {
      told = now;
      opts.onStatus?.(label, state);
    }
    if (FINAL_BATCH_STATUSES.has(state.status)) return state;
    try {
      await sleep(wait, undefined, { signal: opts.signal });
    } catch {
      return null;
    }
    if (opts.pollMs === undefined) wait = Math.min(POLL_MAX_MS, wait * 2);
  }
}

function reasonOf(answer: BatchAnswer): string {
  if (answer.kind === 'not-run') return answer.reason;
  if (answer.kind === 'failed') return answer.error.message;
  return 'answered';
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
