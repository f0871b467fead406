import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { decideSettings } from '../schema/decide.js';
import type { ModelConfig } from '../schema/model-config.js';
import type { PromptfooConfig } from '../schema/promptfoo-schema.js';
import type { AssertionConfig } from '../schema/suite-schema.js';
import { shortHash } from '../util/hash.js';
import { UserError } from '../util/user-error.js';
import { checkPromptSyntax, warnMissingVariables } from './check-templates.js';
import { classificationMetrics } from './classification-metrics.js';
import { providerEscalate, resolveEscalation, type WrittenPolicies } from './escalation-policies.js';
import { marginFrom } from './margin.js';
import {
  assertUniqueLabels,
  type Env,
  modelFromEntry,
  optionsFromPromptfooConfig,
  withRef,
} from './model-entries.js';
import { assertUniquePromptIds, labelOf, resolveSuitePath } from './normalize-rightsize.js';
import { readTable } from './read-table.js';
import { readRowAnswers } from './row-answers.js';
import { assertUniqueRowIds, rowFromRecord } from './rows.js';
import type { Prompt, Row, Suite } from './suite.js';
import { suiteDefaults } from './suite-defaults.js';
import { trafficOf } from './traffic.js';
import { ErrorCollector } from './user-errors.js';
import type { YamlSource } from './yaml-source.js';

/** A validated promptfoo config as a Suite, keeping promptfoo's meanings (see docs/architecture.md). */
export function normalizePromptfoo(
  config: PromptfooConfig,
  source: YamlSource,
  env: Env,
  name: string,
): Suite {
  const dir = dirname(source.file);
  const warnings: string[] = [];
  for (const key of [
    'outputPath',
    'sharing',
    'writeLatestResults',
    'commandLineOptions',
    'tracing',
  ] as const) {
    if (config[key] !== undefined)
      warnings.push(`promptfoo's \`${key}\` has no effect in rightsize and is ignored`);
  }

  const prompts = readPrompts(config.prompts, dir, source);
  assertUniquePromptIds(prompts);
  checkPromptSyntax(prompts);

  const providerList = config.providers ?? config.targets;
  const providerKey = config.providers ? 'providers' : 'targets';
  const providers =
    providerList === undefined ? [] : Array.isArray(providerList) ? providerList : [providerList];
  const models: ModelConfig[] = providers.map((p, i) =>
    providerToModel(p, source, [providerKey, i], env, warnings),
  );
  // rightsize's extension: a provider's own `escalate:`, by the label its model got.
  const ownEscalate = new Map(
    providers.flatMap((p, i): [string, WrittenPolicies][] => {
      const written = providerEscalate(p, [providerKey, i]);
      const label = models[i]?.label;
      return written && label !== undefined ? [[label, written]] : [];
    }),
  );
  if (config.baseline !== undefined) {
    const named =
      typeof config.baseline === 'string'
        ? config.baseline
        : (config.baseline.id ?? config.baseline.provider);
    const index = models.findIndex((m) => m.label === named || m.provider === named);
    if (index >= 0) models.unshift(...models.splice(index, 1));
    else models.unshift(modelFromEntry(config.baseline, 'baseline', source, ['baseline'], env));
  }
  if (models.length === 0) {
    throw new UserError('the config names no model', {
      file: source.file,
      hint: 'add `providers:` (the first one is the baseline unless `baseline:` names another)',
    });
  }
  const roled = models.map((m, i) => ({
    ...m,
    role: i === 0 ? ('baseline' as const) : ('candidate' as const),
  }));
  assertUniqueLabels(roled, source);
  for (const m of roled) {
    for (const wanted of m.prompts ?? []) {
      if (!prompts.some((p) => p.id === wanted || p.label === wanted)) {
        throw new UserError(
          `provider "${m.label}" asks for prompt "${wanted}", which no prompt is labelled`,
          {
            file: source.file,
            hint: `prompt labels are: ${prompts.map((p) => p.label).join(', ')}`,
          },
        );
      }
    }
  }

  const defaultTest = readDefaultTest(config.defaultTest, dir, source);
  const rows = readTests(config.tests, dir, source).map((row) => applyDefaultTest(row, defaultTest, dir));
  if (rows.length === 0) {
    throw new UserError('the config has no tests', {
      file: source.file,
      hint: 'add `tests:` (a list or file://tests.csv)',
    });
  }
  assertUniqueRowIds(rows);
  warnMissingVariables(prompts, rows, warnings);

  const judgeEntry = defaultTest.options?.provider;
  const judge =
    judgeEntry !== undefined
      ? providerToModel(
          judgeEntry as PromptfooProvider,
          source,
          ['defaultTest', 'options', 'provider'],
          env,
          warnings,
        )
      : config.judge
        ? modelFromEntry(config.judge, 'judge', source, ['judge'], env)
        : null;

  const columns = [...new Set(rows.flatMap((r) => Object.keys(r.vars)))];
  const errors = new ErrorCollector();
  const { models: escalating, escalation } = resolveEscalation(
    {
      ...(config.escalate ? { suiteWide: { policies: config.escalate, path: ['escalate'] } } : {}),
      own: ownEscalate,
    },
    {
      models: roled,
      prompts,
      columns,
      repeat: config.evaluateOptions?.repeat ?? suiteDefaults().repeat,
      dir,
      layout: 'promptfoo',
    },
    source,
    errors,
  );
  errors.throwAll();
  // Answers and keys taken from the rows (`answers:`, a recorded model's `key:`).
  const answered = readRowAnswers(escalating, rows);

  return {
    ...suiteDefaults(),
    name,
    ...(config.description ? { description: config.description } : {}),
    file: source.file,
    dir,
    layout: 'promptfoo',
    dataset: { columns },
    rows,
    prompts,
    models: answered,
    escalation,
    judge: judge ? { ...judge, role: 'judge' } : null,
    assert: [],
    ...(defaultTest.options ? { defaultOptions: defaultTest.options } : {}),
    metrics: classificationMetrics(config.metrics),
    margin: marginFrom(config.threshold),
    slices: config.slices ?? [],
    gate: config.gate ?? {},
    warnings,
    ...(config.confidence !== undefined ? { confidence: config.confidence } : {}),
    ...(config.evaluateOptions?.repeat ? { repeat: config.evaluateOptions.repeat } : {}),
    ...(config.evaluateOptions?.maxConcurrency ? { concurrency: config.evaluateOptions.maxConcurrency } : {}),
    ...(config.evaluateOptions?.timeoutMs ? { timeoutMs: config.evaluateOptions.timeoutMs } : {}),
    ...(config.maxErrorRate !== undefined ? { maxErrorRate: config.maxErrorRate } : {}),
    ...(config.traffic ? trafficOf(config.traffic) : {}),
    ...(config.seed !== undefined ? { seed: config.seed } : {}),
    decide: decideSettings(config.decide),
    ...(config.slo ? { slo: config.slo } : {}),
  };
}

