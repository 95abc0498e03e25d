import type { Bilingual } from './types.js';

/** What the CLI itself says (not a report): the usage errors and notes of `src/cli.ts`, in both languages. */
export const CLI_WORDS = {
  badConfig: {
    zh: '配置文件有误：{file}\n{lines}\n请按上面指出的位置修改配置文件（格式见 README“配置”一节）。',
    en: 'Bad config: {file}\n{lines}\nFix the keys named above (see "Config" in the README).',
  },
  folderNotFound: { zh: '找不到文件夹：{folder}', en: 'folder not found: {folder}' },
  notAFolder: { zh: '不是文件夹：{folder}（请给出放当天材料的文件夹）', en: "not a folder: {folder} (name the folder that holds the day's materials)" },
  systemRefused: {
    zh: '系统拒绝了这一步：{reason}（{detail}）',
    en: 'the system refused: {reason} ({detail})',
  },
  systemRefusedPath: {
    zh: '系统拒绝了对 {path} 的操作：{reason}（{code} {syscall}）',
    en: 'the system refused pyvw the use of {path}: {reason} ({code} {syscall})',
  },
  internalFault: {
    zh: 'pyvw: 检查中出现 1 处 pyvw 内部错误（见报告），退出码为 2',
    en: 'pyvw: 1 internal fault of pyvw during the check (see the report); exit code 2',
  },
  internalFaults: {
    zh: 'pyvw: 检查中出现 {count} 处 pyvw 内部错误（见报告），退出码为 2',
    en: 'pyvw: {count} internal faults of pyvw during the check (see the report); exit code 2',
  },
  configFrom: { zh: '配置来源：{source}', en: 'config from: {source}' },
  noConfigFile: { zh: '（没有配置文件，用方案默认值）', en: '(no config file: the profile defaults)' },
  noBrowser: { zh: 'pyvw: 无法打开浏览器，请双击上面的文件打开', en: 'pyvw: could not start a browser; open the file above yourself' },
  /** After a usage error, commander's guess at what was meant. */
  didYouMean: { zh: '您是不是要输入 {suggestion}？', en: ' Did you mean {suggestion}?' },
} satisfies Record<string, Bilingual>;
