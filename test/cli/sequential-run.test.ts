import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResultRecord } from '../../src/schema/result-record.js';
import type { Summary } from '../../src/schema/summary.js';
import { cliAsync } from '../helpers/cli.js';
import { tempFiles } from '../helpers/temp-files.js';
import { type OllamaChatBody, type OllamaTestServer, startOllamaServer } from '../servers/ollama-server.js';
import { type OpenAIChatBody, type OpenAITestServer, startOpenAIServer } from '../servers/openai-server.js';

let servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

/** Row i asks for the number i; its right answer is "A{i}". */
const rowsCsv = (n: number) =>
  `id,n,answer\n${Array.from({ length: n }, (_, i) => `r${i},${i},A${i}`).join('\n')}\n`;
const numberIn = (text: string) => Number(/number (\d+)/.exec(text)?.[1] ?? -1);
const right = (n: number) => [`A${n}`];
const wrong = () => ['no idea'];

/** The baseline is right on 9 rows in 10 (not on multiples of 10). */
const baselineReply = (body: OpenAIChatBody) => {
  const n = numberIn(body.messages.map((m) => m.content).join(' '));
  return n % 10 === 0 ? wrong() : right(n);
};
/** `same` agrees with the baseline on every row; `poor` is right on every other row only. */
const candidateReply = (poor: boolean) => (body: OllamaChatBody) => {
  const n = numberIn((body.messages ?? []).map((m) => m.content).join(' '));
  if (n % 10 === 0) return wrong();
  return poor && n % 2 === 1 ? wrong() : right(n);
};

async function setup(
  rows: number,
): Promise<{ dir: string; ollama: OllamaTestServer; openai: OpenAITestServer }> {
  const ollama = await startOllamaServer({
    models: [
      { name: 'same:1b', reply: candidateReply(false) },
      { name: 'poor:1b', reply: candidateReply(true) },
    ],
  });
  const openai = await startOpenAIServer({ reply: baselineReply, apiKey: 'sk-test' });
  servers.push(ollama, openai);
  const dir = tempFiles({
    'suite.yaml': [
      'name: seq',
      'dataset: file://data.csv',
      'prompts:',
      '  - id: ask',
      '    template: "Say the code for number {{n}}"',
      'baseline:',
      '  id: frontier',
      '  provider: openai:gpt-4o-mini',
      `  baseURL: ${openai.url}`,
      '  apiKey: sk-test',
      'candidates:',
      '  - id: same',
      '    provider: ollama:same:1b',
      '  - id: poor',
      '    provider: ollama:poor:1b',
      'assert:',
      '  - type: equals',
      '    value: "{{answer}}"',
      'decide:',
      '  mode: sequential',
      '  batch: 50',
    ].join('\n'),
    'data.csv': rowsCsv(rows),
  });
  return { dir, ollama, openai };
}

const readJsonl = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as ResultRecord);
const readSummary = (dir: string) => JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;
const ollamaCalls = (s: OllamaTestServer, model: string) =>
  s.requests.filter((r) => r.path === '/api/chat' && (r.body as { model?: string }).model === model).length;

