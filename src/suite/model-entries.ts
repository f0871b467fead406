import { dirname, resolve } from 'node:path';
import type {
  GenerationOptions,
  ModelConfig,
  ModelEndpoint,
  ModelEntry,
  ModelRole,
} from '../schema/model-config.js';
import { parseProviderId } from '../schema/provider-id.js';
import { UserError } from '../util/user-error.js';
import { loadUserModule, UserCodeError } from '../util/user-module.js';
import { formatFieldPath } from './schema-error.js';
import type { FieldPath, YamlSource } from './yaml-source.js';

export type Env = Record<string, string | undefined>;

/** A rightsize-layout model entry (a provider id, or an object) as a ModelConfig. */
export function modelFromEntry(
  entry: ModelEntry,
  role: ModelRole,
  source: YamlSource,
  path: FieldPath,
  env: Env,
): ModelConfig {
  if (typeof entry === 'string')
    return withRef({ label: entry, provider: entry, role, options: {} }, source, path);
  const answered = answersOf(entry, role, source, path);
  const provider = answered ? `dataset:${answered.column}` : (entry.provider ?? entry.id);
  if (!provider) {
    throw new UserError('a model needs `provider:` (e.g. "ollama:qwen2.5:0.5b")', {
      file: source.file,
      line: source.lineOf(path),
      field: formatFieldPath(path),
    });
  }
  const apiKey = entry.apiKey ?? (entry.apiKeyEnv ? env[entry.apiKeyEnv] : undefined);
  const servers = serversOf(entry, source, path);
  const concurrency = entry.concurrency ?? servers.concurrency;
  return withRef(
    {
      label: entry.id ?? provider,
      provider,
      role,
      options: entry.options ?? {},
      ...(servers.baseURL ? { baseURL: servers.baseURL } : {}),
      ...(servers.endpoints ? { endpoints: servers.endpoints } : {}),
      ...(apiKey ? { apiKey } : {}),
      ...(entry.headers ? { headers: entry.headers } : {}),
      ...(entry.cost ? { cost: entry.cost } : {}),
      ...(entry.contextWindow ? { contextWindow: entry.contextWindow } : {}),
      ...(concurrency ? { concurrency } : {}),
      ...(entry.requestsPerMinute ? { requestsPerMinute: entry.requestsPerMinute } : {}),
      ...(entry.timeoutMs ? { timeoutMs: entry.timeoutMs } : {}),
      ...(entry.batch ? { batch: true } : {}),
      ...(entry.config ? { providerConfig: entry.config } : {}),
      ...(entry.key ? { recordedKey: { column: entry.key, byRow: new Map() } } : {}),
      ...(answered ? { answers: answered } : {}),
    },
    source,
    answered
      ? [...path, 'answers']
      : entry.provider
        ? [...path, 'provider']
        : entry.id
          ? [...path, 'id']
          : path,
    servers.path,
    [...path, 'batch'],
    path,
  );
}

/**
 * `answers:` (with its `latency:` and `usage:` columns): the model's answers are a dataset column,
 * which the row pass (src/suite/row-answers.ts) reads. It replaces `provider:`, and a judge cannot
 * have it (a judge must answer prompts the dataset never saw).
 */
function answersOf(
  entry: Exclude<ModelEntry, string>,
  role: ModelRole,
  source: YamlSource,
  path: FieldPath,
): ModelConfig['answers'] {
  const at = (key: string) => ({
    file: source.file,
    line: source.lineOf([...path, key]),
    field: formatFieldPath([...path, key]),
  });
  if (entry.answers === undefined) {
    const stray = entry.latency !== undefined ? 'latency' : entry.usage !== undefined ? 'usage' : null;
    if (stray) {
      throw new UserError(
        `\`${stray}:\` names a dataset column of answers' figures, and goes with \`answers:\``,
        {
          ...at(stray),
          hint: 'add `answers: <column of the answers>`, or remove it',
        },
      );
    }
    return undefined;
  }
  if (entry.provider !== undefined) {
    throw new UserError(
      'a model answers either from `provider:` or from the dataset (`answers:`), not both',
      {
        ...at('answers'),
        hint: 'remove `provider:` to take the answers from the dataset, or `answers:` to call the provider',
      },
    );
  }
  if (role === 'judge') {
    throw new UserError(
      'a judge cannot take its answers from the dataset: it must answer new judge prompts',
      {
        ...at('answers'),
        hint: 'name a model to call as the judge',
      },
    );
  }
  return {
    column: entry.answers,
    ...(entry.latency ? { latency: entry.latency } : {}),
    ...(entry.usage ? { usage: entry.usage } : {}),
    byRow: new Map(),
  };
}

