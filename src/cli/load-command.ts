import { sizeCapacity } from '../compare/size-capacity.js';
import { createModel, isLocalRuntime } from '../models/create-model.js';
import { lookupFrontierModel } from '../models/frontier-models.js';
import type { Model } from '../models/model.js';
import { sizingSentence } from '../report/sizing-sentence.js';
import { loadFilePath, writeLoadRecord } from '../run/load-file.js';
import { loadPrompts, meanPromptTokens } from '../run/load-prompts.js';
import { defaultRequests, type LoadSlo, sweepLoad } from '../run/load-sweep.js';
import { LOAD_SCHEMA_VERSION, type LoadLevel, type LoadRecord } from '../schema/load-record.js';
import type { ModelConfig } from '../schema/model-config.js';
import { loadSuite } from '../suite/load-suite.js';
import type { Suite } from '../suite/suite.js';
import { UserError } from '../util/user-error.js';
import { EXIT } from './exit-codes.js';
import { displayPath, makePrinter, type Printer } from './print.js';

export interface LoadFlags {
  model?: string[];
  levels?: string;
  requests?: number;
  duration?: number;
  out?: string;
  sloP95?: number;
  quiet?: boolean;
}

/** Levels the doubling is planned up to, for a paid model's cost estimate (it may stop earlier or go on). */
const ESTIMATE_LEVELS = [1, 2, 4, 8];

/**
 * `rightsize load`: a load sweep of each local candidate's serving stack on the suite's own prompts,
 * written to load.json after every finished level (Ctrl-C keeps them).
 */
export async function loadCommand(suitePath: string, flags: LoadFlags): Promise<number> {
  const printer = makePrinter({ quiet: flags.quiet });
  const levels = flags.levels === undefined ? undefined : parseLevels(flags.levels);
  if (flags.requests !== undefined && flags.duration !== undefined)
    throw new UserError('give --requests or --duration, not both', {
      field: '--requests/--duration',
      hint: 'each level measures either a number of requests or a time',
    });
  const suite = loadSuite(suitePath, process.env);
  for (const w of suite.warnings) printer.warn(w);
  const models = pickModels(suite, flags.model, printer);
  if (models.length === 0)
    throw new UserError('no local candidate to load in this suite', {
      field: '--model',
      hint: 'add an ollama:, gguf: or local openai: candidate, or name a model with --model',
    });
  for (const config of models)
    if (!isLocalRuntime(config, process.env)) printCostEstimate(suite, config, levels, flags, printer);

  const slo = resolveSlo(suite, flags.sloP95);
  if (slo.latencyP95Ms === null && slo.ttftP95Ms === null)
    printer.out(
      "no latency target (--slo-p95, the suite's slo: or gate.maxLatencyP95Ms): capacity will be null",
    );
  const file = loadFilePath({
    suite: suite.name,
    ...(flags.out ? { out: flags.out } : {}),
    cwd: process.cwd(),
  });
  const record: LoadRecord = {
    schemaVersion: LOAD_SCHEMA_VERSION,
    suite: suite.name,
    createdAt: new Date().toISOString(),
    slo,
    models: [],
  };

  const interrupt = new AbortController();
  const onSigint = () => (interrupt.signal.aborted ? process.exit(EXIT.interrupted) : interrupt.abort());
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  const opened: Model[] = [];
  try {
    // Every model is checked before the first request: an unreachable one stops the command at once.
    const ready: { config: ModelConfig; model: Model }[] = [];
    for (const config of models) {
      const model = createModel(config, { baseDir: suite.dir, env: process.env });
      opened.push(model);
      try {
        await model.check(interrupt.signal);
      } catch (e) {
        if (interrupt.signal.aborted) return EXIT.interrupted;
        printer.err(`rightsize: ${config.label}: ${(e as Error).message}`);
        return EXIT.runIncomplete;
      }
      ready.push({ config, model });
    }
    const status = statusLine(flags.quiet === true);
    let failedEverywhere = false;
    for (const { config, model } of ready) {
      const entry: LoadRecord['models'][number] = {
        id: config.label,
        provider: config.provider,
        levels: [],
        stoppedBy: 'interrupted',
        capacity: null,
        sizing: null,
      };
      record.models.push(entry);
      printer.out(
        `${config.label}: load sweep (${levels ? `levels ${levels.join(', ')}` : 'doubling from 1'})`,
      );
      let done = 0;
      const result = await sweepLoad(model, loadPrompts(suite, config, process.env), {
        ...(levels ? { levels } : {}),
        ...(flags.requests !== undefined ? { requests: flags.requests } : {}),
        ...(flags.duration !== undefined ? { durationMs: flags.duration * 1000 } : {}),
        slo,
        signal: interrupt.signal,
        onLevelStart: (c, planned) => {
          done = 0;
          status.show(
            `${config.label} c=${c}: warming up, then ${planned ?? `${flags.duration} s of`} requests`,
          );
        },
        onSample: () => {
          done++;
          status.show(`${config.label}: ${done} requests measured`);
        },
        onLevel: (level) => {
          status.clear();
          entry.levels.push(level);
          writeLoadRecord(file, record);
          printer.out(`  ${levelLine(level)}`);
        },
      });
      status.clear();
      entry.stoppedBy = result.stoppedBy;
      entry.capacity = result.capacity;
      // Servers for the suite's traffic at that capacity, and their cost (compare's pure function).
      entry.sizing = result.capacity
        ? sizeCapacity(
            result.capacity,
            {
              requestsPerDay: suite.requestsPerDay,
              ...(suite.peakFactor !== undefined ? { peakFactor: suite.peakFactor } : {}),
              ...(suite.peakRequestsPerSecond !== undefined
                ? { peakRequestsPerSecond: suite.peakRequestsPerSecond }
                : {}),
            },
            config.cost?.perHour ?? null,
          )
        : null;
      writeLoadRecord(file, record);
      if (result.stoppedBy === 'interrupted') break;
      printer.out(`  stopped by ${result.stoppedBy}; ${capacityLine(entry.capacity, slo)}`);
      // The sizing in the words every output uses for it (report/sizing-sentence.ts).
      if (entry.capacity && entry.sizing)
        printer.out(
          `  ${sizingSentence({
            capacity: {
              ...entry.capacity,
              target: slo,
              sizing: {
                ...entry.sizing,
                requestsPerDay: suite.requestsPerDay,
                perHour: config.cost?.perHour ?? null,
              },
            },
          })}`,
        );
      if (entry.levels.length > 0 && entry.levels.every((l) => l.errorShare > 0)) failedEverywhere = true;
    }
    if (interrupt.signal.aborted) {
      printer.err(`interrupted: the finished levels are in ${displayPath(file)}`);
      return EXIT.interrupted;
    }
    printer.out(`wrote ${displayPath(file)}`);
    if (failedEverywhere) {
      printer.err('rightsize: a model failed requests at every level it ran; see errorShare in load.json');
      return EXIT.runIncomplete;
    }
    return EXIT.ok;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
    await Promise.allSettled(opened.map((m) => m.close()));
  }
}

