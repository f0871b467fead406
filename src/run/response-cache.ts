import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { endpointName } from '../models/endpoint-address.js';
import type { GenerateRequest, GenerateResponse } from '../models/model.js';
import type { ModelConfig } from '../schema/model-config.js';
import { stableStringify } from '../util/hash.js';
import { isRecord } from '../util/unknown-value.js';

/** Bumped when what a key covers or what an entry holds changes, so old entries are simply missed. */
const CACHE_FORMAT = 1;

export const DEFAULT_CACHE_DIR = '.rightsize/cache';

/**
 * The response cache: finished answers on disk, content-addressed by the model (provider id and
 * server), its generation options and the rendered input. Only deterministic settings are cached
 * (temperature 0 or a fixed seed): caching a sampled answer would freeze one draw of a random
 * variable and make repeats meaningless. Errors are never cached. An entry keeps the original call's
 * timings, so a cached run reports the latency the model really had.
 */
export class ResponseCache {
  constructor(readonly dir: string) {}

  /** The key of a call, or null when its settings are not deterministic (or its runtime is a file). */
  static key(config: ModelConfig, request: GenerateRequest): string | null {
    // Answers from a file or the dataset are not calls; a file:// provider is the user's code, whose
    // answers may depend on more than the prompt (the row's vars, its own state).
    const runtime = config.ref.runtime;
    if (runtime === 'recorded' || runtime === 'dataset' || runtime === 'file') return null;
    const { temperature, seed } = request.options;
    if (temperature !== 0 && seed === undefined) return null;
    const material = stableStringify({
      v: CACHE_FORMAT,
      provider: config.provider,
      runtime: config.ref.runtime,
      model: config.ref.model,
      api: config.ref.api,
      baseURL: config.baseURL ?? null,
      // An endpoint pool answers as its servers do, not as a model of the same name elsewhere. Absent
      // (so older keys hold) for a model with one server; URLs named without their credentials.
      endpoints: config.endpoints?.map((e) => endpointName(e.url)).sort(),
      options: request.options,
      messages: request.messages,
    });
    return createHash('sha256').update(material).digest('hex');
  }

  private file(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  /** The stored answer, or null on a miss or an entry that cannot be read (then it is re-asked). */
  get(key: string): GenerateResponse | null {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.file(key), 'utf8'));
    } catch {
      return null;
    }
    if (!isRecord(parsed) || parsed.v !== CACHE_FORMAT || !isRecord(parsed.response)) return null;
    const r = parsed.response;
    if (typeof r.text !== 'string' || !isRecord(r.usage)) return null;
    return r as unknown as GenerateResponse;
  }

  has(key: string): boolean {
    return this.get(key) !== null;
  }

  /** Written to a temporary name and renamed, so a crash never leaves a half entry behind. */
  put(key: string, response: GenerateResponse): void {
    const file = this.file(key);
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ v: CACHE_FORMAT, storedAt: new Date().toISOString(), response }));
    renameSync(tmp, file);
  }
}
