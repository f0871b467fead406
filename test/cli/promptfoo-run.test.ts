import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliAsync } from '../helpers/cli.js';
import { tempFiles } from '../helpers/temp-files.js';
import { type OpenAIChatBody, type OpenAITestServer, startOpenAIServer } from '../servers/openai-server.js';

let server: OpenAITestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Answers like a model that knows two capitals and answers JSON when asked for it. */
function reply(body: OpenAIChatBody): string[] {
  const text = body.messages.map((m) => m.content).join(' ');
  if (text.includes('JSON')) return ['{"city": "Paris"}'];
  return [text.includes('France') ? 'Paris' : text.includes('Japan') ? 'Tokyo' : 'I do not know'];
}

describe('a promptfooconfig.yaml runs through rightsize run unchanged', () => {
  it('with defaultTest, CSV tests with __expected, a file:// test file and promptfoo assertion types', async () => {
    server = await startOpenAIServer({ reply, models: [] });
    const dir = tempFiles({
      'promptfooconfig.yaml': [
        'description: capitals',
        'prompts:',
        '  - "What is the capital of {{country}}?"',
        'providers:',
        '  - id: openai:chat:gpt-4o',
        '    label: big',
        `    config: { apiBaseUrl: "${server.url}", apiKey: sk-test, temperature: 0 }`,
        '  - id: openai:chat:small-model',
        '    label: small',
        `    config: { apiBaseUrl: "${server.url}", apiKey: sk-test, temperature: 0 }`,
        'defaultTest:',
        '  assert:',
        '    - type: not-icontains',
        '      value: sorry',
        'tests:',
        '  - file://tests.csv',
        '  - file://more.yaml',
      ].join('\n'),
      'tests.csv':
        'country,__expected\nFrance,icontains: paris\nJapan,equals: Tokyo\nPeru,"contains-any: Lima,lima"\n',
      'more.yaml': [
        '- vars: { country: "France (answer in JSON)" }',
        '  assert:',
        '    - type: is-json',
        '      value: { type: object, required: [city] }',
        '    - type: javascript',
        '      value: JSON.parse(output).city === "Paris"',
      ].join('\n'),
    });
    const r = await cliAsync(['run', 'promptfooconfig.yaml', '--out', 'out', '--no-cache'], { cwd: dir });
    expect(r.stderr).not.toContain('internal error');
    expect(r.code, r.stderr).toBe(0);
    const scores = readFileSync(join(dir, 'out', 'scores.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as { model: string; pass: boolean; assertions: { type: string; pass: boolean }[] },
      );
    expect(scores).toHaveLength(8);
    // Peru is the one row neither model knows; everything else passes every assertion.
    expect(
      scores.filter((s) => !s.pass),
      JSON.stringify(scores.map((s) => s.assertions)),
    ).toHaveLength(2);
    const json = scores.find((s) => s.assertions.some((a) => a.type === 'is-json'));
    expect(json?.assertions.map((a) => [a.type, a.pass])).toEqual([
      ['not-icontains', true],
      ['is-json', true],
      ['javascript', true],
    ]);
    const summary = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')) as {
      models: { id: string; passRate: number }[];
    };
    expect(summary.models.map((m) => [m.id, m.passRate])).toEqual([
      ['big', 0.75],
      ['small', 0.75],
    ]);
  });
});
