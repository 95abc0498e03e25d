/**
 * Escaping for HTML, the one place where a name, caption or message becomes part of a page. Everything that comes
 * from a file (its name, its caption, words quoted from it in a message) goes through `html()` or `attr()`: it is
 * always text, never markup, so a file named `<img src=x onerror=alert(1)>` shows as those characters.
 */

const HTML_SPECIAL: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Characters a page must not carry as they are: C0 controls (but tab and line feed) and DEL have no glyph and are
 * not allowed in HTML even as references, so they are shown as the Control Pictures block draws them (␛ for ESC);
 * the bidirectional overrides and isolates could make a name read backwards (`gpj.exe` shown as `exe.jpg`), so
 * they are shown as their code point. Lone surrogates cannot be encoded in UTF-8 and become U+FFFD.
 */
// With the u flag a surrogate class matches only a lone surrogate: a pair is one code point.
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069\ud800-\udfff]/gu;

function visible(char: string): string {
  const code = char.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  if (code >= 0xd800 && code <= 0xdfff) return '\ufffd';
  return `<U+${code.toString(16).toUpperCase()}>`;
}

/** Text content of an element. */
export function html(text: string): string {
  return text.replace(INVISIBLE, visible).replace(/[&<>"']/gu, (c) => HTML_SPECIAL[c]!);
}

/** A double-quoted attribute value (the same escaping: quotes included). */
export const attr = html;
