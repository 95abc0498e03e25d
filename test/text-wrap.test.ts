import { Chalk } from 'chalk';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { wrapLines } from '../src/text/wrap.js';

/** src/text/wrap.ts: terminal lines broken where Unicode allows (UAX #14), Chinese between any two characters. */

const HINT = '文字用 .docx/.txt，照片用 .jpg，视频用 .mp4；压缩包请解压后放入文件夹；不需要的文件请移出';
const MESSAGE = '文件大小 20,868 字节（20.3 KB），小于要求的 2,097,152 字节（2.00 MB），照片属性“图像描述”（EXIF）里的说明不算';

describe('wrapLines', () => {
  it('fills each line with Chinese, breaking between characters, never over the width', () => {
    for (const width of [20, 33, 46, 80]) {
      const lines = wrapLines(MESSAGE, width);
      expect(lines.join('').replaceAll(' ', '')).toBe(MESSAGE.replaceAll(' ', ''));
      for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(width);
      // Every line but the last is nearly full: the next piece would not have fitted.
      for (const [i, line] of lines.slice(0, -1).entries()) {
        const next = lines[i + 1]!;
        expect(stringWidth(line) + stringWidth(next.slice(0, 2)), `${line} | ${next}`).toBeGreaterThan(width - 6);
      }
    }
  });

  it('keeps words, numbers and file types whole, and puts no line break before closing punctuation', () => {
    for (const width of [16, 20, 24, 30, 40]) {
      const lines = wrapLines(`${MESSAGE}${HINT}`, width);
      const text = lines.join('\n');
      for (const whole of ['EXIF', '2,097,152', '20,868', '.mp4', '.docx/.txt', '2.00']) expect(text, `${width}: ${whole}`).toContain(whole);
      for (const line of lines.slice(1)) expect(line, `${width}`).not.toMatch(/^[，。；：）”]/u);
    }
  });

  it('cuts what is wider than a line where it must, and keeps the line breaks of the text', () => {
    const path = 'C:\\Users\\clerk\\Desktop\\IMG_20230515_093012_HDR_PORTRAIT.jpg';
    for (const line of wrapLines(path, 12)) expect(stringWidth(line)).toBeLessThanOrEqual(12);
    expect(wrapLines(path, 12).join('')).toBe(path);
    expect(wrapLines('第一行\n第二行 second', 40)).toEqual(['第一行', '第二行 second']);
    expect(wrapLines('  照片说明  ', 40)).toEqual(['照片说明']);
    expect(wrapLines('', 40)).toEqual(['']);
  });

  it('leaves styles out of the width, a closing escape on its line and an opening one with its text', () => {
    const c = new Chalk({ level: 3 });
    const text = `${c.dim('怎么改：')}${HINT}`;
    const lines = wrapLines(text, 30);
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(30);
    expect(lines[0]).toMatch(/^\u001B\[2m怎么改：\u001B\[22m文字用/u);
    expect(lines.join('').replaceAll(' ', '')).toBe(text.replaceAll(' ', ''));
    // Bold closes and dim opens between the two parts: a line break there leaves the bold on the first line.
    const styled = wrapLines(`${c.bold('检查材料文件夹')}${c.dim('（12月2日的材料，文件夹名中没有日期，按今天）')}`, 14);
    expect(styled[0]).toBe('\u001B[1m检查材料文件夹\u001B[22m');
    expect(styled[1]).toMatch(/^\u001B\[2m（12月/u);
    expect(styled.at(-1)!.endsWith('\u001B[22m')).toBe(true);
  });
});
