import { isInWeek } from '../occasion.js';
import { defineSubmissionRule, NO_OPTIONS, type RuleMessage } from './rule.js';

/** Rules about a submission as a whole: that there is one at all, and that it is for a day of the week. */

/**
 * 未报送: the words a district table and the bureau's --expect use for a school that sent nothing, so a missing
 * school and an empty folder read the same.
 */
export const NOT_SUBMITTED: RuleMessage = {
  message: { zh: '未报送：这份材料里没有任何要报送的文件', en: 'not submitted (未报送): this submission holds no file to send' },
  hint: {
    zh: '把当天的文字材料、照片、视频放进这个文件夹再检查；如果材料在别的文件夹里，请指向那个文件夹',
    en: 'put the day’s write-up, photos and videos into this folder and check again; if they are in another folder, point pyvw at that one',
  },
};

export const submissionEmpty = defineSubmissionRule<object>({
  id: 'submission/empty',
  scope: 'submission',
  defaultSeverity: 'error',
  docs: { zh: '材料文件夹里至少有一个要报送的文件（否则就是“未报送”）', en: 'A submission holds at least one file to send (else it is 未报送, not submitted)' },
  options: NO_OPTIONS,
  messages: { empty: NOT_SUBMITTED },
  check({ submission, report }) {
    const ignored = submission.files.filter((f) => f.kind === 'ignored').length;
    if (ignored === submission.files.length) report('empty', { files: submission.files.length, ignored });
  },
});

export const submissionDate = defineSubmissionRule<object>({
  id: 'submission/date',
  scope: 'submission',
  defaultSeverity: 'warn',
  docs: { zh: '每天的材料属于活动周的某一天（5月14日至20日）', en: 'A daily submission is for a day of the activity week (14–20 May)' },
  options: NO_OPTIONS,
  submissions: ['day'],
  messages: {
    'outside-week': {
      message: {
        zh: '报送日期 {date}（{dateSource}）不在活动周 {start} 至 {end} 之内',
        en: 'the submission’s date {date} ({dateSource}) is outside the activity week, {start} to {end}',
      },
      hint: {
        zh: '把文件夹按当天日期命名（如“5月15日”），或加 --date 5月15日 指明是哪一天的材料',
        en: 'name the folder after its day (e.g. 5月15日) or say which day it is with --date 2023-05-15',
      },
    },
    conflict: {
      message: {
        zh: '--date 给的是 {date}，文件夹名“{folder}”写的却是 {folderDate}；按 --date 的日期处理',
        en: '--date says {date} but the folder name "{folder}" says {folderDate}; --date is used',
      },
      hint: {
        zh: '确认是哪一天的材料：去掉 --date，或把文件夹改成那一天的名字',
        en: 'make sure which day this is: drop --date, or rename the folder after that day',
      },
    },
  },
  check({ submission, profile, report }) {
    const occasion = submission.occasion;
    if (!occasion) return;
    const folder = submission.absPath.split(/[\\/]/u).at(-1) ?? submission.path;
    if (occasion.source === 'option' && occasion.folderDate && occasion.folderDate !== occasion.date) {
      report('conflict', { date: occasion.date, folderDate: occasion.folderDate, folder });
    }
    if (!isInWeek(occasion.date, profile)) {
      report('outside-week', { date: occasion.date, dateSource: occasion.source, start: profile.week.start, end: profile.week.end });
    }
  },
});

/** A folder the system would not list: its files are missing, so the submission cannot pass as if complete. */
export const submissionReadable = defineSubmissionRule<object>({
  id: 'submission/readable',
  scope: 'submission',
  defaultSeverity: 'error',
  docs: {
    zh: '材料里的每个文件夹都能读取（读不了的文件夹，里面的文件没有检查）',
    en: 'Every folder of a submission can be read (the files of one that cannot were not checked)',
  },
  options: NO_OPTIONS,
  messages: {
    'folder-unreadable': {
      message: {
        zh: '系统拒绝读取文件夹 {path}：{reason}（{code}），里面的文件没有检查',
        en: 'the system refused to read the folder {path}: {reason} ({code}); the files in it were not checked',
      },
      hint: {
        zh: '关闭正在使用它的程序，确认有权限打开它；网盘里的文件夹请先下载到本机；名字乱码或路径太长的请改短、改名，然后重新检查',
        en: 'close any program that holds it and make sure you may open it; download folders kept in a cloud drive first; rename garbled names and shorten long paths, then check again',
      },
    },
  },
  check({ submission, report }) {
    for (const folder of submission.unreadableFolders ?? []) report('folder-unreadable', { ...folder });
  },
});

export const submissionRules = [submissionEmpty, submissionDate, submissionReadable];
