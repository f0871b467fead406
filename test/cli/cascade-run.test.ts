import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScoreRecord } from '../../src/schema/score-record.js';
import type { Summary } from '../../src/schema/summary.js';
import { cliAsync } from '../helpers/cli.js';
import { tempFiles } from '../helpers/temp-files.js';

const ROWS = 200;
/** The candidate is wrong on every tenth row, and there it answers off the label set and unsure. */
const wrong = (i: number) => i % 10 === 0;

function suite(): string {
  const label = (i: number) => `label${i % 4}`;
  return tempFiles({
    'suite.yaml': [
      'name: cascade',
      'dataset: file://rows.jsonl',
      'prompts: ["Classify: {{text}}"]',
      'baseline: { id: big, provider: "recorded:./big.jsonl" }',
      'candidates:',
      '  - { id: small, provider: "recorded:./small.jsonl" }',
      'assert:',
      '  - type: equals',
      '    value: "{{label}}"',
      'escalate:',
      '  - id: off-labels',
      '    checks:',
      '      - type: regex',
      '        value: "^label[0-3]$"',
      '  - id: unsure',
      '    confidence: { from: logprobs, summary: mean, below: 0.5 }',
      'gate:',
      '  requireSwitch: { candidate: small, deployment: cascade }',
    ].join('\n'),
    'rows.jsonl': Array.from({ length: ROWS }, (_, i) =>
      JSON.stringify({ id: `r${i}`, text: `t${i}`, label: label(i) }),
    ).join('\n'),
    'big.jsonl': Array.from({ length: ROWS }, (_, i) =>
      JSON.stringify({ id: `r${i}`, output: label(i) }),
    ).join('\n'),
    'small.jsonl': Array.from({ length: ROWS }, (_, i) =>
      JSON.stringify({
        id: `r${i}`,
        output: wrong(i) ? 'no idea' : label(i),
        confidence: wrong(i) ? 0.3 : 0.9,
      }),
    ).join('\n'),
  });
}

describe('an escalation cascade, end to end on recorded answers', () => {
  it('records the signals, simulates each policy, and states the cascade as the decision', async () => {
    const dir = suite();
    const r = await cliAsync(['run', 'suite.yaml', '--out', 'out'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const out = join(dir, 'out');
    const meta = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(meta.settings.escalation.small.map((p: { id: string }) => p.id)).toEqual(['off-labels', 'unsure']);

    const scores = readFileSync(join(out, 'scores.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as ScoreRecord);
    const r0 = scores.find((s) => s.model === 'small' && s.rowId === 'r0');
    expect(r0?.escalation).toEqual([
      { policy: 'off-labels', checksFailed: true, confidence: null },
      { policy: 'unsure', checksFailed: null, confidence: expect.closeTo(0.3, 9) },
    ]);

    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
    const deployments = summary.deployments ?? [];
    const of = (kind: string, policy: string | null) =>
      deployments.find((d) => d.candidate === 'small' && d.kind === kind && d.policy === policy);
    // Alone, 90% right against the baseline's 100% is outside a 5% margin.
    expect(of('all', null)).toMatchObject({ verdict: 'keep', share: 1 });
    for (const policy of ['off-labels', 'unsure']) {
      // The 20 wrong answers, and only they, go on to the baseline, which gets them right.
      expect(of('cascade', policy)).toMatchObject({ verdict: 'switch', escalationShare: 0.1, quality: 1 });
      expect(of('cascade', policy)?.share).toBeCloseTo(0.9, 12);
    }
    expect(summary.recommendation).toMatchObject({ candidate: 'small', kind: 'cascade' });
    expect(summary.gate.passed).toBe(true);
    expect(r.stdout).toMatch(
      /decision: small first, escalate by "(off-labels|unsure)" to big: 90% \[\d+%, \d+%\] of requests stay with small/,
    );
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain('**Decision:** small first');
  });

  it('a gate that names a deployment the run does not have is bad input before any call (exit 2)', async () => {
    const dir = suite();
    const r = await cliAsync(['run', 'suite.yaml', '--out', 'out', '--require-switch', 'small:cascde'], {
      cwd: dir,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cascde');
    expect(r.stderr).toContain('off-labels');
  });
});
