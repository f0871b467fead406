import { createInterface } from 'node:readline/promises';
import { UserError } from '../util/user-error.js';
import { checkCandidates, checkProvider, checkTask } from './init-checks.js';
import { type ColumnOverrides, type DatasetInfo, describeDataset, readDataset } from './init-dataset.js';
import { DEFAULT_BASELINE, DEFAULT_CANDIDATES, TASK_TYPES, type TaskType } from './init-task-types.js';
import { TASKS } from './init-tasks.js';

/** What init needs; each is a flag, or asked for on a terminal. */
export interface InitChoices {
  task: TaskType;
  /** The user's dataset, read; undefined writes the task's example. */
  dataset: DatasetInfo | undefined;
  columns: ColumnOverrides;
  baseline: string;
  candidates: string[];
}

export interface AskIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

export interface Given {
  task?: string | undefined;
  dataset?: string | undefined;
  inputColumn?: string | undefined;
  expectedColumn?: string | undefined;
  baseline?: string | undefined;
  candidates?: string | undefined;
}

/**
 * Asks, one question at a time, for whatever the flags left out; a default is taken with Enter, and a
 * bad answer is explained and asked again. Ctrl-C or end of input cancels (exit 130, nothing written).
 */
export async function askInitChoices(given: Given, io: AskIo): Promise<InitChoices> {
  const rl = createInterface({ input: io.input, output: io.output });
  // Lines are read through the iterator, which queues them: answers typed (or piped) ahead are kept.
  const lines = rl[Symbol.asyncIterator]();
  rl.on('SIGINT', () => rl.close());
  const say = (text: string) => io.output.write(`${text}\n`);
  const ask = async <T>(question: string, fallback: string, check: (answer: string) => T): Promise<T> => {
    for (;;) {
      // readline's own prompt, so that its line editing redraws the question with the answer.
      rl.setPrompt(`${question}${fallback ? ` [${fallback}]` : ''}: `);
      rl.prompt();
      const next = await lines.next();
      if (next.done) {
        io.output.write('\n');
        throw new UserError('init cancelled; nothing was written', { exitCode: 130 });
      }
      const answer = String(next.value).trim() || fallback;
      try {
        return check(answer);
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        say(`  ${e.message}${e.hint ? ` (${e.hint})` : ''}`);
      }
    }
  };
  try {
    let task: TaskType;
    if (given.task) task = checkTask(given.task);
    else {
      say('What does the model do?');
      TASK_TYPES.forEach((t, i) => {
        say(`  ${i + 1}. ${t}: ${TASKS[t].summary}`);
      });
      task = await ask('Task (number or name)', '1', (a) => checkTask(TASK_TYPES[Number(a) - 1] ?? a));
    }
    const dataset =
      given.dataset !== undefined
        ? readDataset(given.dataset)
        : await ask('Dataset file (CSV, JSONL, JSON or YAML; Enter for a small example)', '', (a) =>
            a ? readDataset(a, 'dataset') : undefined,
          );
    const columns: ColumnOverrides = { input: given.inputColumn, expected: given.expectedColumn };
    if (dataset && (!columns.input || !columns.expected)) {
      const guess = describeDataset(dataset, task, columns);
      say(`Columns: ${dataset.columns.join(', ')}`);
      const column = (a: string) => {
        if (!dataset.columns.includes(a)) throw new UserError(`no column "${a}"`);
        return a;
      };
      columns.input ??= await ask('Column sent to the model', guess.input, column);
      columns.expected ??= await ask('Column with the right answer', guess.expected, column);
    }
    const baseline = given.baseline
      ? checkProvider(given.baseline, '--baseline')
      : await ask('Baseline (the model you use today)', DEFAULT_BASELINE, (a) =>
          checkProvider(a, 'baseline'),
        );
    const candidates = given.candidates
      ? checkCandidates(given.candidates, baseline)
      : await ask('Candidates (comma-separated)', DEFAULT_CANDIDATES, (a) => checkCandidates(a, baseline));
    return { task, dataset, columns, baseline, candidates };
  } finally {
    rl.close();
  }
}
