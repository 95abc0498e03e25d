import * as z from 'zod';
import type { Bilingual } from '../types.js';
import { defineFileRule, type RuleMessage } from './rule.js';
import { wasRead, wordBodyRule, wordPicturesRule, wordReadableRule } from './word-document.js';

/** The week's summary (rulebook, Summary): judged only when present. */

const WHAT = { zh: '活动周总结', en: 'week summary' };

export const summaryReadable = wordReadableRule('summary', WHAT);
export const summaryPictures = wordPicturesRule('summary', WHAT);

export const summaryBody = wordBodyRule(
  'summary',
  'warn',
  { zh: '总结正文不少于 800 字（不计题目、题注和链接行）', en: 'The summary’s body has at least 800 字, not counting the title, captions and link lines' },
  {
    message: {
      zh: '总结正文 {bodyWords} 字（不计题目、题注和链接行），少于 {minChars} 字',
      en: 'the summary’s body has {bodyWords} 字 (title, captions and link lines not counted), fewer than {minChars}',
    },
    hint: { zh: '补充活动开展情况、亮点和典型案例，至少再写 {missing} 字', en: 'add at least {missing} 字: what was done, the highlights, typical cases' },
  },
);

const KEYWORDS = z.object({ keywords: z.array(z.string().min(1)).min(1) }).strict();

/** The notice asks the summary to contain 活动亮点 and 典型案例: a rule for each word, warning when none of its words appears. */
function mentionRule(id: string, docs: Bilingual, hint: Bilingual) {
  const missing: RuleMessage = {
    message: { zh: '总结中没有写到{quoted}', en: 'the summary never mentions {quoted}' },
    hint,
  };
  return defineFileRule<{ keywords: string[] }, 'summary'>({
    id,
    scope: 'file',
    kind: 'summary',
    defaultSeverity: 'warn',
    docs,
    options: KEYWORDS,
    messages: { missing },
    check({ facts, options, report }) {
      if (!wasRead(facts)) return;
      const mentioned = facts.paragraphList!.some((p) => options.keywords.some((keyword) => p.text.includes(keyword)));
      if (!mentioned) report('missing', { keywords: options.keywords, quoted: options.keywords.map((k) => `“${k}”`) });
    },
  });
}

export const summaryHighlights = mentionRule(
  'summary/highlights',
  { zh: '总结写到活动“亮点”', en: 'The summary mentions the week’s highlights (亮点)' },
  { zh: '加一段“活动亮点”，写本单位的特色做法和成效', en: 'add a section "活动亮点" on what your school did best' },
);

export const summaryCases = mentionRule(
  'summary/cases',
  { zh: '总结写到“典型案例”', en: 'The summary mentions typical cases (典型案例)' },
  { zh: '加一段“典型案例”，写一两个具体的活动案例', en: 'add a section "典型案例" describing one or two concrete activities' },
);

export const summaryRules = [summaryReadable, summaryPictures, summaryBody, summaryHighlights, summaryCases];
