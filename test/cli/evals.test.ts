import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, REPO } from '../helpers/cli.js';

const suites = readdirSync(join(REPO, 'evals')).filter((f) => /\.ya?ml$/.test(f));

describe('the suites shipped in evals/', () => {
  it('exist', () => expect(suites.length).toBeGreaterThan(0));
  for (const file of suites) {
    it(`${file} validates and prints its plan`, () => {
      const r = cli(['validate', join('evals', file)]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('is valid');
    });
  }
});
