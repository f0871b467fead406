import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listRuns, renderIndex } from '../../src/report/runs-index.js';
import { tempFiles } from '../helpers/temp-files.js';
import { fakeRun } from './fake-run.js';
import { writeRunDir } from './run-dir.js';

describe('listRuns', () => {
  it('lists a run that stopped short as incomplete, with what is missing, whatever its gate says', () => {
    const reports = tempFiles({});
    const whole = fakeRun();
    writeRunDir(join(reports, 'whole'), { ...whole, summary: { ...whole.summary, complete: true } });
    const stopped = fakeRun();
    writeRunDir(join(reports, 'stopped'), {
      ...stopped,
      summary: {
        ...stopped.summary,
        complete: false,
        incomplete: ['qwen: 0 of 80 calls recorded'],
        gate: { passed: false, rules: [] },
      },
    });
    // As a killed run leaves it: records, no summary.json.
    rmSync(join(writeRunDir(join(reports, 'killed'), fakeRun()), 'summary.json'));
    const runs = new Map(listRuns(reports).map((r) => [r.name, r]));
    expect(runs.get('whole')).toMatchObject({ complete: true, problem: null });
    expect(runs.get('stopped')).toMatchObject({
      complete: false,
      problem: 'incomplete: qwen: 0 of 80 calls recorded',
    });
    expect(runs.get('killed')?.complete).toBe(false);
    expect(runs.get('killed')?.problem).toMatch(/^incomplete: no summary\.json/);
    expect(renderIndex(reports, [...runs.values()])).toContain('incomplete: qwen: 0 of 80 calls recorded');
  });
});
