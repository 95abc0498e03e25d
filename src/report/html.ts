import { createHash } from 'node:crypto';
import { wallClockMinute } from '../dates.js';
import { ASIDE, explorerSize, format, grouped } from '../i18n.js';
import type { Bilingual, CheckReport, FileKind, FileResult, Finding, Lang, SubmissionResult } from '../types.js';
import { attr, html } from './escape.js';
import type { FormatOptions } from './formats.js';
import { DATE_SOURCE_WORDS, describeSource, ENCODING_NAMES, KIND_NAMES } from './messages.js';
import { isPackage, summaryLine, word } from './text.js';
import { thumbnailKey, type Thumbnail, type Thumbnails } from './thumbnails.js';

/**
 * `--format html`: the report as one self-contained page (styles, script and thumbnails inline; a
 * Content-Security-Policy that lets it fetch nothing and run nothing but its own script), for the clerk, the
 * bureau and the district office. The findings' words are the messages layer's (`Finding.message`/`hint`), the
 * same as the terminal's; this module only lays them out. Every value from a file goes through escape.ts.
 */

export interface HtmlFormatOptions extends FormatOptions {
  /** Made by thumbnails.ts for html only; without them every card shows a tile. */
  thumbnails?: Thumbnails;
  /** The day's deadline and the time left, in words (e.g. pack's deadlineLine). */
  deadline?: string;
  /** Where the report's date came from, in words (the folder's name, --date, today). */
  dateSource?: string;
  /** When the report was made; default now. */
  now?: Date;
  /** The report of a package's contents (材料一览.html): titled after the package, no next step. */
  packageName?: string;
}

type Status = 'error' | 'warning' | 'ok' | 'ignored';
type SubmissionStatus = 'missing' | 'fail' | 'warn' | 'pass';