type PromptfooProvider =
  | string
  | { id?: string; label?: string; config?: Record<string, unknown>; prompts?: string[] }
  | Record<string, unknown>;

function providerToModel(
  p: PromptfooProvider,
  source: YamlSource,
  path: (string | number)[],
  env: Env,
  warnings: string[],
): ModelConfig {
  if (typeof p === 'string')
    return withRef({ label: p, provider: p, role: 'candidate', options: {} }, source, path);
  let id = typeof p.id === 'string' ? p.id : undefined;
  let body: Record<string, unknown> = p as Record<string, unknown>;
  if (!id) {
    // The `{ "openai:gpt-4o": { config } }` form.
    const keys = Object.keys(p);
    id = keys[0];
    body = (p as Record<string, Record<string, unknown>>)[id as string] ?? {};
    path = [...path, id as string];
  }
  const label = typeof body.label === 'string' ? body.label : (id as string);
  const config = (body.config as Record<string, unknown>) ?? {};
  // A file:// provider's config is its own (promptfoo hands it over whole); others map to our options.
  const own = (id as string).startsWith('file://');
  const { options, rest } = own
    ? { options: {}, rest: body.config ? { providerConfig: config } : {} }
    : optionsFromPromptfooConfig(config, (w) => warnings.push(w), `provider "${label}"`, env);
  return withRef(
    {
      label,
      provider: id as string,
      role: 'candidate',
      options,
      ...rest,
      ...(Array.isArray(body.prompts) ? { prompts: body.prompts.map(String) } : {}),
      // rightsize's extension: recorded answers keyed by a dataset column (`key:`), as in its own layout.
      ...(typeof body.key === 'string' ? { recordedKey: { column: body.key, byRow: new Map() } } : {}),
    },
    source,
    [...path, ...(typeof p.id === 'string' ? ['id'] : [])],
    undefined,
    undefined,
    path,
  );
}

function readPrompts(spec: PromptfooConfig['prompts'], dir: string, source: YamlSource): Prompt[] {
  const list = Array.isArray(spec) ? spec : [spec];
  return list.flatMap((item, i): Prompt[] => {
    const at = { file: source.file, line: source.lineOf(Array.isArray(spec) ? ['prompts', i] : ['prompts']) };
    if (typeof item === 'string') {
      return item.startsWith('file://')
        ? promptsFromFile(resolveSuitePath(dir, item), at)
        : [textPrompt(item, at)];
    }
    const raw = item.raw ?? '';
    const loaded = raw.startsWith('file://')
      ? promptsFromFile(resolveSuitePath(dir, raw), at)
      : [textPrompt(raw, at)];
    return loaded.map((p) => ({
      ...p,
      id: item.id ?? item.label ?? p.id,
      label: item.label ?? item.id ?? p.label,
    }));
  });
}

