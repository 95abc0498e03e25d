import { wordCount } from '../text/wordcount.js';

/**
 * What counts as a caption (rulebook, photo/caption): at least `minChars` 字, not text a camera or app writes by
 * itself, not a default file name. Shared by the caption rule and the linking that picks the caption a photo is
 * shown with: caption text, not a rule, so both import it from here.
 */
export interface CaptionJudgement {
  ok: boolean;
  reason?: 'too-short' | 'boilerplate' | 'default-name';
  words: number;
}

/** What the photo says about the device and program that made it; a caption equal to one of these is none. */
export interface CameraWords {
  make?: string;
  model?: string;
  software?: string;
}

/**
 * The word a camera or app starts its file names with. Only what follows it can describe the photo:
 * `微信图片_20230515093012` says nothing, `IMG_0001_开幕式升旗仪式` does.
 */
const APP_PREFIX = new RegExp(
  '^_?(?:' + [
    'IMG', 'IMAG', 'VID', 'PXL', 'MVIMG', 'PANO', 'BURST', 'DSC[FN]?', 'DJI', 'GOPR', 'GH\\d', 'CIMG', 'SAM', 'DCIM',
    'mmexport', 'wx_camera', 'Screenshot', 'Screen ?Shot', 'Snipaste', 'WeChat ?Image', 'Weixin ?Image',
    'Photo', 'Image', 'Picture', 'Pic', 'P(?=\\d{3})',
    '微信图片', 'QQ图片', 'TIM图片', '屏幕截图', '截屏', '截图', '照片', '图片', '相片', '未命名',
  ].join('|') + ')',
  'iu',
);
/** What cameras, phones, WhatsApp and Windows put after the prefix or in a copy: counters, burst and motion tags, app ids. */
const GENERATED_PARTS =
  /(?<![a-z])(?:(?:E|WA)(?=\d)|(?:MP|PORTRAIT|COVER|HDR|NIGHT|BURST\d*|ORIGINAL|TOP|EDIT(?:ED)?|COPY|[a-z]+(?:\.[a-z0-9_]+)+)(?![a-z]))|副本|拷贝|已编辑|编辑/giu;
/** Dates, times and numbers alone (`20230515_093012`, `2023-05-15 09.30.12`, `2023年5月15日`, `0001`). */
const BARE_DATE_OR_NUMBER = /^[\d\s_\-.:/()（）年月日号时分秒]*\d[\d\s_\-.:/()（）年月日号时分秒]*$/u;
const SEPARATORS = /[\s_\-.~()（）[\]【】#+,，、]+/gu;
const HAN = /\p{Script=Han}/gu;

/**
 * Text cameras and programs write into the description fields by themselves. The profile lists the exact strings
 * of the rulebook; these are the families they come from.
 */
const CAMERA_TEXT = [
  /DIGITAL (?:STILL )?CAMERA$/i,
  /^(?:SONY|NIKON|CANON|OLYMPUS|KODAK|EASTMAN KODAK|SAMSUNG|PANASONIC|FUJIFILM|LEICA|PENTAX|RICOH|CASIO|MINOLTA|KONICA MINOLTA|HUAWEI|XIAOMI|OPPO|VIVO|HONOR|APPLE)\b.*\b(?:DSC|CAMERA|DIGITAL|COMPANY)\b/i,
  /^Exif[_ ]?JPEG/i,
  /^(?:default|untitled|unknown|none|null|description|title|comment|image|picture|photo|jpeg|jpg|hdr|snapshot|screenshot)$/i,
  /^(?:created|edited|processed|made) (?:with|by)\b/i,
  /^LEAD Technologies/i,
];

function normalise(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, ' ').trim().toUpperCase();
}

/** The part of a file stem that is not the camera's or app's own naming: where a description could be. */
function ownWords(stem: string): string {
  return stem.normalize('NFKC').trim().replace(APP_PREFIX, '').replace(GENERATED_PARTS, ' ').replace(SEPARATORS, ' ').trim();
}

/** A camera or app default name, or a bare date or number: `IMG_0001`, `微信图片_20230515093012`, `20230515_093012(1)`. */
export function isDefaultName(stem: string): boolean {
  const name = stem.normalize('NFKC').trim();
  if (BARE_DATE_OR_NUMBER.test(name.replace(GENERATED_PARTS, ''))) return true;
  if (!APP_PREFIX.test(name)) return false;
  return ownWords(name).replace(/\d+/gu, '').trim() === '';
}

/** A file name is descriptive when its stem has ≥ `minHan` Han characters of its own (not the app's prefix). */
export function isDescriptiveName(stem: string, minHan = 4): boolean {
  if (isDefaultName(stem)) return false;
  return (ownWords(stem).match(HAN)?.length ?? 0) >= minHan;
}

/**
 * The caption a descriptive file name gives (rulebook, photo/caption): the name itself, or, after a camera or app
 * prefix (`IMG_20230515_学生技能展示`), its own words without the prefix, dates and counters (`学生技能展示`).
 * Undefined when the name is not descriptive.
 */
export function descriptiveNamePart(stem: string, minHan = 4): string | undefined {
  if (!isDescriptiveName(stem, minHan)) return undefined;
  if (!APP_PREFIX.test(stem.normalize('NFKC').trim())) return stem;
  return ownWords(stem)
    .split(' ')
    .filter((word) => !BARE_DATE_OR_NUMBER.test(word))
    .join(' ');
}

function isCameraText(text: string, boilerplate: readonly string[], camera: CameraWords): boolean {
  const value = normalise(text);
  const own = [camera.make, camera.model, camera.software, camera.make && camera.model ? `${camera.make} ${camera.model}` : undefined]
    .filter((v): v is string => Boolean(v))
    .map(normalise);
  return boilerplate.some((b) => normalise(b) === value) || own.includes(value) || CAMERA_TEXT.some((p) => p.test(value));
}

export function judgeCaption(
  text: string,
  options: { minChars: number; boilerplate: readonly string[] },
  camera: CameraWords = {},
): CaptionJudgement {
  const words = wordCount(text);
  if (isCameraText(text, options.boilerplate, camera)) return { ok: false, reason: 'boilerplate', words };
  if (isDefaultName(text.replace(/\.(?:jpe?g|png|heic|heif|webp)$/i, ''))) return { ok: false, reason: 'default-name', words };
  if (words < options.minChars) return { ok: false, reason: 'too-short', words };
  return { ok: true, words };
}
