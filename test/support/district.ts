import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { makeFolder } from './folders.js';
import { noiseJpeg } from './images.js';
import { chineseTextOf } from './texts.js';

/**
 * A district folder of three schools, made at test time:
 * - 甲校 passes: a 2000×500 photo of noise at quality 100 (2.9 MB: noise does not compress, and a wide photo decodes
 *   fast), captioned by its name, and a 960 字 write-up;
 * - 乙校 passes with one warning: a 2000×300 CMYK photo (2.6 MB; photo/colour);
 * - 丙校 fails: a small photo (photo/long-edge, photo/min-bytes) and a 120 字 write-up (text/length).
 */

export const SCHOOLS = { passing: '甲校', warning: '乙校', failing: '丙校' } as const;

const BIG = { quality: 100, chromaSubsampling: '4:4:4' } as const;

/** Returns the folder that holds `district/`, to run pyvw in, so that reports show `district/甲校`. */
export async function makeDistrict(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'pyvw-district-'));
  const schools: Record<string, { photo: Buffer; words: number }> = {
    [SCHOOLS.passing]: { photo: await noiseJpeg(2000, 500, BIG), words: 960 },
    [SCHOOLS.warning]: { photo: await noiseJpeg(2000, 300, { ...BIG, colourspace: 'cmyk' }), words: 960 },
    [SCHOOLS.failing]: { photo: await noiseJpeg(800, 600, BIG), words: 120 },
  };
  for (const [school, { photo, words }] of Object.entries(schools)) {
    await makeFolder(root, `district/${school}`, { '图片/技能大赛开幕式现场.jpg': photo, '文字材料/活动概况.txt': chineseTextOf(words) });
  }
  // Tooling beside the schools is not a school.
  await makeFolder(root, 'district', { '.git/HEAD': 'ref: refs/heads/main\n', 'README.txt': '各校材料\n' });
  return root;
}
