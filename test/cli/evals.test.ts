import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, REPO } from '../helpers/cli.js';
import { STORIES } from '../helpers/gguf-models.js';
import { tempFiles } from '../helpers/temp-files.js';

// demo.yaml names a model by its bare file name; validate checks the file is there, not what it holds.
const MODELS_DIR = tempFiles({ [STORIES]: '' });

const suites = readdirSync(join(REPO, 'evals')).filter((f) => /\.ya?ml$/.test(f));

describe('the suites shipped in evals/', () => {
  it('exist', () => expect(suites.length).toBeGreaterThan(0));
  for (const file of suites) {
    it(`${file} validates and prints its plan`, () => {
      // As on a machine set up for them: a key for the OpenAI baselines, the demo's models in place.
      const r = cli(['validate', join('evals', file)], {
        env: { OPENAI_API_KEY: 'sk-test', RIGHTSIZE_MODELS_DIR: MODELS_DIR },
      });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('is valid');
    });
  }
});
