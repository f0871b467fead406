import { dirname, resolve } from 'node:path';
import type { PromptConfig, SuiteConfig } from '../schema/suite-schema.js';
import { shortHash } from '../util/hash.js';
import { UserError } from '../util/user-error.js';
import { checkPromptSyntax, checkVariablesStrict } from './check-templates.js';
import { marginFrom } from './margin.js';
import { assertUniqueLabels, type Env, modelFromEntry } from './model-entries.js';
import { readTable } from './read-table.js';
import { assertUniqueRowIds, rowFromRecord } from './rows.js';
import type { Prompt, Row, Suite } from './suite.js';
import { suiteDefaults } from './suite-defaults.js';
import type { YamlSource } from './yaml-source.js';

/** Strips `file://` and resolves against the suite's folder. */
export function resolveSuitePath(dir: string, ref: string): string {
  return resolve(dir, ref.replace(/^file:\/\//, ''));
}

/** A validated rightsize-layout config as a Suite. */
export function normalizeRightsize(config: SuiteConfig, source: YamlSource, env: Env): Suite {
  const dir = dirname(source.file);
  if (config.dataset && config.tests) {
    throw new UserError('give either `dataset:` (a file) or `tests:` (inline rows), not both', {
      file: source.file,
      line: source.lineOf(['tests'], 'key'),
    });
  }
  if (!config.dataset && !config.tests) {
    throw new UserError('the suite has no rows', {
      file: source.file,
      hint: 'add `dataset: file://path/to/rows.jsonl` (CSV, JSONL, JSON or YAML) or inline `tests:`',
    });
  }

  let rows: Row[];
  let columns: string[];
  let datasetFile: string | undefined;
  if (config.dataset) {
    datasetFile = resolveSuitePath(dir, config.dataset);
    const table = readTable(datasetFile);
    rows = table.records.map((r) => rowFromRecord(r.value, { file: table.file, line: r.line }));
    columns = table.columns.filter((c) => !c.startsWith('__'));
  } else {
    rows = (config.tests ?? []).map((value, i) =>
      rowFromRecord(value, { file: source.file, line: source.lineOf(['tests', i]) }),
    );
    columns = [...new Set(rows.flatMap((r) => Object.keys(r.vars)))];
  }
  assertUniqueRowIds(rows);

  const promptList = typeof config.prompts === 'string' ? [config.prompts] : config.prompts;
  const prompts = promptList.map((p, i) =>
    promptFrom(p, {
      file: source.file,
      line: source.lineOf(typeof config.prompts === 'string' ? ['prompts'] : ['prompts', i]),
    }),
  );
  assertUniquePromptIds(prompts);

  const models = [
    modelFromEntry(config.baseline, 'baseline', source, ['baseline'], env),
    ...(config.candidates ?? []).map((c, i) =>
      modelFromEntry(c, 'candidate', source, ['candidates', i], env),
    ),
  ];
  assertUniqueLabels(models, source);
  const judge = config.judge ? modelFromEntry(config.judge, 'judge', source, ['judge'], env) : null;

  for (const column of config.slices ?? []) {
    if (!columns.includes(column)) {
      throw new UserError(`slice column "${column}" is not in the dataset`, {
        file: source.file,
        line: source.lineOf(['slices']),
        hint: `columns are: ${columns.join(', ')}`,
      });
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
    judge,
    assert: config.assert ?? [],
    metrics: (config.metrics ?? []).map((m, i) => ({
      type: m.type,
      name: m.name ?? (i === 0 ? 'classification' : `classification-${i + 1}`),
      label: m.label,
      ...(m.prediction ? { prediction: m.prediction } : {}),
    })),
    margin: marginFrom(config.threshold),
    slices: config.slices ?? [],
    gate: config.gate ?? {},
    ...(config.confidence !== undefined ? { confidence: config.confidence } : {}),
    ...(config.repeat !== undefined ? { repeat: config.repeat } : {}),
    ...(config.concurrency !== undefined ? { concurrency: config.concurrency } : {}),
    ...(config.timeoutMs !== undefined ? { timeoutMs: config.timeoutMs } : {}),
    ...(config.maxErrorRate !== undefined ? { maxErrorRate: config.maxErrorRate } : {}),
    ...(config.traffic ? { requestsPerDay: config.traffic.requestsPerDay } : {}),
    ...(config.seed !== undefined ? { seed: config.seed } : {}),
  };

  checkPromptSyntax(prompts);
  const valueTemplates = [
    ...suite.assert.flatMap((a, i) =>
      typeof a.value === 'string' ? [{ text: a.value, where: `assert[${i}].value` }] : [],
    ),
    ...suite.metrics.map((m) => ({ text: m.label, where: `metrics "${m.name}" label` })),
  ];
  checkVariablesStrict(suite, valueTemplates);
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
