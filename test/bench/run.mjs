// `npm run bench`: each suite prints its figures next to a baseline. Suites: startup, photos, videos, pack.
const suites = {
  startup: () => import('./startup.mjs'),
  photos: () => import('./photos.mjs'),
  videos: () => import('./videos.mjs'),
  pack: () => import('./pack.mjs'),
};
const wanted = process.argv.slice(2);
for (const [name, load] of Object.entries(suites)) {
  if (wanted.length && !wanted.includes(name)) continue;
  let suite;
  try {
    suite = await load();
  } catch (error) {
    if (error?.code === 'ERR_MODULE_NOT_FOUND') continue;
    throw error;
  }
  console.log(`\n== ${name} ==`);
  await suite.run();
}
