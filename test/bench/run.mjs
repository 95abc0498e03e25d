// `npm run bench [suite…]`: each suite prints its figures next to a baseline. Suites: startup, photos, videos, pack.
import { existsSync } from 'node:fs';

const SUITES = ['startup', 'photos', 'videos', 'pack'];
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !SUITES.includes(name));
if (unknown.length) throw new Error(`no bench suite ${unknown.join(', ')}; the suites are ${SUITES.join(', ')}`);

for (const name of SUITES) {
  if (wanted.length && !wanted.includes(name)) continue;
  console.log(`\n== ${name} ==`);
  const file = new URL(`./${name}.mjs`, import.meta.url);
  // A suite still to be merged is said to be missing; a suite that is here and fails to load fails the run.
  if (!existsSync(file)) {
    console.log(`not in this checkout (test/bench/${name}.mjs)`);
    continue;
  }
  const suite = await import(file.href);
  await suite.run();
}
