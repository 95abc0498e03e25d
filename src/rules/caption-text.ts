import { wordCount } from '../text/wordcount.js';

/**
 * What counts as a caption (rulebook, photo/caption): at least `minChars` 字, not camera boilerplate, not the
 * camera's make or model, not a default file name. Shared by the caption rule and the linking that picks the
 * caption a photo is shown with.
 */
export interface CaptionJudgement {
  ok: boolean;
  reason?: 'too-short' | 'boilerplate' | 'default-name';
  words: number;
}

const DEFAULT_NAME = [
  /^IMG[_-]?\d/i, /^DSC/i, /^DCIM/i, /^P\d{3,}/i, /^PXL_/i, /^MVIMG_/i, /^mmexport/i, /^微信图片_/u, /^wx_camera_/i,
  /^Screenshot/i, /^屏幕截图/u, /^截图/u, /^VID[_-]?\d/i, /^photo[_-]?\d/i, /^image[_-]?\d/i,
];
/** Dates, times and numbers alone (`20230515_093012`, `2023-05-15 09.30.12`, `0001`). */
const BARE_NUMBERS = /^[\d\s_\-.:()（）]+$/u;

function normalise(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, ' ').trim().toUpperCase();
}

export function isDefaultName(stem: string): boolean {
  const name = stem.trim();
  return BARE_NUMBERS.test(name) || DEFAULT_NAME.some((pattern) => pattern.test(name));
}

export function judgeCaption(
  text: string,
  options: { minChars: number; boilerplate: readonly string[] },
  camera: { make?: string; model?: string } = {},
): CaptionJudgement {
  const words = wordCount(text);
  const value = normalise(text);
  const cameraWords = [camera.make, camera.model, camera.make && camera.model ? `${camera.make} ${camera.model}` : undefined]
    .filter((v): v is string => Boolean(v))
    .map(normalise);
  if (options.boilerplate.map(normalise).includes(value) || cameraWords.includes(value)) {
    return { ok: false, reason: 'boilerplate', words };
  }
  if (isDefaultName(text.replace(/\.[a-z0-9]{2,5}$/i, ''))) return { ok: false, reason: 'default-name', words };
  if (words < options.minChars) return { ok: false, reason: 'too-short', words };
  return { ok: true, words };
}

/** A file name is descriptive when its stem has ≥ 4 Han characters and is no camera or app default. */
export function isDescriptiveName(stem: string, minHan = 4): boolean {
  const han = stem.match(/\p{Script=Han}/gu)?.length ?? 0;
  return han >= minHan && !isDefaultName(stem);
}
