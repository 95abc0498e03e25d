import * as z from 'zod';
import type { PhotoDamage, PhotoFacts } from '../inspect/image.js';
import { HEAD_CAP_BYTES } from '../inspect/jpeg-head.js';
import type { Bilingual } from '../types.js';
import { judgeCaption } from '../text/caption.js';
import { defineFileRule, NO_OPTIONS, type RuleMessage } from './rule.js';

type Facts = PhotoFacts;
const JPEG_EXTS = new Set(['.jpg', '.jpeg']);

/** Without a decodable header there is nothing to measure; photo/intact already says why. */
const measurable = (facts: Facts): boolean => facts.width !== undefined && facts.height !== undefined;

export const photoJpeg = defineFileRule<object, 'photo'>({
  id: 'photo/jpeg',
  scope: 'file',
  kind: 'photo',
  defaultSeverity: 'error',
  docs: { zh: '照片必须是 JPG 格式（看文件内容，不只看扩展名）', en: 'Photos must be JPEG, by content and by extension' },
  options: NO_OPTIONS,
  messages: {
    'not-jpeg': {
      message: { zh: '文件实际是 {format|upper} 格式，不是 JPG', en: 'the file is really {format|upper}, not JPEG' },
      hint: {
        zh: '运行 pyvw fix 转成 JPG 副本；或在 Windows 自带的“照片”应用中打开，点“…”→“另存为”，文件类型选 .jpg（HEIC 照片也可以在手机“设置 → 相机 → 格式”里选“兼容性最佳”后重拍）。只改扩展名没有用',
        en: 'run pyvw fix to write a JPEG copy, or open it in the Windows Photos app, "…" → "Save as", type .jpg (for HEIC, an iPhone set to Settings → Camera → Formats → "Most Compatible" shoots JPEG). Renaming does not convert it',
      },
    },
    'not-image': {
      message: { zh: '文件内容不是任何图片格式', en: 'the content is not an image format at all' },
      hint: { zh: '找到原始照片重新复制一份', en: 'copy the original photo again' },
    },
    'wrong-extension': {
      message: { zh: '内容是 JPG，但扩展名是 {ext|orNone}', en: 'the content is JPEG but the extension is {ext|orNone}' },
      hint: { zh: '把扩展名改为 .jpg', en: 'rename the file to end in .jpg' },
    },
  },
  check({ file, facts, report }) {
    if (file.bytes === 0) return;
    if (facts.format === null) return report('not-image', {});
    if (facts.format !== 'jpeg') return report('not-jpeg', { format: facts.format });
    if (!JPEG_EXTS.has(file.ext)) report('wrong-extension', { ext: file.ext });
  },
});

/** What each kind of damage means (PhotoDamage.damage): the second half of the damaged photo's message. */
const DAMAGE: Record<string, Bilingual> = {
  'bad-code': { zh: '第 {offset|grouped} 字节附近的图像数据无法解码（Huffman 编码错误）', en: 'the image data near byte {offset|grouped} does not decode (bad Huffman code)' },
  'short-data': { zh: '第 {offset|grouped} 字节附近的图像数据提前中断', en: 'the image data stops early near byte {offset|grouped}' },
  'extra-data': {
    zh: '第 {offset|grouped} 字节附近有 {count} 字节多出来的数据，图像数据已错位',
    en: '{count} bytes of data the picture does not use near byte {offset|grouped}: the image data is out of step',
  },
  'restart-order': { zh: '第 {offset|grouped} 字节处的同步标记顺序错乱', en: 'the restart markers are out of order at byte {offset|grouped}' },
  overrun: { zh: '第 {offset|grouped} 字节附近的图像块数据错乱', en: 'a block of image data near byte {offset|grouped} is scrambled' },
  'out-of-range': { zh: '第 {offset|grouped} 字节附近的图像数据超出了 JPG 允许的范围', en: 'the image data near byte {offset|grouped} holds values no JPEG encoder writes' },
  'bad-marker': { zh: '第 {offset|grouped} 字节处的文件结构错误', en: 'the file structure is broken at byte {offset|grouped}' },
  'bad-header': { zh: '第 {offset|grouped} 字节处的图像参数错误', en: 'the image parameters at byte {offset|grouped} are invalid' },
  'no-image': { zh: '文件里没有图像数据', en: 'the file holds no image data' },
  cut: { zh: '文件到第 {offset|grouped} 字节就断了，后面的图像数据或结束标记缺失', en: 'the file stops at byte {offset|grouped}, before the rest of its image data or its end marker' },
  'cut-decoder': { zh: '解码时数据提前结束（{detail}）', en: 'the data ends while decoding ({detail})' },
  decoder: { zh: '无法解码（{detail}）', en: 'does not decode ({detail})' },
};

