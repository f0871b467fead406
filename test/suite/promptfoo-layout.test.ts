import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandCases } from '../../src/suite/expand-cases.js';
import { loadSuite } from '../../src/suite/load-suite.js';
import type { UserError } from '../../src/util/user-error.js';
import { tempFiles } from '../helpers/temp-files.js';

describe("loadSuite: promptfoo's layout", () => {
  const files = {
    'promptfooconfig.yaml': [
      'description: Capital cities',
      'prompts:',
      '  - file://prompts.txt',
      '  - id: chat',
      '    label: chat',
      '    raw: file://chat.json',
      'providers:',
      '  - id: openai:chat:gpt-4o-mini',
      '    label: frontier',
      '    config: { temperature: 0, max_tokens: 50, apiKey: sk-test-secret }',
      '  - ollama:chat:llama3.2:1b',
      '  - id: ollama:completion:qwen2.5:0.5b',
      '    prompts: [chat]',
      'defaultTest:',
      '  vars: { style: terse }',
      '  assert:',
      '    - type: icontains',
      '      value: "{{capital}}"',
      '  options:',
      '    provider: ollama:chat:llama3.2:3b',
      'tests:',
      '  - file://tests.csv',
      '  - vars: { country: Peru, capital: Lima }',
      '    assert:',
      '      - type: not-contains',
      '        value: "I am sorry"',
    ].join('\n'),
    'prompts.txt':
      'Capital of {{ country }}? Be {{ style }}.\n---\nName the capital city of {{ country | upper }}.\n',
    'chat.json':
      '[{"role": "system", "content": "Be {{ style }}."}, {"role": "user", "content": {{ country | dump }}}]',
    'tests.csv': 'country,capital,__expected\nFrance,Paris,contains:Paris\nJapan,Tokyo,\n',
  };

  it('reads prompts, providers, defaultTest and tests with promptfoo meanings', () => {
    const dir = tempFiles(files);
    const suite = loadSuite(join(dir, 'promptfooconfig.yaml'), {});
    expect(suite.layout).toBe('promptfoo');
    expect(suite.name).toBe(dir.split('/').pop());
    expect(suite.prompts.map((p) => p.engine)).toEqual(['nunjucks', 'nunjucks', 'nunjucks']);
    expect(suite.prompts[2]?.id).toBe('chat');
    expect(suite.models.map((m) => [m.label, m.role, m.ref.runtime, m.ref.model, m.ref.api])).toEqual([
      ['frontier', 'baseline', 'openai', 'gpt-4o-mini', 'chat'],
      ['ollama:chat:llama3.2:1b', 'candidate', 'ollama', 'llama3.2:1b', 'chat'],
      ['ollama:completion:qwen2.5:0.5b', 'candidate', 'ollama', 'qwen2.5:0.5b', 'completion'],
    ]);
    expect(suite.models[0]?.options).toEqual({ temperature: 0, maxTokens: 50 });
    expect(suite.models[0]?.apiKey).toBe('sk-test-secret');
    expect(suite.judge?.provider).toBe('ollama:chat:llama3.2:3b');
    expect(suite.rows).toHaveLength(3);
    // defaultTest assertions come first, then the row's own (from __expected or assert:).
    expect(suite.rows[0]?.assert.map((a) => a.type)).toEqual(['icontains', 'contains']);
    expect(suite.rows[1]?.assert.map((a) => a.type)).toEqual(['icontains']);
    expect(suite.rows[2]?.assert.map((a) => a.type)).toEqual(['icontains', 'not-contains']);
    expect(suite.rows[2]?.vars).toEqual({ style: 'terse', country: 'Peru', capital: 'Lima' });
  });

  it('renders with Nunjucks, reads JSON chat prompts, and honours a provider prompts filter', () => {
    const suite = loadSuite(join(tempFiles(files), 'promptfooconfig.yaml'), {});
    const cases = expandCases(suite);
    // 3 prompts × 3 rows for two models, 1 prompt × 3 rows for the filtered one.
    expect(cases).toHaveLength(21);
    const peru = cases.filter((c) => c.rowId === suite.rows[2]?.id && c.model === 'frontier');
    expect(peru.map((c) => c.messages)).toEqual([
      [{ role: 'user', content: 'Capital of Peru? Be terse.' }],
      [{ role: 'user', content: 'Name the capital city of PERU.' }],
      [
        { role: 'system', content: 'Be terse.' },
        { role: 'user', content: 'Peru' },
      ],
    ]);
    expect(
      new Set(cases.filter((c) => c.model === 'ollama:completion:qwen2.5:0.5b').map((c) => c.promptId)),
    ).toEqual(new Set(['chat']));
  });

  it('lets `baseline:` pick a provider other than the first', () => {
    const dir = tempFiles({
      ...files,
      'promptfooconfig.yaml': `${files['promptfooconfig.yaml']}\nbaseline: ollama:chat:llama3.2:1b\n`,
    });
    expect(
      loadSuite(join(dir, 'promptfooconfig.yaml'), {}).models.map((m) => m.role === 'baseline' && m.label),
    ).toEqual(['ollama:chat:llama3.2:1b', false, false]);
  });

  it('renders a variable no test provides as blank, with a warning (promptfoo leniency)', () => {
    const dir = tempFiles({
      'promptfooconfig.yaml':
        'prompts: ["Hi {{ name }}{{ missing }}"]\nproviders: [openai:gpt-4o]\ntests:\n  - vars: { name: Ada }\n',
    });
    const suite = loadSuite(join(dir, 'promptfooconfig.yaml'), {});
    expect(suite.warnings.join('\n')).toContain('{{ missing }}, which no test provides');
    expect(expandCases(suite)[0]?.messages).toEqual([{ role: 'user', content: 'Hi Ada' }]);
  });

  it('names unsupported promptfoo features and unknown keys clearly', () => {
    const scenarios = tempFiles({
      'promptfooconfig.yaml': 'prompts: [x]\nproviders: [openai:gpt-4o]\nscenarios: []\n',
    });
    expect(() => loadSuite(join(scenarios, 'promptfooconfig.yaml'))).toThrow(/scenarios are not supported/);
    const typo = tempFiles({
      'promptfooconfig.yaml':
        'prompts: [x]\nproviders: [openai:gpt-4o]\ndefaultTets: {}\ntests: [{vars: {}}]\n',
    });
    try {
      loadSuite(join(typo, 'promptfooconfig.yaml'));
      expect.unreachable();
    } catch (err) {
      expect((err as UserError).format()).toContain(
        'promptfooconfig.yaml:3: unknown key "defaultTets". Did you mean "defaultTest"?',
      );
    }
    const anthropic = tempFiles({
      'promptfooconfig.yaml':
        'prompts: [x]\nproviders: [anthropic:messages:claude-3-5-sonnet]\ntests: [{vars: {}}]\n',
    });
    expect(() => loadSuite(join(anthropic, 'promptfooconfig.yaml'))).toThrow(
      /unknown provider "anthropic:messages:claude-3-5-sonnet"/,
    );
  });

  it('names a misspelt key as the cause, with its line, before anything later in the file', () => {
    const message = (config: string) => {
      const dir = tempFiles({ 'promptfooconfig.yaml': config });
      try {
        loadSuite(join(dir, 'promptfooconfig.yaml'));
      } catch (err) {
        return (err as UserError).format((f) => f.slice(dir.length + 1));
      }
      return expect.unreachable();
    };
    // Without `providers:` the file has no key only promptfoo's layout has, and was read as rightsize's.
    expect(message('prompts: [x]\nprovidres: [openai:gpt-4o]\ntests: [{vars: {}}]\n')).toBe(
      'promptfooconfig.yaml:2: unknown key "providres". Did you mean "providers"?\n  fix: rename `providres:` to `providers:`',
    );
    expect(message('providers: [openai:gpt-4o]\ntests: [{vars: {}}]\npromtps: [x]\n')).toBe(
      'promptfooconfig.yaml:3: unknown key "promtps". Did you mean "prompts"?\n  fix: rename `promtps:` to `prompts:`',
    );
    // An unsupported key further down comes after the typo above it.
    const both = message(
      'prompts: [x]\nproviders: [openai:gpt-4o]\ndefaultTets: {}\ntests: [{vars: {}}]\nscenarios: []\n',
    );
    expect(both.split('\n').filter((l) => !l.startsWith('  fix:'))).toEqual([
      'promptfooconfig.yaml:3: unknown key "defaultTets". Did you mean "defaultTest"?',
      'promptfooconfig.yaml:5: `scenarios`: promptfoo scenarios are not supported; list the tests directly under `tests:`',
    ]);
  });
});
