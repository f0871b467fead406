import {
  chatPrompt,
  datasetSection,
  hbs,
  labelPick,
  modelsSection,
  type SuiteSpec,
  suiteFile,
  verdictSection,
} from './init-yaml.js';
import { comment, dq, map, seq, sq } from './init-yaml-nodes.js';

export const CLASSIFICATION_EXAMPLE = {
  file: 'csv',
  text: `id,text,label
t1,I still have not received my new card,card_arrival
t2,How do I top up with a bank transfer?,transfer_into_account
t3,My card payment was declined at the shop,declined_card_payment
t4,Why was I charged twice for one purchase?,transaction_charged_twice
t5,When will my card arrive?,card_arrival
t6,Can I add money by transfer from another bank?,transfer_into_account
`,
} as const;

/** Labels: the exact label, classification metrics, and a verdict per label. */
export function classificationSuite(spec: SuiteSpec): string {
  const d = spec.data;
  const labels = d.labels;
  const instruction = labels
    ? `Classify the message as exactly one of: ${labels.join(', ')}. Answer with the label only.`
    : 'Classify the message. Answer with its label only.';
  const pick = labels ? labelPick(labels) : 'output.trim()';
  const todo = labels
    ? ''
    : `\nTODO: name your labels in the instruction below (${d.expected} has too many distinct values to list).`;
  return suiteFile(spec, 'classification', `Label each ${d.input} with its ${d.expected}.`, [
    ...datasetSection(spec, `The prompt sends ${hbs(d.input)}; the right label is in ${hbs(d.expected)}.`),
    comment(
      `Handlebars templates over the dataset's columns; a column the dataset lacks is an error now, not a
blank at run time. A prompt is a string (one user message) or chat messages.${todo}`,
      { blank: true },
    ),
    ['prompts', chatPrompt('classify', instruction, dq(hbs(d.input)))],
    ...modelsSection(spec, {
      maxTokens: 16,
      maxTokensWhy: 'a label is a few tokens; a chatty answer is cut off',
    }),
    comment(
      `Scored on every row, with promptfoo's assertion names and meanings. \`transform\` is a JavaScript
expression over \`output\` applied first: ${labels ? 'it picks the first label the reply names, so "Billing." counts.' : 'here it trims whitespace.'}`,
      { blank: true },
    ),
    ['assert', seq(map(['type', 'equals'], ['value', dq(hbs(d.expected))], ['transform', sq(pick)]))],
    comment(`Dataset-level metrics: accuracy, per-label precision / recall / F1 and macro-F1. Macro-F1 matters
when labels are unbalanced: always answering the commonest label can look accurate.`),
    [
      'metrics',
      seq(map(['type', 'classification'], ['label', dq(hbs(d.expected))], ['prediction', sq(pick)])),
    ],
    ...verdictSection(spec, {
      margin: '5%',
      marginWhy: 'Switch when the candidate scores within 5% (relative) of the baseline.',
    }),
  ]);
}
