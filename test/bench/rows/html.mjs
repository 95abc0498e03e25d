// HTML row of `npm run bench`: the HTML report of 40 camera-sized photos (4000×3000), beside `--format json` on the
// same day in the same run: the difference is what the thumbnails cost, which only `--format html` pays. The note
// gives the report's size against the bound (3 MB for 40 photos).
import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { CLI, WORK } from '../lib.mjs';
import { once, writePhoto } from './photos.mjs';

const PHOTOS = 40;
const LIMIT_BYTES = 3 * 1024 * 1024;

async function fortyPhotos() {
  return once(path.join(WORK, 'photos-40'), 1, async (dir) => {
    for (let i = 0; i < PHOTOS; i++) await writePhoto(path.join(dir, '图片', `第${String(i + 1).padStart(2, '0')}张活动现场照片.jpg`), i, 4000, 3000, 85);
  });
}

export default [
  {
    id: 'html-40',
    title: 'check --format html, 40 photos of 12 MP',
    prepare: async () => {
      const dir = await fortyPhotos();
      const report = path.join(WORK, 'photos-40-检查报告.html');
      rmSync(report, { force: true });
      return { dir, report };
    },
    pyvw: ({ dir, report }) => ({ pyvw: ['check', dir, '--format', 'html', '--output', report] }),
    peer: { label: 'the same check, --format json', command: 'node', run: ({ dir }) => ({ args: [CLI, 'check', dir, '--format', 'json'], okStatus: [0, 1] }) },
    note: ({ report }) => {
      const bytes = statSync(report).size;
      return `report ${(bytes / 1024 / 1024).toFixed(2)} MiB, ${(bytes / PHOTOS / 1024).toFixed(0)} KiB a photo (bound 3 MiB: ${bytes < LIMIT_BYTES ? 'meets' : 'MISSES'})`;
    },
  },
];
