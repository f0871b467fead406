import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { suiteJsonSchema } from '../../src/schema/suite-json-schema.js';

describe('schema/suite.schema.json', () => {
  it('is exactly what the loader schema generates (run `npm run schema` after changing it)', () => {
    const checkedIn = readFileSync(new URL('../../schema/suite.schema.json', import.meta.url), 'utf8');
    expect(checkedIn).toBe(suiteJsonSchema());
  });

  it('lets an editor complete top-level keys and assertion types', () => {
    const schema = JSON.parse(suiteJsonSchema()) as {
      properties: Record<string, { items?: { properties?: { type?: { enum?: string[] } } } }>;
      required: string[];
    };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['name', 'dataset', 'prompts', 'baseline', 'candidates', 'gate']),
    );
    expect(schema.required).toEqual(expect.arrayContaining(['name', 'prompts', 'baseline']));
    expect(schema.properties.assert?.items?.properties?.type?.enum).toEqual(
      expect.arrayContaining(['equals', 'not-regex', 'llm-rubric']),
    );
  });
});
