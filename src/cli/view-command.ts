import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { type ReportsServer, startReportsServer } from '../report/reports-server.js';
import { RUN_MARKERS } from '../report/runs-index.js';
import { UserError } from '../util/user-error.js';
import { displayPath, type Printer } from './print.js';

export interface ViewFlags {
  /** Port to listen on; 0 or absent picks a free one. */
  port?: number;
  /** commander's `--no-open` sets this false. */
  open?: boolean;
}

export interface ViewHandle extends ReportsServer {
  /** The page opened (or to open): the index, or the run's report when a run folder was given. */
  pageUrl: string;
}

/** Best effort: starts the desktop's browser, false when there is none to start. */
export function openInBrowser(url: string): boolean {
  const cmd =
    process.platform === 'darwin'
      ? { bin: 'open', args: [url] }
      : process.platform === 'win32'
        ? { bin: 'cmd', args: ['/c', 'start', '""', url] }
        : process.env.DISPLAY || process.env.WAYLAND_DISPLAY
          ? { bin: 'xdg-open', args: [url] }
          : null;
  if (!cmd) return false;
  try {
    const child = spawn(cmd.bin, cmd.args, { detached: true, stdio: 'ignore' });
    child.on('error', () => {});
    child.unref();
    return true;
  } catch {
    return false;
  }
}

/**
 * `rightsize view [dir]`: serves the reports folder (default ./reports) on 127.0.0.1 with an index
 * of runs and their verdicts, and opens it. Given a run folder, serves its parent and opens that run.
 * Returns the running server; the caller keeps the process alive until Ctrl-C or closes it.
 */
export async function viewCommand(
  dir: string | undefined,
  opts: ViewFlags,
  printer: Printer,
  open: (url: string) => boolean = openInBrowser,
): Promise<ViewHandle> {
  const target = resolve(dir ?? 'reports');
  if (!existsSync(target) || !statSync(target).isDirectory()) {
    throw new UserError(`no reports folder at ${displayPath(target)}`, {
      hint: dir
        ? 'pass a folder of runs (or one run folder)'
        : 'run a suite first: `rightsize run <suite.yaml>`',
    });
  }
  const isRun = RUN_MARKERS.some((f) => existsSync(resolve(target, f)));
  const root = isRun ? dirname(target) : target;
  const server = await startReportsServer(root, opts.port ?? 0);
  const pageUrl = isRun ? `${server.url}${encodeURIComponent(basename(target))}/report.html` : server.url;
  printer.out(`Serving ${displayPath(root)} at ${server.url} (127.0.0.1 only; Ctrl-C to stop)`);
  const opened = opts.open !== false && open(pageUrl);
  if (!opened) printer.out(`Open ${pageUrl} in a browser.`);
  return { ...server, pageUrl };
}