describe('rightsize run --sequential (loopback servers count every call)', () => {
  it('stops each candidate once settled and calls the baseline only while one is left, saving calls', async () => {
    const { dir, ollama, openai } = await setup(1000);
    const env = { OLLAMA_HOST: ollama.url };
    const r = await cliAsync(['run', 'suite.yaml', '--out', 'out'], { cwd: dir, env });
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    const summary = readSummary(join(dir, 'out'));
    expect(summary.procedure).toBe('sequential');
    const same = summary.candidates.find((c) => c.id === 'same');
    const poor = summary.candidates.find((c) => c.id === 'poor');
    expect(same?.verdict).toBe('switch');
    expect(poor?.verdict).toBe('keep');
    for (const c of [same, poor]) {
      expect(c?.sequential?.stoppedAt).toBe('decided');
      expect(c?.sequential?.casesAvailable).toBe(1000);
      // Stopped at a look: a whole number of batches.
      expect((c?.sequential?.casesUsed ?? 0) % 50).toBe(0);
      expect(c?.sequential?.callsSaved).toBe(1000 - (c?.sequential?.casesUsed ?? 0));
    }
    // A clearly worse candidate settles before one as good as the baseline.
    expect(poor?.sequential?.casesUsed).toBeLessThan(same?.sequential?.casesUsed ?? 0);
    // What the servers received is exactly what the summary says was used: the saving is real.
    expect(ollamaCalls(ollama, 'same:1b')).toBe(same?.sequential?.casesUsed);
    expect(ollamaCalls(ollama, 'poor:1b')).toBe(poor?.sequential?.casesUsed);
    const baselineUsed = Math.max(same?.sequential?.casesUsed ?? 0, poor?.sequential?.casesUsed ?? 0);
    expect(openai.calls('/v1/chat/completions')).toBe(baselineUsed);
    expect(summary.sequential).toMatchObject({
      batch: 50,
      casesAvailable: 1000,
      baselineCasesUsed: baselineUsed,
      baselineCallsSaved: 1000 - baselineUsed,
    });
    const total = openai.calls('/v1/chat/completions') + ollama.calls('/api/chat');
    expect(total).toBeLessThan(0.6 * 3000);
    // Every record says where in the order its case was; the cases used are the order's first ones.
    const records = readJsonl(join(dir, 'out', 'results.jsonl'));
    expect(records.every((x) => typeof x.sequence === 'number' && x.sequence < baselineUsed)).toBe(true);
    expect(r.stdout).toContain('sequential: switch settled after');
    expect(readFileSync(join(dir, 'out', 'summary.md'), 'utf8')).toContain('calls not made');

    // compare replays the looks from the records: a stricter margin that the recorded cases cannot
    // settle says so, calling nothing, and is not taken for a run that stopped short.
    const calls = openai.calls() + ollama.calls();
    const strict = await cliAsync(['compare', 'out', '--margin', '1%'], { cwd: dir, env });
    expect(strict.code).toBe(0);
    const replayed = readSummary(join(dir, 'out', 'compare-margin-1pct'));
    expect(replayed.complete).toBe(true);
    const strictSame = replayed.candidates.find((c) => c.id === 'same');
    expect(strictSame?.sequential?.stoppedAt).toBe('records-end');
    expect(strictSame?.verdict).toBe('inconclusive');
    expect(openai.calls() + ollama.calls()).toBe(calls);
    // The run's own outputs are untouched and still say what the run decided.
    expect(readSummary(join(dir, 'out')).candidates.find((c) => c.id === 'same')?.verdict).toBe('switch');
  }, 120_000);

  it('a killed run resumes in the same order, pays no call twice and reaches the same verdict', async () => {
    const { dir, ollama, openai } = await setup(600);
    const env = { OLLAMA_HOST: ollama.url };
    expect((await cliAsync(['run', 'suite.yaml', '--out', 'whole'], { cwd: dir, env })).code).toBe(0);
    const whole = readSummary(join(dir, 'whole'));
    const records = readFileSync(join(dir, 'whole', 'results.jsonl'), 'utf8')
      .trim()
      .split('\n');
    const callsWhole = openai.calls('/v1/chat/completions') + ollama.calls('/api/chat');
    expect(records).toHaveLength(callsWhole);

    // As a kill leaves a run: the records finished so far (mid-batch, in the order they finished), no
    // scores, no outputs. run.json is the one the run wrote before its first call.
    const cut = Math.floor(records.length * 0.55);
    const killed = tempFiles({
      'results.jsonl': `${records.slice(0, cut).join('\n')}\n`,
      'run.json': readFileSync(join(dir, 'whole', 'run.json'), 'utf8'),
    });
    const before = openai.calls('/v1/chat/completions') + ollama.calls('/api/chat');
    const r = await cliAsync(['run', 'suite.yaml', '--resume', killed], { cwd: dir, env });
    expect(r.code).toBe(0);
    const after = openai.calls('/v1/chat/completions') + ollama.calls('/api/chat');
    // Only the calls the kill lost were made again; none of the recorded ones.
    expect(after - before).toBe(records.length - cut);
    const resumed = readSummary(killed);
    expect(resumed.candidates).toEqual(whole.candidates);
    expect(resumed.sequential).toEqual(whole.sequential);
  }, 120_000);

  it('--continue goes on from where the data ran out, on a larger dataset, without calling a used case again', async () => {
    const { dir, ollama, openai } = await setup(100);
    const env = { OLLAMA_HOST: ollama.url };
    expect((await cliAsync(['run', 'suite.yaml', '--out', 'out'], { cwd: dir, env })).code).toBe(0);
    const first = readSummary(join(dir, 'out'));
    const same = first.candidates.find((c) => c.id === 'same');
    // 100 cases that all agree do not settle a 5% margin yet: read from the sequence, with how many more would.
    expect(same?.verdict).toBe('inconclusive');
    expect(same?.sequential).toMatchObject({ stoppedAt: 'end-of-data', casesUsed: 100, casesAvailable: 100 });
    expect(same?.sequential?.moreCasesNeeded).toBeGreaterThan(0);
    expect(first.candidates.find((c) => c.id === 'poor')?.sequential?.stoppedAt).toBe('decided');
    const used = new Set(readJsonl(join(dir, 'out', 'results.jsonl')).map((r) => r.rowId));
    expect(used.size).toBe(100);

    writeFileSync(join(dir, 'data.csv'), rowsCsv(400));
    const before = { same: ollamaCalls(ollama, 'same:1b'), poor: ollamaCalls(ollama, 'poor:1b') };
    const baselineBefore = openai.calls('/v1/chat/completions');
    const r = await cliAsync(['run', 'suite.yaml', '--continue', 'out'], { cwd: dir, env });
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    const next = readSummary(join(dir, 'out'));
    const again = next.candidates.find((c) => c.id === 'same');
    expect(again?.verdict).toBe('switch');
    expect(again?.sequential?.casesAvailable).toBe(400);
    const added = (again?.sequential?.casesUsed ?? 0) - 100;
    expect(added).toBeGreaterThan(0);
    // Only the new cases were called, and only for the candidate still open (and its baseline).
    expect(ollamaCalls(ollama, 'same:1b') - before.same).toBe(added);
    expect(ollamaCalls(ollama, 'poor:1b') - before.poor).toBe(0);
    expect(openai.calls('/v1/chat/completions') - baselineBefore).toBe(added);
    const records = readJsonl(join(dir, 'out', 'results.jsonl'));
    const firstRows = records.filter((x) => (x.sequence ?? -1) < 100).map((x) => x.rowId);
    expect(new Set(firstRows)).toEqual(used);
  }, 120_000);

  it('--continue on a run that was not sequential is bad input (exit 2), before any call', async () => {
    const { dir, ollama } = await setup(20);
    const fixed = readFileSync(join(dir, 'suite.yaml'), 'utf8').replace(/decide:[\s\S]*$/, '');
    writeFileSync(join(dir, 'fixed.yaml'), fixed);
    const env = { OLLAMA_HOST: ollama.url };
    expect((await cliAsync(['run', 'fixed.yaml', '--out', 'out'], { cwd: dir, env })).code).toBe(0);
    const calls = ollama.calls('/api/chat');
    const r = await cliAsync(['run', 'suite.yaml', '--continue', 'out'], { cwd: dir, env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('was not sequential');
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(ollama.calls('/api/chat')).toBe(calls);
  }, 60_000);

  it('judge calls follow their case: only the outputs of the cases used are judged', async () => {
    const { dir, ollama, openai } = await setup(600);
    const judge = await startOpenAIServer({
      reply: (body) => {
        const output = /<output>\n([\s\S]*?)\n<\/output>/.exec(
          body.messages.map((m) => m.content).join('\n'),
        )?.[1];
        const pass = output?.startsWith('A') ?? false;
        return [JSON.stringify({ reason: pass ? 'gives a code' : 'no code', pass, score: pass ? 1 : 0 })];
      },
      models: [],
    });
    servers.push(judge);
    const suite = readFileSync(join(dir, 'suite.yaml'), 'utf8')
      .replace(
        /assert:\n {2}- type: equals\n {4}value: "\{\{answer\}\}"/,
        'assert:\n  - type: llm-rubric\n    value: gives a code',
      )
      .concat(
        `\njudge:\n  id: grader\n  provider: openai:gpt-4o\n  baseURL: ${judge.url}\n  apiKey: sk-judge\n`,
      );
    expect(suite).toContain('llm-rubric');
    writeFileSync(join(dir, 'judged.yaml'), suite);
    const r = await cliAsync(['run', 'judged.yaml', '--out', 'out', '--no-cache'], {
      cwd: dir,
      env: { OLLAMA_HOST: ollama.url },
    });
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    const summary = readSummary(join(dir, 'out'));
    const used = summary.candidates.map((c) => c.sequential?.casesUsed ?? 0);
    expect(summary.candidates.every((c) => c.sequential?.stoppedAt === 'decided')).toBe(true);
    // One judge call per output made: the baseline's and each candidate's, on the cases they were called on.
    const outputs = openai.calls('/v1/chat/completions') + ollama.calls('/api/chat');
    expect(outputs).toBe(Math.max(...used) + used.reduce((a, b) => a + b, 0));
    expect(judge.calls('/v1/chat/completions')).toBe(outputs);
    expect(readJsonl(join(dir, 'out', 'results.jsonl')).filter((x) => x.role === 'judge')).toHaveLength(
      outputs,
    );
    expect(outputs).toBeLessThan(3 * 600);
  }, 120_000);
});
