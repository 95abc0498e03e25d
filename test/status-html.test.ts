import { describe, expect, test } from 'vitest';
import { html } from '../src/report/escape.js';
import type { StatusReport, StatusRow } from '../src/status/index.js';
import { formatStatusHtml } from '../src/status/html.js';

// `pyvw status --format html` on a week built by hand: each state its colour, the words the terminal says, names escaped.

const HOSTILE = '<img src=x onerror=alert(1)>5月17日';

function row(date: string | null, state: StatusRow['deadline']['state'], extra: Partial<StatusRow> = {}): StatusRow {
  return {
    kind: date ? 'day' : 'summary', date, folder: date ? `${Number(date.slice(5, 7))}月${Number(date.slice(8))}日` : '总结', otherFolders: [],
    check: { ok: true, notSubmitted: false, counts: { error: 0, warning: 0, info: 0 } }, packages: [],
    deadline: { at: `${date ?? '2023-05-23'}T08:00:00.000Z`, day: date ?? '2023-05-23', time: '16:00', state, minutesLeft: state === 'due-today' ? 95 : null, late: false },
    findings: [], ...extra,
  };
}

const report: StatusReport = {
  schemaVersion: 1, tool: { name: 'pyvw', version: '0.0.0' }, profile: 'puyang-2023', lang: 'zh', folder: '活动周', unit: '濮阳市第一职业中等专业学校',
  now: '2023-05-16T06:25:00.000Z', today: '2023-05-16', week: { start: '2023-05-14', end: '2023-05-20' },
  rows: [
    row('2023-05-14', 'missed', { folder: null, check: null }),
    row('2023-05-15', 'sent', { packages: [{ fileName: 'a.zip', path: '/x/a.zip', verified: true, modified: '2023-05-15T07:00:00.000Z' } as never] }),
    row('2023-05-16', 'due-today', { check: { ok: false, notSubmitted: false, counts: { error: 2, warning: 0, info: 0 } } }),
    row('2023-05-17', 'upcoming', { folder: HOSTILE }),
    row('2023-05-18', 'upcoming'), row('2023-05-19', 'upcoming'), row('2023-05-20', 'upcoming'),
    row(null, 'upcoming'),
  ],
};

describe('pyvw status --format html', () => {
  const page = formatStatusHtml(report, { lang: 'zh' });

  test('a calendar row: seven days and the summary, each cell coloured by its state, today marked', () => {
    const cells = [...page.matchAll(/<li class="day ([\w-]+)( today)?"/gu)].map((m) => m[1] + (m[2] ?? ''));
    expect(cells).toEqual(['missed', 'sent', 'due-today today', 'upcoming', 'upcoming', 'upcoming', 'upcoming', 'upcoming']);
    expect(page).toContain('周日');
    expect(page).toContain('今天 16:00 截止，还剩 1:35');
    expect(page).toContain('不合格，2 个错误');
    expect(page).toContain('<div class="folder">（无）</div>');
  });

  test('self-contained and safe: no script at all, names as text', () => {
    expect(page).toContain('script-src &#39;none&#39;');
    expect(page).not.toContain('<script');
    expect(page).not.toContain(HOSTILE);
    expect(page).toContain(html(HOSTILE));
  });
});