/** `--levels 1,2,4`: positive whole numbers, comma-separated. */
export function parseLevels(text: string): number[] {
  const parts = text.split(',').map((p) => p.trim());
  const bad = parts.filter((p) => !/^\d+$/.test(p) || Number(p) < 1);
  if (parts.length === 0 || bad.length > 0)
    throw new UserError(`expected positive whole numbers separated by commas, got ${JSON.stringify(text)}`, {
      field: '--levels',
      hint: 'e.g. --levels 1,2,4,8',
    });
  return parts.map(Number);
}

/**
 * The models to sweep: every local model of the suite; a remote one (the paid baseline, a hosted
 * candidate) only when `--model` names it. With `--model`, only the named ones.
 */
function pickModels(suite: Suite, named: string[] | undefined, printer: Printer): ModelConfig[] {
  const all = suite.models;
  if (named?.length) {
    const unknown = named.filter((n) => !all.some((m) => m.label === n || m.provider === n));
    if (unknown.length > 0)
      throw new UserError(`no model ${unknown.map((u) => `"${u}"`).join(', ')} in the suite`, {
        field: '--model',
        hint: `the suite's models are: ${all.map((m) => m.label).join(', ')}`,
      });
    return all.filter((m) => named.includes(m.label) || named.includes(m.provider));
  }
  return all.filter((m) => {
    if (isLocalRuntime(m, process.env)) return true;
    printer.out(`skipping ${m.label}: not a local model (name it with --model to load it anyway)`);
    return false;
  });
}

/** The target: --slo-p95, else the suite's `slo:`, else its gate's maxLatencyP95Ms. */
function resolveSlo(suite: Suite, flag: number | undefined): LoadSlo {
  if (flag !== undefined) return { latencyP95Ms: flag, ttftP95Ms: null };
  if (suite.slo && (suite.slo.latencyP95Ms !== undefined || suite.slo.ttftP95Ms !== undefined))
    return { latencyP95Ms: suite.slo.latencyP95Ms ?? null, ttftP95Ms: suite.slo.ttftP95Ms ?? null };
  return { latencyP95Ms: suite.gate.maxLatencyP95Ms ?? null, ttftP95Ms: null };
}

