import { format } from '../i18n.js';
import { readErrorReason } from '../system-reasons.js';
import { getRule } from '../rules/registry.js';
import type { RuleMessage } from '../rules/rule.js';
import type { Bilingual, Classification, DateSource, FileKind, Finding, Lang, RawFinding } from '../types.js';

/** The one place where codes become words (publint's split): rules push data, this turns it into text. */

const INTERNAL_ERROR: RuleMessage = {
  message: { zh: 'pyvw 内部错误（{rule}）：{detail}', en: 'pyvw internal error ({rule}): {detail}' },
  hint: {
    zh: '这不是您文件的问题：请把这条信息发给 pyvw 的维护者；其他检查结果照常有效',
    en: 'this is a fault in pyvw, not in your file: please report it; the other results stand',
  },
};

const FILE_UNREADABLE: RuleMessage = {
  message: { zh: '系统拒绝读取这个文件：{reason}（{code}）', en: 'the system refused to read this file: {reason} ({code})' },
  hint: {
    zh: '关闭正在使用它的程序，确认有权限打开它；网盘里的文件请先下载到本机；文件名乱码或路径太长的请改短、改名，然后重新检查',
    en: 'close any program that holds it and make sure you may open it; download files kept in a cloud drive first; rename garbled names and shorten long paths, then check again',
  },
};

const NAME_TWIN: RuleMessage = {
  message: {
    zh: '文件名与 {twin} 只差 Unicode 写法（组合字符），Windows 会把两者当成同一个文件，无法放进报送包',
    en: 'this name differs from {twin} only in its Unicode form (composed/decomposed): Windows takes both as one file, so it cannot go into the package',
  },
  hint: { zh: '把其中一个文件改名（重新输入文件名），然后重新检查', en: 'rename one of the two (type the name again), then check again' },
};

/** Findings that scan and the engine make themselves, for any kind: no rule's messages hold them. */
const ENGINE_MESSAGES: Record<string, RuleMessage> = {
  'internal-error': INTERNAL_ERROR,
  'file-unreadable': FILE_UNREADABLE,
  'name-twin': NAME_TWIN,
};

/** Where a caption or description came from, as JSON keeps it (`exif:XPComment`), in words a clerk knows. */
const EMBEDDED_SOURCES: Record<string, Bilingual> = {
  'exif:ImageDescription': { zh: '照片属性“图像描述”（EXIF）', en: 'the photo’s EXIF ImageDescription' },
  'exif:XPComment': { zh: '照片属性“备注”', en: 'the photo’s “Comments” property' },
  'exif:XPTitle': { zh: '照片属性“标题”', en: 'the photo’s “Title” property' },
  'exif:XPSubject': { zh: '照片属性“主题”', en: 'the photo’s “Subject” property' },
  'xmp:dc:description': { zh: '照片内嵌的说明（XMP）', en: 'the description embedded in the photo (XMP)' },
  'xmp:dc:title': { zh: '照片内嵌的标题（XMP）', en: 'the title embedded in the photo (XMP)' },
  'iptc:Caption-Abstract': { zh: '照片内嵌的说明（IPTC）', en: 'the caption embedded in the photo (IPTC)' },
  filename: { zh: '文件名', en: 'the file name' },
};

export function describeSource(source: string): Bilingual {
  const known = EMBEDDED_SOURCES[source];
  if (known) return known;
  const sidecar = /^sidecar:(.+)$/su.exec(source);
  if (sidecar) return { zh: `同名说明文件 ${sidecar[1]}`, en: `the caption file ${sidecar[1]} beside it` };
  const manifest = /^manifest:(.+)#(\d+)$/su.exec(source);
  if (manifest) return { zh: `说明清单 ${manifest[1]} 第 ${manifest[2]} 行`, en: `line ${manifest[2]} of the list ${manifest[1]}` };
  return { zh: source, en: source };
}

/** Text encodings by the names Notepad's "Save as" dialog gives them. */
export const ENCODING_NAMES: Record<string, Bilingual> = {
  'utf-8': { zh: 'UTF-8', en: 'UTF-8' },
  'utf-8-bom': { zh: 'UTF-8（带 BOM）', en: 'UTF-8 with BOM' },
  'utf-16le': { zh: 'Unicode（UTF-16 LE）', en: 'Unicode (UTF-16 LE)' },
  'utf-16be': { zh: 'Unicode big endian（UTF-16 BE）', en: 'Unicode big endian (UTF-16 BE)' },
  gb18030: { zh: 'ANSI（GBK/GB18030）', en: 'ANSI (GBK/GB18030)' },
};

