/**
 * One escaping layer per output medium. A name, caption or unit comes from a clerk's folder (or a stranger's
 * zip): whatever it holds, it reaches a terminal, a CI log, an XML file or a Notepad window only through the
 * layer of that medium. Formatters take the report as it is and pass it through their layer first; they never
 * escape piece by piece.
 *
 * - terminal text, 报送清单.txt lines, GitHub messages, JUnit: `visible` (below), then the medium's own syntax
 *   (workflow-command escapes in src/report/github.ts, XML entities in src/report/junit.ts, CRLF joins in the list);
 * - JSON: `jsonSafe`, lossless \u escapes;
 * - HTML: `escapeHtml`;
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

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML element content and quoted attributes: markup characters as entities, invisible characters shown. */
export function escapeHtml(text: string): string {
  return visible(text).replace(/[&<>"']/gu, (c) => HTML_ENTITIES[c]!);
}
