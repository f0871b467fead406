import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { askInitChoices } from '../../src/cli/init-ask.js';
import { initCommand } from '../../src/cli/init-command.js';
import type { Printer } from '../../src/cli/print.js';
import { UserError } from '../../src/util/user-error.js';
import { cli } from '../helpers/cli.js';
import { tempFiles } from '../helpers/temp-files.js';

/** A terminal stand-in: the answers typed, and everything init wrote back. */
function terminal(answers: string[]) {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (d: Buffer) => {
    shown += d.toString();
  });
  input.end(answers.map((a) => `${a}\n`).join(''));
  return { input, output, shown: () => shown };
}

const quiet: Printer = { out: () => {}, err: () => {}, warn: () => {} };

describe('rightsize init on a terminal', () => {
  it('asks for each choice the flags leave out, re-asking after a bad answer', async () => {
    const dir = tempFiles({ 'mail.jsonl': '{"id":"a","body":"Ann, Monday","fields":{"name":"Ann"}}\n' });
    const term = terminal([
      'poetry', // not a task: asked again
      '2', // extraction
      join(dir, 'missing.csv'), // no such file: asked again
      join(dir, 'mail.jsonl'),
      '', // input column: the guess (body)
      'nope', // not a column: asked again
      'fields',
      'openai:gpt-4o-mini',
      'ollama:qwen2.5:0.5b, gguf:tiny.gguf',
    ]);
    const choices = await askInitChoices({}, term);
    expect(choices).toMatchObject({
      task: 'extraction',
      columns: { input: 'body', expected: 'fields' },
      baseline: 'openai:gpt-4o-mini',
      candidates: ['ollama:qwen2.5:0.5b', 'gguf:tiny.gguf'],
    });
    expect(choices.dataset?.columns).toEqual(['id', 'body', 'fields']);
    const shown = term.shown();
    expect(shown).toContain('2. extraction: pull fields out of text as JSON');
    expect(shown).toContain('--task "poetry": unknown task type (use one of classification, extraction');
    expect(shown).toContain('missing.csv: no such file');
    expect(shown).toContain('Columns: id, body, fields');
    expect(shown).toContain('Column sent to the model [body]: ');
    expect(shown).toContain('no column "nope"');
    expect(shown).toContain('Baseline (the model you use today) [openai:gpt-4o]: ');
  });

  it('asks nothing the flags answer, and takes the defaults on Enter', async () => {
    const term = terminal(['']);
    const choices = await askInitChoices(
      { task: 'math', baseline: 'openai:gpt-4o', candidates: 'ollama:qwen2.5:1.5b' },
      term,
    );
    expect(choices).toMatchObject({ task: 'math', dataset: undefined, candidates: ['ollama:qwen2.5:1.5b'] });
    expect(term.shown()).toBe('Dataset file (CSV, JSONL, JSON or YAML; Enter for a small example): ');
  });

  it('cancels on end of input (Ctrl-D) with exit 130', async () => {
    const err = await askInitChoices({}, terminal(['1'])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err).toMatchObject({ exitCode: 130, message: 'init cancelled; nothing was written' });
  });

  it('writes a suite from the answers that validates', async () => {
    const dir = tempFiles({ 'q.csv': 'question,answer\nWhat is 2+2?,4\nWhat is 3+3?,6\n' });
    const term = terminal(['math', join(dir, 'q.csv'), '', '', '', '']);
    const code = await initCommand({ dir: join(dir, 'out'), name: 'sums' }, quiet, {
      ...term,
      interactive: true,
    });
    expect(code).toBe(0);
    expect(readFileSync(join(dir, 'out', 'sums.yaml'), 'utf8')).toContain('dataset: "file://../q.csv"');
    const v = cli(['validate', join(dir, 'out', 'sums.yaml')]);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toContain('2 rows; columns: question, answer');
    expect(v.stdout).toContain('baseline    openai:gpt-4o\n');
  });

  it('asks nothing with --yes', async () => {
    const dir = tempFiles({});
    const term = terminal([]);
    const code = await initCommand({ dir, name: 'x', yes: true, task: 'qa' }, quiet, {
      ...term,
      interactive: true,
    });
    expect(code).toBe(0);
    expect(term.shown()).toBe('');
    expect(cli(['validate', join(dir, 'x.yaml')]).code).toBe(0);
  });
});
