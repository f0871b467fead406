import { didYouMean } from '../util/did-you-mean.js';
import { UserError } from '../util/user-error.js';
import type { Prompt, Row, SourceRef, Suite } from './suite.js';
import { checkTemplateSyntax, type TemplateVariable, templateVariables } from './template.js';

function promptTexts(p: Prompt): string[] {
  return p.template.kind === 'text' ? [p.template.text] : p.template.messages.map((m) => m.content);
}

/** Compile errors are the user's: report them at the prompt's line. */
export function checkPromptSyntax(prompts: Prompt[]): void {
  for (const p of prompts) {
    for (const text of promptTexts(p)) {
      try {
        checkTemplateSyntax(p.engine, text);
      } catch (err) {
        throw new UserError(
          `prompt "${p.label}" does not compile: ${(err as Error).message.split('\n')[0]}`,
          {
            ...p.source,
            hint:
              p.engine === 'handlebars'
                ? 'check the {{ }} pairs and block helpers'
                : 'check the {{ }} and {% %} tags',
          },
        );
      }
    }
  }
}

/**
 * rightsize's rule: a variable the dataset lacks is an error now, not a blank at run time. A variable
 * present in the header but missing from a row (JSONL) is an error naming that row, unless it only
 * guards a block (`{{#if x}}`). `extraTexts` are other templates of the suite file (assertion values,
 * metric labels), each reported at its own line.
 */
export function checkVariablesStrict(
  suite: Pick<Suite, 'prompts' | 'rows' | 'dataset'>,
  extraTexts: { text: string; where: string; source: SourceRef }[] = [],
): void {
  const columns = new Set(suite.dataset.columns);
  const check = (text: string, where: string, source: SourceRef) => {
    for (const v of variablesOf(text, where, source)) {
      if (!columns.has(v.name)) {
        throw new UserError(
          `${where} uses {{${v.name}}}, but the dataset has no column "${v.name}".${didYouMean(v.name, columns)}`,
          {
            ...source,
            hint: `columns are: ${[...columns].join(', ') || '(none)'}; fix the name or add the column`,
          },
        );
      }
      if (v.optional) continue;
      const lacking = suite.rows.find((r: Row) => !(v.name in r.vars));
      if (lacking) {
        throw new UserError(`row "${lacking.id}" has no value for {{${v.name}}} (used by ${where})`, {
          ...lacking.source,
          hint: `add "${v.name}" to this row, or guard it with {{#if ${v.name}}}`,
        });
      }
    }
  };
  for (const p of suite.prompts)
    for (const text of promptTexts(p)) check(text, `prompt "${p.label}"`, p.source);
  for (const e of extraTexts) check(e.text, e.where, e.source);
}

/** Prompts were compiled already; other templates (assertion values) are compiled here, as the user's error. */
function variablesOf(text: string, where: string, source: SourceRef): TemplateVariable[] {
  try {
    return templateVariables('handlebars', text);
  } catch (err) {
    throw new UserError(`${where} does not compile: ${(err as Error).message.split('\n')[0]}`, {
      ...source,
      hint: 'check the {{ }} pairs and block helpers',
    });
  }
}

/** promptfoo's rule: a missing variable renders blank, with a warning. */
export function warnMissingVariables(prompts: Prompt[], rows: Row[], warnings: string[]): void {
  for (const p of prompts) {
    for (const text of promptTexts(p)) {
      for (const v of templateVariables(p.engine, text)) {
        const lacking = rows.filter((r) => !(v.name in r.vars)).length;
        if (lacking > 0) {
          warnings.push(
            `prompt "${p.label}" uses {{ ${v.name} }}, which ${lacking === rows.length ? 'no test provides' : `${lacking} of ${rows.length} tests do not provide`}; it renders blank there`,
          );
        }
      }
    }
  }
}
