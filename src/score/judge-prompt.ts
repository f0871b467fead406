import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { UserError } from '../util/user-error.js';
import type { JudgeKind } from './judge-answer.js';

/** Built-in judge prompts live as data in templates/judges/ (two levels above both src/score and dist/score). */
const BUILT_IN_DIR = fileURLToPath(new URL('../../templates/judges/', import.meta.url));

export interface JudgePromptVars {
  input: string;
  output: string;
  /** The assertion's value: the rubric, criterion or expert answer. */
  rubric: string;
  outputA?: string;
  outputB?: string;
  vars: Record<string, unknown>;
}

export type JudgeTemplate = (vars: JudgePromptVars) => string;

const builtIns = new Map<JudgeKind, JudgeTemplate>();

function compile(source: string, where: { file?: string; field?: string }): JudgeTemplate {
  try {
    const template = Handlebars.compile(source, { noEscape: true, strict: false });
    // Compile eagerly: Handlebars defers syntax errors to the first render.
    template({ input: '', output: '', rubric: '', vars: {} });
    return template;
  } catch (err) {
    throw new UserError(
      `the judge prompt does not compile: ${err instanceof Error ? err.message : String(err)}`,
      {
        ...where,
        hint: 'fix the Handlebars syntax of the prompt ({{output}}, {{rubric}}, {{input}}, {{outputA}}, {{outputB}})',
      },
    );
  }
}

/** The built-in prompt of a judge kind. */
export function builtInJudgePrompt(kind: JudgeKind): JudgeTemplate {
  let t = builtIns.get(kind);
  if (!t) {
    const file = `${BUILT_IN_DIR}${kind}.hbs`;
    t = compile(readFileSync(file, 'utf8'), { file });
    builtIns.set(kind, t);
  }
  return t;
}

/**
 * The prompt an assertion's judge gets: its `rubricPrompt` (inline text or `file://` relative to the
 * suite) when given, else the built-in one. An override must ask for the same JSON answer.
 */
export function judgePrompt(
  kind: JudgeKind,
  rubricPrompt: unknown,
  ctx: { suiteDir: string; field: string; file?: string },
): JudgeTemplate {
  if (rubricPrompt === undefined || rubricPrompt === null) return builtInJudgePrompt(kind);
  const where = { field: ctx.field, ...(ctx.file ? { file: ctx.file } : {}) };
  if (typeof rubricPrompt !== 'string') {
    throw new UserError('rubricPrompt must be a prompt text or a file:// path', where);
  }
  if (rubricPrompt.startsWith('file://')) {
    const path = rubricPrompt.slice('file://'.length);
    const file = isAbsolute(path) ? path : resolve(ctx.suiteDir, path);
    let source: string;
    try {
      source = readFileSync(file, 'utf8');
    } catch {
      throw new UserError(`judge prompt file not found: ${file}`, {
        ...where,
        hint: 'check the path, relative to the suite file',
      });
    }
    return compile(source, { file });
  }
  return compile(rubricPrompt, where);
}
