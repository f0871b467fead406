// Preload for the start-up analysis: records every module a process loads. ESM imports arrive through a
// resolve hook (with the importing file); CommonJS files loaded by require() are read from the require
// cache at exit. One line each in BENCH_TRACE_FILE: <parent URL or "cjs">\t<specifier>\t<resolved URL>.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

register('./module-trace-hooks.mjs', import.meta.url);
const require = createRequire(import.meta.url);
process.on('exit', () => {
  const lines = Object.keys(require.cache).map((file) => `cjs\t\t${pathToFileURL(file).href}\n`);
  appendFileSync(process.env.BENCH_TRACE_FILE, lines.join(''));
});