/** Where a submission's date came from (rulebook, "A submission's date"). */
export const DATE_SOURCE_WORDS: Record<DateSource, Bilingual> = {
  option: { zh: '来自 --date', en: 'from --date' },
  folder: { zh: '取自文件夹名', en: 'from the folder’s name' },
  today: { zh: '文件夹名中没有日期，按今天', en: 'no date in the folder’s name, so today' },
};

/**
 * Data values that are codes get their words only in the message: `source` (where a caption came from)
 * and `encoding`. The finding's `data` keeps the raw code, for scripts.
 */
function wordsFor(data: Record<string, unknown>): Record<string, unknown> {
  const words = { ...data };
  if (typeof data.source === 'string') words.source = describeSource(data.source);
  if (typeof data.encoding === 'string' && ENCODING_NAMES[data.encoding]) words.encoding = ENCODING_NAMES[data.encoding];
  if (typeof data.code === 'string') words.reason = readErrorReason(data.code);
  if (typeof data.dateSource === 'string' && data.dateSource in DATE_SOURCE_WORDS) words.dateSource = DATE_SOURCE_WORDS[data.dateSource as DateSource];
  return words;
}

export function localize(raw: RawFinding, lang: Lang): Finding {
  const rule = getRule(raw.rule);
  const template = Object.hasOwn(ENGINE_MESSAGES, raw.messageId) ? ENGINE_MESSAGES[raw.messageId] : rule && Object.hasOwn(rule.messages, raw.messageId) ? rule.messages[raw.messageId] : undefined;
  // ESLint's contract: a finding whose message does not exist is pyvw's bug, never a message made up on the spot.
  if (!template) throw new Error(`${raw.rule}: no message "${raw.messageId}"`);
  const data = { ...wordsFor(raw.data), rule: raw.rule };
  return {
    rule: raw.rule,
    severity: raw.severity,
    message: format(template.message, lang, data),
    hint: format(template.hint, lang, data),
    data: raw.data,
    ...(raw.messageId === 'internal-error' ? { fault: true as const } : {}),
  };
}

export const KIND_NAMES: Record<FileKind, Bilingual> = {
  text: { zh: '文字材料', en: 'text write-up' },
  photo: { zh: '照片', en: 'photo' },
  'photo-news': { zh: '图片新闻', en: 'photo news' },
  video: { zh: '视频', en: 'video' },
  'media-report': { zh: '媒体报道', en: 'media report' },
  summary: { zh: '活动周总结', en: 'week summary' },
  caption: { zh: '照片说明', en: 'caption' },
  description: { zh: '视频/报道说明', en: 'description' },
  ignored: { zh: '忽略', en: 'ignored' },
  unknown: { zh: '未知格式', en: 'unknown format' },
};

const CLASSIFICATION_REASONS: Record<Classification['by'], Bilingual> = {
  folder: { zh: '在“{detail}”文件夹中', en: 'in the folder {detail}/' },
  extension: { zh: '按扩展名 {detail}', en: 'by its extension {detail}' },
  name: { zh: '按文件名“{detail}”', en: 'by its name "{detail}"' },
  sidecar: { zh: '与 {detail} 同名，是它的说明', en: 'same name as {detail}: its caption or description' },
  manifest: { zh: '说明清单 {detail}', en: 'the caption manifest {detail}' },
  junk: { zh: '系统或临时文件，不检查、不报送', en: 'a system or temporary file: not checked, not sent' },
  config: { zh: 'pyvw 的配置文件，不报送', en: 'pyvw’s config file: not sent' },
  package: { zh: 'pyvw 写入报送包的文件，按报送清单校验，不另行检查', en: 'written into the package by pyvw: verified against 报送清单.txt, not judged on its own' },
  unknown: { zh: '通知不要求的格式 {detail}', en: 'a format the notice does not ask for ({detail})' },
  symlink: { zh: '快捷方式/符号链接，不跟随、不检查、不报送；请把文件本身放进文件夹', en: 'a symbolic link: not followed, not checked, not sent; put the file itself in the folder' },
  fifo: { zh: '管道（不是普通文件），不打开、不报送', en: 'a pipe (not a regular file): not opened, not sent' },
  socket: { zh: '套接字（不是普通文件），不打开、不报送', en: 'a socket (not a regular file): not opened, not sent' },
  device: { zh: '设备文件（不是普通文件），不打开、不报送', en: 'a device (not a regular file): not opened, not sent' },
  'summary-submission': { zh: '活动周总结文件夹中的 Word 文档，按总结检查', en: 'a Word document in the week summary’s folder: judged as the summary' },
};

export function classificationReason(classification: Classification, lang: Lang): string {
  return format(CLASSIFICATION_REASONS[classification.by], lang, { detail: classification.detail });
}
