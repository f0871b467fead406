import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, REPO } from './helpers/cli.js';

const readme = readFileSync(join(REPO, 'README.md'), 'utf8');

describe('README figures that a script computes', () => {
  it('quotes the sample-size table exactly as bench/sample-sizes.ts prints it', () => {
    const tsx = join(REPO, 'node_modules', '.bin', 'tsx');
    const r = spawnSync(tsx, ['bench/sample-sizes.ts'], { cwd: REPO, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const rows = r.stdout.trim().split('\n').slice(2);
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) expect(readme).toContain(row);
  });

  it('names only commands the CLI has', () => {
    const commands = [...readme.matchAll(/`rightsize (\w+)/g)].map((m) => m[1]);
    // The commands the built CLI lists in its --help, so a new command needs no edit here.
    const help = cli(['--help']).stdout;
    const known = [...help.matchAll(/^\s{2}(\w+)\b/gm)].map((m) => m[1]);
    expect(known).toContain('load');
    expect(commands.length).toBeGreaterThan(5);
    expect(commands.filter((c) => !known.includes(c ?? ''))).toEqual([]);
  });
});