/** A paid model is loaded only when named; say first what its requests will cost at list price. */
function printCostEstimate(
  suite: Suite,
  config: ModelConfig,
  levels: number[] | undefined,
  flags: LoadFlags,
  printer: Printer,
): void {
  const prompts = loadPrompts(suite, config, process.env);
  const meanIn = meanPromptTokens(prompts);
  const price =
    config.cost?.inputPerMillion !== undefined ? config.cost : lookupFrontierModel(config.ref.model);
  const plan = levels ?? ESTIMATE_LEVELS;
  const requests =
    flags.duration !== undefined
      ? null
      : plan.reduce((a, c) => a + c + (flags.requests ?? defaultRequests(c)), 0);
  const head = `${config.label} is not local: every request is a paid call`;
  if (requests === null) {
    printer.out(
      `${head}; with --duration the number of requests depends on its speed (mean prompt ~${Math.round(meanIn)} tokens)`,
    );
    return;
  }
  const scope = levels
    ? ''
    : ` for levels ${ESTIMATE_LEVELS.join(', ')} (the sweep may stop earlier or go on)`;
  if (!price || price.inputPerMillion === undefined) {
    printer.out(
      `${head}: ${requests} requests${scope}, mean prompt ~${Math.round(meanIn)} tokens; no price known for it`,
    );
    return;
  }
  const maxOut = config.options.maxTokens;
  const inputUsd = (requests * meanIn * price.inputPerMillion) / 1e6;
  const outputUsd =
    maxOut !== undefined && price.outputPerMillion !== undefined
      ? (requests * maxOut * price.outputPerMillion) / 1e6
      : null;
  printer.out(
    `${head}: ${requests} requests${scope} × ~${Math.round(meanIn)} prompt tokens ≈ $${inputUsd.toFixed(4)} input` +
      (outputUsd === null
        ? ' plus output tokens (no maxTokens set to bound them)'
        : ` + at most $${outputUsd.toFixed(4)} output (${maxOut} tokens each)`),
  );
}

const ms = (v: number | null) => (v === null ? '–' : `${Math.round(v)}`);
const rate = (v: number | null) => (v === null ? '–' : v.toFixed(1));

function levelLine(l: LoadLevel): string {
  const retries = l.connectionRetries ? `, ${l.connectionRetries} connection retries` : '';
  const server =
    l.server && (l.server.decodeTokensPerSecond !== null || l.server.promptMs !== null)
      ? `, server decode ${rate(l.server.decodeTokensPerSecond)} tok/s, prompt ${ms(l.server.promptMs)} ms`
      : '';
  return (
    `c=${l.concurrency}: ${l.requests} requests in ${(l.durationMs / 1000).toFixed(1)} s, ${rate(l.requestsPerSecond)} req/s, ` +
    `${rate(l.outputTokensPerSecond)} output tok/s, latency p50/p95 ${ms(l.latencyMs.p50)}/${ms(l.latencyMs.p95)} ms, ` +
    `TTFT p95 ${ms(l.ttftMs.p95)} ms, errors ${(l.errorShare * 100).toFixed(0)}%${retries}${server}`
  );
}

function capacityLine(capacity: LoadRecord['models'][number]['capacity'], slo: LoadSlo): string {
  if (slo.latencyP95Ms === null && slo.ttftP95Ms === null) return 'capacity: no latency target';
  const target = [
    slo.latencyP95Ms !== null ? `p95 latency ≤ ${slo.latencyP95Ms} ms` : '',
    slo.ttftP95Ms !== null ? `p95 TTFT ≤ ${slo.ttftP95Ms} ms` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return capacity
    ? `capacity ${capacity.concurrency} in flight, ${rate(capacity.requestsPerSecond)} req/s at ${target}`
    : `no level met ${target}`;
}

/** One status line redrawn in place on a terminal; nothing in logs or with --quiet (the level lines say it). */
function statusLine(quiet: boolean): { show(text: string): void; clear(): void } {
  const tty = !quiet && process.stderr.isTTY === true;
  let shown = false;
  let last = 0;
  return {
    show(text) {
      const now = Date.now();
      if (!tty || now - last < 100) return;
      last = now;
      process.stderr.write(`\r\x1b[K${text}`);
      shown = true;
    },
    clear() {
      if (tty && shown) process.stderr.write('\r\x1b[K');
      shown = false;
    },
  };
}
