// `npm run bench [suite…]`: each suite prints its figures next to a baseline. Suites: startup, photos, videos, pack, word, received.
const SUITES = ['startup', 'photos', 'videos', 'pack', 'word', 'received'];
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !SUITES.includes(name));
if (unknown.length) throw new Error(`no bench suite ${unknown.join(', ')}; the suites are ${SUITES.join(', ')}`);

for (const name of SUITES) {
  if (wanted.length && !wanted.includes(name)) continue;
  console.log(`\n== ${name} ==`);
  const suite = await import(new URL(`./${name}.mjs`, import.meta.url).href);
  await suite.run();
}
