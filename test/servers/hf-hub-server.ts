import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback stand-in for Hugging Face's `resolve` endpoint: ranged GETs of one file, like its CDN. */
export interface FakeHub {
  url: string;
  requests: Array<{ path: string; range: string | undefined }>;
  close(): Promise<void>;
}

export async function startHub(
  files: Record<string, Buffer>,
  opts: { status?: number; failAfterProbe?: boolean } = {},
): Promise<FakeHub> {
  const requests: FakeHub['requests'] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push({ path: pathname, range: req.headers.range });
    // Like huggingface.co: `resolve` redirects to the storage host, which serves the bytes.
    if (pathname.includes('/resolve/') && !opts.status && files[decodeURIComponent(pathname)]) {
      return res.writeHead(302, { location: `/cdn${pathname}` }).end();
    }
    const body = files[decodeURIComponent(pathname.replace(/^\/cdn/, ''))];
    const isProbe = req.headers.range === 'bytes=0-0';
    if (opts.status) return res.writeHead(opts.status).end();
    if (!body || (opts.failAfterProbe && !isProbe)) return res.writeHead(404).end('Entry not found');
    const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    if (!m) {
      res.writeHead(200, { 'content-length': body.length, 'accept-ranges': 'bytes' });
      return res.end(body);
    }
    const start = Number(m[1]);
    const end = m[2] ? Number(m[2]) : body.length - 1;
    res.writeHead(206, {
      'content-length': end - start + 1,
      'content-range': `bytes ${start}-${end}/${body.length}`,
      'accept-ranges': 'bytes',
    });
    res.end(body.subarray(start, end + 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A loopback address nothing listens on: connection refused, as offline as a test can be without waiting. */
export async function closedPortUrl(): Promise<string> {
  const hub = await startHub({});
  await hub.close();
  return hub.url;
}
