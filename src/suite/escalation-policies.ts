import type { AssertionConfig } from '../schema/assertion-config.js';
import { assertionDeclaration } from '../schema/assertion-types.js';
import type { EscalationPolicy } from '../schema/escalation.js';
import type { ModelConfig, Runtime } from '../schema/model-config.js';
import { didYouMean } from '../util/did-you-mean.js';
import { UserError } from '../util/user-error.js';
import { assertionProblem } from './check-assertions.js';
import { formatFieldPath } from './schema-error.js';
import type { Prompt, Suite, TemplateEngine } from './suite.js';
import { templateVariables } from './template.js';
import type { ErrorCollector } from './user-errors.js';
import type { FieldPath, YamlSource } from './yaml-source.js';

/** An `escalate:` list as written, and the path of the list in the suite file. */
export interface WrittenPolicies {
  policies: readonly EscalationPolicy[];
  path: FieldPath;
}

/** Every `escalate:` of a suite file: the top-level one, and those written on a model (by label). */
export interface EscalationDeclarations {
  suiteWide?: WrittenPolicies;
  own: ReadonlyMap<string, WrittenPolicies>;
}

export interface EscalationContext {
  models: readonly ModelConfig[];
  prompts: readonly Prompt[];
  /** The dataset's columns; undefined when the rows could not be read. */
  columns: readonly string[] | undefined;
  repeat: number;
  dir: string;
  layout: Suite['layout'];
}

/**
 * Whether a runtime can return token log-probabilities. `recorded:` answers may carry them; OpenAI-
 * compatible servers and Ollama return them when asked; `gguf:` gives them where node-llama-cpp can
 * (null otherwise, and the confidence signal is then null). Complete over `Runtime`, so a new runtime
 * must say.
 */
const GIVES_LOGPROBS: Record<Runtime, boolean> = {
  recorded: true,
  openai: true,
  ollama: true,
  gguf: true,
  file: false,
  dataset: false,
};

/**
 * Each candidate's escalation policies (its own `escalate:`, else the suite-wide one), with the
 * models updated so that a candidate whose policy reads log-probabilities asks for them
 * (`options.logprobs`). Every problem (a policy on the baseline, duplicate ids, a judge or an
 * expected value in a check, confidence from repeats without repeats) is added to `errors`.
 */
export function resolveEscalation(
  declared: EscalationDeclarations,
  ctx: EscalationContext,
  source: YamlSource,
  errors: ErrorCollector,
): { models: ModelConfig[]; escalation: Map<string, readonly EscalationPolicy[]> } {
  const escalation = new Map<string, readonly EscalationPolicy[]>();
  const checked = new Set<WrittenPolicies>();
  const check = (list: WrittenPolicies) => {
    if (checked.has(list)) return;
    checked.add(list);
    for (const e of policyProblems(list, ctx, source)) errors.add(e);
  };
  const models = ctx.models.map((m): ModelConfig => {
    const own = declared.own.get(m.label);
    if (m.role !== 'candidate') {
      if (own) errors.add(baselineEscalateError(source, own.path, ctx.layout));
      return m;
    }
    const list = own ?? declared.suiteWide;
    if (!list) return m;
    check(list);
    escalation.set(m.label, list.policies);
    const readsLogprobs = list.policies.findIndex((p) => p.confidence?.from === 'logprobs');
    if (readsLogprobs === -1) return m;
    if (!GIVES_LOGPROBS[m.ref.runtime]) {
      errors.add(
        new UserError(
          `candidate "${m.label}": confidence from logprobs needs token log-probabilities, which ${m.ref.runtime}: models do not give`,
          {
            file: source.file,
            line: source.lineOf([...list.path, readsLogprobs, 'confidence', 'from']),
            field: formatFieldPath([...list.path, readsLogprobs, 'confidence', 'from']),
            hint: 'use `from: repeats` (with `repeat:` 2 or more), or a runtime that gives log-probabilities',
          },
        ),
      );
      return m;
    }
    return { ...m, options: { ...m.options, logprobs: true } };
  });
  if (declared.suiteWide) check(declared.suiteWide);
  return { models, escalation };
}

/** `escalate:` written on the baseline: requests escalate to it, so it has no policy of its own. */
export function baselineEscalateError(
  source: YamlSource,
  path: FieldPath,
  layout: Suite['layout'],
): UserError {
  return new UserError(
    'the baseline cannot have `escalate:`: requests escalate from a candidate to the baseline',
    {
      file: source.file,
      line: source.lineOf(path, 'key'),
      field: formatFieldPath(path),
      hint:
        layout === 'promptfoo'
          ? 'move `escalate:` to a candidate provider, or to the top level for every candidate (the baseline is the first provider unless `baseline:` names another)'
          : 'move `escalate:` to a candidate, or to the top level for every candidate',
    },
  );
}

/** The `escalate:` written on a promptfoo provider (`{ id, escalate }` or `{ "<id>": { escalate } }`), with its path. */
export function providerEscalate(provider: unknown, path: FieldPath): WrittenPolicies | undefined {
  if (provider === null || typeof provider !== 'object') return undefined;
  const p = provider as Record<string, unknown>;
  const id = typeof p.id === 'string' ? undefined : Object.keys(p)[0];
  const body = id === undefined ? p : (p[id] as Record<string, unknown> | undefined);
  const policies = body?.escalate as EscalationPolicy[] | undefined;
  if (!policies) return undefined;
  return { policies, path: [...path, ...(id === undefined ? [] : [id]), 'escalate'] };
}

