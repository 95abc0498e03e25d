import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const CLI = fileURLToPath(new URL('../bin/pyvw.js', import.meta.url));

export interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

/** The built CLI, as a CI job runs it: no colour, Chinese unless `--lang en`. */
export function pyvw(args: string[], cwd: string): Promise<Run> {
  const env = { ...process.env, LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '', NO_COLOR: '1', FORCE_COLOR: undefined };
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ status: error ? Number(error.code ?? -1) : 0, stdout, stderr });
    });
  });
}

/**
 * A district folder of three schools, made at test time:
 * - 甲校 passes: a 2000×500 photo of noise at quality 100 (2.9 MB: noise does not compress, and a wide photo decodes
 *   fast), captioned by its name, and a 960 字 write-up;
 * - 乙校 passes with one warning: a 2000×300 CMYK photo (2.6 MB; photo/colour);
 * - 丙校 fails: a small photo (photo/long-edge, photo/min-bytes) and a 120 字 write-up (text/length).
 */

export const SCHOOLS = { passing: '甲校', warning: '乙校', failing: '丙校' } as const;

/** 12 字 a sentence by Word's count: 11 Han and a full-width stop. */
const SENTENCE = '职业教育活动周技能展示。';
const writeUp = (sentences: number): string => `${SENTENCE.repeat(sentences)}\n`;

async function noisePhoto(width: number, height: number, space: 'srgb' | 'cmyk' = 'srgb'): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  // A fixed linear congruential sequence: noise that JPEG cannot squeeze, the same bytes on every run.
  let seed = 2023;
  for (let i = 0; i < pixels.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    pixels[i] = seed >>> 24;
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .toColourspace(space)
    .jpeg({ quality: 100, chromaSubsampling: '4:4:4' })
    .toBuffer();
}

/** Returns the folder that holds `district/`, to run pyvw in, so that reports show `district/甲校`. */
export async function makeDistrict(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'pyvw-district-'));
  const district = path.join(root, 'district');
  const big = await noisePhoto(2000, 500);
  const cmyk = await noisePhoto(2000, 300, 'cmyk');
  const small = await noisePhoto(800, 600);
  const schools: Record<string, { photo: Buffer; sentences: number }> = {
    [SCHOOLS.passing]: { photo: big, sentences: 80 },
    [SCHOOLS.warning]: { photo: cmyk, sentences: 80 },
    [SCHOOLS.failing]: { photo: small, sentences: 10 },
  };
  for (const [school, { photo, sentences }] of Object.entries(schools)) {
    const dir = path.join(district, school);
    await mkdir(path.join(dir, '图片'), { recursive: true });
    await mkdir(path.join(dir, '文字材料'), { recursive: true });
    await writeFile(path.join(dir, '图片', '技能大赛开幕式现场.jpg'), photo);
    await writeFile(path.join(dir, '文字材料', '活动概况.txt'), writeUp(sentences));
  }
  // Tooling beside the schools is not a school.
  await mkdir(path.join(district, '.git'), { recursive: true });
  await writeFile(path.join(district, 'README.txt'), '各校材料\n');
  return root;
}
