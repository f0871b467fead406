// The floor: the least a tool can do for this work. A hand-written loop over the official `openai` and
// `ollama` clients, sending what rightsize sends (streamed, usage requested), CONCURRENCY calls in flight,
// one model after the other, both assertions checked inline, one JSON line appended per call.
// Run by plain node: node bench/clients-loop.mjs <loop.json> <out-dir>.
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Ollama } from 'ollama';
import OpenAI from 'openai';

const [configFile, outDir] = process.argv.slice(2);
const config = JSON.parse(readFileSync(configFile, 'utf8'));
const rows = readFileSync(config.rows, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line));
const render = (row) => config.prompt.replace(/\{\{(\w+)\}\}/g, (_, name) => String(row[name] ?? ''));

const openai = new OpenAI({
  baseURL: config.baseline.baseURL,
  apiKey: config.baseline.apiKey,
  maxRetries: 0,
});
const ollama = new Ollama({ host: config.candidate.host });

async function callOpenAI(content) {
  const stream = await openai.chat.completions.create({
    model: config.baseline.model,
    messages: [{ role: 'user', content }],
    temperature: 0,
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
  return text;
}

async function callOllama(content) {
  const stream = await ollama.chat({
    model: config.candidate.model,
    messages: [{ role: 'user', content }],
    options: { temperature: 0 },
    stream: true,
  });
  let text = '';
  for await (const chunk of stream) text += chunk.message?.content ?? '';
  return text;
}

function isJson(text) {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const fd = openSync(join(outDir, 'results.jsonl'), 'a');
let passed = 0;
let calls = 0;
for (const [model, call] of [
  ['baseline', callOpenAI],
  ['candidate', callOllama],
]) {
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const row = rows[next++];
      const input = render(row);
      const started = performance.now();
      const output = await call(input);
      const pass = output === row.answer && isJson(output);
      calls++;
      if (pass) passed++;
      const latencyMs = performance.now() - started;
      writeSync(fd, `${JSON.stringify({ rowId: row.id, model, input, output, pass, latencyMs })}\n`);
    }
  };
  await Promise.all(Array.from({ length: config.concurrency }, worker));
}
closeSync(fd);
process.stdout.write(`${JSON.stringify({ calls, passed, failed: calls - passed })}\n`);
