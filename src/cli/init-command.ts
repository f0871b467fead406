import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseProviderId } from '../schema/provider-id.js';
import { UserError } from '../util/user-error.js';
import { EXIT } from './exit-codes.js';
import type { InitFlags } from './main.js';
import { displayPath, type Printer } from './print.js';

const DATASET = `id,text,label
t1,I still have not received my new card,card_arrival
t2,How do I top up with a bank transfer?,transfer_into_account
t3,My card payment was declined at the shop,declined_card_payment
t4,Why was I charged twice for one purchase?,transaction_charged_twice
t5,When will my card arrive?,card_arrival
t6,Can I add money by transfer from another bank?,transfer_into_account
`;

function suiteYaml(flags: InitFlags, candidates: string[], schemaRef: string): string {
  return `# yaml-language-server: $schema=${schemaRef}
# A rightsize suite: can a small local model take over this task from the frontier baseline?
# Check it without calling any model:   npx rightsize validate ${flags.name}.yaml
# Run it:                                npx rightsize run ${flags.name}.yaml
name: ${flags.name}
description: Route customer messages to one of four intents.

# Rows to evaluate: CSV, JSONL, JSON or YAML, relative to this file. An \`id\` column keeps row ids
# stable; without one, ids are derived from each row's content.
dataset: file://${flags.name}.csv

# Handlebars templates over the dataset's columns. A column the dataset lacks is an error now,
# not a blank at run time. A prompt is a string (one user message) or chat messages.
prompts:
  - id: route
    messages:
      - role: system
        content: >-
          Classify the customer's message as exactly one of: card_arrival, transfer_into_account,
          declined_card_payment, transaction_charged_twice. Answer with the label only.
      - role: user
        content: "{{text}}"

# The model you use today, and the small models that might replace it.
baseline: ${flags.baseline}
candidates:
${candidates.map((c) => `  - ${c}`).join('\n')}

# Scored on every row; promptfoo's assertion names and meanings.
assert:
  - type: equals
    value: "{{label}}"
    transform: output.trim()

# Switch when the candidate scores within 5% (relative) of the baseline, with 95% confidence.
threshold: 5%

# CI fails (exit code 1) unless some candidate earns the \`switch\` verdict.
gate:
  requireSwitch: any
`;
}

/** `rightsize init`: a commented suite and a small dataset that validate as written. */
export function initCommand(flags: InitFlags, printer: Printer): number {
  if (!/^[\w.-]+$/.test(flags.name)) {
    throw new UserError(`--name "${flags.name}": use letters, digits, ".", "_" or "-"`);
  }
  const candidates = flags.candidates
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  for (const id of [flags.baseline, ...candidates]) {
    const parsed = parseProviderId(id);
    if (!parsed.ok) throw new UserError(parsed.message, { field: '--baseline / --candidates' });
  }
  const dir = resolve(flags.dir);
  mkdirSync(dir, { recursive: true });
  const suiteFile = join(dir, `${flags.name}.yaml`);
  const dataFile = join(dir, `${flags.name}.csv`);
  for (const f of [suiteFile, dataFile]) {
    if (existsSync(f) && !flags.force) {
      throw new UserError(`${displayPath(f)} already exists`, {
        hint: 'pass --force to overwrite it, or choose another --name',
      });
    }
  }
  writeFileSync(dataFile, DATASET);
  // Editors complete the suite from the JSON Schema shipped with this install.
  const schemaFile = fileURLToPath(new URL('../../schema/suite.schema.json', import.meta.url));
  writeFileSync(suiteFile, suiteYaml(flags, candidates, relative(dir, schemaFile)));
  printer.out(`wrote ${displayPath(suiteFile)} and ${displayPath(dataFile)}`);
  printer.out(`next: npx rightsize validate ${displayPath(suiteFile)}`);
  return EXIT.ok;
}
