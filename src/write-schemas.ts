import { writeFile } from 'node:fs/promises';
import { schemaFiles } from './schema-files.js';

/** `npm run schema`: regenerate the JSON Schemas in docs/ after a rule, an option or a report field changes. */
const packageRoot = new URL('../', import.meta.url);
for (const [file, text] of Object.entries(schemaFiles())) {
  await writeFile(new URL(file, packageRoot), text);
  process.stderr.write(`wrote ${file}\n`);
}
