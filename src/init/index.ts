import { appendFile, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import iconv from 'iconv-lite';
import { check } from '../api.js';
import { loadConfig } from '../config.js';
import { todayIn } from '../dates.js';
import { makeFolders } from '../folders.js';
import { monthDay } from '../report/text.js';
import { decodeText, type TextEncoding } from '../text/decode.js';
import type { Bilingual, Facts, Lang } from '../types.js';

/**
 * `pyvw init [dir]`: a new day folder with the profile's subfolders, or, on a folder that has material, a line
 * `文件名：` in the caption/description list for every photo or video that has none, so the clerk only types the
 * words. Existing bytes are never changed: lines are appended, in the file's own encoding.
 */

export interface InitOptions {
  lang: Lang;
  config?: string;
  now?: Date;
}

export interface CreatedFolder {
  name: string;
  what: Bilingual;
}

export interface AppendedList {
  /** The list file, relative to the day folder (`图片/图片说明.txt`). */
  list: string;
  created: boolean;
  /** The file names given a line, in order. */
  files: string[];
}

export type InitOutcome =
  | { action: 'created'; folder: string; subfolders: CreatedFolder[] }
  | { action: 'appended'; folder: string; lists: AppendedList[] };

const CRLF = '\r\n';
const BOM = '\uFEFF';
const CAPTION_LIST = '图片说明.txt';
const DESCRIPTION_LIST = '视频说明.txt';

/** `5月15日`: the folder name a clerk writes for today. */
export function todaysFolderName(timeZone: string, now = new Date()): string {
  return monthDay(todayIn(timeZone, now), 'zh');
}

function encode(text: string, encoding: TextEncoding | null): Buffer {
  if (encoding === 'utf-16le') return Buffer.from(text, 'utf16le');
  if (encoding === 'utf-16be') return Buffer.from(text, 'utf16le').swap16();
  if (encoding === 'gb18030') return iconv.encode(text, 'gb18030');
  return Buffer.from(text, 'utf8');
}

/** A line already there for this file (`IMG_1.jpg：…`, `IMG_1 …`), whatever follows: never a second one. */
function hasLineFor(text: string, file: string): boolean {
  const stem = file.replace(/\.[^.]+$/u, '');
  return text.split(/\r?\n/u).some((line) => {
    const trimmed = line.replace(/^\uFEFF/u, '').trim();
    return [file, stem].some((name) => trimmed === name || (trimmed.startsWith(name) && /^[\s:：,，\t　]/u.test(trimmed.slice(name.length))));
  });
}

/** Appends `文件名：` lines to `list` (absolute), creating it as UTF-8 with BOM and CRLF when it is not there. */
async function appendLines(list: string, files: string[]): Promise<{ created: boolean; files: string[] }> {
  const existing = await readFile(list).catch(() => null);
  if (!existing) {
    await writeFile(list, `${BOM}${files.map((f) => `${f}：`).join(CRLF)}${CRLF}`, { flag: 'wx' });
    return { created: true, files };
  }
  const decoded = decodeText(existing);
  const wanted = files.filter((f) => !hasLineFor(decoded.text, f));
  if (!wanted.length) return { created: false, files: [] };
  const lead = decoded.text === '' || /\n$/u.test(decoded.text) ? '' : CRLF;
  await appendFile(list, encode(`${lead}${wanted.map((f) => `${f}：`).join(CRLF)}${CRLF}`, decoded.encoding));
  return { created: false, files: wanted };
}

export async function init(dir: string | undefined, options: InitOptions): Promise<InitOutcome> {
  const resolved = await loadConfig(dir ?? '.', options.config);
  const folder = dir ?? todaysFolderName(resolved.profile.timeZone, options.now);
  const info = await stat(folder).catch(() => null);
  const entries = info?.isDirectory() ? await readdir(folder) : null;
  if (!entries || entries.length === 0) {
    const subfolders = resolved.profile.dayFolders;
    for (const { name } of subfolders) await makeFolders(path.join(folder, name));
    return { action: 'created', folder, subfolders };
  }

  const { judged } = await check([folder], { lang: options.lang, config: options.config, now: options.now });
  const missing = new Map<string, string[]>();
  for (const entry of judged[0]!.judged.files) {
    const { file } = entry;
    // A file that could not be read gets its own finding; its caption is not the question yet.
    if (entry.state !== 'inspected') continue;
    const needs = entry.kind === 'photo' ? (entry.facts as Facts<'photo'>).caption == null
      : entry.kind === 'video' ? (entry.facts as Facts<'video'>).description == null : false;
    if (!needs) continue;
    const list = path.posix.join(path.posix.dirname(file.path), file.kind === 'photo' ? CAPTION_LIST : DESCRIPTION_LIST);
    missing.set(list, [...(missing.get(list) ?? []), path.posix.basename(file.path)]);
  }
  const lists: AppendedList[] = [];
  for (const [list, files] of missing) {
    const result = await appendLines(path.join(folder, list), files);
    if (result.files.length) lists.push({ list: list.replace(/^\.\//u, ''), ...result });
  }
  return { action: 'appended', folder, lists };
}
