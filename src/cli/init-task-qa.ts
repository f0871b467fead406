import {
  chatPrompt,
  datasetSection,
  hbs,
  JUDGE_NOTE,
  labelPick,
  modelsSection,
  type Section,
  type SuiteSpec,
  suiteFile,
  verdictSection,
} from './init-yaml.js';
import { BLANK, comment, dq, literal, map, seq, sq } from './init-yaml-nodes.js';

const POLICY =
  'Orders ship within 2 business days. Standard delivery takes 3 to 5 days; express takes 1 day and costs 9 euros. Items can be returned within 30 days if unused, and refunds reach the card in 5 to 7 days. Gift cards cannot be returned.';

export const QA_EXAMPLE = {
  file: 'jsonl',
  text: `${[
    ['q1', 'How long does standard delivery take?', '3 to 5 days'],
    ['q2', 'What does express delivery cost?', '9 euros'],
    ['q3', 'How long do I have to return an unused item?', '30 days'],
    ['q4', 'Can I return a gift card?', 'No'],
    ['q5', 'When does a refund reach my card?', 'In 5 to 7 days'],
    ['q6', 'How soon are orders shipped?', 'Within 2 business days'],
  ]
    .map(([id, question, answer]) => JSON.stringify({ id, question, context: POLICY, answer }))
    .join('\n')}\n`,
} as const;

/** Answers from a document: the exact answer when answers are a closed set, else a factuality judge. */
export function qaSuite(spec: SuiteSpec): string {
  const d = spec.data;
  const closed = d.labels;
  const user = d.context
    ? literal(`Document:\n${hbs(d.context)}\n\nQuestion: ${hbs(d.input)}`)
    : dq(hbs(d.input));
  const instruction = closed
    ? `Answer the question${d.context ? ' from the document' : ''} with exactly one of: ${closed.join(', ')}.`
    : `Answer the question${d.context ? ' from the document only' : ''}, briefly: a few words or one sentence. If ${d.context ? 'the document' : 'you'} cannot answer it, say so.`;
  const scoring: Section = closed
    ? [
        comment(
          `The exact answer. \`transform\` (a JavaScript expression over \`output\`) picks the first of the
answers the reply names, so "Yes." counts; \`equals\` then compares it with the row's answer.`,
          { blank: true },
        ),
        [
          'assert',
          seq(map(['type', 'equals'], ['value', dq(hbs(d.expected))], ['transform', sq(labelPick(closed))])),
        ],
        comment(`Accuracy and macro-F1 over the answers: with unbalanced answers, always saying the commonest one
looks accurate but has a poor macro-F1.`),
        [
          'metrics',
          seq(
            map(
              ['type', 'classification'],
              ['label', dq(hbs(d.expected))],
              ['prediction', sq(labelPick(closed))],
            ),
          ),
        ],
      ]
    : [
        JUDGE_NOTE,
        comment(
          `Free-text answers cannot be compared as strings, so a judge decides whether the reply agrees with
the reference answer (promptfoo's \`factuality\`: a reply that is a subset of, the same as, or a
superset of the reference passes; one that contradicts it fails). For short extractive answers
you may add a cheap check such as \`- type: icontains\` with \`value: "${hbs(d.expected)}"\`.`,
          { blank: true },
        ),
        ['assert', seq(map(['type', 'factuality'], ['value', dq(hbs(d.expected))], ['metric', 'factual']))],
      ];
  const description = `Answer each ${d.input}${d.context ? ` from its ${d.context}` : ''}; compared with ${d.expected}.`;
  return suiteFile(spec, 'question answering', description, [
    ...datasetSection(
      spec,
      `The prompt sends ${hbs(d.input)}${d.context ? ` and the document ${hbs(d.context)}` : ''}; the right answer is in ${hbs(d.expected)}.`,
    ),
    BLANK,
    ['prompts', chatPrompt('answer', instruction, user)],
    ...modelsSection(spec, {
      maxTokens: closed ? 8 : 120,
      maxTokensWhy: closed
        ? 'one word; anything longer is cut off'
        : 'a short answer; a rambling one is cut off',
    }),
    d.context
      ? comment(`A long document needs a window to match: on Ollama add \`contextSize: 4096\` to a candidate's
options, as Ollama silently drops the start of a prompt longer than its context.`)
      : undefined,
    ...scoring,
    ...verdictSection(spec, {
      margin: '5%',
      marginWhy: 'Switch when the candidate scores within 5% (relative) of the baseline.',
    }),
  ]);
}
