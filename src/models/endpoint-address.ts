/**
 * A server URL as a suite writes it, split into the URL to connect to and the credentials it carries.
 * fetch refuses a URL with `user:password@` in it, and such a URL must never reach a record or a
 * message, so the credentials leave the URL here and go as HTTP Basic authentication (RFC 7617), as a
 * browser or curl sends them.
 */
export function splitCredentials(url: string): { url: string; authorization: string | null } {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#@]*)@/i.exec(url.trim());
  if (!m) return { url: url.trim(), authorization: null };
  const userinfo = m[2] as string;
  const colon = userinfo.indexOf(':');
  const user = decode(colon < 0 ? userinfo : userinfo.slice(0, colon));
  const password = colon < 0 ? '' : decode(userinfo.slice(colon + 1));
  return {
    url: `${m[1]}${url.trim().slice(m[0].length)}`,
    authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
  };
}

/**
 * How records, summaries and messages name a server of an endpoint pool: its URL without credentials,
 * query or fragment (where API keys sometimes ride) and without a trailing slash.
 */
export function endpointName(url: string): string {
  const bare = splitCredentials(url).url;
  return bare.replace(/[?#].*$/, '').replace(/\/+$/, '');
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
