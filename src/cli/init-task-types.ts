/** The kinds of workload `rightsize init` writes a suite for. Imported by main.ts for its help, so kept tiny. */
export const TASK_TYPES = [
  'classification',
  'extraction',
  'qa',
  'summarization',
  'math',
  'tool-calling',
] as const;
export type TaskType = (typeof TASK_TYPES)[number];

export const DEFAULT_TASK: TaskType = 'classification';
export const DEFAULT_BASELINE = 'openai:gpt-4o';
export const DEFAULT_CANDIDATES = 'ollama:qwen2.5:0.5b,ollama:llama3.2:1b';

export function isTaskType(value: string): value is TaskType {
  return (TASK_TYPES as readonly string[]).includes(value);
}