/**
 * Where a model's calls go: one `baseURL`, or an endpoint pool from a `baseURL` list or `endpoints:`.
 * A one-server list is plain `baseURL`. When every server of a pool gives its `concurrency`, their
 * sum is the model's (unless the model sets its own): the calls the pool serves at once.
 */
function serversOf(
  entry: Exclude<ModelEntry, string>,
  source: YamlSource,
  path: FieldPath,
): { baseURL?: string; endpoints?: ModelEndpoint[]; concurrency?: number; path?: FieldPath } {
  const at = (p: FieldPath) => ({ file: source.file, line: source.lineOf(p), field: formatFieldPath(p) });
  if (entry.baseURL !== undefined && entry.endpoints !== undefined) {
    throw new UserError('a model gives its servers either as `baseURL:` or as `endpoints:`, not both', {
      ...at([...path, 'endpoints']),
      hint: 'keep one: `baseURL: [url, url]`, or `endpoints:` with a `url:` (and optional `concurrency:`) each',
    });
  }
  if (typeof entry.baseURL === 'string') return { baseURL: entry.baseURL };
  const key = entry.endpoints ? 'endpoints' : 'baseURL';
  const listed: ModelEndpoint[] = entry.endpoints ?? (entry.baseURL ?? []).map((url) => ({ url }));
  if (listed.length === 0) return {};
  const seen = new Map<string, number>();
  for (const [i, e] of listed.entries()) {
    const same = sameServer(e.url);
    const first = seen.get(same);
    if (first !== undefined) {
      throw new UserError(`this server is listed twice (as item ${first + 1} and item ${i + 1})`, {
        ...at(entry.endpoints ? [...path, key, i, 'url'] : [...path, key, i]),
        hint: 'list each server once; to send it more calls at once, give it a higher `concurrency:` under `endpoints:`',
      });
    }
    seen.set(same, i);
  }
  if (listed.length === 1) {
    const only = listed[0] as ModelEndpoint;
    return { baseURL: only.url, ...(only.concurrency ? { concurrency: only.concurrency } : {}) };
  }
  const limits = listed.map((e) => e.concurrency);
  const total = limits.every((c) => c !== undefined) ? limits.reduce((a, b) => a + b, 0) : undefined;
  return { endpoints: listed, ...(total ? { concurrency: total } : {}), path: [...path, key] };
}

/** Two spellings of one server (case, a trailing slash) are the same server. */
function sameServer(url: string): string {
  return url.trim().toLowerCase().replace(/\/+$/, '');
}

/**
 * Parses the provider id; an unknown prefix is an error at the line that wrote it. An endpoint pool
 * (`endpointsPath`, where it is written) is only for the HTTP runtimes.
 */
export function withRef(
  model: Omit<ModelConfig, 'ref'>,
  source: YamlSource,
  path: FieldPath,
  endpointsPath: FieldPath = path,
  batchPath: FieldPath = path,
  entryPath: FieldPath = path,
): ModelConfig {
  const parsed = parseProviderId(model.provider);
  if (!parsed.ok) {
    throw new UserError(parsed.message, {
      file: source.file,
      line: source.lineOf(path),
      field: formatFieldPath(path),
    });
  }
  const runtime = parsed.ref.runtime;
  if (model.endpoints && runtime !== 'ollama' && runtime !== 'openai') {
    throw new UserError(
      `an endpoint pool (several servers for one model) is for ollama: and openai: models; a ${runtime}: model has no server to name`,
      {
        file: source.file,
        line: source.lineOf(endpointsPath),
        field: formatFieldPath(endpointsPath),
        hint: 'remove the server list from this model',
      },
    );
  }
  if (model.batch && (runtime !== 'openai' || model.endpoints)) {
    throw new UserError(
      runtime !== 'openai'
        ? `batch: true sends calls through OpenAI's Batch API, which a ${runtime}: model does not have`
        : 'batch: true sends calls to one Batch API, not to an endpoint pool',
      {
        file: source.file,
        line: source.lineOf(batchPath),
        field: formatFieldPath(batchPath),
        hint:
          runtime !== 'openai'
            ? 'remove batch: true from this model'
            : 'give the model one baseURL, or remove batch: true',
      },
    );
  }
  const only = (key: 'key' | 'config', given: boolean, wanted: string, what: string) => {
    if (given && runtime !== wanted) {
      throw new UserError(
        `\`${key}:\` is for ${wanted}: models (${what}); a ${runtime}: model does not take it`,
        {
          file: source.file,
          line: source.lineOf([...entryPath, key]),
          field: formatFieldPath([...entryPath, key]),
          hint: `remove \`${key}:\` from this model`,
        },
      );
    }
  };
  only('key', model.recordedKey !== undefined, 'recorded', "the dataset column the file's ids hold");
  only('config', model.providerConfig !== undefined, 'file', 'handed to your provider as options.config');
  if (runtime === 'file') {
    const problem = fileProviderProblem(parsed.ref.model, dirname(source.file));
    if (problem) {
      throw new UserError(problem.message, {
        file: source.file,
        line: source.lineOf(path),
        field: formatFieldPath(path),
        hint: problem.hint,
      });
    }
  }
  return { ...model, ref: parsed.ref };
}

