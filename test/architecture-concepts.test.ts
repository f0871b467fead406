import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers/cli.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

const files = sources(join(REPO, 'src')).map((f) => ({
  path: relative(REPO, f),
  text: readFileSync(f, 'utf8'),
}));

/** The files whose text matches `pattern`. */
const where = (pattern: RegExp) => files.filter((f) => pattern.test(f.text)).map((f) => f.path);

// One home per concept (docs/architecture.md): each is declared once, in src/schema, and imported
// everywhere else. A second declaration, or a second spelling of its shape, fails here.
const CONCEPTS: [string, RegExp, string][] = [
  [
    'the model profile',
    /(interface|type) ModelProfile\s*[={<]|const modelProfileSchema\s*=/,
    'src/schema/model-profile.ts',
  ],
  ['the margin', /(interface|type) Margin\s*[={<]|const marginSchema\s*=/, 'src/schema/margin.ts'],
  ["the margin's two kinds", /'relative',\s*'absolute'/, 'src/schema/margin.ts'],
  ['the gate', /(interface|type) GateConfig\s*[={<]|const gateSchema\s*=/, 'src/schema/gate.ts'],
  ["the gate's rules", /maxLatencyP95Ms\??:\s*(z\.|number)/, 'src/schema/gate.ts'],
  [
    'chat messages',
    /(interface|type) ChatMessage\s*[={<]|const chatMessageSchema\s*=/,
    'src/schema/chat-message.ts',
  ],
  ["a chat message's roles", /'system',\s*'user',\s*'assistant'/, 'src/schema/chat-message.ts'],
];

describe('one definition per concept', () => {
  it.each(CONCEPTS)('%s is defined in one file only', (_name, pattern, home) => {
    expect(where(pattern)).toEqual([home]);
  });
});
