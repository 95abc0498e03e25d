/**
 * Web addresses in text, as the rulebook reads them (media-report/link): `http://` or `https://` followed by a
 * host with a dot. `http://` alone, `file:` and `mailto:` are found (so a report can say what was there) but
 * are not real links.
 */

/**
 * A URL ends at whitespace, quotes, angle brackets, Han characters or Chinese punctuation: Chinese prose puts no
 * space between an address and the words around it (`访问https://www.example.com了解详情`). Only a host may hold
 * Han characters, as whole labels between dots (`https://濮阳.中国/`, the government's `.政务` sites): a label is
 * all ASCII or all Han, so the prose after an ASCII host still ends the address.
 */
const HOST_LABEL = String.raw`(?:[a-z0-9-]+|\p{Script=Han}+)`;
const URL_IN_TEXT = new RegExp(
  String.raw`https?:\/\/(?:(?:${HOST_LABEL}\.)+${HOST_LABEL})?[^\s"'<>\p{Script=Han}\u3000-\u303F\uFF01-\uFF60\u2018-\u201F\u2026]*`,
  'giu',
);
/** Sentence punctuation that follows a URL in prose belongs to the sentence, not the address. */
const TRAILING_PUNCTUATION = /[.,;:!?)\]}]+$/u;

export function findUrls(text: string): string[] {
  return [...text.matchAll(URL_IN_TEXT)].map((match) => match[0].replace(TRAILING_PUNCTUATION, ''));
}

/** An `http(s)://` address whose host has a dot between non-empty labels (`www.example.com`, `10.0.0.1`). */
export function isRealLink(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  const labels = parsed.hostname.split('.');
  return labels.length >= 2 && labels.every((label) => label.length > 0);
}

/**
 * Addresses written without a scheme (rulebook, media-report/link: `www.pyxww.cn/…` counts, with a warning to add
 * `https://`): a host starting with `www.`, or a host under a common top-level domain followed by a path
 * (`news.pydaily.com.cn/2023/0515.html`). Nothing inside an address that has a scheme, an e-mail address or a file
 * name (`IMG_0001.jpg`) is one.
 */
const SCHEMELESS_IN_TEXT = new RegExp(
  String.raw`(?<![\w.@/:\\-])(?:www\.(?:[a-z0-9-]+\.)*[a-z0-9-]+\.[a-z]{2,}|(?:[a-z0-9-]+\.)+(?:cn|com|net|org|gov|edu|info)(?=[/:]))` +
    String.raw`(?::\d+)?(?:[/?#][^\s"'<>\p{Script=Han}\u3000-\u303F\uFF01-\uFF60\u2018-\u201F\u2026]*)?`,
  'giu',
);

/** What every address without a scheme holds; a quick test that spares most paragraphs the look-behind above. */
const SCHEMELESS_HINT = /www\.|\.(?:cn|com|net|org|gov|edu|info)[/:]/iu;

export function findSchemelessAddresses(text: string): string[] {
  if (!SCHEMELESS_HINT.test(text)) return [];
  return [...text.matchAll(SCHEMELESS_IN_TEXT)].map((match) => match[0].replace(TRAILING_PUNCTUATION, ''));
}
