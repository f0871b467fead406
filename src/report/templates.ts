import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';

/**
 * The templates ship as files in src/report/templates; tsc does not copy them to dist/, so both the
 * sources (src/report/*.ts) and the build (dist/report/*.js) find them from the package root.
 */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../src/report/templates/', import.meta.url));

/** Browser scripts, in the order they run: each registers on one namespace, main wires the page. */
const SCRIPTS = ['format.js', 'data.js', 'filter.js', 'table.js', 'detail.js', 'main.js'];

export interface Templates {
  report: Handlebars.TemplateDelegate<unknown>;
  index: Handlebars.TemplateDelegate<unknown>;
  reportCss: string;
  indexCss: string;
  reportJs: string;
}

let cached: Templates | null = null;

function read(...parts: string[]): string {
  return readFileSync(join(TEMPLATES_DIR, ...parts), 'utf8');
}

/** Static assets go into the page raw: none may close the element that holds it. */
function checkAsset(name: string, text: string, closer: string): string {
  if (text.toLowerCase().includes(closer)) throw new Error(`${name} must not contain ${closer}`);
  return text;
}

/** Compiles the templates once per process, in a Handlebars instance of their own (no global helpers). */
export function loadTemplates(): Templates {
  if (cached) return cached;
  const hbs = Handlebars.create();
  for (const file of readdirSync(join(TEMPLATES_DIR, 'partials'))) {
    if (file.endsWith('.hbs')) hbs.registerPartial(basename(file, '.hbs'), read('partials', file));
  }
  // strict: a field the view model lacks is a bug to see at once, not a blank in the report.
  const compile = (file: string) => hbs.compile<unknown>(read(file), { strict: true });
  cached = {
    report: compile('report.hbs'),
    index: compile('index.hbs'),
    reportCss: checkAsset('report.css', read('report.css'), '</style'),
    indexCss: checkAsset('index.css', read('index.css'), '</style'),
    reportJs: SCRIPTS.map((f) => checkAsset(f, read('scripts', f), '</script')).join('\n'),
  };
  return cached;
}

/** A CSP source for inline content: only this exact script or style may run or apply. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Nothing external: no network, no frames, no forms; only the page's own hashed script and style. */
export function contentSecurityPolicy(script: string | null, style: string): string {
  return [
    "default-src 'none'",
    `script-src ${script === null ? "'none'" : cspHash(script)}`,
    `style-src ${cspHash(style)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
