import { isRecord } from '../util/unknown-value.js';

/** One callable function, as OpenAI describes it: a name and a JSON Schema of its arguments. */
export interface FunctionDefinition {
  name: string;
  parameters?: unknown;
}

/**
 * The functions an `is-valid-*-call` assertion checks against. promptfoo reads them from the
 * provider's `config.functions` / `config.tools`; rightsize has no tool-calling provider config, so
 * they are written on the assertion: `value` (a list) or `config.functions` / `config.tools`. Either
 * shape is accepted in each place: `{ name, parameters }` or `{ type: function, function: {...} }`.
 * Null when none is given.
 */
export function functionDefinitions(
  value: unknown,
  config: Record<string, unknown> | undefined,
): FunctionDefinition[] | null {
  const lists = [value, config?.functions, config?.tools].filter(Array.isArray);
  if (lists.length === 0) return null;
  return lists.flat().flatMap((item): FunctionDefinition[] => {
    if (!isRecord(item)) return [];
    const fn = item.type === 'function' && isRecord(item.function) ? item.function : item;
    return typeof fn.name === 'string'
      ? [{ name: fn.name, ...('parameters' in fn ? { parameters: fn.parameters } : {}) }]
      : [];
  });
}
