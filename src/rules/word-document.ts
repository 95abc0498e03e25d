import * as z from 'zod';
import type { DocxFacts } from '../inspect/docx.js';
import type { Bilingual } from '../types.js';
import { defineFileRule, NO_OPTIONS, type RuleMessage } from './rule.js';
import { READ_ERROR_MESSAGES, readErrorData } from './text.js';

/**
 * The checks every Word kind of the notice shares (photo news, media report, summary): the file can be read, and
 * it has at least one embedded picture. One definition, one set of messages, a rule id per kind.
 */

type WordKind = 'photo-news' | 'media-report' | 'summary';

/** A fact the linking adds is missing when the file could not be read; the readable rule has said why. */
export const wasRead = (facts: DocxFacts): boolean => !facts.readError && facts.paragraphList !== undefined;

export function wordReadableRule(kind: WordKind, what: Bilingual) {
  return defineFileRule<object, WordKind>({
    id: `${kind}/readable`,
    scope: 'file',
    kind,
    defaultSeverity: 'error',
    docs: {
      zh: `${what.zh}是能打开的 .docx（不是 .doc/.wps，没有损坏，没有设置打开密码）`,
      en: `The ${what.en} is a .docx that opens: not .doc/.wps, not damaged, not password-protected`,
    },
    options: NO_OPTIONS,
    messages: READ_ERROR_MESSAGES,
    check({ file, facts, report }) {
      if (facts.readError) report(facts.readError, readErrorData(file, facts));
    },
  });
}

export function wordPicturesRule(kind: WordKind, what: Bilingual) {
  return defineFileRule<object, WordKind>({
    id: `${kind}/pictures`,
    scope: 'file',
    kind,
    defaultSeverity: 'error',
    docs: {
      zh: `${what.zh}中至少嵌入 1 张图片（只链接、没有嵌入的图片不算）`,
      en: `The ${what.en} has at least one embedded picture (a linked picture does not count)`,
    },
    options: NO_OPTIONS,
    messages: {
      none: {
        message: { zh: '文档中没有嵌入的图片', en: 'the document has no embedded picture' },
        hint: { zh: '用 Word 的“插入 → 图片”把活动照片插入文档', en: 'insert the photos with Insert → Pictures' },
      },
      'linked-only': {
        message: {
          zh: '文档中的 {linkedPictures} 张图片只链接到电脑上的图片文件，没有嵌入文档，别人打开时看不到',
          en: 'the {linkedPictures} picture(s) only link to files on this computer and are not embedded: others will not see them',
        },
        hint: {
          zh: 'Word 中“文件 → 信息 → 编辑指向文件的链接”，选中图片，勾选“在文档中保存图片”后确定；或删掉图片，用“插入 → 图片”重新插入',
          en: 'in Word, File → Info → Edit Links to Files, select the pictures and tick "Save picture in document"; or delete them and insert them again with Insert → Pictures',
        },
      },
      'unreadable-content': {
        message: {
          zh: '没有读到嵌入的图片；文档中有 {contentWithoutFallback} 处内容只有新版 Word 或 WPS 能显示，图片可能在其中',
          en: 'no embedded picture could be read; {contentWithoutFallback} part(s) of the document only newer Word or WPS can show, and the pictures may be there',
        },
        hint: {
          zh: '用 Word/WPS 重新另存为 .docx（WPS：“文件 → 另存为”，文件类型选“Word 文档（*.docx）”）后再检查',
          en: 're-save it as .docx from Word or WPS (WPS: File → Save As, type "Word Document (*.docx)") and check again',
        },
      },
    },
    check({ facts, report }) {
      if (!wasRead(facts) || (facts.pictures ?? 0) > 0) return;
      const data = { pictures: 0, linkedPictures: facts.linkedPictures ?? 0, contentWithoutFallback: facts.contentWithoutFallback ?? 0 };
      if (data.linkedPictures > 0) report('linked-only', data);
      else if (data.contentWithoutFallback > 0) report('unreadable-content', data);
      else report('none', data);
    },
  });
}

/** Body 字数 without title, captions and link lines (media-report/body, summary/body): same count, own words. */
export function wordBodyRule(kind: WordKind, defaultSeverity: 'error' | 'warn', docs: Bilingual, short: RuleMessage) {
  return defineFileRule<{ minChars: number }, WordKind>({
    id: `${kind}/body`,
    scope: 'file',
    kind,
    defaultSeverity,
    docs,
    options: z.object({ minChars: z.number().int().nonnegative() }).strict(),
    messages: { short },
    check({ facts, options, report }) {
      if (!wasRead(facts) || facts.bodyWords === undefined || facts.bodyWords >= options.minChars) return;
      report('short', { bodyWords: facts.bodyWords, minChars: options.minChars, missing: options.minChars - facts.bodyWords });
    },
  });
}
