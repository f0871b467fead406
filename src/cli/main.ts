#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { UserError } from '../util/user-error.js';
import { type CompareFlags, fraction, nonNegative } from './compare-flags.js';
import type { DiffFlags } from './diff-command.js';
import { EXIT } from './exit-codes.js';
import type { ExportFlags } from './export-command.js';
import type { InitFlags } from './init-command.js';
import type { LoadFlags } from './load-command.js';
import type { MergeFlags } from './merge-command.js';
import type { ModelsFlags } from './models-command.js';
import { displayPath, makePrinter } from './print.js';
import type { RunFlags } from './run-flags.js';

// Commands are imported when called: `--help` or `validate` should not load model clients,
// the report renderer or node-llama-cpp (start-up time is part of every CI run).

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

/** Builds the program; each action stores its exit code rather than exiting, so tests can call it. */
function buildProgram(setCode: (code: number) => void): Command {
  const program = new Command('rightsize')
    .description(
      'Decide, with evidence, whether a workload can move from a frontier model to a small local model.',
    )
    .version(pkg.version, '-V, --version')
    .option('--debug', 'print stack traces and internal detail')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  program
    .command('validate')
    .description(
      'check a suite, its dataset and templates without calling any model, and print what would run',
    )
    .argument('<suite>', 'suite file (rightsize YAML or a promptfooconfig.yaml)')
    .action(async (suite: string) => {
      const { validateCommand } = await import('./validate-command.js');
      setCode(validateCommand(suite, makePrinter()));
    });

  const run = program
    .command('run')
    .description('run a suite: call every model on every case, score, compare, and write the reports')
    .argument('<suite>', 'suite file')
    .option(
      '--out <dir>',
      'run directory (default reports/<suite>-<timestamp>/); an existing run of the same suite is resumed',
    )
    .option('--resume <dir>', 'resume the run in this directory (same as --out on an existing run)')
    .option('--fresh', 'start over even if --out holds records')
    .option('--concurrency <n>', 'calls in flight per model', positiveInt)
    .option('--no-cache', 'bypass the response cache')
    .option('--repeat <n>', 'calls per case', positiveInt)
    .option(
      '--sequential',
      'decide sequentially: cases in a seeded order, in batches, each candidate stopped once its verdict is settled',
    )
    .option(
      '--continue <dir>',
      'go on with a sequential run whose data ran out, on a larger dataset or a higher decide.maxCases',
    )
    .option(
      '--shard <K/N>',
      'run shard K of N (1-based) of the rows, split by row id; auto/N takes K from JOB_COMPLETION_INDEX + 1 (a Kubernetes Indexed Job); join the shards with `rightsize merge`',
    )
    .option('--quiet', "print nothing but errors and the suite's warnings");
  withCompareFlags(run).action(async (suite: string, opts: RunFlags) => {
    const { runCommand } = await import('./run-command.js');
    setCode(await runCommand(suite, opts, program.opts().debug === true));
  });

  const compare = program
    .command('compare')
    .description(
      'recompute verdicts, summary.json and every report of a run from its records, calling no model',
    )
    .argument('<run-dir>', 'a run directory written by `rightsize run`')
    .option('--resamples <n>', 'bootstrap resamples (default 10000)', positiveInt)
    .option(
      '--out <dir>',
      "where to write the outputs (default: the run directory when no setting differs from the run's; else a folder in it named after the change, e.g. compare-margin-10pct/)",
    )
    .option('--quiet', "print nothing but errors and the suite's warnings");
  withCompareFlags(compare).action(
    async (dir: string, opts: CompareFlags & { quiet?: boolean; out?: string }) => {
      const { compareCommand } = await import('./compare-command.js');
      setCode(await compareCommand(dir, opts, makePrinter({ quiet: opts.quiet })));
    },
  );

  program
    .command('merge')
    .description(
      'join the folders of a sharded run (`run --shard K/N`) into one run directory, as if one process had run it, and write its outputs; exits by the gate',
    )
    .argument('<dirs...>', "the shards' run directories, one per shard")
    .requiredOption('--out <dir>', 'the merged run directory (a new folder, or one an earlier merge wrote)')
    .option(
      '--allow-partial',
      'merge the shards there are, even missing or incomplete ones; the merged run is then incomplete (exit 3)',
    )
    .option('--quiet', 'print nothing but errors')
    .action(async (dirs: string[], opts: MergeFlags) => {
      const { mergeCommand } = await import('./merge-command.js');
      setCode(await mergeCommand(dirs, opts, makePrinter({ quiet: opts.quiet })));
    });

  program
    .command('diff')
    .description(
      'check run B against run A of the same suite, model by model on their shared cases; exits 1 when B is confidently worse than the margin allows',
    )
    .argument('<run-a>', 'the earlier run directory (the reference)')
    .argument('<run-b>', 'the later run directory (checked against A)')
    .option('--margin <m>', "margin B may fall below A by (default the runs' own): 5% or abs:0.02")
    .option('--confidence <c>', "two-sided confidence (default the runs' own), e.g. 0.95", fraction)
    .option(
      '--out <dir>',
      'where to write diff.json, summary.md and diff.html (default <run-b>/diff-<run id of A>/)',
    )
    .option('--quiet', 'print nothing but errors')
    .action(async (a: string, b: string, opts: DiffFlags) => {
      const { diffCommand } = await import('./diff-command.js');
      setCode(await diffCommand(a, b, opts, makePrinter({ quiet: opts.quiet })));
    });

  program
    .command('report')
    .description('re-render report.html, junit.xml and summary.md of a run from its records')
    .argument('<run-dir>', 'a run directory written by `rightsize run`')
    .action(async (dir: string) => {
      const { reportCommand } = await import('./report-command.js');
      setCode(await reportCommand(dir, makePrinter()));
    });

  program
    .command('export')
    .description(
      'write one row per baseline and candidate call of a run (ids, dataset columns, output, pass, score, each assertion, latency, tokens, cost) as CSV or JSONL',
    )
    .argument('<run-dir>', 'a run directory written by `rightsize run`')
    .option('--format <format>', 'csv or jsonl (default: jsonl when --out ends in .jsonl, else csv)')
    .option('--out <file>', 'where to write (default <run-dir>/export.csv or export.jsonl); - for stdout')
    .action(async (dir: string, opts: ExportFlags) => {
      const { exportCommand } = await import('./export-command.js');
      setCode(await exportCommand(dir, opts, makePrinter()));
    });

  program
    .command('view')
    .description('serve the reports folder on 127.0.0.1 and open it in the browser (Ctrl-C to stop)')
    .argument('[dir]', 'reports folder, or one run directory', 'reports')
    .option('--port <n>', 'port to listen on (default: a free one)', positiveInt)
    .option('--no-open', 'print the address instead of opening a browser')
    .action(async (dir: string, opts: { port?: number; open: boolean }) => {
      const { viewCommand } = await import('./view-command.js');
      await viewCommand(dir, opts, makePrinter());
    });

  program
    .command('init')
    .description(
      'write a commented suite for a task (and a small example dataset, unless you give yours); on a terminal, asks for what the flags leave out',
    )
    // The lists and defaults are init-task-types.ts's, written out so --help loads no init code.
    .option(
      '--task <type>',
      'what the model does: classification, extraction, qa, summarization, math, tool-calling (default classification)',
    )
    .option('--dataset <file>', 'your CSV, JSONL, JSON or YAML file; its columns are read and used')
    .option('--input-column <name>', 'the dataset column sent to the model (default: guessed from the names)')
    .option('--expected-column <name>', 'the dataset column with the right answer (default: guessed)')
    .option('--baseline <provider>', 'baseline model (default openai:gpt-4o)')
    .option(
      '--candidates <providers>',
      'comma-separated candidate models (default ollama:qwen2.5:0.5b,ollama:llama3.2:1b)',
    )
    .option('--dir <dir>', 'where to write the suite', '.')
    .option('--name <name>', 'suite name (and file name)', 'my-suite')
    .option('-y, --yes', 'ask nothing: defaults for every flag not given')
    .option('--force', 'overwrite existing files')
    .action(async (opts: InitFlags) => {
      const { initCommand } = await import('./init-command.js');
      setCode(await initCommand(opts, makePrinter()));
    });

  const positiveNumber = (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number above 0');
    return n;
  };
  program
    .command('load')
    .description(
      "load-test each local candidate's serving stack on the suite's prompts: concurrency 1, 2, 4, … until throughput stops rising, and write load.json",
    )
    .argument('<suite>', 'suite file')
    .option(
      '--model <id>',
      'a model of the suite to load (repeat, or comma-separate); a remote or paid one only when named',
      (value: string, previous: string[] = []) => [
        ...previous,
        ...value
          .split(',')
          .map((v) => v.trim())
          .filter(Boolean),
      ],
    )
    .option(
      '--levels <list>',
      'fixed concurrency levels, e.g. 1,2,4 (default: doubling until throughput is flat)',
    )
    .option(
      '--requests <n>',
      'measured requests per level (default 4 × concurrency, at least 8)',
      positiveInt,
    )
    .option('--duration <s>', 'measure each level for this many seconds instead', positiveNumber)
    .option('--out <dir>', 'folder for load.json (default reports/<suite>-load-<timestamp>/)')
    .option(
      '--slo-p95 <ms>',
      "p95 latency target for the capacity (default the suite's slo:, else gate.maxLatencyP95Ms)",
      positiveNumber,
    )
    .option('--quiet', 'print nothing but errors')
    .action(async (suite: string, opts: LoadFlags) => {
      const { loadCommand } = await import('./load-command.js');
      setCode(await loadCommand(suite, opts));
    });

  program
    .command('models')
    .description('list the models the runtimes offer: Ollama pulls and the GGUF files in the models folder')
    .option('--ollama-host <url>', 'Ollama server (default OLLAMA_HOST or http://127.0.0.1:11434)')
    .option(
      '--gguf-dir <dir>',
      'folder of .gguf files to list (default the models folder: RIGHTSIZE_MODELS_DIR, else ~/.cache/rightsize/models)',
    )
    .option('--json', 'print JSON')
    .action(async (opts: ModelsFlags) => {
      const { modelsCommand } = await import('./models-command.js');
      setCode(await modelsCommand(opts, makePrinter()));
    });

  return program;
}

