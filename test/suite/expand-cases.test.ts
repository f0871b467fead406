import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseId, expandCases, templateEnvFrom } from '../../src/suite/expand-cases.js';
import { loadSuite } from '../../src/suite/load-suite.js';
import { tempFiles } from '../helpers/temp-files.js';

const SUITE =
  'name: x\ndataset: d.csv\nprompts:\n  - id: p\n    template: "Q: {{q}}"\nbaseline: openai:gpt-4o\ncandidates: [ollama:qwen2.5:0.5b]\nrepeat: 2\n';

describe('expandCases', () => {
  it('makes prompt × row × model × repeat cases, baseline first, with rendered messages', () => {
    const suite = loadSuite(
      join(tempFiles({ 's.yaml': SUITE, 'd.csv': 'id,q\na,"1 < 2 & ""x"""\nb,two\n' }), 's.yaml'),
    );
    const cases = expandCases(suite);
    expect(cases).toHaveLength(8);
    expect(cases.map((c) => `${c.role}/${c.rowId}/${c.repeat}`)).toEqual([
      'baseline/a/0',
      'baseline/a/1',
      'baseline/b/0',
      'baseline/b/1',
      'candidate/a/0',
      'candidate/a/1',
      'candidate/b/0',
      'candidate/b/1',
    ]);
    // Prompts are not HTML: nothing is escaped.
    expect(cases[0]?.messages).toEqual([{ role: 'user', content: 'Q: 1 < 2 & "x"' }]);
    expect(new Set(cases.map((c) => c.id)).size).toBe(8);
  });

  it('gives the same case the same id across loads, and a different id when any part differs', () => {
    const dir = tempFiles({ 's.yaml': SUITE, 'd.csv': 'id,q\na,1\n' });
    const first = expandCases(loadSuite(join(dir, 's.yaml'))).map((c) => c.id);
    const second = expandCases(loadSuite(join(dir, 's.yaml'))).map((c) => c.id);
    expect(second).toEqual(first);
    const base = caseId('a', 'p', 'm', 0);
    expect([
      caseId('b', 'p', 'm', 0),
      caseId('a', 'q', 'm', 0),
      caseId('a', 'p', 'n', 0),
      caseId('a', 'p', 'm', 1),
    ]).not.toContain(base);
  });

  it('never hands secrets to templates as `env`', () => {
    expect(
      templateEnvFrom({ HOME: '/root', OPENAI_API_KEY: 'sk-x', GITHUB_TOKEN: 't', DB_PASSWORD: 'p' }),
    ).toEqual({ HOME: '/root' });
  });
});