const TRUNCATED_HINT: Bilingual = { zh: '文件没有复制完整，请从相机或手机重新复制', en: 'the copy is incomplete; copy it again from the camera or phone' };
const CORRUPT_HINT: Bilingual = { zh: '从原始来源重新复制；若原件也坏了，请换一张照片', en: 'copy it again from the source, or choose another photo' };

/** One message per kind of damage: `damaged:<damage>`, truncation said as such. */
const DAMAGE_MESSAGES: Record<string, RuleMessage> = Object.fromEntries(
  Object.entries(DAMAGE).map(([damage, detail]) => {
    const cut = damage.startsWith('cut');
    const lead = cut ? { zh: '照片不完整（文件被截断）：', en: 'the photo is truncated: ' } : { zh: '照片已损坏，无法完整解码：', en: 'the photo is corrupt and does not decode: ' };
    return [`damaged:${damage}`, { message: { zh: lead.zh + detail.zh, en: lead.en + detail.en }, hint: cut ? TRUNCATED_HINT : CORRUPT_HINT }];
  }),
);

/** The message of a damage: sharp's words (`detail`) where it found the damage without a place. */
function damageMessage(damage: PhotoDamage): string {
  if (damage.damage === 'cut' && damage.message) return 'damaged:cut-decoder';
  return DAMAGE[damage.damage] ? `damaged:${damage.damage}` : 'damaged:decoder';
}

export const photoIntact = defineFileRule<object, 'photo'>({
  id: 'photo/intact',
  scope: 'file',
  kind: 'photo',
  defaultSeverity: 'error',
  docs: { zh: '照片文件完整，能完整解码（不是空文件、没有被截断或损坏）', en: 'The photo decodes completely: not empty, truncated or corrupt' },
  options: NO_OPTIONS,
  messages: {
    empty: {
      message: { zh: '文件是空的（0 字节）', en: 'the file is empty (0 bytes)' },
      hint: { zh: '从相机或手机重新复制这张照片', en: 'copy the photo again from the camera or phone' },
    },
    ...DAMAGE_MESSAGES,
    undecodable: {
      message: {
        zh: '这张 JPG 使用了少见的编码（{process}），pyvw 和多数看图软件、微信都无法显示',
        en: 'this JPEG uses a rare coding ({process}) that pyvw, most viewers and WeChat cannot show',
      },
      hint: {
        zh: '用看图软件打开后另存为普通 JPG，或换用相机原图',
        en: 'open it in an image editor and save it as an ordinary JPEG, or use the camera original',
      },
    },
    'undecodable-precision': {
      message: {
        zh: '这张 JPG 使用了少见的编码（{precision} 位），pyvw 和多数看图软件、微信都无法显示',
        en: 'this JPEG uses a rare coding ({precision}-bit) that pyvw, most viewers and WeChat cannot show',
      },
      hint: {
        zh: '用看图软件打开后另存为普通 JPG，或换用相机原图',
        en: 'open it in an image editor and save it as an ordinary JPEG, or use the camera original',
      },
    },
  },
  check({ file, facts, report }) {
    const damage = facts.damage;
    if (file.bytes === 0 || damage?.damage === 'empty') return report('empty', { bytes: 0 });
    if (facts.intact === true || !damage) return;
    const data = {
      damage: damage.damage, offset: damage.offset ?? 0, count: damage.count ?? 0, marker: damage.marker, detail: damage.message, bytes: file.bytes,
    };
    if (facts.intact === null) {
      const precision = facts.jpegPrecision ?? 8;
      const process = facts.jpegProcess ?? 'JPEG';
      const byProcess = precision === 8 || process === 'lossless' || process === 'hierarchical';
      if (facts.format === 'jpeg') report(byProcess ? 'undecodable' : 'undecodable-precision', { ...data, process, precision }, 'warning');
      return;
    }
    report(damageMessage(damage), data);
  },
});