/** Flags that override the suite's margin and gate, shared by `run` and `compare`. */
function withCompareFlags(command: Command): Command {
  return command
    .option('--margin <m>', 'switch-over margin: 5% or 0.05 (relative), abs:0.02 (absolute)')
    .option('--confidence <c>', 'two-sided confidence of the verdict interval, e.g. 0.95', fraction)
    .option('--require-switch <ids>', 'gate: "any", "all", or comma-separated candidates that must be switch')
    .option('--min-pass-rate <x>', 'gate: minimum pass rate of every model (0..1)', nonNegative)
    .option('--max-latency-p95 <ms>', 'gate: maximum p95 latency of the candidates, in ms', nonNegative)
    .option(
      '--max-cost-per-1k <usd>',
      'gate: maximum cost per 1,000 requests of the candidates',
      nonNegative,
    );
}

/** Runs the CLI and returns its exit code; only `main` below exits the process. */
export async function runCli(argv: string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram((c) => {
    code = c;
  });
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are successes; any other parse error is invalid input (already printed).
      return err.exitCode === 0 ? EXIT.ok : EXIT.invalidInput;
    }
    if (err instanceof UserError) {
      process.stderr.write(`rightsize: ${err.format(displayPath)}\n`);
      if (debug && err.stack) process.stderr.write(`${err.stack}\n`);
      return err.exitCode;
    }
    // Not the user's doing: say so, with the trace, so it can be reported.
    process.stderr.write(`rightsize: internal error: ${(err as Error)?.message ?? String(err)}\n`);
    process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
    return EXIT.runIncomplete;
  }
}

// `rightsize validate … | head` closes the pipe early: stop quietly, as Unix tools do.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(EXIT.ok);
  throw err;
});

runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
