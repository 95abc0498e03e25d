import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import { PassThrough } from 'node:stream';
import path from 'node:path';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../src/api.js';
import { UsageError } from '../src/errors.js';
import { terminalFixProgress } from '../src/fix/progress.js';
import { runLauncher } from '../src/launcher.js';
import { pack } from '../src/pack/index.js';
import { packageFileName, windowsSafeName } from '../src/pack/names.js';
import { html, jsonSafe, visible, visibleStrings } from '../src/report/escape.js';
import { formatGithub } from '../src/report/github.js';
import { formatJson } from '../src/report/json.js';
import { formatJunit } from '../src/report/junit.js';
import { formatText } from '../src/report/text.js';
import { runMain } from './support/cli.js';
import { put } from './support/folders.js';
import { UNIT } from './support/pack.js';

/** Issue #9.6: nothing from a file's name or content reaches any output unescaped, whatever the medium. */

const ESC = '\u001b';
const HOSTILE = `稿件${ESC}[2J${ESC}]0;合格${ESC}\\${ESC}]8;;https:evil.example${ESC}\\\n✓ 假的合格行\u202Egpj.exe\u200B`;
const write = (n: number): string => '职业教育活动周'.repeat(Math.ceil(n / 7)).slice(0, n);

let root: string;
let district: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'pyvw-escape-'));
  district = path.join(root, 'district');
  await put(path.join(district, 'school\n::error title=PWNED::forged', '文字材料', `${HOSTILE}.txt`), write(900));
  await put(path.join(district, '::error::PWNED', '文字材料', '稿件.txt'), write(10));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the escaping layer', () => {
  it('shows every control, bidi and zero-width character as its code, and is idempotent', () => {
    expect(visible(`a${ESC}[2J\nb\u202Ec\u200Bd\u0085e\uD800`)).toBe('a␛[2J␊b⟨U+202E⟩c⟨U+200B⟩d⟨U+0085⟩e⟨U+D800⟩');
    expect(visible(visible(HOSTILE))).toBe(visible(HOSTILE));
    expect(visible('濮阳市 2023年 Café 🎓')).toBe('濮阳市 2023年 Café 🎓');
    expect(visibleStrings({ a: [`x${ESC}`], n: 3 })).toEqual({ a: ['x␛'], n: 3 });
  });

  it('keeps JSON lossless while no raw bidi or C1 character is left in it', () => {
    const text = jsonSafe(JSON.stringify({ name: HOSTILE + '\u0085' }));
    expect(text).not.toMatch(/[\u0000-\u001f\u0080-\u009f\u202e\u200b]/u);
    expect(JSON.parse(text)).toEqual({ name: HOSTILE + '\u0085' });
  });

  it('escapes HTML markup and shows control characters', () => {
    expect(html(`<img src=x onerror="a">${ESC}`)).toBe('&lt;img src=x onerror=&quot;a&quot;&gt;␛');
  });
});

describe('every report medium', () => {
  let report: Awaited<ReturnType<typeof check>>['report'];
  beforeAll(async () => {
    report = (await check([], { lang: 'zh', each: district })).report;
  });

  it('text: no escape sequence or line break from a name reaches the terminal', () => {
    const text = formatText(report, { lang: 'zh', colorLevel: 0 });
    expect(text).not.toContain(ESC);
    expect(text).not.toContain('\u202E');
    expect(text).toContain('␛[2J');
    expect(text.split('\n').some((line) => line.startsWith('✓ 假的合格行'))).toBe(false);
  });

  it('GitHub: no name can start a workflow command, in annotations or in the district table', () => {
    const lines = formatGithub(report, { lang: 'zh', colorLevel: 0 }).trimEnd().split('\n');
    const stop = lines.findIndex((l) => l.startsWith('::stop-commands::'));
    const token = lines[stop]!.slice('::stop-commands::'.length);
    expect(token).toMatch(/^[0-9a-f-]{36}$/u);
    expect(lines.at(-1)).toBe(`::${token}::`);
    // Outside the stopped block, every line is one of pyvw's own annotations.
    for (const line of lines.slice(0, stop)) expect(line).toMatch(/^::(error|warning|notice) (file=[^:]*,)?title=[a-z-]+\/[a-z-]+::/u);
    expect(lines.slice(0, stop).join('\n')).not.toMatch(/^::error title=PWNED/mu);
    expect(lines.join('\n')).not.toContain(ESC);
  });

  it('JUnit: names as text, their control characters shown', () => {
    const xml = formatJunit(report, { lang: 'zh', colorLevel: 0 });
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u202e]/u);
    expect(xml).toContain('school␊::error title=PWNED::forged');
    expect(xml).toContain("https:evil.example");
  });

  it('JSON: the names as they are, once parsed', () => {
    const json = formatJson(report);
    expect(json).not.toContain('\u202E');
    expect(JSON.parse(json).submissions[1].files[0].path).toBe(`文字材料/${HOSTILE}.txt`);
  });
});

