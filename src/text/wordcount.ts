/**
 * 字数 as Microsoft Word's 字数统计 counts it (rulebook, "Units that must not be misread"):
 * every Han ideograph and every full-width / Chinese punctuation mark is one; every other maximal run of
 * non-whitespace characters is one; whitespace is nothing.
 */
const HAN = /\p{Script=Han}/u;
const CJK_PUNCTUATION = /[\u3001-\u303F\uFF01-\uFF60\uFFE0-\uFFEE\u2018-\u201F\u2014\u2026\u00B7]/u;
const WHITESPACE = /\s/u;

export interface TextCounts {
  /** 字数: the judged number. */
  words: number;
  /** 字符数(不计空格): a fact for the report, never judged. */
  charsNoSpaces: number;
}

export function countWords(text: string): TextCounts {
  let words = 0;
  let charsNoSpaces = 0;
  let inRun = false;
  for (const ch of text) {
    if (WHITESPACE.test(ch)) {
      inRun = false;
      continue;
    }
    charsNoSpaces++;
    if (HAN.test(ch) || CJK_PUNCTUATION.test(ch)) {
      words++;
      inRun = false;
    } else if (!inRun) {
      words++;
      inRun = true;
    }
  }
  return { words, charsNoSpaces };
}

export function wordCount(text: string): number {
  return countWords(text).words;
}
