// The promptfoo side of the benchmark, run in its own process by plain node (no TS loader), as a user's
// script calling promptfoo's evaluate() would: node bench/promptfoo-eval.mjs <config.json> <out-dir>.
// The caller sets PROMPTFOO_DISABLE_TELEMETRY/UPDATE/SHARING, PROMPTFOO_CONFIG_DIR and OLLAMA_BASE_URL.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate } from 'promptfoo';

const [configFile, outDir] = process.argv.slice(2);
const config = JSON.parse(readFileSync(configFile, 'utf8'));
const tests = readFileSync(config.rows, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => ({ vars: JSON.parse(line) }));

const evalRecord = await evaluate(
  // No writeLatestResults: nothing goes to promptfoo's database; the results go to a JSONL file, as ours do.
  { ...config.testSuite, tests, outputPath: join(outDir, 'results.jsonl') },
  { maxConcurrency: config.concurrency, cache: false, showProgressBar: false },
);
const summary = await evalRecord.toEvaluateSummary();
process.stdout.write(
  `${JSON.stringify({
    calls: summary.results.length,
    passed: summary.stats.successes,
    failed: summary.stats.failures,
    errors: summary.stats.errors,
  })}\n`,
);
