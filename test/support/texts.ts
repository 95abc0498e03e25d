/**
 * Texts of an exact 字数, built so the number is known by construction (not by the function under test):
 * a sentence of known count repeated, then single Han characters (one 字 each) to make up the rest.
 */

/** 职业教育活动周=7，=1 技能让生活更美好=8 。=1 → 17 */
const CHINESE_SENTENCE = { text: '职业教育活动周，技能让生活更美好。', words: 17 };
/** The rulebook's example: 29. */
export const RULEBOOK_EXAMPLE = '濮阳市2023年职业教育活动周，主题：技能让生活更美好。Skills make life better!';
const MIXED_SENTENCE = { text: `${RULEBOOK_EXAMPLE} 电话 0393-8991718 `, words: 29 + 2 + 1 };
const FILLER = '学校组织师生参加技能展示和职业体验活动家长社区代表参观实训基地';

function build(sentence: { text: string; words: number }, n: number): string {
  const repeats = Math.floor(n / sentence.words);
  const rest = n - repeats * sentence.words;
  const lines: string[] = [];
  for (let i = 0; i < repeats; i++) lines.push(sentence.text);
  let tail = '';
  for (let i = 0; i < rest; i++) tail += FILLER[i % FILLER.length];
  // Whitespace (line breaks, a full-width space U+3000) counts 0, and keeps the filler apart from ASCII runs.
  return `${lines.join('\r\n')}\n\u3000${tail}`;
}

export function chineseTextOf(n: number): string {
  return build(CHINESE_SENTENCE, n);
}

export function mixedTextOf(n: number): string {
  return build(MIXED_SENTENCE, n);
}