const W = {
  zh: {
    title: '检查报告', packageTitle: '材料一览', districtTitle: '区县汇总', date: '报送日期', deadline: '截止时间',
    files: '文件', made: (when: string, version: string) => `pyvw ${version} 生成于 ${when}（北京时间）`,
    filter: '显示', all: '全部', errors: '有错误', warnings: '有警告', cardStatus: { error: '不合格', warning: '有警告', ok: '合格', ignored: '不检查' },
    missing: '未报送', next: '下一步：', submission: '整份材料', pictures: (n: number) => `共 ${n} 张图片`, noPreview: '无法预览',
    facts: {
      pixels: '像素', longEdge: '长边', size: '大小', bytes: '字节', format: '格式', caption: '说明', source: '来源', words: '字数',
      charsNoSpaces: '字符数(不计空格)', encoding: '编码', duration: '时长', resolution: '分辨率', codec: '编码', rotated: '旋转',
      title: '题目', bodyWords: '正文字数', captions: '题注', links: '链接', entries: '条目', kind: '类别', why: '归类',
    },
    nextFail: (n: number, dir: string) => `先改正下面标红的 ${n} 个错误（从第一张卡片开始），改好后重新运行 pyvw check ${dir}。`,
    nextWarn: (n: number, dir: string) => `可以打包了：运行 pyvw pack ${dir}；下面 ${n} 个警告最好也改一改。`,
    nextPass: (dir: string) => `全部合格，可以打包了：运行 pyvw pack ${dir}。`,
    nextMissing: '这份材料没有可以报送的文件：请把当天的材料放进这个文件夹，再检查一次。',
    nextFailPackage: (n: number) => `这个材料包有 ${n} 个错误（下面标红）：先在原来的材料里改好，再用 pyvw pack 重新打包，报送新的材料包。`,
    nextDistrict: (fail: number, missing: number) =>
      `${fail} 份材料不合格${missing ? `，其中 ${missing} 份未报送` : ''}：请相关学校按各自部分的提示改正后重新报送。`,
    nextDistrictPass: '全部合格，可以汇总上报。',
    packageIntro: (name: string) => `报送包 ${name} 中的全部材料；每个文件的检查结果与打包时一致。`,
    sortBy: (column: string) => `按“${column}”排序`,
  },
  en: {
    title: 'Check report', packageTitle: 'Contents', districtTitle: 'District overview', date: 'Report day', deadline: 'Deadline',
    files: 'files', made: (when: string, version: string) => `made by pyvw ${version} at ${when} (Beijing time)`,
    filter: 'Show', all: 'All', errors: 'Errors', warnings: 'Warnings', cardStatus: { error: 'FAIL', warning: 'warnings', ok: 'PASS', ignored: 'not checked' },
    missing: 'not submitted', next: 'Next step: ', submission: 'The submission as a whole', pictures: (n: number) => `${n} ${n === 1 ? 'picture' : 'pictures'}`, noPreview: 'no preview',
    facts: {
      pixels: 'pixels', longEdge: 'long edge', size: 'size', bytes: 'bytes', format: 'format', caption: 'caption', source: 'from', words: '字数 (words)',
      charsNoSpaces: 'characters without spaces', encoding: 'encoding', duration: 'duration', resolution: 'resolution', codec: 'codec', rotated: 'rotated',
      title: 'title', bodyWords: 'body 字数', captions: 'captions', links: 'links', entries: 'entries', kind: 'kind', why: 'why',
    },
    nextFail: (n: number, dir: string) => `Fix the ${n} ${n === 1 ? 'error' : 'errors'} marked in red below (from the first card down), then run pyvw check ${dir} again.`,
    nextWarn: (n: number, dir: string) => `Ready to pack: run pyvw pack ${dir}; the ${n} ${n === 1 ? 'warning' : 'warnings'} below are worth fixing too.`,
    nextPass: (dir: string) => `Everything passes: run pyvw pack ${dir}.`,
    nextMissing: 'This submission has nothing to send: put the day’s materials in the folder and check again.',
    nextFailPackage: (n: number) => `This package has ${n} ${n === 1 ? 'error' : 'errors'} (in red below): fix the original materials, pack them again with pyvw pack and send the new package.`,
    nextDistrict: (fail: number, missing: number) =>
      `${fail} ${fail === 1 ? 'submission fails' : 'submissions fail'}${missing ? ` (${missing} not submitted)` : ''}: the schools concerned should fix what their section says and send again.`,
    nextDistrictPass: 'Every submission passes: ready to forward.',
    packageIntro: (name: string) => `Everything in the package ${name}; each file's result is the one it had when it was packed.`,
    sortBy: (column: string) => `sort by ${column}`,
  },
} as const;

/** The kinds the district table counts, in the notice's order. */
const TABLE_KINDS: readonly FileKind[] = ['text', 'photo', 'photo-news', 'video', 'media-report', 'summary'];
/**
 * Above this many cards the page lets the browser skip laying out the cards off screen (content-visibility), so a
 * district's 500 files scroll smoothly; below it every card is laid out, as a screenshot or a search expects.
 */
const LONG_REPORT = 80;
const STATUS_RANK: Record<Status, number> = { error: 0, warning: 1, ok: 2, ignored: 3 };
const SUBMISSION_RANK: Record<SubmissionStatus, number> = { missing: 0, fail: 1, warn: 2, pass: 3 };

const L = (lang: Lang, text: Bilingual): string => text[lang];
/** A remark after a value, in the brackets each language uses. */
const aside = (lang: Lang, text: string): string => format(ASIDE, lang, { text });

function fileStatus(file: FileResult): Status {
  if (file.kind === 'ignored') return 'ignored';
  if (file.findings.some((f) => f.severity === 'error')) return 'error';
  return file.findings.some((f) => f.severity === 'warning') ? 'warning' : 'ok';
}

/** 未报送: nothing that would be sent (no file but junk), or the rule that says so. */
function isMissing(s: SubmissionResult): boolean {
  return s.findings.some((f) => f.rule === 'submission/empty' || f.rule === 'submission/missing') || s.files.every((f) => f.kind === 'ignored');
}

function submissionStatus(s: SubmissionResult): SubmissionStatus {
  if (isMissing(s)) return 'missing';
  return !s.ok ? 'fail' : s.counts.warning ? 'warn' : 'pass';
}

