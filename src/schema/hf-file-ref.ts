import path from 'node:path';

/** `hf:<user>/<repo>/<path/to/file.gguf>[#<branch>]`: one file of a Hugging Face repository. */
export interface HfFileRef {
  /** As node-llama-cpp's downloader takes it. */
  uri: string;
  user: string;
  repo: string;
  /** The file's path inside the repository. */
  file: string;
  branch: string;
  /** The name it has in the models folder: the file's own, as `huggingface-cli download --local-dir` saves it. */
  fileName: string;
}

/** The form a person writes, as a whole provider id (the only place an `hf:` reference is written). */
export const HF_PROVIDER_FORM = 'gguf:hf:<user>/<repo>/<file>.gguf';
const HF_EXAMPLE = 'gguf:hf:aladar/llama-2-tiny-random-GGUF/llama-2-tiny-random.gguf';

export function isHfRef(ref: string): boolean {
  return ref.startsWith('hf:');
}

/**
 * Reads an `hf:` reference (a `gguf:` model name). Only the form that names a file is accepted: the folder
 * it lands in must be fillable by hand when offline, which needs the file's name before any network call.
 * node-llama-cpp's `hf:<user>/<repo>:<quant>` form is refused for that reason: only its hub knows the file.
 * It lives in the schema so a suite is checked at load time, and the downloader reads it the same way.
 */
export function parseHfFileRef(ref: string): { ok: true; ref: HfFileRef } | { ok: false; message: string } {
  const body = ref.slice('hf:'.length);
  const hash = body.indexOf('#');
  const pathPart = hash < 0 ? body : body.slice(0, hash);
  const branch = (hash < 0 ? '' : body.slice(hash + 1)) || 'main';
  const [user, repo, ...rest] = pathPart.split('/');
  const file = rest.join('/');
  const why =
    !user || !repo
      ? 'it needs a user and a repository'
      : repo.includes(':')
        ? 'a quantization tag leaves the file to be looked up online; name the file itself'
        : !file
          ? 'it names a repository but no file in it'
          : rest.some((p) => p === '' || p === '..')
            ? 'its file path has an empty or ".." part'
            : !/\.gguf$/i.test(file)
              ? 'the file does not end in .gguf'
              : null;
  if (why || !user || !repo) {
    return {
      ok: false,
      message: `"gguf:${ref}" does not name a GGUF file on Hugging Face (${why}); write ${HF_PROVIDER_FORM} (e.g. ${HF_EXAMPLE})`,
    };
  }
  const uri = `hf:${user}/${repo}/${file}${branch === 'main' ? '' : `#${branch}`}`;
  return { ok: true, ref: { uri, user, repo, file, branch, fileName: path.posix.basename(file) } };
}
