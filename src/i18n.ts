import type { Bilingual, Lang } from './types.js';

/** `--lang` wins; else LC_ALL / LC_MESSAGES / LANG name English; else Chinese, the clerks' language. */
export function detectLang(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  if (explicit === 'zh' || explicit === 'en') return explicit;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^en/i.test(locale) ? 'en' : 'zh';
}

/**
 * Digits grouped in thousands, as `toLocaleString('en-US')` writes them: `1,234,567` (Windows Explorer's byte counts).
 * Whole numbers are grouped here: a process's first `toLocaleString` loads ICU's number data (21–22 ms), which every
 * text report paid for its first byte count (measured, docs/performance.md). Anything else goes to ICU as before.
 */
export function grouped(value: number): string {
  if (!Number.isSafeInteger(value) || Object.is(value, -0)) return value.toLocaleString('en-US');
  const digits = String(Math.abs(value)).replace(/\B(?=(?:\d{3})+$)/gu, ',');
  return value < 0 ? `-${digits}` : digits;
}

/** Words for what is missing, where a value is empty: an extension-less name, a list with nothing in it. */
export const NONE: Bilingual = { zh: '（无）', en: '(none)' };
/** A remark after a value, in the brackets each language uses. */
export const ASIDE: Bilingual = { zh: '（{text}）', en: ' ({text})' };
/** The time a progress bar expects is left (pack, fix). */
export const SECONDS_LEFT: Bilingual = { zh: '  剩余 {seconds} 秒', en: '  {seconds} s left' };

/** Names of video containers and codecs as clerks' players and converters show them, by ffprobe's/file-type's codes. */
const CONTAINER_NAMES: Record<string, string> = {
  mov: 'MOV (QuickTime)', avi: 'AVI', mkv: 'MKV', webm: 'WebM', asf: 'WMV', flv: 'FLV', mts: 'MPEG-TS', mpegts: 'MPEG-TS',
  mpg: 'MPEG', mpeg: 'MPEG', '3gp': '3GP', ogv: 'Ogg', rm: 'RealMedia',
};
const CODEC_NAMES: Record<string, string> = {
  h264: 'H.264', hevc: 'HEVC (H.265)', mpeg4: 'MPEG-4 Part 2', vp8: 'VP8', vp9: 'VP9', av1: 'AV1', mpeg2video: 'MPEG-2',
  wmv3: 'WMV 9', prores: 'Apple ProRes', mjpeg: 'Motion JPEG',
};

/**
 * `{key|formatter}`: how a raw value of a finding's data is written in a message. Data stays raw (numbers, codes);
 * these are the only places a value becomes words.
 */
const FORMATTERS: Record<string, (value: unknown, lang: Lang) => string> = {
  /** Bytes as Windows Explorer shows them: `2.00 MB`. */
  size: (value) => explorerSize(Number(value)),
  /** A format code as people write it: `PNG`. */
  upper: (value) => String(value).toUpperCase(),
  /** Digits grouped in thousands: a byte offset `1,234,567`. */
  grouped: (value) => grouped(Number(value)),
  /** An empty value (a file without extension) said as such. */
  orNone: (value, lang) => (value === '' || (Array.isArray(value) && value.length === 0) ? NONE[lang] : String(value)),
  container: (value) => CONTAINER_NAMES[String(value)] ?? String(value).toUpperCase(),
  codec: (value) => CODEC_NAMES[String(value)] ?? String(value).toUpperCase(),
};

/** Fills `{name}` and `{name|formatter}` placeholders from data; numbers are grouped the way each language writes them. */
export function format(text: Bilingual, lang: Lang, data: Record<string, unknown> = {}): string {
  return text[lang].replace(/\{(\w+)(?:\|(\w+))?\}/g, (whole, key: string, formatter?: string) => {
    const value = data[key];
    if (value === undefined || value === null) return whole;
    if (formatter) {
      const write = FORMATTERS[formatter];
      if (!write) throw new Error(`unknown formatter {${key}|${formatter}}`);
      return write(value, lang);
    }
    // Byte counts are grouped as Explorer shows them (3,118 字节); pixels and 字 as the notice writes them (2000, 1500).
    if (typeof value === 'number') return /bytes$/i.test(key) || Math.abs(value) >= 10_000 ? grouped(value) : String(value);
    if (Array.isArray(value)) return value.join(lang === 'zh' ? '、' : ', ');
    if (isBilingual(value)) return value[lang];
    return String(value);
  });
}

/** Size as Windows Explorer's file properties show it (1 KB = 1024 bytes, 3 significant digits). */
export function explorerSize(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  if (bytes < 1024) return `${bytes} bytes`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  // Explorer truncates rather than rounds, so 2,097,151 bytes shows as 1.99 MB, never 2.00 MB.
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  const factor = 10 ** digits;
  return `${(Math.floor(value * factor) / factor).toFixed(digits)} ${units[unit]}`;
}

export function isBilingual(value: unknown): value is Bilingual {
  return typeof value === 'object' && value !== null && 'zh' in value && 'en' in value;
}
