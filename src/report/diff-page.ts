import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import type { RunDiff } from '../schema/run-diff.js';
import { diffView } from './diff-view.js';
import { formatInt } from './format.js';
import { contentSecurityPolicy, loadTemplates, TEMPLATES_DIR } from './templates.js';

/** Cases listed per model and direction on the page (all of them are in diff.json). */
export const PAGE_CASE_CAP = 200;

let compiled: { page: Handlebars.TemplateDelegate<unknown>; css: string } | null = null;

/** diff.hbs, compiled once, strict (a field the view lacks is a bug); its style is the runs index's and its own. */
function template(): { page: Handlebars.TemplateDelegate<unknown>; css: string } {
  if (compiled) return compiled;
  const own = readFileSync(join(TEMPLATES_DIR, 'diff.css'), 'utf8');
  const css = `${loadTemplates().indexCss}\n${own}`;
  if (css.toLowerCase().includes('</style')) throw new Error('diff.css must not contain </style');
  compiled = {
    page: Handlebars.create().compile<unknown>(readFileSync(join(TEMPLATES_DIR, 'diff.hbs'), 'utf8'), {
      strict: true,
    }),
    css,
  };
  return compiled;
}

/**
 * diff.html: the diff as one self-contained page (no script, no external asset; the same strict
 * content security policy as the runs index). The same wording as summary.md (`diffView`).
 */
export function diffPage(diff: RunDiff): string {
  const t = template();
  const v = diffView(diff, PAGE_CASE_CAP);
  return t.page({
    csp: contentSecurityPolicy(null, t.css),
    css: t.css,
    ...v,
    cases: v.cases
      .filter((c) => c.total > 0)
      .map((c) => ({ ...c, totalText: formatInt(c.total), moreText: c.more ? formatInt(c.more) : null })),
  });
}
