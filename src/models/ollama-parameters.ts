/**
 * Parses the `parameters` text of Ollama's /api/show: one Modelfile PARAMETER a line, the name padded
 * with spaces to its value, strings in double quotes, a name repeated for list values (`stop`).
 */
export function parseOllamaParameters(text: string | null | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of (text ?? '').split(/\r?\n/)) {
    const m = line.trim().match(/^(\S+)\s+(.+)$/);
    if (!m) continue;
    const name = (m[1] as string).toLowerCase();
    const raw = (m[2] as string).trim();
    const value = raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"') ? unquote(raw) : raw;
    out.set(name, [...(out.get(name) ?? []), value]);
  }
  return out;
}

/** The Modelfile's `num_ctx`: the window Ollama serves the model with when a request does not set one. */
export function modelfileNumCtx(text: string | null | undefined): number | null {
  const value = parseOllamaParameters(text).get('num_ctx')?.at(-1);
  // Ollama prints stored numbers with Go's %#v: "8192", never quoted.
  const n = value === undefined || value === '' ? Number.NaN : Number(value);
  return Number.isInteger(n) && n > 0 ? n : null;
}

function unquote(quoted: string): string {
  try {
    // Ollama writes them with Go's %q, whose escapes are JSON's for the characters that occur here.
    const parsed: unknown = JSON.parse(quoted);
    return typeof parsed === 'string' ? parsed : quoted.slice(1, -1);
  } catch {
    return quoted.slice(1, -1);
  }
}
