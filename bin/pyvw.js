#!/usr/bin/env node
// The program: importing dist/cli.js (or the library, dist/index.js) runs nothing by itself.
import { run } from '../dist/cli.js';

await run(process.argv);
