import { describe, expect, it } from 'vitest';
import { downloadBar, makeDownloadProgress } from '../../src/cli/download-progress.js';
import type { DownloadProgressEvent } from '../../src/models/gguf-download-progress.js';

const URI = 'hf:a/b/c.gguf';
const FILE = '/m/c.gguf';

function event(
  phase: DownloadProgressEvent['phase'],
  receivedBytes = 0,
  totalBytes: number | null = null,
): DownloadProgressEvent {
  return { phase, uri: URI, file: FILE, receivedBytes, totalBytes };
}

describe('download progress', () => {
  it('draws a bar with the share done and the sizes, the name last', () => {
    expect(downloadBar('x.gguf', 500_000, 1_000_000)).toBe(
      ` ${'█'.repeat(10)}${'░'.repeat(10)} 50% | 0.5 MB of 1.0 MB | downloading x.gguf`,
    );
    expect(downloadBar('x.gguf', 0, 0)).toContain('0% | 0.0 MB of ? |');
    expect(downloadBar('x.gguf', 0, null)).toContain('0% | 0.0 MB of ? |');
  });

  it('writes two lines to a log, and redraws one line in place on a terminal', () => {
    const log: string[] = [];
    const lines = makeDownloadProgress('lines', { write: (s: string) => log.push(s) > 0 }, { now: () => 0 });
    lines(event('start'));
    lines(event('progress', 2_000_000, 2_000_000));
    lines(event('done', 2_000_000, 2_000_000));
    expect(log).toEqual(['downloading hf:a/b/c.gguf to /m/c.gguf\n', 'downloaded /m/c.gguf (2.0 MB)\n']);

    const tty: string[] = [];
    const bar = makeDownloadProgress('tty', { write: (s: string) => tty.push(s) > 0, columns: 200 });
    bar(event('start'));
    bar(event('progress', 1_000_000, 1_000_000));
    bar(event('done', 1_000_000, 1_000_000));
    expect(tty.at(0)).toBe(`\r${downloadBar('c.gguf', 0, 0)}\x1b[K`);
    expect(tty.at(1)).toBe(`\r${downloadBar('c.gguf', 1_000_000, 1_000_000)}\x1b[K`);
    // Cleared, so the run's bar comes back on its own line.
    expect(tty.at(-1)).toBe('\r\x1b[K');
    expect(tty.join('')).not.toContain('\n');
  });

  it('in a log, adds a line every five seconds while the bytes arrive, and none for a failed download', () => {
    let t = 0;
    const log: string[] = [];
    const lines = makeDownloadProgress('lines', { write: (s: string) => log.push(s) > 0 }, { now: () => t });
    lines(event('start'));
    for (const [at, bytes] of [
      [1000, 100_000],
      [4999, 400_000],
      [5000, 500_000],
      [9000, 900_000],
      [10_000, 1_000_000],
    ] as const) {
      t = at;
      lines(event('progress', bytes, 2_000_000));
    }
    lines(event('failed', 1_000_000, 2_000_000));
    expect(log).toEqual([
      'downloading hf:a/b/c.gguf to /m/c.gguf\n',
      'downloading c.gguf: 0.5 MB of 2.0 MB (25%)\n',
      'downloading c.gguf: 1.0 MB of 2.0 MB (50%)\n',
    ]);
  });

  it('draws and writes nothing with --quiet', () => {
    const written: string[] = [];
    const none = makeDownloadProgress('none', { write: (s: string) => written.push(s) > 0 });
    for (const phase of ['start', 'progress', 'done'] as const) none(event(phase, 1, 1));
    expect(written).toEqual([]);
  });
});