export const photoLongEdge = defineFileRule<{ min: number }, 'photo'>({
  id: 'photo/long-edge',
  scope: 'file',
  kind: 'photo',
  defaultSeverity: 'error',
  docs: { zh: '照片长边不低于 2000 像素（按显示方向，已计入 EXIF 旋转）', en: 'The long edge, as displayed, is at least 2000 px' },
  options: z.object({ min: z.number().int().positive() }).strict(),
  messages: {
    small: {
      message: { zh: '照片尺寸 {width}×{height} 像素，长边 {longEdge} 像素，低于要求的 {min} 像素', en: 'the photo is {width}×{height} px; its long edge of {longEdge} px is below {min} px' },
      hint: { zh: '换用相机或手机拍摄的原图（不要用微信、QQ 传过的压缩图）', en: 'use the original from the camera or phone, not a copy sent through WeChat or QQ' },
    },
  },
  check({ facts, options, report }) {
    if (!measurable(facts) || facts.longEdge! >= options.min) return;
    report('small', {
      width: facts.displayWidth,
      height: facts.displayHeight,
      longEdge: facts.longEdge,
      min: options.min,
    });
  },
});

export const photoMinBytes = defineFileRule<{ min: number }, 'photo'>({
  id: 'photo/min-bytes',
  scope: 'file',
  kind: 'photo',
  defaultSeverity: 'error',
  docs: { zh: '照片文件不小于 2 MB（2,097,152 字节）', en: 'The photo file is at least 2 MB (2,097,152 bytes)' },
  options: z.object({ min: z.number().int().nonnegative() }).strict(),
  messages: {
    small: {
      message: { zh: '文件大小 {bytes} 字节（{bytes|size}），小于要求的 {min} 字节（{min|size}）', en: 'the file is {bytes} bytes ({bytes|size}), below the required {min} bytes ({min|size})' },
      hint: { zh: '换用相机或手机拍摄的原图；不要压缩，不要用微信、QQ 传过的图', en: 'use the original photo, uncompressed, not a copy sent through WeChat or QQ' },
    },
  },
  check({ file, options, report }) {
    if (file.bytes >= options.min) return;
    report('small', { bytes: file.bytes, min: options.min });
  },
});

/** A caption that was found and does not count: one message per reason (CaptionJudgement.reason). */
function rejected(reason: string, why: Bilingual): Record<string, RuleMessage> {
  return {
    [`rejected:${reason}`]: {
      message: { zh: `找到的说明“{text}”（来自 {source}）不能作为文字说明：${why.zh}`, en: `the caption found, "{text}" (from {source}), does not count: ${why.en}` },
      hint: {
        zh: '写一句说明照片内容的话（至少 {minChars} 个字），放在同名 .txt 或“图片说明.txt”中',
        en: 'write a sentence about what the photo shows (≥ {minChars} 字) in a .txt of the same name or in 图片说明.txt',
      },
    },
  };
}

export const photoCaption = defineFileRule<{ minChars: number; boilerplate: string[] }, 'photo'>({
  id: 'photo/caption',
  scope: 'file',
  kind: 'photo',
  defaultSeverity: 'error',
  docs: {
    zh: '每张照片配文字说明：同名 .txt/.docx、说明清单、照片内嵌说明或有意义的文件名（至少 4 字，不能是相机默认文字）',
    en: 'Each photo has a caption: a sidecar, a manifest line, an embedded description or a descriptive file name (≥ 4 字, no camera boilerplate)',
  },
  options: z.object({ minChars: z.number().int().positive(), boilerplate: z.array(z.string()) }).strict(),
  link: (caption) => ({ caption }),
  messages: {
    missing: {
      message: { zh: '照片没有文字说明', en: 'the photo has no caption' },
      hint: {
        zh: '任选一种：在照片旁放同名 .txt 写说明；或在“图片说明.txt”中加一行“{name}：说明”；或把文件名改成说明文字（至少 4 个汉字）',
        en: 'either put a .txt of the same name beside it, add a line "{name}: caption" to 图片说明.txt, or rename the file to a caption of at least 4 Han characters',
      },
    },
    ...rejected('too-short', { zh: '只有 {words} 字，至少要 {minChars} 字', en: 'only {words} 字, at least {minChars} needed' }),
    ...rejected('boilerplate', { zh: '这是相机自动写入的文字', en: 'it is text the camera writes by itself' }),
    ...rejected('default-name', { zh: '这是相机或软件自动起的文件名或日期', en: 'it is a name or date a camera or app gives by itself' }),
  },
  check({ file, facts, options, report }) {
    if (facts.caption) return;
    const name = file.path.split('/').pop()!;
    const first = facts.captionCandidates?.[0];
    if (!first) return report('missing', { name });
    const judgement = judgeCaption(first.text, options, facts);
    report(`rejected:${judgement.reason ?? 'too-short'}`, { text: first.text, source: first.source, name, reason: judgement.reason ?? 'too-short', words: judgement.words, minChars: options.minChars });
  },
});

