/** What a download shows while it runs. */
export interface DownloadProgress {
  start(uri: string, dest: string): void;
  update(downloadedBytes: number, totalBytes: number): void;
  stop(ok: boolean): void;
}

/** What `--quiet` shows of a download: nothing (it prints nothing but errors). */
export const silentDownloadProgress: DownloadProgress = { start() {}, update() {}, stop() {} };

type Stream = Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean; columns?: number };

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

const BAR_WIDTH = 20;
const REDRAW_MS = 100;

/** ` ██████░░░░ 60% | 1.1 MB of 1.8 MB | downloading llama.gguf`: a one-line bar, the name last so a narrow terminal cuts it first. */
export function downloadBar(name: string, done: number, total: number): string {
  const share = total > 0 ? Math.min(1, done / total) : 0;
  const full = Math.round(share * BAR_WIDTH);
  const size = total > 0 ? megabytes(total) : '?';
  return ` ${'█'.repeat(full)}${'░'.repeat(BAR_WIDTH - full)} ${Math.floor(share * 100)}% | ${megabytes(done)} of ${size} | downloading ${name}`;
}

/**
 * A bar on a terminal, two lines in a log. It writes to stderr itself because a download happens inside
 * a model's pre-flight check, where no printer reaches. On a terminal the bar borrows the current line
 * (where the run's own bar waits at 0) and clears it when done: printing below that bar would move it
 * away from the position it restores at its end.
 */
export function makeDownloadProgress(stream: Stream = process.stderr): DownloadProgress {
  let dest = '';
  let total = 0;
  if (!stream.isTTY) {
    return {
      start(uri, to) {
        dest = to;
        stream.write(`downloading ${uri} to ${to}\n`);
      },
      update(_done, size) {
        total = size;
      },
      stop(ok) {
        if (ok) stream.write(`downloaded ${dest}${total ? ` (${megabytes(total)})` : ''}\n`);
      },
    };
  }
  let name = '';
  let last = 0;
  const draw = (text: string) => {
    // A wrapped line could not be redrawn in place.
    const width = Math.max(20, (stream.columns || 80) - 1);
    stream.write(`\r${text.slice(0, width)}\x1b[K`);
  };
  return {
    start(_uri, to) {
      dest = to;
      name = to.split(/[\\/]/).pop() ?? to;
      draw(downloadBar(name, 0, 0));
    },
    update(done, size) {
      total = size;
      const now = Date.now();
      if (now - last < REDRAW_MS && done < size) return;
      last = now;
      draw(downloadBar(name, done, size));
    },
    stop() {
      stream.write('\r\x1b[K');
    },
  };
}
