import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { GgufFileInfo } from 'node-llama-cpp';
import { isHfRef, parseHfFileRef } from '../schema/hf-file-ref.js';
import { type DownloadOptions, downloadGgufFile } from './gguf-download.js';
import { ggufModelsDir, ggufNotFoundMessage, ggufPathCandidates } from './gguf-models-dir.js';
import { loadNodeLlamaCpp, type NodeLlamaCpp } from './gguf-runtime.js';
import { ModelError } from './model-error.js';

/**
 * Where a `gguf:` model's file is. A path or name: relative to the suite's folder, else `ref` or `<ref>.gguf`
 * in the models folder (`ggufModelsDir`); a miss names every path tried and where to put the file.
 * An `hf:<user>/<repo>/<file>.gguf` reference: `<file>.gguf` in the models folder, downloaded there first
 * when missing.
 */
export async function resolveGgufPath(
  ref: string,
  baseDir: string,
  env: Record<string, string | undefined>,
  download: Omit<DownloadOptions, 'env'> = {},
): Promise<string> {
  const modelsDir = ggufModelsDir(env);
  if (isHfRef(ref)) {
    const parsed = parseHfFileRef(ref);
    if (!parsed.ok) throw new ModelError('model_not_found', parsed.message, { retryable: false });
    const dest = path.join(modelsDir, parsed.ref.fileName);
    if (await isFile(dest)) return dest;
    return downloadGgufFile(parsed.ref, modelsDir, { ...download, env });
  }
  const tried = ggufPathCandidates(ref, baseDir, env);
  for (const candidate of tried) {
    if (await isFile(candidate)) return candidate;
  }
  throw new ModelError('model_not_found', ggufNotFoundMessage(ref, tried, env), {
    retryable: false,
  });
}

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => null))?.isFile() === true;
}

/**
 * A readable quantization: the file type llama.cpp wrote (`general.file_type`, e.g. MOSTLY_Q4_K_M → 'Q4_K_M'),
 * else, for files without it, the tensor type holding most weights (e.g. 'F32').
 */
export function quantizationName(
  info: GgufFileInfo,
  lib: Pick<NodeLlamaCpp, 'GgufFileType' | 'GgmlType'>,
): string | null {
  const fileType = info.metadata.general.file_type;
  if (typeof fileType === 'number') {
    const name = lib.GgufFileType[fileType];
    return name ? name.replace(/^(MOSTLY|ALL)_/, '') : `file type ${fileType}`;
  }
  const elements = new Map<number, number>();
  for (const t of info.tensorInfo ?? []) {
    if (t.dimensions.length < 2) continue; // norms and biases stay F32 in every quantization
    const n = t.dimensions.reduce<number>((a, d) => a * Number(d), 1);
    elements.set(t.ggmlType, (elements.get(t.ggmlType) ?? 0) + n);
  }
  const top = [...elements.entries()].sort((a, b) => b[1] - a[1])[0];
  return top ? (lib.GgmlType[top[0]] ?? null) : null;
}

/** What a GGUF file says about itself, read from its header without loading weights. */
export interface GgufFileSummary {
  path: string;
  /** File size in bytes. */
  size: number;
  name: string | null;
  architecture: string | null;
  parameters: number | null;
  quantization: string | null;
  contextLength: number | null;
  /** Set when the header could not be read; the other figures are then null. */
  error?: string;
}

export async function summarizeGgufFile(lib: NodeLlamaCpp, file: string): Promise<GgufFileSummary> {
  const { size } = await stat(file);
  try {
    const info = await lib.readGgufFileInfo(file, { logWarnings: false });
    const insights = await lib.GgufInsights.from(info);
    return {
      path: file,
      size,
      name: info.metadata.general.name ?? null,
      architecture: info.metadata.general.architecture ?? null,
      parameters: insights.totalParameters,
      quantization: quantizationName(info, lib),
      contextLength: insights.trainContextSize ?? null,
    };
  } catch (e) {
    const empty = {
      name: null,
      architecture: null,
      parameters: null,
      quantization: null,
      contextLength: null,
    };
    return { path: file, size, ...empty, error: (e as Error).message };
  }
}

/** The .gguf files in `dir` (not recursive), sorted by name, for `rightsize models`. */
export async function listGgufFiles(dir: string): Promise<GgufFileSummary[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.gguf'))
    .map((e) => path.join(dir, e.name))
    .sort();
  if (files.length === 0) return [];
  const lib = await loadNodeLlamaCpp();
  return Promise.all(files.map((f) => summarizeGgufFile(lib, f)));
}
