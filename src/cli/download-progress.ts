import type { DownloadProgressEvent, OnDownloadProgress } from '../models/gguf-download-progress.js';

type Stream = Pick<NodeJS.WriteStream, 'write'> & { columns?: number };

export interface DownloadProgressOptions {
  /** Milliseconds; a fake clock in tests. */
  now?: () => number;
}

const BAR_WIDTH = 20;
const REDRAW_MS = 100;
/** How often a log gets a line while a download runs, as the run's own progress lines. */
const LINE_EVERY_MS = 5000;

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function fileName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

/** ` ██████░░░░ 60% | 1.1 MB of 1.8 MB | downloading llama.gguf`: a one-line bar, the name last so a narrow terminal cuts it first. */
export function downloadBar(name: string, done: number, total: number | null): string {
  const share = total ? Math.min(1, done / total) : 0;
  const full = Math.round(share * BAR_WIDTH);
  const size = total ? megabytes(total) : '?';
  return ` ${'█'.repeat(full)}${'░'.repeat(BAR_WIDTH - full)} ${Math.floor(share * 100)}% | ${megabytes(done)} of ${size} | downloading ${name}`;
}

/**
 * Draws the models layer's download events: a bar on a terminal, a line every few seconds in a log,
 * nothing with --quiet. A download happens in a model's pre-flight check, after the run's own bar has
 * started at 0: on a terminal this bar borrows the current line and clears it when done, since printing
 * below the run's bar would move it away from the position it restores at its end.
 */
export function makeDownloadProgress(
  mode: 'tty' | 'lines' | 'none',
  stream: Stream = process.stderr,
  opts: DownloadProgressOptions = {},
): OnDownloadProgress {
  if (mode === 'none') return () => {};
  const now = opts.now ?? Date.now;
  let last = 0;
  if (mode === 'lines') {
    return (e: DownloadProgressEvent) => {
      if (e.phase === 'start') {
        last = now();
        stream.write(`downloading ${e.uri} to ${e.file}\n`);
      } else if (e.phase === 'progress') {
        if (now() - last < LINE_EVERY_MS) return;
        last = now();
        const share = e.totalBytes
          ? ` (${Math.floor(Math.min(1, e.receivedBytes / e.totalBytes) * 100)}%)`
          : '';
        stream.write(
          `downloading ${fileName(e.file)}: ${megabytes(e.receivedBytes)} of ${e.totalBytes ? megabytes(e.totalBytes) : '?'}${share}\n`,
        );
      } else if (e.phase === 'done') {
        const size = e.totalBytes ?? e.receivedBytes;
        stream.write(`downloaded ${e.file}${size ? ` (${megabytes(size)})` : ''}\n`);
      }
      // A failed download is the run's to report, with what to do.
    };
  }
  const draw = (text: string) => {
    // A wrapped line could not be redrawn in place.
    const width = Math.max(20, (stream.columns || 80) - 1);
    stream.write(`\r${text.slice(0, width)}\x1b[K`);
  };
  return (e: DownloadProgressEvent) => {
    const name = fileName(e.file);
    if (e.phase === 'start') {
      draw(downloadBar(name, 0, null));
    } else if (e.phase === 'progress') {
      const complete = e.totalBytes !== null && e.receivedBytes >= e.totalBytes;
      if (now() - last < REDRAW_MS && !complete) return;
      last = now();
      draw(downloadBar(name, e.receivedBytes, e.totalBytes));
    } else {
      stream.write('\r\x1b[K');
    }
  };
}