/** The row columns the prompts read: what a request carries in production. */
export function requestColumns(prompts: readonly Prompt[]): Set<string> {
  const columns = new Set<string>();
  for (const p of prompts) {
    const texts = p.template.kind === 'text' ? [p.template.text] : p.template.messages.map((m) => m.content);
    for (const text of texts) {
      try {
        for (const v of templateVariables(p.engine, text)) columns.add(v.name);
      } catch {
        // A prompt that does not compile is reported on its own.
      }
    }
  }
  return columns;
}

function policyProblems(list: WrittenPolicies, ctx: EscalationContext, source: YamlSource): UserError[] {
  const problems: UserError[] = [];
  const at = (path: FieldPath, message: string, hint: string, what: 'value' | 'key' = 'value') =>
    problems.push(
      new UserError(message, {
        file: source.file,
        line: source.lineOf(path, what),
        field: formatFieldPath(path),
        hint,
      }),
    );
  const request = requestColumns(ctx.prompts);
  const engine: TemplateEngine = ctx.layout === 'promptfoo' ? 'nunjucks' : 'handlebars';
  const seen = new Set<string>();
  list.policies.forEach((policy, i) => {
    const path = [...list.path, i];
    if (seen.has(policy.id)) {
      at(
        [...path, 'id'],
        `two escalation policies are both named "${policy.id}"`,
        'give each policy a distinct `id:` (it names the policy in every output)',
      );
    }
    seen.add(policy.id);
    if (policy.confidence?.from === 'repeats' && ctx.repeat < 2) {
      at(
        [...path, 'confidence', 'from'],
        `confidence from repeats needs repeats ≥ 2 (the share of a case's repeats that give the most common answer), and the suite makes each call ${ctx.repeat === 1 ? 'once' : `${ctx.repeat} times`}`,
        ctx.layout === 'promptfoo'
          ? 'set `evaluateOptions.repeat:` to 2 or more (e.g. 5), or use `from: logprobs`'
          : 'set `repeat:` to 2 or more (e.g. 5), or use `from: logprobs`',
      );
    }
    (policy.checks ?? []).forEach((a, j) => {
      const problem = checkProblem(a, [...path, 'checks', j], { ...ctx, request, engine });
      if (problem) at(problem.path, problem.message, problem.hint);
    });
  });
  return problems;
}

interface CheckContext extends EscalationContext {
  request: Set<string>;
  engine: TemplateEngine;
}

type CheckProblem = { path: FieldPath; message: string; hint: string };

/** What is wrong with one escalation check, or null: it must be deterministic and read only the request. */
function checkProblem(a: AssertionConfig, path: FieldPath, ctx: CheckContext): CheckProblem | null {
  const declaration = assertionDeclaration(a.type);
  if (declaration?.kind === 'judge') {
    return {
      path: [...path, 'type'],
      message: `"${a.type}" is a judge assertion, and escalation checks must be deterministic: a judge would add a model call, with its cost and latency, to every production request`,
      hint: 'use a deterministic assertion (is-json, regex, contains, javascript, ...), or keep the judge under `assert:`',
    };
  }
  const own = assertionProblem(a, ctx.dir);
  if (own) {
    return { path: [...path, own.key], message: `assertion "${a.type}": ${own.message}`, hint: own.hint };
  }
  const columns = new Set(ctx.columns ?? []);
  const requestList = [...ctx.request].join(', ') || '(none)';
  const readsAnswer = (what: string, name: string, key: 'value' | 'transform'): CheckProblem => ({
    path: [...path, key],
    message: `the check ${what}, a column no prompt uses: an escalation check runs in production on the candidate's answer alone, before any expected value exists, so it may read only the request's columns`,
    hint: `use only columns the prompts use (${requestList}), or check "${name}" under \`assert:\` instead`,
  });
  for (const text of templateTexts(a.value)) {
    let names: string[];
    try {
      names = templateVariables(ctx.engine, text).map((v) => v.name);
    } catch (err) {
      return {
        path: [...path, 'value'],
        message: `the check's value does not compile: ${(err as Error).message.split('\n')[0]}`,
        hint: 'check the {{ }} pairs',
      };
    }
    for (const name of names) {
      if (ctx.request.has(name)) continue;
      if (ctx.columns !== undefined && !columns.has(name)) {
        return {
          path: [...path, 'value'],
          message: `the check uses {{${name}}}, but the dataset has no column "${name}".${didYouMean(name, ctx.request)}`,
          hint: `an escalation check may read the request's columns (those the prompts use): ${requestList}`,
        };
      }
      return readsAnswer(`uses {{${name}}}`, name, 'value');
    }
  }
  const code: [string | undefined, 'value' | 'transform'][] = [
    [a.transform, 'transform'],
    [
      a.type.replace(/^not-/, '') === 'javascript' && typeof a.value === 'string' ? a.value : undefined,
      'value',
    ],
  ];
  for (const [text, key] of code) {
    for (const name of text === undefined ? [] : varsRead(text)) {
      if (columns.has(name) && !ctx.request.has(name)) return readsAnswer(`reads vars.${name}`, name, key);
    }
  }
  return null;
}

/** The strings of a value that are rendered as templates (as the score stage's renderValue does). */
function templateTexts(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === 'string' && !v.startsWith('file://'));
}

const VARS_READ = /\bvars\s*(?:\?\.|\.)\s*([A-Za-z_$][\w$]*)|\bvars\s*(?:\?\.)?\[\s*(['"`])([^'"`]+)\2\s*\]/g;

/** Row columns JavaScript reads by name (`context.vars.label`, `vars['label']`). */
function varsRead(code: string): string[] {
  return [...code.matchAll(VARS_READ)].map((m) => (m[1] ?? m[3]) as string);
}
