import { listGgufFiles } from '../models/gguf-model.js';
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
  const dir = flags.ggufDir ?? process.env.RIGHTSIZE_MODELS_DIR;
  const [ollama, gguf] = await Promise.all([
    listOllamaModels(host, AbortSignal.timeout(5000)).then(
      (models) => ({ ok: true as const, models }),
      (err: unknown) => ({ ok: false as const, message: err instanceof Error ? err.message : String(err) }),
    ),
    dir
      ? listGgufFiles(dir).then(
          (files) => ({ ok: true as const, files }),
          (err: unknown) => ({
            ok: false as const,
            message: err instanceof Error ? err.message : String(err),
          }),
        )
      : null,
  ]);
  if (flags.json) {
    printer.out(JSON.stringify({ ollama: { host, ...ollama }, gguf: gguf && { dir, ...gguf } }, null, 2));
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
    if (gguf === null)
      printer.out('GGUF files: set RIGHTSIZE_MODELS_DIR or pass --gguf-dir to list a folder of .gguf files');
    else {
      printer.out(`GGUF files in ${displayPath(dir as string)}:`);
      if (!gguf.ok) printer.out(`  ${gguf.message}`);
      else if (gguf.files.length === 0) printer.out('  no .gguf files');
      else {
        for (const line of table([
          ['provider id', 'parameters', 'quantization', 'context', 'architecture', 'size'],
          ...gguf.files.map((f) => [
            `gguf:${displayPath(f.path)}`,
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
  if (!ollama.ok && (gguf === null || !gguf.ok)) {
    throw new UserError(
      'no runtime answered: start Ollama (`ollama serve`) or point --gguf-dir at a folder of .gguf files',
      { exitCode: EXIT.runIncomplete },
    );
  }
  return EXIT.ok;
}
