import { Chalk } from 'chalk';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../src/text/width.js';

/** src/text/width.ts: terminal columns as string-width counts them, plain ASCII and Chinese counted without it. */

describe('displayWidth', () => {
  it('counts every character of the blocks it knows as string-width does, beside others', () => {
    // Every character the fast path counts lies in these blocks, with the ones around it that it leaves to
    // string-width: Latin-1, general punctuation, arrows and mathematical operators, control pictures, box drawing and
    // geometric shapes, dingbats, CJK symbols and kana, CJK extension A and ideographs, private use, fullwidth forms.
    const blocks = [
      [0x00, 0xff], [0x2000, 0x206f], [0x2190, 0x22ff], [0x2400, 0x243f], [0x2500, 0x25ff], [0x2700, 0x27ff],
      [0x3000, 0x30ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xe000, 0xf8ff], [0xff00, 0xffef],
    ] as const;
    const differs: string[] = [];
    for (const [first, last] of blocks) {
      for (let code = first; code <= last; code++) {
        const char = String.fromCharCode(code);
        // Beside a letter and a Chinese character: one that joined them in a grapheme cluster would count otherwise.
        const text = `a${char}中${char}`;
        if (displayWidth(text) !== stringWidth(text)) differs.push(`U+${code.toString(16)}`);
      }
    }
    expect(differs).toEqual([]);
  });

  it('gives styles no width and leaves emoji, marks and other scripts to string-width', () => {
    const chalk = new Chalk({ level: 1 });
    for (const text of [
      chalk.red('✗ 照片不合格：开幕式.jpg'),
      `${chalk.bold('文件')}  ${chalk.dim('2.0 MB')}`,
      '活动照片👍.jpg',
      '👨‍👩‍👧 家长参观',
      'é 与 é',
      '한국어 자료',
      'ﾃｽﾄ',
      '\u200B零宽',
      '𠀀𠀁 扩展B',
      '',
    ]) expect(displayWidth(text), text).toBe(stringWidth(text));
  });
});
