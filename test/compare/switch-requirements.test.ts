import { describe, expect, it } from 'vitest';
import {
  deploymentAnswersTo,
  deploymentNames,
  requirementLabel,
  switchRequirements,
} from '../../src/compare/switch-requirements.js';
import type { Deployment } from '../../src/schema/summary.js';

describe('switchRequirements', () => {
  const candidates = ['qwen', 'ollama:qwen2.5:0.5b'];

  it('reads ids, { candidate, deployment } and `candidate:deployment`', () => {
    expect(switchRequirements('any', candidates)).toEqual([]);
    expect(switchRequirements(undefined, candidates)).toEqual([]);
    expect(
      switchRequirements(['qwen', { candidate: 'qwen', deployment: 'cascade' }, 'qwen:unsure'], candidates),
    ).toEqual([
      { candidate: 'qwen', deployment: null },
      { candidate: 'qwen', deployment: 'cascade' },
      { candidate: 'qwen', deployment: 'unsure' },
    ]);
    expect(requirementLabel({ candidate: 'qwen', deployment: 'cascade' })).toBe('qwen:cascade');
  });

  it('keeps a candidate id that holds colons whole, whichever way the flag split it', () => {
    expect(switchRequirements('ollama:qwen2.5:0.5b', candidates)).toEqual([
      { candidate: 'ollama:qwen2.5:0.5b', deployment: null },
    ]);
    expect(switchRequirements({ candidate: 'ollama:qwen2.5', deployment: '0.5b' }, candidates)).toEqual([
      { candidate: 'ollama:qwen2.5:0.5b', deployment: null },
    ]);
    expect(switchRequirements('ollama:qwen2.5:0.5b:all', candidates)).toEqual([
      { candidate: 'ollama:qwen2.5:0.5b', deployment: 'all' },
    ]);
    // Neither a candidate nor a deployment of one: left as an unknown candidate.
    expect(switchRequirements('mistral:cascade', candidates)).toEqual([
      { candidate: 'mistral:cascade', deployment: null },
    ]);
  });

  it('names deployments by kind or policy id', () => {
    expect(deploymentNames([], [])).toEqual(['all']);
    expect(deploymentNames(['topic'], [{ id: 'unsure' }])).toEqual(['all', 'slices', 'cascade', 'unsure']);
    const cascade = { kind: 'cascade', policy: 'unsure' } as Deployment;
    expect(deploymentAnswersTo(cascade, 'cascade')).toBe(true);
    expect(deploymentAnswersTo(cascade, 'unsure')).toBe(true);
    expect(deploymentAnswersTo(cascade, 'all')).toBe(false);
    expect(deploymentAnswersTo({ kind: 'slices', policy: 'topic' } as Deployment, 'topic')).toBe(false);
  });
});
