import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OllamaChatBody } from '../test/servers/ollama-server.js';
import type { OpenAIChatBody } from '../test/servers/openai-server.js';

/**
 * The benchmark's work, written once and given to every tool: 1,000 rows, one prompt, a baseline on an
 * OpenAI-compatible server and a candidate on an Ollama server, `equals` and `is-json` on every answer.
 */

export const BASELINE_MODEL = 'gpt-4o-mini';
export const CANDIDATE_MODEL = 'qwen2.5:0.5b';
export const API_KEY = 'sk-bench';
/** Calls in flight at once, the same for every tool (promptfoo's default `maxConcurrency`). */
export const CONCURRENCY = 4;
/** Read by every tool from the rows; `{{` is a template variable in both Handlebars and Nunjucks. */
export const PROMPT = 'Route ticket {{id}} to billing, technical or account; reply as JSON.\n\n{{text}}';

const LABELS = ['billing', 'technical', 'account'] as const;
const COMPLAINTS = [
  'I was charged twice for the same coffee and want a refund.',
  'My card stopped working at the supermarket this morning.',
  'How do I change the address on my profile?',
  'Contactless payments fail every time since the update.',
  'Please close my account and send me the remaining balance.',
];

export interface Row {
  id: string;
  text: string;
  /** The exact answer `equals` expects. */
  answer: string;
}

function labelOf(n: number): string {
  return LABELS[n % LABELS.length] as string;
}

export function makeRows(count: number): Row[] {
  return Array.from({ length: count }, (_, n) => ({
    id: `T${String(n).padStart(5, '0')}`,
    text: COMPLAINTS[n % COMPLAINTS.length] as string,
    answer: JSON.stringify({ label: labelOf(n) }),
  }));
}

/** Streamed in token-sized pieces, as a server would. */
function pieces(text: string): string[] {
  return text.match(/.{1,6}/gs) ?? [''];
}

function rowNumber(messages: { content: string }[] | undefined): number {
  const m = /ticket T(\d+)/.exec(messages?.map((x) => x.content).join('\n') ?? '');
  return m ? Number(m[1]) : 0;
}

/** The baseline: right on 9 rows in 10; on the 10th it names another queue (valid JSON, not equal). */
export function baselineReply(body: OpenAIChatBody): string[] {
  const n = rowNumber(body.messages);
  return pieces(JSON.stringify({ label: n % 10 === 0 ? labelOf(n + 1) : labelOf(n) }));
}

/**
 * The candidate: right on half the rows; on a quarter, JSON with other spacing (is-json passes, equals
 * fails); on a quarter, a bare word (both fail).
 */
export function candidateReply(body: OllamaChatBody): string[] {
  const n = rowNumber(body.messages);
  if (n % 4 === 0) return pieces(labelOf(n));
  if (n % 4 === 1) return pieces(`{ "label": "${labelOf(n)}" }`);
  return pieces(JSON.stringify({ label: labelOf(n) }));
}

export interface WorkloadFiles {
  dir: string;
  rows: string;
  suite: string;
  promptfooConfig: string;
  loopConfig: string;
}

/** Writes the rows, the rightsize suite, promptfoo's test suite and the floor loop's settings to `dir`. */
export function writeWorkload(
  dir: string,
  count: number,
  servers: { openaiURL: string; ollamaURL: string },
): WorkloadFiles {
  mkdirSync(dir, { recursive: true });
  const rows = join(dir, 'rows.jsonl');
  writeFileSync(
    rows,
    `${makeRows(count)
      .map((r) => JSON.stringify(r))
      .join('\n')}\n`,
  );

  const suite = join(dir, 'bench-suite.yaml');
  writeFileSync(
    suite,
    [
      'name: bench',
      'dataset: file://rows.jsonl',
      'prompts:',
      '  - id: route',
      `    template: ${JSON.stringify(PROMPT)}`,
      'baseline:',
      '  id: baseline',
      `  provider: openai:${BASELINE_MODEL}`,
      `  baseURL: ${servers.openaiURL}`,
      `  apiKey: ${API_KEY}`,
      '  options: { temperature: 0 }',
      'candidates:',
      '  - id: candidate',
      `    provider: ollama:${CANDIDATE_MODEL}`,
      `    baseURL: ${servers.ollamaURL}`,
      '    options: { temperature: 0 }',
      'assert:',
      '  - type: equals',
      '    value: "{{answer}}"',
      '  - type: is-json',
      `concurrency: ${CONCURRENCY}`,
      '',
    ].join('\n'),
  );

  // promptfoo's own names: `apiBaseUrl` for OpenAI-compatible servers; Ollama's URL is OLLAMA_BASE_URL.
  const promptfooConfig = join(dir, 'promptfoo-suite.json');
  writeFileSync(
    promptfooConfig,
    JSON.stringify(
      {
        rows,
        concurrency: CONCURRENCY,
        testSuite: {
          description: 'bench',
          prompts: [PROMPT],
          providers: [
            {
              id: `openai:chat:${BASELINE_MODEL}`,
              label: 'baseline',
              config: { apiBaseUrl: servers.openaiURL, apiKey: API_KEY, temperature: 0 },
            },
            { id: `ollama:chat:${CANDIDATE_MODEL}`, label: 'candidate', config: { temperature: 0 } },
          ],
          defaultTest: { assert: [{ type: 'equals', value: '{{answer}}' }, { type: 'is-json' }] },
        },
      },
      null,
      2,
    ),
  );

  const loopConfig = join(dir, 'loop.json');
  writeFileSync(
    loopConfig,
    JSON.stringify(
      {
        rows,
        prompt: PROMPT,
        concurrency: CONCURRENCY,
        baseline: { model: BASELINE_MODEL, baseURL: servers.openaiURL, apiKey: API_KEY },
        candidate: { model: CANDIDATE_MODEL, host: servers.ollamaURL },
      },
      null,
      2,
    ),
  );
  return { dir, rows, suite, promptfooConfig, loopConfig };
}
