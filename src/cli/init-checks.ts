import { parseProviderId } from '../schema/provider-id.js';
import { UserError } from '../util/user-error.js';
import { isTaskType, TASK_TYPES, type TaskType } from './init-task-types.js';

/** Each check throws one UserError (exit 2) naming the flag and the fix; the prompts reuse them to re-ask. */

export function checkTask(value: string): TaskType {
  const v = value.trim().toLowerCase();
  if (isTaskType(v)) return v;
  throw new UserError(`--task "${value}": unknown task type`, {
    hint: `use one of ${TASK_TYPES.join(', ')}`,
  });
}

export function checkProvider(id: string, flag: string): string {
  const parsed = parseProviderId(id.trim());
  if (!parsed.ok) throw new UserError(parsed.message, { field: flag });
  return id.trim();
}

/** Comma-separated candidates: at least one, each a provider id, none twice nor the baseline again. */
export function checkCandidates(value: string, baseline: string): string[] {
  const ids = value
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  if (ids.length === 0) {
    throw new UserError('no candidates: name at least one model that might replace the baseline', {
      field: '--candidates',
      hint: 'e.g. --candidates ollama:qwen2.5:0.5b,ollama:llama3.2:1b',
    });
  }
  const seen = new Set([baseline]);
  for (const id of ids) {
    checkProvider(id, '--candidates');
    if (seen.has(id)) {
      const why = id === baseline ? 'is the baseline; a candidate is another model' : 'is listed twice';
      throw new UserError(`"${id}" ${why}`, { field: '--candidates' });
    }
    seen.add(id);
  }
  return ids;
}

export function checkName(name: string): string {
  if (!/^[\w.-]+$/.test(name)) {
    throw new UserError(`--name "${name}": use letters, digits, ".", "_" or "-"`);
  }
  return name;
}