function listingOf(zipPath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== '报送清单.txt') return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c)).on('end', () => {
            zip.close();
            resolve(Buffer.concat(chunks).toString('utf8'));
          });
        });
      });
      zip.readEntry();
    });
  });
}

describe('the command line', () => {
  it.each([
    ['a folder that is not there', ['check', path.join('/nonexistent', HOSTILE)]],
    ['an unknown command', [HOSTILE]],
    ['a date it cannot read', ['check', '--date', HOSTILE, 'fixtures/sample-day']],
    ['an --out that is a file', ['pack', 'fixtures/sample-day', '--unit', UNIT, '--date', '5月15日', '--skip-invalid', '--out', path.join('/dev/null', HOSTILE)]],
  ])('shows the names in its refusal of %s, one line each, obeying nothing', async (_what, args) => {
    const run = await runMain(args);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('␛[2J');
    expect(run.stderr).not.toMatch(/[\u001b\r\u202e\u200b]/u);
    expect(run.stderr.split('\n').some((line) => line.startsWith('✓ 假的合格行'))).toBe(false);
  });

  it('draws the fix bar with a video\'s name shown, and says a typed unit back shown', async () => {
    const terminal = Object.assign(new PassThrough(), { isTTY: true, columns: 120 }) as unknown as NodeJS.WriteStream;
    const bar = terminalFixProgress(terminal, 'zh', {})!;
    bar.start(`视频/${HOSTILE}.mp4`);
    bar.update(0.5);
    const drawn = String((terminal as unknown as PassThrough).read());
    // Its own \r and erase-line are the only controls on the line.
    expect(drawn.replaceAll('\r\u001b[K', '')).not.toMatch(/[\u001b\r\n\u202e]/u);

    const home = await mkdtemp(path.join(os.tmpdir(), 'pyvw-escape-launcher-'));
    const output = new PassThrough();
    const input = new PassThrough();
    input.end(`某校${ESC}[2J\r\n`);
    await runLauncher('pack', ['day'], { home, lang: 'zh', input, output, run: () => Promise.resolve(0) });
    expect(String(output.read())).toContain('某校␛[2J');
    await rm(home, { recursive: true, force: true });
  });

  it('keeps a name\'s line break out of a refusal built from a file of the folder', () => {
    const error = UsageError.of({ zh: '{file} 在打包时被改动了', en: '{file} changed' }, { file: HOSTILE, bytes: 3 });
    expect(error.messages.zh).not.toMatch(/[\n\u001b]/u);
    expect(error.messages.zh).toContain('␊✓ 假的合格行');
  });
});

describe('the package', () => {
  it('报送清单.txt keeps its CRLF promise, and entry names hold no control, bidi or zero-width characters', async () => {
    const day = path.join(district, 'school\n::error title=PWNED::forged');
    const out = path.join(root, 'out');
    const outcome = await pack(day, { lang: 'zh', unit: UNIT, date: '2023-05-15', out, skipInvalid: true });
    expect(outcome.status).toBe('packed');
    const [entry] = outcome.packages[0]!.entries;
    expect(entry).not.toMatch(/[\u0000-\u001f\u202e\u200b]/u);
    const listing = await listingOf(outcome.packages[0]!.path);
    const lines = listing.split('\r\n');
    for (const line of lines) expect(line).not.toMatch(/[\n\r\u001b\u202e]/u);
    expect(listing).toContain('␛[2J');
  });

  it('names made from a file name drop invisible characters', () => {
    expect(windowsSafeName(`a\u202Eb\u200Bc${ESC}.jpg`)).toBe('abc.jpg');
  });

  it.each([
    ['a right-to-left override', `某校\u202Egpj.exe`, /invisible control characters \(⟨U\+202E⟩\)/u],
    ['a zero-width space', `某\u200B校`, /⟨U\+200B⟩/u],
    ['300 characters', '校'.repeat(300), /too long: the package name would take \d+ bytes/u],
  ])('refuses a --unit with %s before anything is checked', async (_what, unit, message) => {
    // A district folder, not a day: the refusal comes before any inspection would have judged it.
    const error = await pack(district, { lang: 'en', unit, date: '2023-05-15', out: path.join(root, 'out2') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).messages.en).toMatch(message);
  });

  it('accepts the longest unit whose every name fits', () => {
    const unit = '校'.repeat(60);
    expect(Buffer.byteLength(packageFileName('{unit}-{YYYY}年{M}月{D}日-职教活动周材料.zip', unit, '2023-05-15'))).toBeLessThan(255);
  });
});

it('leaves no stray files in the output folder', async () => {
  expect((await readdir(path.join(root, 'out'))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
});
