import { describe, expect, it } from 'vitest';
import { countWords, wordCount } from '../src/text/wordcount.js';
import { chineseTextOf, mixedTextOf, RULEBOOK_EXAMPLE } from './support/texts.js';

describe('字数 as Word counts it', () => {
  it('the rulebook example is 29', () => {
    expect(wordCount(RULEBOOK_EXAMPLE)).toBe(29);
  });

  it.each([
    ['2023', 1],
    ['0393-8991718', 1],
    ['better!', 1],
    ['2023年', 2],
    ['年2023年', 3],
    ['Skills make life better!', 4],
    ['', 0],
    [' \t\r\n\u3000\u00a0', 0],
    // Full-width punctuation and symbols, one each, even next to each other or to ASCII.
    ['，。、；：？！（）【】《》', 13],
    ['“技能”', 4],
    ['‘a’', 3],
    ['——', 2],
    ['……', 2],
    ['·', 1],
    ['ＡＢＣ１２３', 6],
    ['￥100', 2],
    ['abc，def', 3],
    // Han in every block: Extension B is outside the BMP and still one 字.
    ['𠀀𪚥', 2],
    ['〇々', 2],
    // Other scripts are runs of non-whitespace, like Latin.
    ['café naïve', 2],
    ['ひらがな', 1],
  ])('%j → %i', (text, expected) => {
    expect(wordCount(text)).toBe(expected);
  });

  it('reports 字符数(不计空格) as a fact beside the 字数', () => {
    expect(countWords('濮阳 2023年 Skills!')).toEqual({ words: 5, charsNoSpaces: 14 });
  });

  it.each([799, 800, 1500, 1501])('builds Chinese-only and mixed texts of exactly %i 字', (n) => {
    expect(wordCount(chineseTextOf(n))).toBe(n);
    expect(wordCount(mixedTextOf(n))).toBe(n);
  });
});