function verdictWords(status: SubmissionStatus, lang: Lang): string {
  return status === 'missing' ? W[lang].missing : status === 'fail' ? word('fail', lang) : status === 'warn' ? word('passWithWarnings', lang) : word('ok', lang);
}

/** A folder as it would be typed after `pyvw pack`: quoted when it holds a space. */
const shellWord = (dir: string): string => (/\s/u.test(dir) ? `"${dir}"` : dir);

function nextStep(report: CheckReport, lang: Lang): string {
  const w = W[lang];
  if (report.submissions.length > 1) {
    const failing = report.submissions.filter((s) => !s.ok || isMissing(s));
    return failing.length ? w.nextDistrict(failing.length, report.submissions.filter(isMissing).length) : w.nextDistrictPass;
  }
  const s = report.submissions[0];
  if (!s) return '';
  if (isMissing(s)) return w.nextMissing;
  const dir = shellWord(s.path);
  // The terminal's words for a package that passes: one sentence, whichever report says it.
  if (isPackage(s)) return s.ok ? word('nextSendPackage', lang) : w.nextFailPackage(s.counts.error);
  if (!s.ok) return w.nextFail(s.counts.error, dir);
  return s.counts.warning ? w.nextWarn(s.counts.warning, dir) : w.nextPass(dir);
}

