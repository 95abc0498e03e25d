import type { Bilingual, Lang } from './types.js';

/** `--lang` wins; else LC_ALL / LC_MESSAGES / LANG name English; else Chinese, the clerks' language. */
export function detectLang(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  if (explicit === 'zh' || explicit === 'en') return explicit;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^en/i.test(locale) ? 'en' : 'zh';
}

/** Fills `{name}` placeholders from data; numbers are grouped the way each language writes them. */
export function format(text: Bilingual, lang: Lang, data: Record<string, unknown> = {}): string {
  return text[lang].replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = data[key];
    if (value === undefined || value === null) return whole;
    // Byte counts are grouped as Explorer shows them (3,118 字节); pixels and 字 as the notice writes them (2000, 1500).
    if (typeof value === 'number') return /bytes$/i.test(key) || Math.abs(value) >= 10_000 ? value.toLocaleString('en-US') : String(value);
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
