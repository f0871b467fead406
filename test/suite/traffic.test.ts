import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSuite } from '../../src/suite/load-suite.js';
import { UserError } from '../../src/util/user-error.js';
import { tempFiles } from '../helpers/temp-files.js';

const DATA = 'id,question,answer\nq1,What is 2+2?,4\n';

function rightsizeSuite(traffic: string | null): string {
  return [
    'name: demo',
    'dataset: file://data.csv',
    'prompts: ["{{question}}"]',
    'baseline: openai:gpt-4o',
    'candidates: [ollama:qwen2.5:0.5b]',
    ...(traffic ? [traffic] : []),
  ].join('\n');
}

describe('traffic:', () => {
  it('reads requestsPerDay, peakFactor and peakRequestsPerSecond', () => {
    const dir = tempFiles({
      'suite.yaml': rightsizeSuite(
        'traffic: { requestsPerDay: 50000, peakFactor: 4, peakRequestsPerSecond: 2.5 }',
      ),
      'data.csv': DATA,
    });
    const suite = loadSuite(join(dir, 'suite.yaml'));
    expect(suite.requestsPerDay).toBe(50_000);
    expect(suite.peakFactor).toBe(4);
    expect(suite.peakRequestsPerSecond).toBe(2.5);
  });

  it('leaves the peak unset when the suite does not give it (sizing then uses factor 3)', () => {
    const dir = tempFiles({
      'suite.yaml': rightsizeSuite('traffic: { requestsPerDay: 800 }'),
      'data.csv': DATA,
    });
    const suite = loadSuite(join(dir, 'suite.yaml'));
    expect(suite.requestsPerDay).toBe(800);
    expect(suite.peakFactor).toBeUndefined();
    expect(suite.peakRequestsPerSecond).toBeUndefined();
  });

  it('rejects a peak factor below 1, naming the field', () => {
    const dir = tempFiles({
      'suite.yaml': rightsizeSuite('traffic: { requestsPerDay: 800, peakFactor: 0.5 }'),
      'data.csv': DATA,
    });
    let text = '';
    try {
      loadSuite(join(dir, 'suite.yaml'));
    } catch (err) {
      text = err instanceof UserError ? err.format() : String(err);
    }
    expect(text).toContain('peakFactor');
  });

  it("reads the same keys in promptfoo's layout", () => {
    const dir = tempFiles({
      'promptfooconfig.yaml': [
        'prompts: ["{{question}}"]',
        'providers: [openai:gpt-4o, ollama:chat:qwen2.5:0.5b]',
        'tests: file://data.csv',
        'traffic: { requestsPerDay: 1200, peakFactor: 5 }',
      ].join('\n'),
      'data.csv': DATA,
    });
    const suite = loadSuite(join(dir, 'promptfooconfig.yaml'), {});
    expect(suite.requestsPerDay).toBe(1200);
    expect(suite.peakFactor).toBe(5);
  });
});
