import path from 'node:path';
import * as z from 'zod';
import { isRealLink } from '../text/urls.js';
import { defineFileRule, NO_OPTIONS } from './rule.js';
import { wasRead, wordBodyRule, wordPicturesRule, wordReadableRule } from './word-document.js';

const WHAT = { zh: '媒体报道', en: 'media report' };
const TITLE_HINT = {
  zh: '在正文前单独一行写报道题目（不超过 {maxChars} 字），最好套用“标题”样式',
  en: 'put the report’s title on a line of its own above the body (at most {maxChars} 字), ideally in the Title or Heading 1 style',
};

export const mediaReportReadable = wordReadableRule('media-report', WHAT);
export const mediaReportPictures = wordPicturesRule('media-report', WHAT);

export const mediaReportTitle = defineFileRule<{ maxChars: number }, 'media-report'>({
  id: 'media-report/title',
  scope: 'file',
  kind: 'media-report',
  defaultSeverity: 'error',
  docs: {
    zh: '媒体报道有题目：套用“标题”样式的段落，或不超过 60 字的第一段',
    en: 'The media report has a title: a paragraph in a Title or Heading style, or a first paragraph of at most 60 字',
  },
  options: z.object({ maxChars: z.number().int().positive() }).strict(),
  link: ({ maxChars }) => ({ layout: { 'media-report': { maxTitleChars: maxChars } } }),
  messages: {
    'too-long': {
      message: {
        zh: '没有找到题目：没有套用“标题”样式的段落，第一段有 {firstParagraphWords} 字，超过题目的 {maxChars} 字',
        en: 'no title: no paragraph is in a Title or Heading style, and the first paragraph has {firstParagraphWords} 字, more than a title’s {maxChars}',
      },
      hint: TITLE_HINT,
    },
    missing: {
      message: {
        zh: '没有找到题目：没有套用“标题”样式的段落，文字只有图片说明',
        en: 'no title: no paragraph is in a Title or Heading style, and the only text is picture captions',
      },
      hint: TITLE_HINT,
    },
    empty: {
      message: { zh: '文档里没有文字，找不到题目', en: 'the document has no text, so no title' },
      hint: { zh: '媒体报道应包含题目、正文、照片和报道链接', en: 'a media report has a title, a body, photos and the link to the report' },
    },
  },
  check({ facts, options, report }) {
    if (!wasRead(facts) || facts.title !== null) return;
    const data = { firstParagraphWords: facts.firstParagraphWords, maxChars: options.maxChars, paragraphs: facts.paragraphs };
    if (!facts.paragraphs) report('empty', data);
    else if (typeof facts.firstParagraphWords === 'number') report('too-long', data);
    else report('missing', data);
  },
});

export const mediaReportBody = wordBodyRule(
  'media-report',
  'error',
  { zh: '媒体报道正文不少于 100 字（不计题目、题注和链接行）', en: 'The media report’s body has at least 100 字, not counting the title, captions and link lines' },
  {
    message: {
      zh: '正文 {bodyWords} 字（不计题目、题注和链接行），少于 {minChars} 字',
      en: 'the body has {bodyWords} 字 (title, captions and link lines not counted), fewer than {minChars}',
    },
    hint: { zh: '补充报道正文，至少再写 {missing} 字', en: 'add at least {missing} 字 to the body' },
  },
);

export const mediaReportLink = defineFileRule<object, 'media-report'>({
  id: 'media-report/link',
  scope: 'file',
  kind: 'media-report',
  defaultSeverity: 'error',
  docs: {
    zh: '附上报道链接：http:// 或 https:// 开头、带域名的网址，可以是超链接或文字，写在文档里或同名 .txt 中；没写 https:// 的网址也算，但给出警告',
    en: 'The report’s link is given: an http:// or https:// address with a host, as a hyperlink or text, in the document or a .txt of the same name; one without https:// counts, with a warning',
  },
  options: NO_OPTIONS,
  messages: {
    missing: {
      message: {
        zh: '没有找到报道链接：文档里没有 http:// 或 https:// 开头的网址',
        en: 'no link to the report: the document has no http:// or https:// address',
      },
      hint: {
        zh: '在文末加一行“原文链接：https://……”（从浏览器地址栏复制完整网址），或把链接写进同名的 {sidecarName}',
        en: 'add a line "原文链接：https://…" at the end (copy the whole address from the browser), or write it into a file {sidecarName} beside it',
      },
    },
    'missing-with-sidecar': {
      message: {
        zh: '没有找到报道链接：文档和 {sidecarName} 中都没有 http:// 或 https:// 开头的网址',
        en: 'no link to the report: neither the document nor {sidecarName} has an http:// or https:// address',
      },
      hint: {
        zh: '在文末或 {sidecarName} 中加一行“原文链接：https://……”（从浏览器地址栏复制完整网址）',
        en: 'add a line "原文链接：https://…" to the document or to {sidecarName} (copy the whole address from the browser)',
      },
    },
    'no-scheme': {
      message: {
        zh: '报道链接 {found} 没有以 https:// 开头：可以算作链接，但点击打不开',
        en: 'the report’s link {found} has no https://: it counts, but it does not open on a click',
      },
      hint: {
        zh: '在网址前加上 https://（如 https://{first}），最好从浏览器地址栏复制完整网址',
        en: 'put https:// in front of the address (https://{first}), best copied whole from the browser’s address bar',
      },
    },
    invalid: {
      message: {
        zh: '找到的链接 {found} 不是有效网址：要以 http:// 或 https:// 开头，并带网站域名',
        en: 'the link(s) found, {found}, are not web addresses: they need http:// or https:// and a site’s domain',
      },
      hint: {
        zh: '从浏览器地址栏复制报道的完整网址（如 https://www.example.com/news/1.html）',
        en: 'copy the report’s whole address from the browser’s address bar (e.g. https://www.example.com/news/1.html)',
      },
    },
  },
  check({ file, facts, report }) {
    if (!wasRead(facts)) return;
    const links = (facts.links ?? []).filter((link) => !link.schemeless);
    if (links.some((link) => isRealLink(link.url))) return;
    // An address without its scheme counts (rulebook), with a warning: it does not open on a click.
    const schemeless = (facts.links ?? []).filter((link) => link.schemeless && isRealLink(`https://${link.url}`));
    if (schemeless.length > 0) {
      report('no-scheme', { found: schemeless.map((link) => link.url), first: schemeless[0]!.url, links: schemeless.length }, 'warning');
      return;
    }
    const sidecarName = file.sidecar ? path.posix.basename(file.sidecar) : `${path.posix.basename(file.path, path.posix.extname(file.path))}.txt`;
    if (links.length === 0) report(file.sidecar ? 'missing-with-sidecar' : 'missing', { sidecarName, links: 0 });
    else report('invalid', { sidecarName, found: links.map((link) => link.url || '""'), links: links.length });
  },
});

export const mediaReportRules = [mediaReportReadable, mediaReportTitle, mediaReportBody, mediaReportPictures, mediaReportLink];
