import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleCli } from './cli-bundle.js';

/** `npm run build`, after tsc: the CLI bundle in dist/bundle/ (see cli-bundle.ts). */
await bundleCli(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..'));