export const photoColour = defineFileRule<object, 'photo'>({
  id: 'photo/colour',
  scope: 'file',
  kind: 'photo',
  defaultSeverity: 'warn',
  docs: { zh: '照片不要用 CMYK 颜色（浏览器和微信里颜色会失真）', en: 'Photos should not be CMYK (browsers and WeChat show them wrongly)' },
  options: NO_OPTIONS,
  messages: {
    cmyk: {
      message: { zh: '照片是 CMYK 颜色模式，在网页和微信里颜色会显示错误', en: 'the photo is CMYK; browsers and WeChat show its colours wrongly' },
      hint: { zh: '用 Photoshop 等软件转为 RGB 颜色后另存为 JPG', en: 'convert it to RGB in an image editor and save it as JPEG again' },
    },
  },
  check({ facts, report }) {
    if (facts.space === 'cmyk') report('cmyk', { space: facts.space });
  },
});

export const photoDuplicate = defineFileRule<object, 'photo'>({
  id: 'photo/duplicate',
  scope: 'file',
  kind: 'photo',
  defaultSeverity: 'warn',
  docs: { zh: '同一份材料里不要有完全相同的照片', en: 'No byte-identical photos in one submission' },
  options: NO_OPTIONS,
  messages: {
    duplicate: {
      message: { zh: '与 {duplicateOf} 完全相同（同一张照片报了两次）', en: 'identical to {duplicateOf} (the same photo twice)' },
      hint: { zh: '删去其中一张，或换成另一张照片', en: 'remove one of them or replace it with another photo' },
    },
  },
  check({ facts, report }) {
    if (facts.duplicateOf) report('duplicate', { duplicateOf: facts.duplicateOf });
  },
});

export const photoMetadata = defineFileRule<object, 'photo'>({
  id: 'photo/metadata',
  scope: 'file',
  kind: 'photo',
  defaultSeverity: 'warn',
  docs: {
    zh: '照片里的元数据不超过 pyvw 读取的上限（16 MB）；超出的部分不读，其中的说明文字可能读不到',
    en: 'The metadata in a photo stays within what pyvw reads (16 MB); beyond it nothing is read, so an embedded caption may be missed',
  },
  options: NO_OPTIONS,
  messages: {
    'too-much': {
      message: {
        zh: '照片里附带了 {segments} 段、共 {bytes|size} 的元数据，超过上限 {cap|size}，pyvw 没有读这部分（其中的说明文字读不到）',
        en: 'the photo carries {segments} metadata segments, {bytes|size} in all, beyond the {cap|size} pyvw reads; they were not read (an embedded caption there is missed)',
      },
      hint: {
        zh: '用看图软件把照片另存一份（会去掉多余的元数据），或把说明写在同名 .txt 或“图片说明.txt”中',
        en: 'save a copy of the photo from an image editor (which drops the excess metadata), or put the caption in a .txt of the same name or in 图片说明.txt',
      },
    },
  },
  check({ facts, report }) {
    const skipped = facts.metadataSkipped;
    if (!skipped) return;
    report('too-much', { segments: skipped.segments, bytes: skipped.bytes, cap: HEAD_CAP_BYTES });
  },
});

export const photoRules = [photoJpeg, photoIntact, photoLongEdge, photoMinBytes, photoCaption, photoColour, photoDuplicate, photoMetadata];
