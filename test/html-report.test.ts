import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, test } from 'vitest';
import { check } from '../src/api.js';
import { htmlReportPath, renderHtmlReport } from '../src/html-report.js';
import { openCommand } from '../src/open.js';
import { attr, html } from '../src/report/escape.js';
import { CONTENT_SECURITY_POLICY, formatHtml } from '../src/report/html.js';
import type { Finding } from '../src/types.js';
import { runCliAsync } from './support/cli.js';
import { FIXTURES } from './support/project.js';
import { checkReport, fileResult, submissionResult } from './support/reports.js';

// The HTML report in-process: escaping, the policy, the parts of the page, thumbnails, where --html writes and how
// --open starts a browser. What a person sees in a browser is test/html-browser.test.ts.

const HOSTILE = '<img src=x onerror=alert(1)>.jpg';
const NASTY = 'a < b & "c" \'d\' > e\u001b[31m\u202egpj.exe\uD800';

function finding(severity: Finding['severity'], message = NASTY): Finding {
  return { rule: 'photo/caption', severity, message, hint: `hint ${NASTY}`, data: {} };
}

describe('escaping', () => {
  test('markup characters are text; controls, bidi overrides and lone surrogates are shown, not obeyed', () => {
    expect(html(HOSTILE)).toBe('&lt;img src=x onerror=alert(1)&gt;.jpg');
    expect(attr('" onmouseover="x')).toBe('&quot; onmouseover=&quot;x');
    expect(html('a\u001bb\u007fc\td\ne')).toBe('a\u241bb\u2421c\td\ne');
    expect(html('\u202egpj.exe')).toBe('&lt;U+202E&gt;gpj.exe');
    expect(html('x\uD800y😀')).toBe('x\uFFFDy😀');
  });
});

