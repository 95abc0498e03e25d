import { createRequire } from 'node:module';
import type StringWidth from 'string-width';

/**
 * How many terminal columns a text takes (a Chinese character two, a style escape none), as string-width counts them.
 *
 * Why not string-width alone: it builds an `Intl.Segmenter` as it loads (~17 ms) and compiles its emoji pattern
 * (`\p{RGI_Emoji}`) at its first call on a text that is not plain ASCII (~36 ms): about 55 ms of the main thread in
 * every check, pack and fix that prints a table, for texts that are nearly always ASCII and Chinese. A text made only
 * of the characters in PLAIN is counted here; any other goes to string-width, loaded the first time one does.
 * test/text-width.test.ts holds every character of PLAIN (35,108) against string-width, beside a letter and a Chinese character.
 */
export function displayWidth(text: string): number {
  const visible = text.includes('\u001B') ? text.replace(SGR, '') : text;
  if (!PLAIN.test(visible)) return library()(text);
  let width = visible.length;
  for (let i = 0; i < visible.length; i++) {
    const code = visible.charCodeAt(i);
    if (code >= 0x3000 && (code < 0xe000 || code > 0xf8ff)) width++;
  }
  return width;
}

/**
 * Characters that are each a grapheme cluster of their own, no emoji, no mark, no control: printable ASCII and
 * Latin-1 (not the soft hyphen), general punctuation (‐ – — ‘ ’ “ ” …), arrows and mathematical operators (→ ≥ ≤),
 * control pictures (␛ ␊), box drawing, ▲ ▼ ✓ ✗ ⟨ ⟩, CJK symbols and punctuation (not the tone marks U+302A–U+302F,
 * nor 〰 and 〽, which are emoji), kana (not the combining sound marks), CJK ideographs and extension A, the private
 * use area (src/report/text.ts holds a line's start with U+E000), fullwidth forms. Those from U+3000 on take two
 * columns, but for the private use area; the others one.
 */
const PLAIN = /^[\u0020-\u007E\u00A0-\u00AC\u00AE-\u00FF\u2010-\u2027\u2190-\u22FF\u2400-\u243F\u2500-\u257F\u25B2\u25BC\u2713\u2717\u27E8\u27E9\u3000-\u3029\u3031-\u303C\u3041-\u3096\u309B-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uE000-\uF8FF\uFF01-\uFF60\uFFE0-\uFFE6]*$/u;
/** An SGR escape (colours, bold, dim), as chalk writes them: no width. */
export const SGR = /\u001B\[[0-9;]*m/gu;

let loaded: typeof StringWidth | undefined;
function library(): typeof StringWidth {
  // Required, not imported, so that it loads only when a text needs it (string-width is an ES module: Node ≥ 20.19
  // require()s those). From node_modules, not bundled: a bundled module is loaded with its chunk.
  loaded ??= (createRequire(import.meta.url)('string-width') as { default: typeof StringWidth }).default;
  return loaded;
}
