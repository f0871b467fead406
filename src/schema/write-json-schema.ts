import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { suiteJsonSchema } from './suite-json-schema.js';

// `npm run schema`: regenerates schema/suite.schema.json from the zod schema the loader uses.
const target = fileURLToPath(new URL('../../schema/suite.schema.json', import.meta.url));
writeFileSync(target, suiteJsonSchema());
process.stdout.write(`wrote ${target}\n`);
