import { dirname, resolve } from 'node:path';
import { decideSettings } from '../schema/decide.js';
import type { ModelConfig, ModelEntry, ModelRole } from '../schema/model-config.js';
import type { PromptConfig, SuiteConfig } from '../schema/suite-schema.js';
import { didYouMean } from '../util/did-you-mean.js';
import { shortHash } from '../util/hash.js';
import { UserError } from '../util/user-error.js';
import { checkPromptSyntax, checkVariablesStrict } from './check-templates.js';
import { classificationMetrics } from './classification-metrics.js';
import {
  type EscalationDeclarations,
  resolveEscalation,
  type WrittenPolicies,
} from './escalation-policies.js';
import { marginFrom } from './margin.js';
import { assertUniqueLabels, type Env, modelFromEntry } from './model-entries.js';
import { readTable } from './read-table.js';
import { readRowAnswers } from './row-answers.js';
import { assertUniqueRowIds, rowFromRecord } from './rows.js';
import type { Prompt, Row, Suite } from './suite.js';
import { suiteDefaults } from './suite-defaults.js';
import { trafficOf } from './traffic.js';
import type { ErrorCollector } from './user-errors.js';
import type { FieldPath, YamlSource } from './yaml-source.js';

/** Strips `file://` and resolves against the suite's folder. */
export function resolveSuitePath(dir: string, ref: string): string {
  return resolve(dir, ref.replace(/^file:\/\//, ''));
}

/**
 * A validated rightsize-layout config as a Suite. Independent checks (rows, prompts, each model,
 * slices, templates) all run and add their problems to `errors`, so one run names every mistake;
 * the caller throws them. A check that needs a part that failed (the columns, a model) is skipped.
 */
export function normalizeRightsize(
  config: SuiteConfig,
  source: YamlSource,
  env: Env,
  errors: ErrorCollector,
): Suite {
  const dir = dirname(source.file);
  const oneSource = Boolean(config.dataset) !== Boolean(config.tests);
  if (config.dataset && config.tests) {
    errors.add(
      new UserError('give either `dataset:` (a file) or `tests:` (inline rows), not both', {
        file: source.file,
        line: source.lineOf(['tests'], 'key'),
      }),
    );
  } else if (!config.dataset && !config.tests) {
    errors.add(
      new UserError('the suite has no rows', {
        file: source.file,
        hint: 'add `dataset: file://path/to/rows.jsonl` (CSV, JSONL, JSON or YAML) or inline `tests:`',
      }),
    );
  }

  let table: { rows: Row[]; columns: string[] } | undefined;
  const datasetFile = config.dataset ? resolveSuitePath(dir, config.dataset) : undefined;
  if (oneSource) {
    table = errors.attempt(() => {
      if (datasetFile) {
        const read = readTable(datasetFile);
        return {
          rows: read.records.map((r) => rowFromRecord(r.value, { file: read.file, line: r.line })),
          columns: read.columns.filter((c) => !c.startsWith('__')),
        };
      }
      const inline = (config.tests ?? []).map((value, i) =>
        rowFromRecord(value, { file: source.file, line: source.lineOf(['tests', i]) }),
      );
      return { rows: inline, columns: [...new Set(inline.flatMap((r) => Object.keys(r.vars)))] };
    });
    const read = table;
    if (read && !errors.passes(() => assertUniqueRowIds(read.rows))) table = undefined;
  }
  const rows = table?.rows ?? [];
  const columns = table?.columns ?? [];

  const promptList = typeof config.prompts === 'string' ? [config.prompts] : config.prompts;
  const prompts = promptList.map((p, i) =>
    promptFrom(p, {
      file: source.file,
      line: source.lineOf(typeof config.prompts === 'string' ? ['prompts'] : ['prompts', i]),
    }),
  );
  errors.attempt(() => assertUniquePromptIds(prompts));

  const entries: [ModelEntry, ModelRole, FieldPath][] = [
    [config.baseline, 'baseline', ['baseline']],
    ...(config.candidates ?? []).map((c, i): [ModelEntry, ModelRole, FieldPath] => [
      c,
      'candidate',
      ['candidates', i],
    ]),
  ];
  const built = entries.map(([entry, role, path]) =>
    errors.attempt(() => modelFromEntry(entry, role, source, path, env)),
  );
  const declared = built.filter((m): m is ModelConfig => m !== undefined);
  if (declared.length === built.length) errors.attempt(() => assertUniqueLabels(declared, source));
  const escalate: EscalationDeclarations = {
    ...(config.escalate ? { suiteWide: { policies: config.escalate, path: ['escalate'] } } : {}),
    own: new Map(
      (config.candidates ?? []).flatMap((c, i): [string, WrittenPolicies][] => {
        const model = built[i + 1];
        return typeof c === 'object' && c.escalate && model
          ? [[model.label, { policies: c.escalate, path: ['candidates', i, 'escalate'] }]]
          : [];
      }),
    ),
  };
  const { models: escalated, escalation } = resolveEscalation(
    escalate,
    {
      models: declared,
      prompts,
      columns: table ? columns : undefined,
      repeat: config.repeat ?? suiteDefaults().repeat,
      dir,
      layout: 'rightsize',
    },
    source,
    errors,
  );
  // Answers and keys taken from the rows (`answers:`, a recorded model's `key:`), once the rows are known.
  const models = table ? (errors.attempt(() => readRowAnswers(escalated, rows)) ?? escalated) : escalated;
  const judge = config.judge
    ? (errors.attempt(() => modelFromEntry(config.judge as ModelEntry, 'judge', source, ['judge'], env)) ??
      null)
    : null;

  for (const column of table ? (config.slices ?? []) : []) {
    if (!columns.includes(column)) {
      errors.add(
        new UserError(`slice column "${column}" is not in the dataset.${didYouMean(column, columns)}`, {
          file: source.file,
          line: source.lineOf(['slices']),
          hint: `columns are: ${columns.join(', ')}`,
        }),
      );
    }
  }

  const suite: Suite = {
    ...suiteDefaults(),
    name: config.name,
    ...(config.description ? { description: config.description } : {}),
    file: source.file,
    dir,
    layout: 'rightsize',
    dataset: { ...(datasetFile ? { file: datasetFile } : {}), columns },
    rows,
    prompts,
    models,
    escalation,
    judge,
    assert: config.assert ?? [],
    metrics: classificationMetrics(config.metrics),
    margin: marginFrom(config.threshold),
    slices: config.slices ?? [],
    gate: config.gate ?? {},
    ...(config.confidence !== undefined ? { confidence: config.confidence } : {}),
    ...(config.repeat !== undefined ? { repeat: config.repeat } : {}),
    ...(config.concurrency !== undefined ? { concurrency: config.concurrency } : {}),
    ...(config.timeoutMs !== undefined ? { timeoutMs: config.timeoutMs } : {}),
    ...(config.maxErrorRate !== undefined ? { maxErrorRate: config.maxErrorRate } : {}),
    ...(config.traffic ? trafficOf(config.traffic) : {}),
    ...(config.seed !== undefined ? { seed: config.seed } : {}),
    decide: decideSettings(config.decide),
    ...(config.slo ? { slo: config.slo } : {}),
  };

  const compiled = prompts.filter((p) => errors.passes(() => checkPromptSyntax([p])));
  // Each at its own line: a typo in an assertion's value is there, not in the prompt.
  const at = (path: (string | number)[]) => ({ file: source.file, line: source.lineOf(path) });
  const valueTemplates = [
    ...suite.assert.flatMap((a, i) =>
      typeof a.value === 'string'
        ? [{ text: a.value, where: `assert[${i}].value`, source: at(['assert', i, 'value']) }]
        : [],
    ),
    ...suite.metrics.map((m, i) => ({
      text: m.label,
      where: `metrics "${m.name}" label`,
      source: at(['metrics', i, 'label']),
    })),
  ];
  if (table) {
    const data = { rows, dataset: suite.dataset };
    for (const p of compiled) errors.attempt(() => checkVariablesStrict({ ...data, prompts: [p] }));
    for (const t of valueTemplates) errors.attempt(() => checkVariablesStrict({ ...data, prompts: [] }, [t]));
  }
  return suite;
}

function promptFrom(p: PromptConfig, source: Prompt['source']): Prompt {
  if (typeof p === 'string') {
    return {
      id: `prompt-${shortHash(p, 8)}`,
      label: labelOf(p),
      engine: 'handlebars',
      template: { kind: 'text', text: p },
      source,
    };
  }
  if ('template' in p) {
    const id = p.id ?? `prompt-${shortHash(p.template, 8)}`;
    return {
      id,
      label: p.label ?? p.id ?? labelOf(p.template),
      engine: 'handlebars',
      template: { kind: 'text', text: p.template },
      source,
    };
  }
  const id = p.id ?? `prompt-${shortHash(p.messages, 8)}`;
  const lastUser =
    [...p.messages].reverse().find((m) => m.role === 'user')?.content ?? p.messages[0]?.content ?? '';
  return {
    id,
    label: p.label ?? p.id ?? labelOf(lastUser),
    engine: 'handlebars',
    template: { kind: 'chat', messages: p.messages },
    source,
  };
}

export function labelOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 40 ? `${flat.slice(0, 40)}…` : flat;
}

export function assertUniquePromptIds(prompts: Prompt[]): void {
  const seen = new Set<string>();
  for (const p of prompts) {
    if (seen.has(p.id)) {
      throw new UserError(`two prompts share the id "${p.id}"`, {
        ...p.source,
        hint: 'give each prompt a distinct `id:`',
      });
    }
    seen.add(p.id);
  }
}
