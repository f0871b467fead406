import { toJSONSchema } from 'zod';
import { suiteSchema } from './suite-schema.js';

/** The suite format as JSON Schema (for editors), generated from the loader's own zod schema. */
export function suiteJsonSchema(): string {
  const schema = toJSONSchema(suiteSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });
  return `${JSON.stringify({ ...schema, title: 'rightsize suite' }, null, 2)}\n`;
}