describe('formatHtml', () => {
  const hostile = fileResult(`图片/${HOSTILE}`, 'photo', { findings: [finding('error'), finding('warning')], facts: { caption: NASTY, captionSource: 'filename' } });
  const report = checkReport([submissionResult('5月15日', [fileResult('文字材料/简介.txt', 'text', { facts: { words: 900 } }), hostile])]);
  const page = formatHtml(report, { lang: 'zh', colorLevel: 0 });

  test('no name, caption or message reaches the page as markup', () => {
    expect(page).not.toContain(HOSTILE);
    expect(page).toContain(html(HOSTILE));
    expect(page).not.toContain('\u001b');
    expect(page).not.toContain('\u202e');
    expect(page).not.toMatch(/<img[^>]+src="(?!data:)/u);
  });

  test('the policy forbids every fetch and allows only the page’s own script and style, by hash', () => {
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="${attr(CONTENT_SECURITY_POLICY)}">`);
    expect(CONTENT_SECURITY_POLICY).toMatch(/^default-src 'none'; img-src data:; /u);
    const digest = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/gu)].map((m) => m[1]!);
    const styles = [...page.matchAll(/<style>([\s\S]*?)<\/style>/gu)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    expect(styles).toHaveLength(1);
    expect(CONTENT_SECURITY_POLICY).toContain(`script-src ${digest(scripts[0]!)}`);
    expect(CONTENT_SECURITY_POLICY).toContain(`style-src ${digest(styles[0]!)}`);
    // Nothing that could fetch: no external URL in any src/href, no <link>, no @import or url() in the style.
    expect(page).not.toMatch(/(src|href)="(https?:|\/\/)/u);
    expect(page).not.toMatch(/<link|@import|url\(/u);
  });

  test('failing files come first, with the messages layer’s words and the hint', () => {
    expect(page.indexOf(html(`图片/${HOSTILE}`))).toBeLessThan(page.indexOf('文字材料/简介.txt'));
    expect(page).toContain(`怎么改：hint ${html(NASTY)}`);
    expect(page).toContain('<span class="verdict error">不合格</span>');
    expect(page).toContain('下一步');
  });

  test('English with --lang en', () => {
    const en = formatHtml({ ...report, lang: 'en' }, { lang: 'en', colorLevel: 0 });
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Next step');
    expect(en).toContain('FAIL');
    expect(en).not.toMatch(/下一步|不合格/u);
  });

  test('a district: the overview table with 未报送, files per kind, errors and warnings, and a section per school', () => {
    const district = checkReport([
      submissionResult('甲校', [fileResult('图片/a.jpg'), fileResult('图片/b.jpg'), fileResult('文字材料/c.txt', 'text')]),
      submissionResult('乙校', [fileResult('Thumbs.db', 'ignored')]),
      submissionResult('丙校', [fileResult('图片/d.jpg', 'photo', { findings: [finding('error')] })]),
    ]);
    const out = formatHtml(district, { lang: 'zh', colorLevel: 0 });
    const rows = [...out.matchAll(/<tr class="(\w+)">(.*?)<\/tr>/gu)].map((m) => [m[1], [...m[2]!.matchAll(/data-sort="([^"]*)"/gu)].map((c) => c[1])]);
    expect(rows).toEqual([
      ['pass', ['甲校', '3', '1', '2', '0', '0', '0', '0', '0', '0']],
      ['missing', ['乙校', '0', '0', '0', '0', '0', '0', '0', '0', '0']],
      ['fail', ['丙校', '1', '0', '1', '0', '0', '0', '0', '1', '0']],
    ]);
    expect(out).toContain('未报送');
    // Failing and missing schools open, passing ones closed.
    expect(out).toContain('<details class="school pass" id="s1">');
    expect(out).toContain('<details class="school missing" id="s2" open>');
  });

  test('500 files: every one a card, and the browser may skip laying out those off screen', () => {
    const files = Array.from({ length: 500 }, (_, i) => fileResult(`图片/活动照片${String(i).padStart(3, '0')}.jpg`, 'photo', i % 7 ? {} : { findings: [finding('warning')] }));
    const out = formatHtml(checkReport([submissionResult('5月15日', files)]), { lang: 'zh', colorLevel: 0 });
    expect(out.match(/<article class="card /gu)).toHaveLength(500);
    expect(out).toContain('<body data-show="all" class="long">');
  });
});

describe('thumbnails and the header of a real check', () => {
  test('the sample day: JPEG data URIs of at most 320 px for the photos and the Word documents’ pictures; the deadline and time left', async () => {
    const outcome = await check([path.join(FIXTURES, 'sample-day')], { lang: 'zh', date: '2023-05-15' });
    const page = await renderHtmlReport(outcome, { lang: 'zh', now: new Date('2023-05-15T06:30:00Z') });
    const images = [...page.matchAll(/src="data:image\/jpeg;base64,([^"]+)"/gu)].map((m) => Buffer.from(m[1]!, 'base64'));
    expect(images).toHaveLength(7);
    for (const image of images) {
      const meta = await sharp(image).metadata();
      expect(meta.format).toBe('jpeg');
      expect(Math.max(meta.width, meta.height)).toBeLessThanOrEqual(320);
    }
    expect(page).toContain('截止时间：今天 16:00（北京时间），还有 1 小时 30 分钟');
    // The sample day's photos are small (at most 1600 px) and the report stays small with them.
    expect(Buffer.byteLength(page)).toBeLessThan(200_000);
  }, 30_000);
});

describe('--html and --open', () => {
  test('pyvw check 5月15日 --html writes 5月15日-检查报告.html beside the folder, prints its path, and exits as check does', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'pyvw-html-cli-'));
    await cp(path.join(FIXTURES, 'sample-day'), path.join(root, '5月15日'), { recursive: true });
    const run = await runCliAsync(['check', '5月15日', '--html', '--date', '2023-05-15'], { cwd: root });
    const written = path.join(root, '5月15日-检查报告.html');
    expect(run.stdout.trim()).toBe(written);
    expect(run.status).toBe(1);
    expect(await readdir(root)).toEqual(['5月15日', '5月15日-检查报告.html']);
    const page = await readFile(written, 'utf8');
    expect(page).toMatch(/^<!doctype html>/u);
    expect(page).toContain('检查报告 · 5月15日');
  }, 60_000);

  test('--html writes <folder>-检查报告.html beside the folder', () => {
    expect(htmlReportPath('/d/学校/5月15日/')).toBe(path.resolve('/d/学校/5月15日-检查报告.html'));
    expect(path.basename(htmlReportPath('.'))).toBe(`${path.basename(process.cwd())}-检查报告.html`);
  });

  test('the browser is started with the path as one argument, never through a shell string', () => {
    const file = '/tmp/a b&c;$(x)`y`.html';
    expect(openCommand(file, 'linux')).toMatchObject({ command: 'xdg-open', args: [file] });
    expect(openCommand(file, 'darwin')).toMatchObject({ command: 'open', args: [file] });
    const windows = openCommand('C:\\报告\\a&b.html', 'win32');
    expect(windows).toMatchObject({ command: 'cmd.exe', args: ['/d', '/s', '/c', '"start "" "C:\\报告\\a&b.html""'] });
    expect(windows.options.shell).toBeUndefined();
    // cmd expands %VAR% even inside quotes: such a path goes to explorer.exe, which takes it as it is.
    expect(openCommand('C:\\%PATH%\\r.html', 'win32')).toMatchObject({ command: 'explorer.exe', args: ['C:\\%PATH%\\r.html'] });
  });
});
