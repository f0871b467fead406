export const DEFAULT_OLLAMA_URL = 'http://127.0.0.1:11434';

const OLLAMA_PORT = '11434';

/**
 * The Ollama server URL: the model's `baseURL`, else `OLLAMA_HOST` (as Ollama's own CLI reads it), else
 * promptfoo's `OLLAMA_BASE_URL`, else the local default. The official client ignores `OLLAMA_HOST`, so
 * it is read here, from the env passed in.
 */
export function resolveOllamaHost(
  baseURL: string | undefined,
  env: Record<string, string | undefined>,
): string {
  for (const value of [baseURL, env.OLLAMA_HOST, env.OLLAMA_BASE_URL]) {
    const trimmed = value?.trim().replace(/^["']|["']$/g, '');
    if (trimmed) return normalizeOllamaHost(trimmed);
  }
  return DEFAULT_OLLAMA_URL;
}

/**
 * Follows Ollama's envconfig.Host(): no scheme means http on port 11434 (`gpu-box`, `gpu-box:8080`,
 * `:11435`); an explicit scheme keeps that scheme's default port. A listen-everywhere address (`0.0.0.0`,
 * `::`) is what a server binds, not where a client connects, so it becomes loopback.
 */
export function normalizeOllamaHost(value: string): string {
  const schemeEnd = value.indexOf('://');
  const scheme = schemeEnd < 0 ? 'http' : value.slice(0, schemeEnd).toLowerCase();
  const rest = schemeEnd < 0 ? value : value.slice(schemeEnd + 3);
  const defaultPort = schemeEnd < 0 ? OLLAMA_PORT : scheme === 'https' ? '443' : '80';
  const slash = rest.indexOf('/');
  const hostPort = slash < 0 ? rest : rest.slice(0, slash);
  const path = slash < 0 ? '' : rest.slice(slash).replace(/\/+$/, '');
  let { host, port } = splitHostPort(hostPort);
  if (port === '' || !/^\d{1,5}$/.test(port) || Number(port) > 65535) port = defaultPort;
  if (host === '' || host === '0.0.0.0' || host === '::' || host === '[::]') host = '127.0.0.1';
  if (host.includes(':') && !host.startsWith('[')) host = `[${host}]`;
  return `${scheme}://${host}:${port}${path}`;
}

function splitHostPort(hostPort: string): { host: string; port: string } {
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close > 0) {
      const after = hostPort.slice(close + 1);
      return { host: hostPort.slice(0, close + 1), port: after.startsWith(':') ? after.slice(1) : '' };
    }
  }
  const colons = hostPort.split(':').length - 1;
  // A bare IPv6 address has several colons and no port.
  if (colons !== 1) return { host: hostPort, port: '' };
  const i = hostPort.indexOf(':');
  return { host: hostPort.slice(0, i), port: hostPort.slice(i + 1) };
}
