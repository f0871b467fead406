import { describe, expect, it } from 'vitest';
import { printSummary } from '../../src/cli/print-summary.js';
import { decisionText, deploymentRows } from '../../src/report/deployment-view.js';
import { renderReport } from '../../src/report/render-report.js';
import { summaryMarkdown } from '../../src/report/summary-markdown.js';
import type { Deployment, Summary } from '../../src/schema/summary.js';
import { fakeRun } from './fake-run.js';

const run = fakeRun();
const baseline = run.summary.models.find((m) => m.role === 'baseline');
const candidate = run.summary.models.find((m) => m.role === 'candidate');
if (!baseline || !candidate) throw new Error('the fake run needs a baseline and a candidate');

const all: Deployment = {
  candidate: candidate.id,
  kind: 'all',
  policy: null,
  share: 1,
  escalationShare: 0,
  quality: 0.8,
  qualityCi: [0.75, 0.85],
  verdict: 'keep',
  ci: [-0.2, -0.05],
  costPer1k: 0.1,
  monthlyCost: 30,
  latencyP95Ms: 400,
};
const cascade: Deployment = {
  ...all,
  kind: 'cascade',
  policy: 'invalid-json',
  share: 0.91,
  shareCi: [0.88, 0.94],
  escalationShare: 0.09,
  quality: 0.9,
  qualityCi: [0.86, 0.93],
  verdict: 'switch',
  ci: [0.01, 0.04],
  costPer1k: 0.42,
  monthlyCost: 126,
  latencyP95Ms: 640,
  threshold: 0.62,
  thresholdChosen: 'cross-fit',
};

function withDeployments(recommended: boolean): Summary {
  return {
    ...run.summary,
    models: run.summary.models.map((m) => (m.id === baseline?.id ? { ...m, costPer1k: 3.1 } : m)),
    deployments: [all, cascade],
    recommendation: recommended
      ? { candidate: candidate?.id ?? '', kind: 'cascade', policy: 'invalid-json' }
      : null,
    cascadeCurves: [
      {
        candidate: candidate?.id ?? '',
        policy: 'invalid-json',
        points: [
          { threshold: 0.2, escalationShare: 0, quality: 0.8, qualityCi: [0.75, 0.85], costPer1k: 0.1 },
          { threshold: 0.62, escalationShare: 0.09, quality: 0.9, qualityCi: [0.86, 0.93], costPer1k: 0.42 },
          { threshold: 1, escalationShare: 1, quality: 0.92, qualityCi: [0.9, 0.94], costPer1k: 3.2 },
        ],
        apgr: 0.9,
        apgrCi: [0.8, 0.95],
        shareFor50: 0.05,
        shareFor50Ci: [0.03, 0.08],
        shareFor80: 0.08,
        shareFor80Ci: [0.05, 0.12],
      },
    ],
  };
}

describe('the decision, stated first in every output', () => {
  it('names the cheapest deployment that earns switch, in one sentence with its figures', () => {
    expect(decisionText(withDeployments(true))).toBe(
      `${candidate.id} first, escalate by "invalid-json" to ${baseline.id}: 91% [88%, 94%] of requests stay with ${candidate.id}, quality within 5% (relative) of ${baseline.id} (switch), $0.42 vs $3.10 per 1k requests, p95 640 ms.`,
    );
    expect(decisionText(withDeployments(false))).toBe(`No deployment earns switch: keep ${baseline.id}.`);
    expect(decisionText({ ...run.summary, deployments: [] })).toBeNull();
  });

  it('shows the same sentence and the deployments table in the CLI, summary.md and the report', () => {
    const summary = withDeployments(true);
    const text = decisionText(summary) as string;
    const lines: string[] = [];
    printSummary(summary, { out: (l = '') => lines.push(l), err: () => {}, warn: () => {} });
    expect(lines).toContain(`  decision: ${text}`);
    const md = summaryMarkdown(summary);
    expect(md).toContain(`**Decision:** ${text.replace(/\|/g, '\\|')}`);
    expect(md).toContain('### Deployments');
    expect(md).toContain(
      `| ${candidate.id} | cascade: invalid-json (confidence threshold 0.620, chosen on the other half of the rows (cross-fitted)) | ✅ switch | 91.0% [88.0%, 94.0%] |`,
    );
    const html = renderReport({ ...run, summary });
    expect(html).toContain('id="decision-text"');
    expect(html).toContain('id="deployments"');
    expect(html).toContain('class="chart cascade"');
    expect(html).toContain('APGR 0.900 [0.800, 0.950]');
    expect(deploymentRows(summary).map((d) => d.name)).toEqual(['all requests', 'cascade: invalid-json']);
  });
});
