import { CLASSIFICATION_EXAMPLE, classificationSuite } from './init-task-classification.js';
import { EXTRACTION_EXAMPLE, extractionSuite } from './init-task-extraction.js';
import { MATH_EXAMPLE, mathSuite } from './init-task-math.js';
import { QA_EXAMPLE, qaSuite } from './init-task-qa.js';
import { SUMMARIZATION_EXAMPLE, summarizationSuite } from './init-task-summarization.js';
import { TOOL_CALLING_EXAMPLE, toolCallingSuite } from './init-task-tool-calling.js';
import type { TaskType } from './init-task-types.js';
import type { SuiteSpec } from './init-yaml.js';

export interface TaskTemplate {
  /** One line for the interactive menu and --help. */
  summary: string;
  /** The small dataset written when the user has none. */
  example: { file: 'csv' | 'jsonl'; text: string };
  render(spec: SuiteSpec): string;
}

export const TASKS: Record<TaskType, TaskTemplate> = {
  classification: {
    summary: 'label each message (ticket routing, intent, sentiment): exact label, accuracy and macro-F1',
    example: CLASSIFICATION_EXAMPLE,
    render: classificationSuite,
  },
  extraction: {
    summary: 'pull fields out of text as JSON: structured output, schema validity, field-level F1',
    example: EXTRACTION_EXAMPLE,
    render: extractionSuite,
  },
  qa: {
    summary: 'answer questions (from a document): exact answer for yes/no-style sets, else a judge',
    example: QA_EXAMPLE,
    render: qaSuite,
  },
  summarization: {
    summary: 'summarise text: ROUGE against a reference and an LLM rubric judge',
    example: SUMMARIZATION_EXAMPLE,
    render: summarizationSuite,
  },
  math: {
    summary: 'solve word problems step by step: final-number match',
    example: MATH_EXAMPLE,
    render: mathSuite,
  },
  'tool-calling': {
    summary: 'choose a function and its arguments: JSON call envelope, right name and arguments',
    example: TOOL_CALLING_EXAMPLE,
    render: toolCallingSuite,
  },
};
