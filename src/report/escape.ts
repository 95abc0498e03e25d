/**
 * One escaping layer per output medium. A name, caption or unit comes from a clerk's folder (or a stranger's
 * zip): whatever it holds, it reaches a terminal, a CI log, an XML file or a Notepad window only through the
 * layer of that medium. Formatters take the report as it is and pass it through their layer first; they never
 * escape piece by piece.
 *
 * - terminal text, 报送清单.txt lines, GitHub messages, JUnit: `visible` (below), then the medium's own syntax
 *   (workflow-command escapes in src/report/github.ts, XML entities in src/report/junit.ts, CRLF joins in the list);
 * - JSON: `jsonSafe`, lossless \u escapes;
 * - HTML: `html` and `attr` (below; the HTML report's own rules: tab and line feed are whitespace there);
 * - a name pyvw writes (package, --unit): `invisibleCharacters` finds what must be refused.
 */

/**
 * Characters that change what is shown without being seen themselves: C0 and C1 controls and DEL (ESC starts
 * terminal sequences that clear the screen, set the title or fake colours; CR and LF fake lines), bidirectional
 * embeddings, overrides and isolates (U+202E shows `exe.jpg` as `gpj.exe`), the Arabic letter mark, zero-width
 * spaces and joiners, word joiner and invisible operators, line and paragraph separators, the BOM.
 */
const C0 = '\\u0000-\\u001F';
const OTHER_INVISIBLE = '\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u2028-\\u202E\\u2060-\\u2064\\u2066-\\u206F\\uFEFF';
const INVISIBLE = new RegExp(`[${C0}${OTHER_INVISIBLE}]`, 'gu');
/** The invisible characters JSON.stringify leaves raw (it escapes C0 controls and lone surrogates itself). */
const INVISIBLE_IN_JSON = new RegExp(`[${OTHER_INVISIBLE}]`, 'gu');
/** Half of a surrogate pair on its own: not a character, and no encoder writes it faithfully. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/gu;

/**
 * How an invisible character is shown: a C0 control as its Unicode control picture (ESC as ␛, LF as ␊), DEL as ␡,
 * any other as ⟨U+202E⟩. No backslashes: CI formats treat `\` in a path as a Windows separator.
 */
function shown(character: string): string {
  const code = character.codePointAt(0)!;
  if (code < 0x20) return String.fromCodePoint(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/** Every invisible or control character shown as a visible stand-in (␛, ␊, ⟨U+202E⟩), so it shows and does nothing. */
export function visible(text: string): string {
  return text.replace(INVISIBLE, shown).replace(LONE_SURROGATE, shown);
}

/** Text of several lines for a terminal, each line through `visible`: pyvw's own line breaks kept, nothing else obeyed. */
export function visibleLines(text: string): string {
  return text.split('\n').map(visible).join('\n');
}

/** `text` without its invisible characters and lone surrogates: for names pyvw makes itself from a file's name. */
export function withoutInvisible(text: string): string {
  return text.replace(INVISIBLE, '').replace(LONE_SURROGATE, '');
}

/** The characters of `text` that a name pyvw writes may not hold, written as their codes (empty: none). */
export function invisibleCharacters(text: string): string[] {
  return [...new Set([...text.matchAll(INVISIBLE), ...text.matchAll(LONE_SURROGATE)].map((m) => shown(m[0])))];
}

/** Every string in a value (a report, a finding) passed through `visible`; the shape and the other values kept. */
export function visibleStrings<T>(value: T): T {
  if (typeof value === 'string') return visible(value) as T;
  if (Array.isArray(value)) return value.map((item) => visibleStrings(item)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, visibleStrings(item)])) as T;
  }
  return value;
}

/**
 * JSON text with every invisible character as a `\u` escape: JSON.stringify escapes C0 controls and lone
 * surrogates but writes C1 controls, bidi overrides and zero-width characters raw, which a terminal or editor
 * showing the JSON would obey. Lossless: a JSON parser gives back the same strings.
 */
export function jsonSafe(json: string): string {
  return json.replace(INVISIBLE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const HTML_SPECIAL: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Characters a page must not carry as they are: C0 controls (but tab and line feed) and DEL have no glyph and are
 * not allowed in HTML even as references, so they are shown as the Control Pictures block draws them (␛ for ESC);
 * the bidirectional overrides and isolates could make a name read backwards (`gpj.exe` shown as `exe.jpg`), so
 * they are shown as their code point. Lone surrogates cannot be encoded in UTF-8 and become U+FFFD.
 */
// With the u flag a surrogate class matches only a lone surrogate: a pair is one code point.
const HTML_INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069\ud800-\udfff]/gu;

function htmlVisible(char: string): string {
  const code = char.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  if (code >= 0xd800 && code <= 0xdfff) return '\ufffd';
  return `<U+${code.toString(16).toUpperCase()}>`;
}

/** Text content of an element. */
export function html(text: string): string {
  return text.replace(HTML_INVISIBLE, htmlVisible).replace(/[&<>"']/gu, (c) => HTML_SPECIAL[c]!);
}

/** A double-quoted attribute value (the same escaping: quotes included). */
export const attr = html;
