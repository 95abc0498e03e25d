import { createRequire } from 'node:module';
import type LineBreaker from 'linebreak';
import { displayWidth, SGR } from './width.js';

/**
 * Text in lines of at most `width` terminal columns (a Chinese character takes two), broken where the Unicode line
 * breaking algorithm allows (UAX #14, the `linebreak` package): between two Chinese characters, after a space, never
 * inside a Latin word or a number, never before `，` or `）`. Chinese has no spaces to break at: broken only at spaces
 * (wrap-ansi), a sentence went whole to the next line, or was cut anywhere (`EX|IF`, `.m|p4`) once longer than one.
 * A piece wider than the line (a long path) is still cut where it must be. Styles (SGR escapes, as chalk writes
 * them) take no room and stay with their text: an escape that ends a style stays at the end of its line, one that
 * starts a style goes to the line its text is on. A line break in the text is kept.
 */
export function wrapLines(text: string, width: number): string[] {
  if (!text.includes('\n') && displayWidth(text) <= width) return [trimEnd(trimStart(text))];
  const { visible, cuts } = withoutStyles(text);
  const lines: string[] = [];
  let line = '';
  const push = (): void => {
    lines.push(trimEnd(line));
    line = '';
  };
  let start = 0;
  const breaker = new (lineBreaker())(visible);
  for (let next = breaker.nextBreak(); next; next = breaker.nextBreak()) {
    let piece = text.slice(cuts[start], cuts[next.position]);
    start = next.position;
    const required = next.required;
    if (required) piece = piece.replace(/\r?\n$/u, '');
    if (line && displayWidth(trimEnd(line + piece)) > width) push();
    if (!displayWidth(line)) piece = trimStart(piece);
    line += piece;
    // A piece wider than the line alone: cut where it must be.
    while (displayWidth(trimEnd(line)) > width) {
      const [head, rest] = cutAt(line, width);
      lines.push(head);
      line = rest;
    }
    if (required) push();
  }
  if (line || !lines.length) push();
  return lines;
}

/**
 * `linebreak`, loaded when a text first needs breaking: loading it costs 16–24 ms (it unpacks its Unicode tables),
 * which a report whose lines all fit, or a JSON or HTML report, does not pay. Required from node_modules, not
 * bundled: a bundled module is loaded with its chunk.
 */
let loaded: typeof LineBreaker | undefined;
function lineBreaker(): typeof LineBreaker {
  loaded ??= createRequire(import.meta.url)('linebreak') as typeof LineBreaker;
  return loaded;
}

/** SGR escapes that end a style (chalk's closing codes, and the reset). */
const ENDS_STYLE = /^\u001B\[(?:0|22|23|24|27|28|29|39|49|54|55)?m$/u;

/**
 * The text without its escapes, and where each place between two visible characters (and each end) lies in `text`:
 * after the escapes that end a style, before those that begin one.
 */
function withoutStyles(text: string): { visible: string; cuts: number[] } {
  let visible = '';
  const cuts: number[] = [];
  let cut = 0;
  let at = 0;
  const take = (until: number): void => {
    for (; at < until; at++) {
      cuts.push(cut);
      visible += text[at];
      cut = at + 1;
    }
  };
  for (const match of text.matchAll(SGR)) {
    take(match.index);
    at = match.index + match[0].length;
    if (ENDS_STYLE.test(match[0])) cut = at;
  }
  take(text.length);
  cuts.push(text.length);
  return { visible, cuts };
}

/** Spaces at a line's end go, also before the escapes that close it. */
function trimEnd(line: string): string {
  return line.replace(/ +((?:\u001B\[[0-9;]*m)*)$/u, '$1');
}

function trimStart(piece: string): string {
  return piece.replace(/^((?:\u001B\[[0-9;]*m)*) +/u, '$1');
}

/** The most of `line` that fits in `width` columns (at least one character), and the rest. */
function cutAt(line: string, width: number): [string, string] {
  let head = '';
  for (const char of line) {
    if (head && displayWidth(head + char) > width) break;
    head += char;
  }
  return [head, trimStart(line.slice(head.length))];
}
