import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, sep } from 'node:path';
import type { DiffFile } from '../schema/run-diff.js';
import type { OutputFile } from '../schema/run-files.js';
import { listRuns, renderIndex } from './runs-index.js';

export interface ReportsServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The only files served, by name: nothing else of a run folder (results, inputs) leaves the machine. */
const SERVED: Record<OutputFile, string> = {
  'report.html': 'text/html; charset=utf-8',
  'summary.json': 'application/json; charset=utf-8',
  'summary.md': 'text/markdown; charset=utf-8',
  'junit.xml': 'application/xml; charset=utf-8',
};

/** The files of a diff folder inside a run (`rightsize diff`'s default place), served the same way. */
const DIFF_SERVED: Record<DiffFile, string> = {
  'diff.html': 'text/html; charset=utf-8',
  'diff.json': 'application/json; charset=utf-8',
  'summary.md': 'text/markdown; charset=utf-8',
};

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

/** Path segments, decoded; null when any could climb out of the folder or is malformed. */
function segments(url: string): string[] | null {
  const path = url.split('?')[0] ?? '';
  const parts: string[] = [];
  for (const raw of path.split('/').filter((s) => s !== '')) {
    let s: string;
    try {
      s = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (s === '.' || s === '..' || /[/\\\0]/.test(s)) return null;
    parts.push(s);
  }
  return parts;
}

function handle(root: string, port: number, req: IncomingMessage, res: ServerResponse): void {
  // Another site's page could reach a loopback server through DNS rebinding: answer our own names only.
  const host = req.headers.host ?? '';
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
    send(res, 421, 'text/plain; charset=utf-8', 'unexpected Host header\n');
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
    return;
  }
  const parts = segments(req.url ?? '/');
  if (parts === null) {
    send(res, 400, 'text/plain; charset=utf-8', 'bad path\n');
    return;
  }
  if (parts.length === 0 || (parts.length === 1 && parts[0] === 'index.html')) {
    send(res, 200, 'text/html; charset=utf-8', renderIndex(root, listRuns(root)));
    return;
  }
  const [name, second, third] = parts;
  // The run name must be one the listing holds: a lookup, never a path built from the request.
  const run = listRuns(root).find((r) => r.name === name);
  // So must a diff folder: one the run's listing holds.
  const diff = third === undefined ? undefined : run?.diffs.find((d) => d.folder === second);
  if (!run || parts.length > 3 || (third !== undefined && !diff)) {
    send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
    return;
  }
  if (second === undefined) {
    res.writeHead(302, { location: `/${encodeURIComponent(run.name)}/report.html` }).end();
    return;
  }
  const file = diff ? (third as string) : second;
  const type = diff
    ? Object.hasOwn(DIFF_SERVED, file)
      ? DIFF_SERVED[file as DiffFile]
      : undefined
    : Object.hasOwn(SERVED, file)
      ? SERVED[file as OutputFile]
      : undefined;
  const path = diff ? join(root, run.name, diff.folder, file) : join(root, run.name, file);
  if (!type || !existsSync(path)) {
    send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
    return;
  }
  // A symlinked run folder or file must still resolve inside the served folder.
  const real = realpathSync(path);
  if (!real.startsWith(realpathSync(root) + sep)) {
    send(res, 403, 'text/plain; charset=utf-8', 'outside the reports folder\n');
    return;
  }
  send(res, 200, type, readFileSync(real));
}

/** Serves a reports folder on 127.0.0.1 only (port 0: any free port). */
export function startReportsServer(root: string, port = 0): Promise<ReportsServer> {
  return new Promise((resolve, reject) => {
    let bound = port;
    const server = createServer((req, res) => {
      try {
        handle(root, bound, req, res);
      } catch (err) {
        send(res, 500, 'text/plain; charset=utf-8', `${(err as Error).message}\n`);
      }
    });
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      bound = (server.address() as AddressInfo).port;
      resolve({
        url: `http://127.0.0.1:${bound}/`,
        port: bound,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
