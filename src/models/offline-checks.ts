import { statSync } from 'node:fs';
import path from 'node:path';
import { isHfRef } from '../schema/hf-file-ref.js';
import type { ModelConfig } from '../schema/model-config.js';
import type { CaseRef } from './check-plan.js';
import { endpointName, splitCredentials } from './endpoint-address.js';
import { ggufNotFoundMessage, ggufPathCandidates } from './gguf-models-dir.js';
import { logprobsUnavailable } from './logprobs-unavailable.js';
import { ModelError } from './model-error.js';
import { isOpenAIBaseURL, resolveOpenAIBaseURL } from './openai-base-url.js';
import { recordedCoverageProblem } from './recorded-coverage.js';
import { type RecordedIndex, readRecordedFileSync, unknownFieldsWarning } from './recorded-file.js';
import { recordedRef } from './recorded-model.js';

export interface OfflineCheckTarget {
  config: ModelConfig;
  /** The calls the suite makes of this model, which a `recorded:` file must all answer; absent for a judge. */
  calls?: readonly CaseRef[];
}

export interface OfflineFindings {
  /** What would stop the run, by model label; each message says the fix. */
  errors: { model: string; message: string }[];
  /** What may still be fine at run time (a key set only there) or is ignored, one line each. */
  warnings: string[];
}

export interface OfflineCheckContext {
  /** The suite's folder: base of relative paths (gguf files, recorded answers). */
  baseDir: string;
  env: Record<string, string | undefined>;
  /** How messages show a path (the CLI's, relative to where the person stands). */
  show?: (file: string) => string;
}

/**
 * What can be known about the models without calling any, read from files and the environment only:
 * a `recorded:` file that is unreadable or misses calls, a `gguf:` name that resolves to no file (an
 * `hf:` one is downloaded by the run), an `openai:` model of OpenAI's own API with no key. The run
 * finds the same things later, at its check or after its calls; `rightsize validate` says them first.
 */
export function offlineChecks(
  targets: readonly OfflineCheckTarget[],
  ctx: OfflineCheckContext,
): OfflineFindings {
  const show = ctx.show ?? ((f: string) => f);
  const findings: OfflineFindings = { errors: [], warnings: [] };
  const warn = (line: string) => {
    if (!findings.warnings.includes(line)) findings.warnings.push(line);
  };
  // Two models may replay one file: read and tell about it once.
  const files = new Map<string, RecordedIndex | ModelError>();
  for (const { config, calls } of targets) {
    const fail = (message: string) => findings.errors.push({ model: config.label, message });
    switch (config.ref.runtime) {
      case 'recorded': {
        const file = path.resolve(ctx.baseDir, config.ref.model);
        let index = files.get(file);
        if (index === undefined) {
          index = readRecorded(file, show(file));
          files.set(file, index);
          if (!(index instanceof ModelError)) {
            const warning = unknownFieldsWarning(index, show(file));
            if (warning) warn(warning);
          }
        }
        if (index instanceof ModelError) {
          fail(index.message);
          break;
        }
        const problem =
          logprobsUnavailable(config, null, index) ??
          (calls
            ? recordedCoverageProblem(
                index,
                calls.map((c) => recordedRef(config, c)),
                show(file),
              )
            : null);
        if (problem) fail(problem);
        break;
      }
      case 'gguf': {
        if (isHfRef(config.ref.model)) break;
        const tried = ggufPathCandidates(config.ref.model, ctx.baseDir, ctx.env);
        if (!tried.some(isFile)) fail(ggufNotFoundMessage(config.ref.model, tried.map(show), ctx.env));
        break;
      }
      case 'openai': {
        // Each server of an endpoint pool as its own adapter will call it (credentials out of the URL).
        const urls = config.endpoints
          ? config.endpoints.map((e) => resolveOpenAIBaseURL(splitCredentials(e.url).url, ctx.env))
          : [resolveOpenAIBaseURL(config.baseURL, ctx.env)];
        for (const url of urls) {
          const unavailable = logprobsUnavailable(config, url, null);
          if (unavailable) {
            fail(unavailable);
            break;
          }
          // A compatible server (llama.cpp, LM Studio, vLLM) usually takes any key, so only OpenAI's own is told.
          if (isOpenAIBaseURL(url) && !(config.apiKey || ctx.env.OPENAI_API_KEY)) {
            warn(
              `${config.label}: no API key for OpenAI (${endpointName(url)}): OPENAI_API_KEY is not set and the model has no apiKey; ` +
                "set it (or the model's apiKeyEnv) before `rightsize run`, whose check stops at this model without one",
            );
          }
        }
        break;
      }
      case 'ollama':
        // Whether the server is up and has the model can only be asked of the server.
        break;
      case 'file':
      case 'dataset':
        // Checked at load: the provider's file and export, every row's answer.
        break;
    }
  }
  return findings;
}

function readRecorded(file: string, name: string): RecordedIndex | ModelError {
  try {
    return readRecordedFileSync(file, name);
  } catch (e) {
    if (e instanceof ModelError) return e;
    throw e;
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file, { throwIfNoEntry: false })?.isFile() === true;
  } catch {
    return false;
  }
}