function textPrompt(text: string, source: Prompt['source']): Prompt {
  return {
    id: `prompt-${shortHash(text, 8)}`,
    label: labelOf(text),
    engine: 'nunjucks',
    template: { kind: 'text', text },
    source,
  };
}

/** promptfoo prompt files: text split on `---` lines, or JSON/YAML chat messages. */
function promptsFromFile(file: string, at: Prompt['source']): Prompt[] {
  if (!existsSync(file))
    throw new UserError(`prompt file not found: ${file}`, {
      ...at,
      hint: 'paths are relative to the config file',
    });
  const text = readFileSync(file, 'utf8');
  const ext = extname(file).toLowerCase();
  const source = { file, line: 1 };
  if (ext === '.json' || ext === '.yaml' || ext === '.yml') {
    // A chat prompt file is rendered as a whole and read as messages after rendering, as promptfoo does.
    return [
      {
        ...textPrompt(ext === '.json' ? text : JSON.stringify(parseYaml(text)), source),
        label: `file://${file}`,
      },
    ];
  }
  if (ext === '.jsonl') {
    return text
      .split('\n')
      .map((l, i) => ({ l, i }))
      .filter(({ l }) => l.trim() !== '')
      .map(({ l, i }) => ({ ...textPrompt(l, { file, line: i + 1 }), label: `file://${file}:${i + 1}` }));
  }
  if (ext === '.txt' || ext === '.md' || ext === '' || ext === '.j2' || ext === '.njk') {
    return text
      .split(/\r?\n---\r?\n/)
      .map((t) => t.trim())
      .filter((t) => t !== '')
      .map((t) => textPrompt(t, source));
  }
  throw new UserError(`prompt file type "${ext}" is not supported`, {
    ...at,
    hint: 'use .txt (prompts separated by --- lines), .json/.yaml chat messages, or .jsonl',
  });
}

interface DefaultTest {
  vars?: Record<string, unknown>;
  assert?: AssertionConfig[];
  options?: Record<string, unknown>;
  threshold?: number;
}

function readDefaultTest(spec: PromptfooConfig['defaultTest'], dir: string, source: YamlSource): DefaultTest {
  if (spec === undefined) return {};
  if (typeof spec === 'string') {
    const file = resolveSuitePath(dir, spec);
    if (!existsSync(file))
      throw new UserError(`defaultTest file not found: ${file}`, {
        file: source.file,
        line: source.lineOf(['defaultTest']),
      });
    return parseYaml(readFileSync(file, 'utf8')) as DefaultTest;
  }
  return spec as DefaultTest;
}

function readTests(spec: PromptfooConfig['tests'], dir: string, source: YamlSource): Row[] {
  if (spec === undefined) return [];
  const list = Array.isArray(spec) ? spec : [spec];
  return list.flatMap((item, i): Row[] => {
    if (typeof item === 'string') {
      const table = readTable(resolveSuitePath(dir, item), 'tests');
      return table.records.map((r) => rowFromRecord(r.value, { file: table.file, line: r.line }));
    }
    const line = source.lineOf(Array.isArray(spec) ? ['tests', i] : ['tests']);
    return [rowFromRecord({ vars: {}, ...(item as Record<string, unknown>) }, { file: source.file, line })];
  });
}

/** defaultTest's vars under the test's, its assertions before the test's, `file://` vars read in. */
function applyDefaultTest(row: Row, d: DefaultTest, dir: string): Row {
  const vars: Record<string, unknown> = { ...(d.vars ?? {}), ...row.vars };
  for (const [k, v] of Object.entries(vars)) {
    if (typeof v === 'string' && v.startsWith('file://')) {
      const file = resolveSuitePath(dir, v);
      if (!existsSync(file))
        throw new UserError(`var "${k}" reads a file that does not exist: ${file}`, row.source);
      vars[k] = readFileSync(file, 'utf8');
    }
  }
  return {
    ...row,
    vars,
    assert: [...(d.assert ?? []), ...row.assert],
    ...(d.options || row.options ? { options: { ...(d.options ?? {}), ...(row.options ?? {}) } } : {}),
    ...((row.threshold ?? d.threshold) ? { threshold: row.threshold ?? d.threshold } : {}),
  };
}
