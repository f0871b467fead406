import {
  chatPrompt,
  datasetSection,
  hbs,
  JUDGE_NOTE,
  modelsSection,
  type SuiteSpec,
  suiteFile,
  verdictSection,
} from './init-yaml.js';
import { BLANK, comment, dq, flow, literal, map, seq } from './init-yaml-nodes.js';

export const SUMMARIZATION_EXAMPLE = {
  file: 'jsonl',
  text: `${[
    [
      's1',
      'The city council voted on Tuesday to extend the night bus service to the northern suburbs from March. The trial will run for six months and cost 1.2 million euros, paid from the transport budget. Ridership will be reviewed in September before a permanent decision.',
      'The council approved a six-month, 1.2 million euro trial of night buses to the northern suburbs from March.',
    ],
    [
      's2',
      'Our support team answered 18% more tickets in the second quarter, while the median first response time fell from 6 hours to 2. The gain came mostly from routing billing questions straight to the billing team.',
      'Support answered 18% more tickets in Q2 and cut median first response from 6 to 2 hours, mainly by routing billing questions directly.',
    ],
    [
      's3',
      'A recall affects 4,000 kettles of the model K-200 sold between May and July. A faulty switch can keep the kettle heating after the water boils. Owners should stop using it and return it to any store for a full refund.',
      'Kettles of model K-200 sold May to July are recalled for a faulty switch; owners can return them for a full refund.',
    ],
    [
      's4',
      'The library will close for renovation from 1 June to 31 August. During the closure, books can be returned at the town hall, and the online catalogue and e-book loans remain available.',
      'The library closes for renovation from June to August; returns go to the town hall and online services continue.',
    ],
    [
      's5',
      'Researchers found that students who slept at least seven hours before an exam scored on average 8 points higher than those who slept less, across 600 students in three universities.',
      'A study of 600 students found that sleeping seven hours or more before an exam raised scores by 8 points on average.',
    ],
    [
      's6',
      'The new release fixes a crash when exporting large reports, speeds up search by about a third, and drops support for the old version 1 file format, which users must convert before upgrading.',
      'The release fixes a report export crash, speeds up search by a third, and ends support for version 1 files.',
    ],
  ]
    .map(([id, document, summary]) => JSON.stringify({ id, document, summary }))
    .join('\n')}\n`,
} as const;

/** Summaries: ROUGE against the reference, and an LLM judge on faithfulness and coverage. */
export function summarizationSuite(spec: SuiteSpec): string {
  const d = spec.data;
  const rubric = `The output is meant to summarise this text:
${hbs(d.input)}
Score the output between 0 and 1:
- 1.0: one or two sentences that keep the text's key facts and figures and add nothing it
  does not say;
- 0.5: faithful but missing a key fact, or clearly longer than asked;
- 0.0: states something the text does not support, or is not a summary of it.`;
  const description = `Summarise each ${d.input}; scored by ROUGE against ${d.expected} and by an LLM judge.`;
  return suiteFile(spec, 'summarization', description, [
    ...datasetSection(
      spec,
      `The prompt sends ${hbs(d.input)}; the reference summary is in ${hbs(d.expected)}.`,
    ),
    BLANK,
    [
      'prompts',
      chatPrompt(
        'summarize',
        'Summarise the text in one or two sentences of at most 40 words, keeping its key facts and figures. Reply with the summary only.',
        dq(hbs(d.input)),
      ),
    ],
    ...modelsSection(spec, {
      maxTokens: 120,
      maxTokensWhy: 'two sentences are about 60 tokens; a long answer is cut off',
    }),
    comment(
      `Long documents need a window to match: on Ollama add \`contextSize: 4096\` to a candidate's
options, as Ollama silently drops the start of a prompt longer than its context.`,
      { blank: true },
    ),
    JUDGE_NOTE,
    BLANK,
    [
      'assert',
      seq(
        comment(
          `ROUGE-1 F-score (unigram overlap) against the reference. It rewards shared words, not meaning,
and even a good summary rarely passes 0.5, so \`threshold: 0\` keeps it out of pass/fail; its
mean still tells models apart, so it is a quarter of the case score.`,
        ),
        map(
          ['type', 'rouge-n'],
          ['value', dq(hbs(d.expected))],
          ['threshold', 0],
          ['weight', 1],
          ['metric', 'rouge-1'],
        ),
        comment(
          `A judge reads the rubric (a template: it can show the judge the source) and the output, and
answers a score between 0 and 1 with its reason; the case passes at \`threshold\` or above.`,
        ),
        map(
          ['type', 'llm-rubric'],
          ['weight', 3],
          ['threshold', 0.75],
          ['metric', 'judge'],
          ['value', literal(rubric)],
        ),
      ),
    ],
    ...verdictSection(spec, {
      margin: flow(map(['type', 'absolute'], ['value', 0.05])),
      marginWhy:
        'Absolute: the case score blends ROUGE (low even for good summaries) with the judge, so "at most 0.05 below the baseline on the 0..1 scale" is clearer than a relative 5%.',
    }),
  ]);
}
