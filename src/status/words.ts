import type { Bilingual } from '../types.js';

/** Every sentence `pyvw status` says, in both languages. */
export const STATUS_WORDS = {
  title: { zh: '活动周报送情况：{unit}', en: 'The activity week: {unit}' },
  noUnit: { zh: '（未设单位名称）', en: '(no unit set)' },
  folderLine: { zh: '文件夹：{folder}', en: 'Folder: {folder}' },
  nowLine: { zh: '现在：{time}（北京时间）', en: 'Now: {time} Beijing time' },
  columns: {
    zh: ['日期', '文件夹', '检查结果', '报送包', '截止'],
    en: ['day', 'folder', 'check', 'package', 'deadline'],
  },
  summaryRow: { zh: '总结', en: 'summary' },
  none: { zh: '—', en: '—' },
  folderMissing: { zh: '（无）', en: '(none)' },
  checkOk: { zh: '合格', en: 'pass' },
  checkWarnings: { zh: '合格，{warnings} 个警告', en: 'pass, {warnings} warnings' },
  checkFail: { zh: '不合格，{errors} 个错误', en: 'FAIL, {errors} errors' },
  notSubmitted: { zh: '未报送（空）', en: 'empty (未报送)' },
  packageOk: { zh: '校验通过', en: 'verified' },
  packageParts: { zh: '{count} 个包，校验通过', en: '{count} parts, verified' },
  packageBad: { zh: '包有问题', en: 'damaged' },
  sent: { zh: '已打包', en: 'packed' },
  sentLate: { zh: '已打包（晚于截止）', en: 'packed (late)' },
  dueToday: { zh: '今天 {time} 截止，还剩 {left}', en: 'due today {time}, {left} left' },
  missed: { zh: '已过 {day} {time}', en: 'missed ({day} {time})' },
  upcoming: { zh: '{day} {time} 截止', en: 'due {day} {time}' },
  otherFolders: { zh: '{day}：另有文件夹 {folders} 也是这一天的，显示的是 {folder}', en: '{day}: the folders {folders} are for this day too; {folder} is shown' },
  problemUnreadable: { zh: '{file} 打不开（{detail}）：请重新运行 pyvw pack --force', en: '{file} cannot be read ({detail}): run pyvw pack --force again' },
  problemNoListing: { zh: '{file} 里没有报送清单.txt，不是 pyvw 生成的报送包', en: '{file} holds no 报送清单.txt: it was not written by pyvw pack' },
  problemMissing: { zh: '{file} 里缺少清单上的 {entry}：请重新运行 pyvw pack --force', en: '{file} lacks {entry}, which its list names: run pyvw pack --force again' },
  problemChanged: { zh: '{file} 里的 {entry} 与清单上的 SHA-256 不符（包被改动过）：请重新运行 pyvw pack --force', en: '{file}: {entry} differs from the SHA-256 in its list (the package was changed): run pyvw pack --force again' },
  findingsTitle: { zh: '{day}：', en: '{day}:' },
  fix: { zh: '怎么改：', en: 'fix: ' },
  ledgerNote: {
    zh: 'pyvw 只看报送包在不在、对不对；邮件是否已发出，请以邮箱“已发送”为准。',
    en: 'pyvw sees the packages only; whether the mail went out, your mailbox’s Sent folder says.',
  },
  sentBefore: {
    message: {
      zh: '{file} 与 {M}月{D}日报送包（{package}）中的 {entry} 完全相同：这张照片已经报送过',
      en: '{file} is byte-identical to {entry} in the package of {day} ({package}): this photo was already sent',
    },
    hint: {
      zh: '换一张当天拍的照片；教育局会看到重复报送的照片',
      en: 'use a photo taken that day instead; the bureau sees repeated photos',
    },
  },
} satisfies Record<string, Bilingual | { zh: readonly string[]; en: readonly string[] } | { message: Bilingual; hint: Bilingual }>;
