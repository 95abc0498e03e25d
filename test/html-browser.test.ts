/// <reference lib="dom" />
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { check } from '../src/api.js';
import { renderHtmlReport } from '../src/html-report.js';
import type { CheckReport } from '../src/types.js';
import { findChromium, launchChromium } from './support/browser.js';
import { makeFolder } from './support/folders.js';
import { flatJpeg } from './support/images.js';
import { FIXTURES, PROJECT } from './support/project.js';

// The HTML report as a person sees it, in headless Chromium: one browser for the whole file. The screenshot of the
// sample day goes to test-output/ for a person to look at.

const OUTPUT = path.join(PROJECT, 'test-output');
const HOSTILE = '<img src=x onerror="window.pwned=1">.jpg';
const NOW = new Date('2023-05-15T06:30:00Z'); // 14:30 in Beijing: 1 hour 30 minutes before the deadline

const chromium = await findChromium();
const reason = 'reason' in chromium ? chromium.reason : '';
if (reason) console.warn(`html-browser tests skipped: ${reason}`);

interface Opened {
  page: Page;
  /** Every URL the page asked for but its own file: must stay empty. */
  requests: string[];
  errors: string[];
}

// Launching Chromium takes 1–4 s on a busy 2-core machine: the timeouts leave room for it, the work is a few seconds.
describe.skipIf(Boolean(reason))(`HTML report in Chromium${reason ? ` (skipped: ${reason})` : ''}`, { timeout: 30_000 }, () => {
  let context: BrowserContext;
  let work: string;
  let day: { report: CheckReport; file: string };
  let district: { report: CheckReport; file: string };

  async function write(name: string, outcome: Pick<Awaited<ReturnType<typeof check>>, 'report' | 'judged'>): Promise<{ report: CheckReport; file: string }> {
    const file = path.join(work, name);
    await writeFile(file, await renderHtmlReport(outcome, { lang: 'zh', now: NOW }));
    return { report: outcome.report, file };
  }

  async function open(file: string): Promise<Opened> {
    const page = await context.newPage();
    const opened: Opened = { page, requests: [], errors: [] };
    const own = pathToFileURL(file).href;
    page.on('request', (r) => {
      if (r.url() !== own && !r.url().startsWith('data:')) opened.requests.push(r.url());
    });
    page.on('console', (m) => {
      if (m.type() === 'error') opened.errors.push(m.text());
    });
    page.on('pageerror', (e) => opened.errors.push(e.message));
    await page.goto(own, { waitUntil: 'load' });
    return opened;
  }

  beforeAll(async () => {
    if ('reason' in chromium) return;
    work = await mkdtemp(path.join(os.tmpdir(), 'pyvw-html-browser-'));
    // A day with a hostile name and a portrait photo stored on its side (EXIF orientation 6), beside the sample day.
    const sideways = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#48a' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const hostileDay = await makeFolder(work, '5月15日', { [`图片/${HOSTILE}`]: await flatJpeg(300, 200), '图片/竖拍的照片.jpg': sideways });
    const sample = path.join(FIXTURES, 'sample-day');
    // The district: the sample day, the hostile day, and a school that sent nothing (未报送); one check for all.
    const empty = path.join(work, '空的学校');
    await mkdir(empty);
    const launched = launchChromium(chromium.executablePath);
    const all = await check([sample, hostileDay, empty], { lang: 'zh', date: '2023-05-15' });
    district = await write('district.html', all);
    const alone = all.report.submissions[0]!;
    day = await write('day.html', { report: { ...all.report, ok: alone.ok, counts: alone.counts, submissions: [alone] }, judged: [all.judged[0]!] });
    context = await launched;
  }, 60_000);

  afterAll(async () => {
    await context?.close();
  });

  test('the sample day: every name and verdict visible, every thumbnail decoded, the filter works, nothing fetched, no console error', async () => {
    const { page, requests, errors } = await open(day.file);
    const files = day.report.submissions[0]!.files;
    const cards = await page.locator('.card').evaluateAll((all) =>
      all.map((c) => ({
        name: c.querySelector('.name')?.textContent ?? '',
        shown: [c.querySelector('.name'), c.querySelector('.verdict')].every((e) => e !== null && (e as HTMLElement).offsetHeight > 0),
      })),
    );
    expect(cards.map((c) => c.name).sort()).toEqual(files.map((f) => f.path).sort());
    expect(cards.filter((c) => !c.shown)).toEqual([]);
    const images = await page.locator('img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0));
    // 5 photos and the one picture in each of the two Word documents
    expect(images).toEqual(Array(7).fill(true));
    expect(await page.locator('header .badge').textContent()).toBe('不合格');
    expect(await page.locator('header .deadline').textContent()).toContain('1 小时 30 分钟');
    await mkdir(OUTPUT, { recursive: true });
    await page.screenshot({ path: path.join(OUTPUT, 'sample-day.png') });

    const withErrors = files.filter((f) => f.findings.some((x) => x.severity === 'error')).length;
    const visible = (): Promise<string[]> => page.locator('.card:visible').evaluateAll((shown) => shown.map((c) => c.className));
    await page.click('[data-filter=error]');
    expect((await visible()).length).toBe(withErrors);
    expect((await visible()).every((c) => c.includes('error'))).toBe(true);
    await page.click('[data-filter=warning]');
    expect((await visible()).every((c) => c.includes('warning'))).toBe(true);
    await page.click('[data-filter=all]');
    expect((await visible()).length).toBe(files.length);
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('district view: 未报送 visible, the table sorts, a hostile name is text, a portrait photo upright, no card cut in print', async () => {
    const { page, requests, errors } = await open(district.file);
    const rows = page.locator('#district tbody tr');
    expect(await rows.count()).toBe(3);
    expect(await page.locator('#district tr.missing .badge').textContent()).toBe('未报送');
    const errorsColumn = async (): Promise<number[]> => (await rows.evaluateAll((trs) => trs.map((tr) => Number((tr as HTMLTableRowElement).cells.item(8)!.dataset.sort))));
    await page.click('#district th[data-col="8"] button');
    const ascending = await errorsColumn();
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await page.click('#district th[data-col="8"] button');
    const descending = await errorsColumn();
    expect(descending).toEqual([...ascending].sort((a, b) => b - a));

    // The hostile name is shown as its characters and nothing ran.
    expect(await page.getByText(HOSTILE, { exact: false }).first().isVisible()).toBe(true);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();

    // Orientation applied: the photo stored 400×300 with orientation 6 is a 300×400 portrait.
    const portrait = page.locator('.card', { hasText: '竖拍的照片.jpg' }).locator('img');
    const size = await portrait.evaluate((i) => [(i as HTMLImageElement).naturalWidth, (i as HTMLImageElement).naturalHeight]);
    expect(size[0]).toBeLessThan(size[1]!);

    // Printed on A4 (12 mm margins at 96 px per inch: 186 × 273 mm is 703 × 1032 px) no card is cut across pages:
    // every card avoids a break inside and is shorter than a page, so the avoidance can always be honoured.
    await page.setViewportSize({ width: 703, height: 1032 });
    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => dispatchEvent(new Event('beforeprint')));
    const cards = await page.locator('.card').evaluateAll((all) =>
      all.map((c) => ({ breakInside: getComputedStyle(c).breakInside, height: c.getBoundingClientRect().height })),
    );
    expect(cards.length).toBeGreaterThan(15);
    for (const card of cards) {
      expect(card.breakInside).toBe('avoid');
      expect(card.height).toBeLessThan(1032);
    }
    expect(await page.locator('.toolbar').isVisible()).toBe(false);
    expect(await page.locator('details.school:not([open])').count()).toBe(0);
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
