import type { LoadRecord } from '../schema/load-record.js';
import type { ResultRecord } from '../schema/result-record.js';
import type { RunMeta } from '../schema/run-meta.js';
import type { ScoreRecord } from '../schema/score-record.js';
import type { Summary } from '../schema/summary.js';
import { buildCaseData } from './case-data.js';
import { embedJson } from './embed-json.js';
import { packCaseData } from './pack-case-data.js';
import { reportView } from './report-view.js';
import { contentSecurityPolicy, loadTemplates } from './templates.js';

/** The records of one run: all the report reads. */
export interface ReportInput {
  meta: RunMeta;
  summary: Summary;
  results: readonly ResultRecord[];
  scores: readonly ScoreRecord[];
  /** load.json, when the run has one (the capacity section's levels). */
  load?: LoadRecord | null;
}

/**
 * report.html as a string: one self-contained page (inline CSS and script, the cases as an embedded
 * JSON block) that opens offline from file://. A pure view of the records: it calls no model.
 * Handlebars escapes every string of the view; the case data reaches the page only as escaped JSON
 * that the page's script writes with textContent.
 */
export function renderReport(input: ReportInput): string {
  const t = loadTemplates();
  const data = buildCaseData(input);
  const view = reportView({ ...input, caseCount: data.cases.length });
  return t.report({
    ...view,
    csp: contentSecurityPolicy(t.reportJs, t.reportCss),
    css: t.reportCss,
    js: t.reportJs,
    caseJson: embedJson(packCaseData(data)),
  });
}