/**
 * What is wrong with a `file://` provider knowable at load: the file is missing, does not load, or
 * exports neither a class nor an object with `callApi`. It is not constructed here (its constructor
 * may connect to services); the run's pre-flight check does that.
 */
function fileProviderProblem(model: string, dir: string): { message: string; hint: string } | null {
  try {
    const exported = loadUserModule(resolve(dir, model));
    const callable =
      typeof exported === 'function' ||
      (exported !== null &&
        typeof exported === 'object' &&
        typeof (exported as { callApi?: unknown }).callApi === 'function');
    if (callable) return null;
    return {
      message: `${model} must export a provider: a class (constructed with { id, config }) or an object with callApi(prompt, context)`,
      hint: 'export default class { id() { return "my-provider"; } async callApi(prompt, context) { return { output: "..." }; } }',
    };
  } catch (e) {
    if (e instanceof UserCodeError) return { message: e.message, hint: e.hint };
    throw e;
  }
}

/** Two models with one label would be indistinguishable in every record and report. */
export function assertUniqueLabels(models: ModelConfig[], source: YamlSource): void {
  const seen = new Set<string>();
  for (const m of models) {
    if (seen.has(m.label)) {
      throw new UserError(`two models are both labelled "${m.label}"`, {
        file: source.file,
        hint: 'give one of them a distinct `id:` (rightsize) or `label:` (promptfoo)',
      });
    }
    seen.add(m.label);
  }
}

/** promptfoo provider `config:` keys and where they go in rightsize's options. */
export function optionsFromPromptfooConfig(
  config: Record<string, unknown>,
  warn: (message: string) => void,
  where: string,
  env: Env,
): { options: GenerationOptions; rest: Partial<ModelConfig> } {
  const options: GenerationOptions = {};
  const rest: Partial<ModelConfig> = {};
  const num = (v: unknown) =>
    typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  for (const [key, value] of Object.entries(config)) {
    switch (key) {
      case 'temperature':
        options.temperature = num(value);
        break;
      case 'max_tokens':
      case 'max_completion_tokens':
      case 'num_predict':
        options.maxTokens = num(value);
        break;
      case 'seed':
        options.seed = num(value);
        break;
      case 'top_p':
        options.topP = num(value);
        break;
      case 'stop':
        options.stop = Array.isArray(value) ? value.map(String) : [String(value)];
        break;
      case 'num_ctx':
        options.contextSize = num(value);
        break;
      case 'keep_alive':
        options.keepAlive = value as string | number;
        break;
      case 'format':
        if (value && typeof value === 'object') options.jsonSchema = value as Record<string, unknown>;
        else warn(`${where}: config.format "${String(value)}" ignored (give a JSON Schema object)`);
        break;
      case 'response_format': {
        const rf = value as { type?: string; json_schema?: { schema?: Record<string, unknown> } } | null;
        if (rf?.type === 'json_schema' && rf.json_schema?.schema) options.jsonSchema = rf.json_schema.schema;
        else warn(`${where}: config.response_format ignored (only json_schema is supported)`);
        break;
      }
      case 'apiBaseUrl':
      case 'baseURL':
      case 'baseUrl':
        // A list is an endpoint pool, as a rightsize model's `baseURL: [url, url]`.
        if (Array.isArray(value) && value.length > 1)
          rest.endpoints = value.map((url) => ({ url: String(url) }));
        else if (Array.isArray(value) && value.length === 0)
          warn(`${where}: config.${key} is an empty list and is ignored`);
        else rest.baseURL = String(Array.isArray(value) ? value[0] : value);
        break;
      case 'apiHost':
        rest.baseURL = `https://${String(value)}/v1`;
        break;
      case 'apiKey':
        rest.apiKey = String(value);
        break;
      case 'apiKeyEnvar': {
        const key = env[String(value)];
        if (key) rest.apiKey = key;
        break;
      }
      case 'headers':
        rest.headers = value as Record<string, string>;
        break;
      case 'cost':
        // promptfoo's cost is USD per token, for input and output alike.
        rest.cost = { inputPerMillion: num(value) * 1e6, outputPerMillion: num(value) * 1e6 };
        break;
      default:
        warn(`${where}: config.${key} is not used by rightsize and is ignored`);
    }
  }
  for (const [k, v] of Object.entries(options)) {
    if (typeof v === 'number' && Number.isNaN(v)) {
      throw new UserError(`${where}: config value for ${k} is not a number`);
    }
  }
  return { options, rest };
}
