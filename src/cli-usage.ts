import type { CommanderError } from 'commander';
import { CLI_WORDS } from './cli-words.js';
import { format } from './i18n.js';
import { visible } from './report/escape.js';
import type { Lang } from './types.js';

/**
 * Usage errors as a clerk reads them: in the chosen language (Chinese by default), with commander's suggestion
 * (`您是不是要输入 check？`) and one short usage line, never the whole help. commander's own English text is
 * only parsed for the names it carries.
 */

const USAGE = {
  zh: {
    program: '用法：pyvw check 5月15日 | pyvw pack 5月15日 | pyvw status | pyvw init；全部说明：pyvw --help',
    check: '用法：pyvw check [文件夹…] [选项]；全部选项：pyvw check --help',
    pack: '用法：pyvw pack [文件夹] --unit 学校名称 [选项]；全部选项：pyvw pack --help',
    status: '用法：pyvw status [活动周文件夹] [--format text|json]；全部选项：pyvw status --help',
    init: '用法：pyvw init [文件夹]；全部选项：pyvw init --help',
    config: '用法：pyvw config show [文件夹]',
  },
  en: {
    program: 'usage: pyvw check 5月15日 | pyvw pack 5月15日 | pyvw status | pyvw init; all of it: pyvw --help',
    check: 'usage: pyvw check [folders…] [options]; every option: pyvw check --help',
    pack: 'usage: pyvw pack [folder] --unit "school" [options]; every option: pyvw pack --help',
    status: 'usage: pyvw status [week-folder] [--format text|json]; every option: pyvw status --help',
    init: 'usage: pyvw init [folder]; every option: pyvw init --help',
    config: 'usage: pyvw config show [folder]',
  },
} as const;

type CommandName = keyof (typeof USAGE)['zh'];

/** The names commander quotes (what was typed), each shown, so a line break typed into one cannot fake a line. */
const quoted = (message: string): string[] => [...message.matchAll(/'([^']*)'/gu)].map((m) => visible(m[1]!));

function sentence(error: CommanderError, lang: Lang): string {
  const [first = '', second = ''] = quoted(error.message).map((name) => name.replace(/\s*<[^>]*>/u, ''));
  const zh = lang === 'zh';
  switch (error.code) {
    case 'commander.unknownCommand':
      return zh ? `没有 ${first} 这个命令。` : `there is no command ${first}.`;
    case 'commander.unknownOption':
      return zh ? `不认识的选项 ${first}。` : `unknown option ${first}.`;
    case 'commander.optionMissingArgument':
      return zh ? `选项 ${first} 后面要跟一个值。` : `the option ${first} needs a value.`;
    case 'commander.missingArgument':
      return zh ? `缺少 ${first}。` : `missing ${first}.`;
    case 'commander.missingMandatoryOptionValue':
      return zh ? `缺少必需的选项 ${first}。` : `the option ${first} is required.`;
    case 'commander.excessArguments':
      return zh ? '参数太多了。' : 'too many arguments.';
    case 'commander.invalidArgument': {
      const allowed = /Allowed choices are (.+)\.$/mu.exec(error.message)?.[1];
      if (allowed) return zh ? `${first} 不能是 ${second}，只能是：${allowed}。` : `${first} cannot be ${second}; it can be: ${allowed}.`;
      return zh ? `${first} 的值 ${second} 不对。` : `${first}: ${second} is not valid.`;
    }
    default:
      return error.message.replace(/^error: /u, '');
  }
}

/** The commander command the words on the command line name (`pyvw pack …` → pack), for its usage line. */
function commandOf(argv: readonly string[]): CommandName {
  const word = argv.slice(2).find((arg) => !arg.startsWith('-'));
  return word && word in USAGE.zh && word !== 'program' ? (word as CommandName) : 'program';
}

export function usageErrorText(error: CommanderError, argv: readonly string[], lang: Lang): string {
  const suggestion = /\(Did you mean (.+)\?\)/u.exec(error.message)?.[1];
  const lines = [`pyvw: ${sentence(error, lang)}${suggestion ? format(CLI_WORDS.didYouMean, lang, { suggestion }) : ''}`];
  lines.push(USAGE[lang][error.code === 'commander.unknownCommand' ? 'program' : commandOf(argv)]);
  return `${lines.join('\n')}\n`;
}
