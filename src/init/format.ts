import { format } from '../i18n.js';
import type { Lang } from '../types.js';
import type { InitOutcome } from './index.js';

/** What `pyvw init` says: what it made and what goes where, or which lines it added for the clerk to finish. */
const W = {
  created: { zh: '已建好文件夹 {folder}，按下面放材料：', en: 'Made the folder {folder}; put the materials in like this:' },
  subfolder: { zh: '  {name}/  {what}', en: '  {name}/  {what}' },
  createdNext: { zh: '放好后运行：pyvw check "{folder}"', en: 'Then run: pyvw check "{folder}"' },
  appended: { zh: '{list}：加了 {count} 行，请在每行“：”后面写上说明：', en: '{list}: added {count} lines; write the caption after each "：":' },
  createdList: { zh: '{list}：新建，{count} 行，请在每行“：”后面写上说明：', en: '{list}: new, {count} lines; write the caption after each "：":' },
  line: { zh: '  {file}：', en: '  {file}：' },
  nothing: { zh: '{folder} 里的照片和视频都有说明，没有要加的行。', en: 'Every photo and video in {folder} has a caption or description; nothing to add.' },
  appendedNext: {
    zh: '用记事本打开上面的文件写好说明（照片至少 4 个字，视频至少 10 个字），保存后运行：pyvw check "{folder}"',
    en: 'Open the files above in Notepad, write the captions (photos ≥ 4 字, videos ≥ 10 字), save, then run: pyvw check "{folder}"',
  },
};

export function formatInit(outcome: InitOutcome, lang: Lang): string {
  const lines: string[] = [];
  if (outcome.action === 'created') {
    lines.push(format(W.created, lang, { folder: outcome.folder }));
    for (const { name, what } of outcome.subfolders) lines.push(format(W.subfolder, lang, { name, what }));
    lines.push('', format(W.createdNext, lang, { folder: outcome.folder }));
  } else if (!outcome.lists.length) {
    lines.push(format(W.nothing, lang, { folder: outcome.folder }));
  } else {
    for (const list of outcome.lists) {
      lines.push(format(list.created ? W.createdList : W.appended, lang, { list: list.list, count: list.files.length }));
      lines.push(...list.files.map((file) => format(W.line, lang, { file })));
    }
    lines.push('', format(W.appendedNext, lang, { folder: outcome.folder }));
  }
  return `${lines.join('\n')}\n`;
}
