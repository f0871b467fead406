import { isIP } from 'node:net';

/**
 * Whether a server URL points at the user's own machine or network, where a model server serves a
 * few calls at a time (llama.cpp slots, Ollama's one model runner) rather than a cloud API's many:
 * loopback, the private ranges (10/8, 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16,
 * fe80::/10), mDNS names (`*.local`) and single-label host names (`gpu-box`, a LAN or cluster name).
 */
export function isLocalAddress(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  const kind = isIP(host);
  if (kind === 4) return isLocalIPv4(host);
  if (kind === 6) return isLocalIPv6(host);
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local')) return true;
  return host !== '' && !host.includes('.');
}

function isLocalIPv4(host: string): boolean {
  const [a = -1, b = -1] = host.split('.').map(Number);
  return (
    a === 127 ||
    a === 10 ||
    a === 0 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254)
  );
}

function isLocalIPv6(host: string): boolean {
  if (host === '::1' || host === '::') return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
  if (mapped?.[1]) return isLocalIPv4(mapped[1]);
  const first = Number.parseInt(host.split(':')[0] || '0', 16);
  // fc00::/7 (unique local) and fe80::/10 (link-local).
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80;
}
