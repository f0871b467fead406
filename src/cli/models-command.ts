import { stat } from 'node:fs/promises';
import path from 'node:path';
import { type GgufFileSummary, listGgufFiles } from '../models/gguf-model.js';
import { ggufModelsDir } from '../models/gguf-models-dir.js';
import { listOllamaModels } from '../models/list-ollama-models.js';
import { resolveOllamaHost } from '../models/ollama-host.js';
import { UserError } from '../util/user-error.js';
import { EXIT } from './exit-codes.js';
import { displayPath, type Printer } from './print.js';

export interface ModelsFlags {
  ollamaHost?: string;
  ggufDir?: string;
  json?: boolean;
}

const fmtBytes = (b: number | null) =>
  b === null ? '-' : b >= 1e9 ? `${(b / 1e9).toFixed(1)} GB` : `${(b / 1e6).toFixed(1)} MB`;
const fmtCount = (n: number | null) =>
  n === null
    ? '-'
    : n >= 1e9
      ? `${(n / 1e9).toFixed(1)}B`
      : n >= 1e6
        ? `${(n / 1e6).toFixed(1)}M`
        : n >= 1e3
          ? `${(n / 1e3).toFixed(1)}K`
          : String(n);

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => `  ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')}`.trimEnd());
}

/** `rightsize models`: what the configured runtimes offer, to choose candidates from. */
export async function modelsCommand(flags: ModelsFlags, printer: Printer): Promise<number> {
  const host = resolveOllamaHost(flags.ollamaHost, process.env);
  // The folder `gguf:` names resolve in and `gguf:hf:` downloads land in, unless a flag names another.
  const dir = flags.ggufDir ? path.resolve(flags.ggufDir) : ggufModelsDir(process.env);
  const source = flags.ggufDir
    ? '--gguf-dir'
    : process.env.RIGHTSIZE_MODELS_DIR
      ? 'RIGHTSIZE_MODELS_DIR'
      : 'default';
  const [ollama, gguf] = await Promise.all([
    listOllamaModels(host, AbortSignal.timeout(5000)).then(
      (models) => ({ ok: true as const, models }),
      (err: unknown) => ({ ok: false as const, message: err instanceof Error ? err.message : String(err) }),
    ),
    listGgufFolder(dir, { mustExist: source === '--gguf-dir' }),
  ]);
  if (flags.json) {
    printer.out(JSON.stringify({ ollama: { host, ...ollama }, gguf: { dir, source, ...gguf } }, null, 2));
  } else {
    printer.out(`Ollama at ${host}:`);
    if (!ollama.ok) printer.out(`  ${ollama.message}`);
    else if (ollama.models.length === 0) printer.out('  no models pulled (try `ollama pull qwen2.5:0.5b`)');
    else {
      for (const line of table([
        ['provider id', 'parameters', 'quantization', 'context', 'disk', 'memory (loaded)'],
        ...ollama.models.map((m) => [
          `ollama:${m.name}`,
          m.parameters ?? '-',
          m.quantization ?? '-',
          m.contextWindow === null ? '-' : String(m.contextWindow),
          fmtBytes(m.diskBytes),
          fmtBytes(m.memoryBytes),
        ]),
      ]))
        printer.out(line);
    }
    printer.out();
    printer.out(`GGUF files in ${displayPath(dir)} (${SOURCE_TEXT[source]}):`);
    if (gguf.ok && !gguf.exists) {
      printer.out(
        '  the folder does not exist yet: models named gguf:hf:<user>/<repo>/<file>.gguf are downloaded into it on first use, or put .gguf files there yourself',
      );
    } else {
      if (!gguf.ok) printer.out(`  ${gguf.message}`);
      else if (gguf.files.length === 0) printer.out('  no .gguf files');
      else {
        for (const line of table([
          ['provider id', 'parameters', 'quantization', 'context', 'architecture', 'size'],
          ...gguf.files.map((f) => [
            // In the models folder a bare name resolves from any suite; elsewhere only the path does.
            source === '--gguf-dir' ? `gguf:${displayPath(f.path)}` : `gguf:${path.relative(dir, f.path)}`,
            fmtCount(f.parameters),
            f.quantization ?? '-',
            f.contextLength === null ? '-' : String(f.contextLength),
            f.architecture ?? '-',
            fmtBytes(f.size),
          ]),
        ]))
          printer.out(line);
      }
    }
  }
  if (!ollama.ok && !gguf.ok) {
    throw new UserError(
      'no runtime answered: start Ollama (`ollama serve`) or point --gguf-dir at a folder of .gguf files',
      { exitCode: EXIT.runIncomplete },
    );
  }
  return EXIT.ok;
}

type GgufListing =
  | { ok: true; exists: boolean; files: GgufFileSummary[] }
  | { ok: false; exists: boolean; message: string };

const SOURCE_TEXT = {
  '--gguf-dir': 'from --gguf-dir',
  RIGHTSIZE_MODELS_DIR: 'the models folder, from RIGHTSIZE_MODELS_DIR',
  default: 'the default models folder; set RIGHTSIZE_MODELS_DIR to use another',
} as const;

/**
 * The models folder not created yet is the state before the first download, not a failure; a folder
 * named by --gguf-dir only to be listed has no such excuse.
 */
async function listGgufFolder(dir: string, opts: { mustExist: boolean }): Promise<GgufListing> {
  const exists = (await stat(dir).catch(() => null)) !== null;
  if (!exists && opts.mustExist) return { ok: false, exists, message: 'the folder does not exist' };
  if (!exists) return { ok: true, exists, files: [] };
  return listGgufFiles(dir).then(
    (files) => ({ ok: true as const, exists, files }),
    (err: unknown) => ({
      ok: false as const,
      exists,
      message: err instanceof Error ? err.message : String(err),
    }),
  );
}
