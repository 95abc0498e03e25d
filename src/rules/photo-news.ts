import * as z from 'zod';
import { defineFileRule, NO_OPTIONS } from './rule.js';
import { wasRead, wordPicturesRule, wordReadableRule } from './word-document.js';

const WHAT = { zh: '图片新闻', en: 'photo news' };

export const photoNewsReadable = wordReadableRule('photo-news', WHAT);
export const photoNewsPictures = wordPicturesRule('photo-news', WHAT);

export const photoNewsSource = defineFileRule<object, 'photo-news'>({
  id: 'photo-news/source',
  scope: 'file',
  kind: 'photo-news',
  defaultSeverity: 'error',
  docs: {
    zh: '图片新闻写明图片来源：图片来源、图片来自、来源：、摄影：、供图、图/某某、摄/某某，或署名“某某 摄”“（通讯员 某某 摄）”',
    en: 'Photo news names the picture source: 图片来源, 图片来自, 来源：, 摄影：, 供图, 图/某某, 摄/某某, or a credit such as 某某 摄 or （通讯员 某某 摄）',
  },
  options: NO_OPTIONS,
  messages: {
    missing: {
      message: {
        zh: '没有写明图片来源（文档有 {pictures} 张图片、{captions} 条题注，但没有“图片来源：”“摄影：”这样的一行）',
        en: 'the picture source is not named ({pictures} pictures and {captions} captions, but no line such as 图片来源： or 摄影：)',
      },
      hint: {
        zh: '在图片说明后或文末加一行，如“图片来源：濮阳市第一职业中等专业学校”“摄影：张三”或“（通讯员 张三 摄）”',
        en: 'add a line after the captions or at the end, e.g. 图片来源：濮阳市第一职业中等专业学校, 摄影：张三 or （通讯员 张三 摄）',
      },
    },
  },
  check({ facts, report }) {
    if (wasRead(facts) && facts.source === null) report('missing', { pictures: facts.pictures ?? 0, captions: facts.captions ?? 0 });
  },
});

export const photoNewsCaptions = defineFileRule<{ maxCaptionChars: number }, 'photo-news'>({
  id: 'photo-news/captions',
  scope: 'file',
  kind: 'photo-news',
  defaultSeverity: 'error',
  docs: {
    zh: '每张图片都有题注：Word“题注”样式的段落，紧挨图片前后、不超过 80 字的一段文字，或图片所在段落中换行后的文字',
    en: 'Every picture has a caption: a paragraph in Word’s Caption style, a short paragraph (≤ 80 字) right before or after it, or text after a line break in the picture’s own paragraph',
  },
  options: z.object({ maxCaptionChars: z.number().int().positive() }).strict(),
  link: ({ maxCaptionChars }) => ({ layout: { 'photo-news': { maxCaptionChars } } }),
  messages: {
    missing: {
      message: {
        zh: '{pictures} 张图片，{captions} 条题注：第 {missing} 张图片没有题注',
        en: '{pictures} picture(s), {captions} caption(s): no caption for picture {missing}',
      },
      hint: {
        zh: '在每张图片正下方加一行说明文字（不超过 {maxCaptionChars} 字），或在 Word 中右键图片选“插入题注”',
        en: 'put a line describing each picture right below it (at most {maxCaptionChars} 字), or right-click the picture → Insert Caption',
      },
    },
  },
  check({ facts, options, report }) {
    if (!wasRead(facts) || !facts.pictureList?.length) return;
    const missing = facts.pictureList.filter((picture) => !picture.caption).map((picture) => picture.number);
    if (missing.length === 0) return;
    report('missing', { pictures: facts.pictureList.length, captions: facts.captions ?? 0, missing, maxCaptionChars: options.maxCaptionChars });
  },
});

export const photoNewsRules = [photoNewsReadable, photoNewsPictures, photoNewsSource, photoNewsCaptions];
