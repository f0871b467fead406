import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';

/**
 * What `npm pack` puts in the package, without building it (`--ignore-scripts`: no prepack, no
 * prepare). The real pack, install and runs outside the checkout are .ci/pack-install's job.
 */
function packedFiles(): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', '--loglevel=error'], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  const packs = JSON.parse(out) as { files: { path: string }[] }[];
  return packs.flatMap((p) => p.files.map((f) => f.path));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(REPO, dir), { withFileTypes: true }).flatMap((e) => {
    const path = posix.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * Every file or folder the CLI reads beside its own code, as `new URL('<path>', import.meta.url)`
 * in src/, resolved from where the compiled module lives (dist/ mirrors src/), relative to the
 * package root: `src/report/templates/`, `templates/judges/`, `schema/suite.schema.json`, ...
 */
function runtimeAssets(): { from: string; asset: string }[] {
  return sourceFiles('src').flatMap((file) => {
    const text = readFileSync(join(REPO, file), 'utf8');
    const compiled = posix.join('dist', posix.relative('src', file));
    return [...text.matchAll(/new URL\(\s*'([^']+)'\s*,\s*import\.meta\.url\s*\)/g)].map((m) => {
      const target = m[1] as string;
      const resolved = posix.join(posix.dirname(compiled), target);
      return {
        from: file,
        asset: target.endsWith('/') && !resolved.endsWith('/') ? `${resolved}/` : resolved,
      };
    });
  });
}

describe('the npm package', () => {
  const files = packedFiles();

  it('holds every asset the CLI locates from its own path', () => {
    const assets = runtimeAssets();
    // The templates, the judge prompts and the schema at least: none found means the scan broke.
    expect(assets.length).toBeGreaterThanOrEqual(4);
    const missing = assets.filter(({ asset }) =>
      asset.endsWith('/') ? !files.some((f) => f.startsWith(asset)) : !files.includes(asset),
    );
    expect(missing).toEqual([]);
  });

  it('holds the CLI with its shebang, and no tests, benchmarks, source maps or TypeScript sources', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    const bin = pkg.bin.rightsize as string;
    expect(bin).toBe('dist/cli/main.js');
    expect(files).toContain(bin); // `npm test` builds dist/ first
    expect(readFileSync(join(REPO, 'src/cli/main.ts'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(
      true,
    );
    const unwanted = files.filter(
      (f) => /^(test|bench|node_modules|evals|datasets|reports)\//.test(f) || /\.(map|ts)$/.test(f),
    );
    expect(unwanted).toEqual([]);
  });

  it('keeps node-llama-cpp optional', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as Record<
      string,
      Record<string, string> | undefined
    >;
    expect(pkg.optionalDependencies?.['node-llama-cpp']).toBeDefined();
    expect(pkg.dependencies?.['node-llama-cpp']).toBeUndefined();
  });
});
