import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../util/user-error.js';
import { EXIT } from './exit-codes.js';
import { type AskIo, askInitChoices, type InitChoices } from './init-ask.js';
import { checkCandidates, checkName, checkProvider, checkTask } from './init-checks.js';
import { describeDataset, readDataset } from './init-dataset.js';
import { DEFAULT_BASELINE, DEFAULT_CANDIDATES, DEFAULT_TASK } from './init-task-types.js';
import { TASKS } from './init-tasks.js';
import type { SuiteSpec } from './init-yaml.js';
import { displayPath, type Printer } from './print.js';

/** `rightsize init`'s flags as commander parses them. */
export interface InitFlags {
  dir: string;
  name: string;
  task?: string;
  dataset?: string;
  inputColumn?: string;
  expectedColumn?: string;
  baseline?: string;
  candidates?: string;
  yes?: boolean;
  force?: boolean;
}

/** The flags alone, defaults filling the gaps: the non-interactive path (CI, pipes, --yes). */
function choicesFromFlags(flags: InitFlags): InitChoices {
  const baseline = checkProvider(flags.baseline ?? DEFAULT_BASELINE, '--baseline');
  return {
    task: checkTask(flags.task ?? DEFAULT_TASK),
    dataset: flags.dataset === undefined ? undefined : readDataset(flags.dataset),
    columns: { input: flags.inputColumn, expected: flags.expectedColumn },
    baseline,
    candidates: checkCandidates(flags.candidates ?? DEFAULT_CANDIDATES, baseline),
  };
}

function fileRef(fromDir: string, file: string): string {
  const rel = relative(fromDir, file);
  const path = rel === '' || isAbsolute(rel) ? file : rel;
  return `file://${path.split(sep).join('/')}`;
}

/**
 * `rightsize init`: a commented suite for a task type, over the user's dataset (its columns read and
 * used) or a small example written next to it, that validates as written. On a terminal it asks for
 * what the flags leave out.
 */
export async function initCommand(
  flags: InitFlags,
  printer: Printer,
  io: AskIo & { interactive: boolean } = {
    input: process.stdin,
    output: process.stdout,
    interactive: process.stdin.isTTY === true,
  },
): Promise<number> {
  const name = checkName(flags.name);
  if ((flags.inputColumn || flags.expectedColumn) && flags.dataset === undefined && !io.interactive) {
    throw new UserError('--input-column and --expected-column name columns of --dataset, which is not given');
  }
  const dir = resolve(flags.dir);
  const suiteFile = join(dir, `${name}.yaml`);
  const refuseExisting = (f: string) => {
    if (existsSync(f) && !flags.force) {
      throw new UserError(`${displayPath(f)} already exists`, {
        hint: 'pass --force to overwrite it, or choose another --name',
      });
    }
  };
  // Before any question: nobody should answer five of them to learn the name is taken.
  refuseExisting(suiteFile);
  const missing = [flags.task, flags.dataset, flags.baseline, flags.candidates].some((f) => f === undefined);
  const choices =
    io.interactive && missing && !flags.yes ? await askInitChoices(flags, io) : choicesFromFlags(flags);

  const template = TASKS[choices.task];
  const exampleFile = choices.dataset ? undefined : join(dir, `${name}.${template.example.file}`);
  if (exampleFile) refuseExisting(exampleFile);
  // The user's columns are checked before anything is written; the example's always fit.
  const userShape = choices.dataset
    ? describeDataset(choices.dataset, choices.task, choices.columns)
    : undefined;
  mkdirSync(dir, { recursive: true });
  if (exampleFile) writeFileSync(exampleFile, template.example.text);
  const info = choices.dataset ?? readDataset(exampleFile as string);
  const shape = userShape ?? describeDataset(info, choices.task, choices.columns);
  // Editors complete the suite from the JSON Schema shipped with this install.
  const schemaFile = fileURLToPath(new URL('../../schema/suite.schema.json', import.meta.url));
  const spec: SuiteSpec = {
    name,
    task: choices.task,
    baseline: choices.baseline,
    candidates: choices.candidates,
    schemaRef: relative(dir, schemaFile).split(sep).join('/'),
    suitePath: displayPath(suiteFile),
    data: { ...shape, ref: fileRef(dirname(suiteFile), resolve(info.file)), example: !choices.dataset },
  };
  writeFileSync(suiteFile, template.render(spec));

  printer.out(`wrote ${displayPath(suiteFile)}${exampleFile ? ` and ${displayPath(exampleFile)}` : ''}`);
  if (choices.dataset) {
    const extra = [
      shape.context ? `document: ${shape.context}` : '',
      shape.functions ? `functions: ${shape.functions}` : '',
    ].filter(Boolean);
    const answer =
      shape.fields && !shape.expectedIsObject
        ? `fields ${shape.fields.join(', ')}`
        : `expected ${shape.expected}`;
    printer.out(
      `  ${choices.task} over ${displayPath(info.file)}: input ${shape.input}, ${answer}${extra.length ? `, ${extra.join(', ')}` : ''} (change with --input-column / --expected-column)`,
    );
  }
  printer.out(`next: npx rightsize validate ${displayPath(suiteFile)}`);
  return EXIT.ok;
}