function minutesSeconds(seconds: number): string {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

/** What was measured, as label/value pairs; values are plain text (escaped when written). */
function factRows(file: FileResult, lang: Lang): [string, string][] {
  const f = file.facts;
  const t = W[lang].facts;
  const rows: [string, string][] = [];
  const num = (v: unknown): v is number => typeof v === 'number';
  const source = (code: unknown): string => describeSource(String(code))[lang];
  if (file.kind === 'photo') {
    if (num(f.displayWidth)) rows.push([t.pixels, `${f.displayWidth}×${f.displayHeight}${aside(lang, `${t.longEdge} ${f.longEdge}`)}`]);
    if (f.format && f.format !== 'jpeg') rows.push([t.format, String(f.format).toUpperCase()]);
  }
  if (file.kind === 'video') {
    if (num(f.displayWidth)) {
      const rotated = f.rotation ? aside(lang, `${t.rotated} ${f.rotation}°`) : '';
      rows.push([t.resolution, `${f.displayWidth}×${f.displayHeight}${rotated}`]);
    }
    if (num(f.duration)) rows.push([t.duration, minutesSeconds(f.duration)]);
    if (f.videoCodec) rows.push([t.codec, [f.videoCodec, f.audioCodec].filter(Boolean).join(' / ').toUpperCase()]);
    if (f.container && f.container !== 'mp4') rows.push([t.format, String(f.container).toUpperCase()]);
  }
  if (file.kind === 'media-report' || file.kind === 'photo-news' || file.kind === 'summary') {
    const title = f.title as { text?: string } | null | undefined;
    if (title?.text) rows.push([t.title, title.text]);
    if (num(f.bodyWords) && file.kind !== 'photo-news') rows.push([t.bodyWords, grouped(f.bodyWords)]);
    if (num(f.captions)) rows.push([t.captions, String(f.captions)]);
    if (typeof f.source === 'string') rows.push([t.source, f.source]);
    if (Array.isArray(f.links) && f.links.length) rows.push([t.links, String(f.links.length)]);
  }
  if (num(f.words) && file.kind !== 'caption' && file.kind !== 'description') {
    rows.push([t.words, grouped(f.words)]);
    if (num(f.charsNoSpaces) && file.kind === 'text') rows.push([t.charsNoSpaces, grouped(f.charsNoSpaces)]);
  }
  if (typeof f.encoding === 'string') rows.push([t.encoding, ENCODING_NAMES[f.encoding]?.[lang] ?? f.encoding]);
  if (Array.isArray(f.entries)) rows.push([t.entries, String(f.entries.length)]);
  else if (typeof f.text === 'string') rows.push([t.caption, f.text]);
  rows.push([t.size, `${explorerSize(file.bytes)}${aside(lang, `${grouped(file.bytes)} ${t.bytes}`)}`]);
  const caption = file.kind === 'photo' ? f.caption : file.kind === 'video' ? f.description : undefined;
  const captionSource = file.kind === 'photo' ? f.captionSource : f.descriptionSource;
  if (typeof caption === 'string' && caption) rows.push([t.caption, caption], [t.source, source(captionSource)]);
  rows.push([t.why, file.reason]);
  return rows;
}

function findingList(findings: readonly Finding[], lang: Lang): string {
  if (!findings.length) return '';
  const items = findings.map(
    (f) =>
      `<li class="finding ${f.severity}"><span class="sev">${html(word(f.severity, lang))}</span> <span class="msg">${html(f.message)}</span>` +
      ` <code class="rule">${html(f.rule)}</code>${f.hint ? `<div class="hint">${html(word('fix', lang))}${html(f.hint)}</div>` : ''}</li>`,
  );
  return `<ul class="findings">${items.join('')}</ul>`;
}

function image(t: Thumbnail, alt: string): string {
  return `<img src="${attr(t.src)}" width="${t.width}" height="${t.height}" alt="${attr(alt)}" decoding="async">`;
}

/** The picture side of a card: the photo, a document's first pictures, or a tile that says what the file is. */
function preview(file: FileResult, thumbnails: readonly Thumbnail[] | undefined, lang: Lang): string {
  const kindName = L(lang, KIND_NAMES[file.kind]);
  if (thumbnails?.length && file.kind === 'photo') return `<div class="thumb">${image(thumbnails[0]!, file.path)}</div>`;
  if (thumbnails?.length) {
    const pictures = thumbnails.map((t) => `<figure>${image(t, t.caption ?? file.path)}${t.caption ? `<figcaption>${html(t.caption)}</figcaption>` : ''}</figure>`);
    const total = typeof file.facts.pictures === 'number' ? file.facts.pictures : thumbnails.length;
    return `<div class="thumb pictures n${Math.min(thumbnails.length, 4)}">${pictures.join('')}<span class="count">${html(W[lang].pictures(total))}</span></div>`;
  }
  const f = file.facts;
  if (file.kind === 'video') {
    const facts = [typeof f.duration === 'number' ? minutesSeconds(f.duration) : '', typeof f.displayWidth === 'number' ? `${f.displayWidth}×${f.displayHeight}` : '', f.videoCodec ? String(f.videoCodec).toUpperCase() : '']
      .filter(Boolean)
      .join(' · ');
    return `<div class="thumb tile video"><span class="play" aria-hidden="true"></span><span class="label">${html(kindName)}</span><span class="small">${html(facts)}</span></div>`;
  }
  const mark = file.kind === 'photo' ? W[lang].noPreview : file.path.includes('.') ? file.path.slice(file.path.lastIndexOf('.') + 1).toUpperCase() : kindName;
  const words = typeof f.words === 'number' ? `${grouped(f.words)} 字` : '';
  return `<div class="thumb tile ${attr(file.kind)}"><span class="label">${html(kindName)}</span><span class="small">${html(words || mark)}</span></div>`;
}

function card(file: FileResult, thumbnails: readonly Thumbnail[] | undefined, lang: Lang): string {
  const status = fileStatus(file);
  const facts = factRows(file, lang)
    .map(([label, value]) => `<dt>${html(label)}</dt><dd>${html(value)}</dd>`)
    .join('');
  return (
    `<article class="card ${status}" data-status="${status}">${preview(file, thumbnails, lang)}<div class="body">` +
    `<h3><span class="verdict ${status}">${html(W[lang].cardStatus[status])}</span> <span class="name">${html(file.path)}</span></h3>` +
    `<div class="kind">${html(L(lang, KIND_NAMES[file.kind]))}</div><dl class="facts">${facts}</dl>${findingList(file.findings, lang)}</div></article>`
  );
}

function countsLine(s: { files: readonly FileResult[]; counts: SubmissionResult['counts'] }, lang: Lang): string {
  const ignored = s.files.filter((f) => f.kind === 'ignored').length;
  return summaryLine(s.files.length, ignored, s.counts.error, s.counts.warning, lang);
}

function cards(s: SubmissionResult, index: number, options: HtmlFormatOptions): string {
  const ordered = s.files
    .map((file, i) => ({ file, i }))
    .sort((a, b) => STATUS_RANK[fileStatus(a.file)] - STATUS_RANK[fileStatus(b.file)] || a.i - b.i)
    .map(({ file }) => card(file, options.thumbnails?.get(thumbnailKey(index, file.path)), options.lang));
  const whole = s.findings.length
    ? `<div class="whole ${s.findings.some((f) => f.severity === 'error') ? 'error' : 'warning'}"><h3>${html(W[options.lang].submission)}</h3>${findingList(s.findings, options.lang)}</div>`
    : '';
  return `${whole}<div class="cards">${ordered.join('')}</div>`;
}

function verdictBadge(status: SubmissionStatus, lang: Lang): string {
  return `<span class="badge ${status}">${html(verdictWords(status, lang))}</span>`;
}

function districtTable(report: CheckReport, lang: Lang): string {
  const w = W[lang];
  const t = {
    0: word('columnSubmission', lang), 1: word('columnFiles', lang), 2: word('columnErrors', lang), 3: word('columnWarnings', lang), 4: word('columnStatus', lang),
  } as const;
  const columns = [t[0], t[4], ...TABLE_KINDS.map((k) => L(lang, KIND_NAMES[k])), t[2], t[3]];
  const head = columns
    .map((c, i) => `<th data-col="${i}"${i > 1 ? ' class="num"' : ''}><button type="button" title="${attr(w.sortBy(c))}">${html(c)}</button></th>`)
    .join('');
  const rows = report.submissions.map((s, i) => {
    const status = submissionStatus(s);
    const perKind = TABLE_KINDS.map((k) => s.files.filter((f) => f.kind === k).length);
    const cells = [
      `<td data-sort="${attr(s.path)}"><a href="#s${i + 1}">${html(s.path)}</a></td>`,
      `<td data-sort="${SUBMISSION_RANK[status]}">${verdictBadge(status, lang)}</td>`,
      ...[...perKind, s.counts.error, s.counts.warning].map((n, j) => `<td class="num${j >= perKind.length && n ? ` has-${j === perKind.length ? 'error' : 'warning'}` : ''}" data-sort="${n}">${n}</td>`),
    ];
    return `<tr class="${status}">${cells.join('')}</tr>`;
  });
  return `<section class="district"><h2>${html(w.districtTitle)}</h2><table id="district"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function toolbar(report: CheckReport, lang: Lang): string {
  const w = W[lang];
  const all = report.submissions.flatMap((s) => s.files);
  const count = (status: Status): number => all.filter((f) => fileStatus(f) === status).length;
  const button = (filter: string, label: string, n: number, pressed: boolean): string =>
    `<button type="button" data-filter="${filter}" aria-pressed="${pressed}">${html(label)} <b>${n}</b></button>`;
  return `<nav class="toolbar"><span>${html(w.filter)}</span>${button('all', w.all, all.length, true)}${button('error', w.errors, count('error'), false)}${button('warning', w.warnings, count('warning'), false)}</nav>`;
}

/** Beijing wall-clock time, whatever zone the machine is in: the deadline is said in it too. */
function beijingTime(now: Date): string {
  return wallClockMinute(now, 'Asia/Shanghai');
}

function header(report: CheckReport, options: HtmlFormatOptions): string {
  const { lang } = options;
  const w = W[lang];
  const single = report.submissions.length === 1 ? report.submissions[0]! : undefined;
  const status: SubmissionStatus = single ? submissionStatus(single) : !report.ok ? 'fail' : report.counts.warning ? 'warn' : 'pass';
  const heading = options.packageName ? `${w.packageTitle} · ${options.packageName}` : single ? `${w.title} · ${single.path}` : `${w.title} · ${w.districtTitle}`;
  const files = report.submissions.flatMap((s) => s.files);
  // Where the day came from (--date, the folder's name, today), as the text report says it.
  const dateSource = options.dateSource ?? (single?.dateSource ? DATE_SOURCE_WORDS[single.dateSource][lang] : undefined);
  const day = single?.date ?? report.date;
  const facts: [string, string][] = [[w.date, day + (dateSource ? aside(lang, dateSource) : '')]];
  const step = options.packageName ? w.packageIntro(options.packageName) : nextStep(report, lang);
  return (
    `<header class="top ${status}"><div class="verdict-line">${verdictBadge(status, lang)}<h1>${html(heading)}</h1></div>` +
    `<dl class="meta">${facts.map(([k, v]) => `<dt>${html(k)}</dt><dd>${html(v)}</dd>`).join('')}</dl>` +
    (options.deadline ? `<p class="deadline">${html(options.deadline)}</p>` : '') +
    `<p class="counts">${html(countsLine({ files, counts: report.counts }, lang))}</p>` +
    (step ? `<p class="next">${options.packageName ? '' : `<b>${html(w.next)}</b>`}${html(step)}</p>` : '') +
    `<p class="made">${html(w.made(beijingTime(options.now ?? new Date()), report.tool.version))}</p></header>`
  );
}

function section(s: SubmissionResult, index: number, options: HtmlFormatOptions, district: boolean): string {
  const body = cards(s, index, options);
  if (!district) return `<main>${body}</main>`;
  const status = submissionStatus(s);
  // Failing schools open, passing ones closed: the district office reads what needs doing first.
  const open = status === 'fail' || status === 'missing' ? ' open' : '';
  return (
    `<details class="school ${status}" id="s${index + 1}"${open}><summary>${verdictBadge(status, options.lang)} <span class="name">${html(s.path)}</span>` +
    ` <span class="small">${html(countsLine(s, options.lang))}</span></summary>${body}</details>`
  );
}

const STYLE = `
:root{--red:#c62828;--red-bg:#fdecea;--amber:#8a5a00;--amber-bg:#fff4d6;--green:#1b7f3b;--green-bg:#e7f5ea;--grey:#666;--line:#d9d9d9}
*{box-sizing:border-box}
body{margin:0;font:15px/1.55 "Microsoft YaHei","微软雅黑","PingFang SC","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",system-ui,sans-serif;color:#1d1d1d;background:#f4f5f7}
.top{padding:18px 24px 12px;background:#fff;border-bottom:4px solid var(--line)}
.top.fail,.top.missing{border-color:var(--red)}.top.warn{border-color:#e0a800}.top.pass{border-color:var(--green)}
.verdict-line{display:flex;align-items:center;gap:14px;flex-wrap:wrap}
h1{font-size:22px;margin:0;word-break:break-all}
.badge{display:inline-block;padding:3px 12px;border-radius:4px;font-weight:700;color:#fff;white-space:nowrap}
.badge.fail,.badge.missing{background:var(--red)}.badge.warn{background:#b07800}.badge.pass{background:var(--green)}
.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:10px 0 4px}
.meta dt{color:var(--grey)}.meta dd{margin:0}
.deadline{margin:2px 0}.counts{margin:4px 0;font-weight:700}
.next{margin:6px 0;padding:8px 12px;background:#eef3fb;border-left:4px solid #2d6cdf}
.made{margin:6px 0 0;color:var(--grey);font-size:12px}
.toolbar{position:sticky;top:0;z-index:2;display:flex;gap:8px;align-items:center;padding:8px 24px;background:#fff;border-bottom:1px solid var(--line)}
.toolbar button{font:inherit;padding:3px 12px;border:1px solid var(--line);border-radius:14px;background:#fff;cursor:pointer}
.toolbar button[aria-pressed=true]{background:#2d6cdf;border-color:#2d6cdf;color:#fff}
main,.school,.district{margin:16px 24px}
.district table{border-collapse:collapse;background:#fff;width:100%}
.district th,.district td{border:1px solid var(--line);padding:4px 8px;text-align:left}
.district th button{font:inherit;font-weight:700;border:0;background:none;padding:0;cursor:pointer}
.district th[aria-sort=ascending] button::after{content:" ▲"}.district th[aria-sort=descending] button::after{content:" ▼"}
.district .num{text-align:right}.district .has-error{color:var(--red);font-weight:700}.district .has-warning{color:var(--amber);font-weight:700}
.district tr.missing td:first-child,.district tr.fail td:first-child{border-left:4px solid var(--red)}
.school{background:#fff;border:1px solid var(--line);border-radius:6px;padding:0 12px 8px}
.school>summary{cursor:pointer;padding:10px 0;font-size:17px}
.school>summary .name{font-weight:700}
.small{color:var(--grey);font-size:13px}
.whole{margin:8px 0;padding:8px 12px;background:#fff;border:1px solid var(--line);border-left:6px solid var(--red);border-radius:6px}
.whole.warning{border-left-color:#e0a800}.whole h3{margin:0;font-size:15px}
.cards{display:flex;flex-direction:column;gap:10px;margin-top:10px}
.card{display:grid;grid-template-columns:168px 1fr;gap:14px;padding:10px;background:#fff;border:1px solid var(--line);border-left:6px solid var(--green);border-radius:6px;break-inside:avoid;page-break-inside:avoid}
.long .card{content-visibility:auto;contain-intrinsic-size:auto 190px}
.card.error{border-left-color:var(--red)}.card.warning{border-left-color:#e0a800}.card.ignored{border-left-color:var(--line);opacity:.75}
.thumb{width:168px;min-height:100px;align-self:start;display:flex;align-items:center;justify-content:center;background:#eceff1;border-radius:4px;overflow:hidden}
.thumb img{display:block;max-width:168px;max-height:168px;width:auto;height:auto}
.thumb.pictures{display:grid;grid-template-columns:1fr 1fr;gap:2px;align-content:start;background:none}
.thumb.pictures.n1{grid-template-columns:1fr}
.thumb.pictures figure{margin:0}.thumb.pictures img{max-width:100%;max-height:110px;margin:auto}
.thumb.pictures figcaption{font-size:11px;line-height:1.3;color:var(--grey);overflow:hidden;display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical}
.thumb.pictures .count{grid-column:1/-1;font-size:12px;color:var(--grey)}
.tile{flex-direction:column;gap:4px;height:120px;color:#37474f}
.tile .label{font-weight:700}
.tile.video{background:#263238;color:#fff}.tile.video .small{color:#cfd8dc}
.play{width:0;height:0;border-left:22px solid #fff;border-top:14px solid transparent;border-bottom:14px solid transparent}
.tile.unknown{background:var(--red-bg);color:var(--red)}
h3{margin:0;font-size:16px;word-break:break-all}
.verdict{display:inline-block;font-size:13px;padding:0 8px;border-radius:3px;margin-right:4px;white-space:nowrap}
.verdict.error{background:var(--red-bg);color:var(--red)}.verdict.warning{background:var(--amber-bg);color:var(--amber)}.verdict.ok{background:var(--green-bg);color:var(--green)}.verdict.ignored{background:#eee;color:var(--grey)}
.kind{color:var(--grey);font-size:13px}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:0 12px;margin:6px 0;font-size:13px}
.facts dt{color:var(--grey)}.facts dd{margin:0;word-break:break-all}
.findings{list-style:none;margin:6px 0 0;padding:0}
.finding{margin:4px 0;padding:4px 8px;border-radius:4px}
.finding.error{background:var(--red-bg)}.finding.warning{background:var(--amber-bg)}.finding.info{background:#e8f1fb}
.sev{font-weight:700}.finding.error .sev{color:var(--red)}.finding.warning .sev{color:var(--amber)}
.rule{font-size:11px;color:var(--grey)}
.hint{font-size:13px;color:#333;margin-top:2px}
body[data-show=error] .card:not(.error),body[data-show=warning] .card:not(.warning){display:none}
@page{size:A4;margin:12mm}
@media print{
body{background:#fff;font-size:10.5pt}
.toolbar{display:none}
.top{padding:0 0 8px}
main,.school,.district{margin:8px 0}
.card,.long .card{content-visibility:visible;contain-intrinsic-size:none;border-width:1px 1px 1px 4px}
.school{border:0;padding:0}
.district th button::after{content:none}
}
`;

/** Filter, sorting and opening every section before printing. No network, no eval: CSP allows this script alone, by its hash. */
const SCRIPT = `
(() => {
  const filters = document.querySelectorAll('[data-filter]');
  for (const button of filters) button.addEventListener('click', () => {
    document.body.dataset.show = button.dataset.filter;
    for (const other of filters) other.setAttribute('aria-pressed', String(other === button));
  });
  const table = document.getElementById('district');
  if (table) for (const th of table.tHead.rows[0].cells) th.querySelector('button').addEventListener('click', () => {
    const col = th.cellIndex;
    const ascending = th.getAttribute('aria-sort') !== 'ascending';
    for (const other of table.tHead.rows[0].cells) other.removeAttribute('aria-sort');
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    const key = (row) => row.cells[col].dataset.sort;
    const rows = [...table.tBodies[0].rows].sort((a, b) => {
      const x = key(a), y = key(b);
      const order = x !== '' && y !== '' && !isNaN(x) && !isNaN(y) ? Number(x) - Number(y) : x.localeCompare(y, document.documentElement.lang);
      return ascending ? order : -order;
    });
    table.tBodies[0].append(...rows);
  });
  addEventListener('beforeprint', () => { for (const d of document.querySelectorAll('details')) d.open = true; });
})();
`;

const hash = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * Nothing may be fetched (no images but data: URIs, no fonts, no connections, no forms, no base), and nothing may
 * run or style the page but its own script and style, by their hashes. A name that slipped through escaping still
 * could not run.
 */
export function contentSecurityPolicy(style: string, script?: string): string {
  return ["default-src 'none'", 'img-src data:', `style-src ${hash(style)}`, `script-src ${script ? hash(script) : "'none'"}`, "base-uri 'none'", "form-action 'none'"].join('; ');
}

export const CONTENT_SECURITY_POLICY = contentSecurityPolicy(STYLE, SCRIPT);

export interface HtmlPage {
  lang: Lang;
  title: string;
  version: string;
  style: string;
  script?: string;
  /** Markup, every value in it already escaped. */
  body: string;
  bodyAttributes?: string;
}

/** One self-contained page: its own style and script inline, allowed by the policy by their hashes, nothing else. */
export function htmlPage(page: HtmlPage): string {
  return (
    `<!doctype html>\n<html lang="${page.lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(page.style, page.script))}">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer">` +
    `<meta name="generator" content="pyvw ${attr(page.version)}"><title>${html(page.title)}</title><style>${page.style}</style></head>\n` +
    `<body${page.bodyAttributes ?? ''}>\n${page.body}\n${page.script ? `<script>${page.script}</script>\n` : ''}</body></html>\n`
  );
}

/** The look every pyvw page shares (fonts Chinese Windows and macOS have, colours, badges), for status pages too. */
export const BASE_STYLE = STYLE;

export function formatHtml(report: CheckReport, options: HtmlFormatOptions): string {
  const { lang } = options;
  const district = report.submissions.length > 1;
  const files = report.submissions.reduce((n, s) => n + s.files.length, 0);
  const title = options.packageName ? `${W[lang].packageTitle} · ${options.packageName}` : report.submissions.length === 1 ? `${W[lang].title} · ${report.submissions[0]!.path}` : `${W[lang].title} · ${W[lang].districtTitle}`;
  const body = [
    header(report, options),
    toolbar(report, lang),
    district ? districtTable(report, lang) : '',
    ...report.submissions.map((s, i) => section(s, i, options, district)),
  ].join('\n');
  return htmlPage({
    lang, title, version: report.tool.version, style: STYLE, script: SCRIPT, body,
    bodyAttributes: ` data-show="all"${files > LONG_REPORT ? ' class="long"' : ''}`,
  });
}
