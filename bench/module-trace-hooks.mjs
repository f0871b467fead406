// Module hooks of module-trace.mjs (they run on the loader thread).
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  appendFileSync(process.env.BENCH_TRACE_FILE, `${context.parentURL ?? ''}\t${specifier}\t${resolved.url}\n`);
  return resolved;
}
