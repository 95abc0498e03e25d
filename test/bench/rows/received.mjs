// Received row: `pyvw check --each` over an inbox of 20 received packages (.zip), as a district office checks what
// the schools sent: each package is read into a temporary folder, judged, and verified against its 报送清单.txt
// (every file's SHA-256). The peer unzips the same 20 packages with Info-ZIP's unzip, the least any check of them
// must do. The day is packed once and copied under 20 schools' names, kept in the bench cache.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HD_VIDEO, noiseJpeg, prose, put, runCli, WORK } from '../lib.mjs';

const BASE = path.join(WORK, 'received');
const DAY = path.join(BASE, 'today');
const INBOX = path.join(BASE, 'inbox');
const UNZIPPED = path.join(BASE, 'unzipped');
const READY = path.join(BASE, '.ready-v1');
const UNIT = '濮阳市第一职业中等专业学校';
const PACKAGES = 20;
const PHOTOS = 6;

/** A day that passes the real rules (6 photos 2400×1600 ≥ 2 MB, a video, a write-up), packed once, copied 20 times. */
async function buildInbox() {
  if (existsSync(READY)) return;
  process.stderr.write(`generating ${INBOX} (once)…\n`);
  await rm(BASE, { recursive: true, force: true });
  await put(path.join(DAY, '文字材料', '活动纪实.txt'), prose(1200));
  const labels = ['开幕式', '技能展示', '家长参观', '实训指导', '企业点评', '颁奖仪式'];
  for (let i = 0; i < PHOTOS; i++) await put(path.join(DAY, '图片', `${labels[i]}现场照片.jpg`), await noiseJpeg(2400, 1600));
  await mkdir(path.join(DAY, '视频'), { recursive: true });
  await copyFile(HD_VIDEO, path.join(DAY, '视频', '技能大赛现场.mp4'));
  await put(path.join(DAY, '视频', '技能大赛现场.txt'), '学生参加市级技能大赛数控车项目比赛现场');
  runCli(['pack', DAY, '--unit', UNIT, '--date', '2023-05-15', '--out', BASE]);
  const packed = (await readdir(BASE)).find((name) => name.endsWith('.zip'));
  await mkdir(INBOX, { recursive: true });
  for (let i = 1; i <= PACKAGES; i++) {
    await copyFile(path.join(BASE, packed), path.join(INBOX, `第${String(i).padStart(2, '0')}中学-2023年5月15日-职教活动周材料.zip`));
  }
  await writeFile(READY, '');
}

export default [
  {
    id: 'received',
    title: `check --each of ${PACKAGES} received packages (unzip + judge + verify SHA-256)`,
    runs: 3,
    prepare: async () => {
      await buildInbox();
      return {};
    },
    before: () => {
      rmSync(UNZIPPED, { recursive: true, force: true });
      mkdirSync(UNZIPPED, { recursive: true });
    },
    pyvw: () => ({ pyvw: ['check', '--each', INBOX, '--date', '2023-05-15', '--quiet'], okStatus: [0] }),
    peer: { label: 'unzip every package', command: 'unzip', run: () => ({ args: ['-qq', '-o', '*.zip', '-d', UNZIPPED], cwd: INBOX }) },
  },
];
