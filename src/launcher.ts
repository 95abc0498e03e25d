import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { decodeText } from './text/decode.js';
import { format } from './i18n.js';
import { visibleLines } from './report/escape.js';
import type { Lang } from './types.js';

/**
 * What the Windows bundle's drag-and-drop launchers do (`pyvw launcher <action> --home <bundle> -- <dropped…>`):
 * the .bat files stay ASCII and tiny, and every word and decision lives here, in pyvw, where it is tested.
 * Each action is an ordinary pyvw command line, so a launcher does exactly what the README's commands do.
 */

export type LauncherAction = 'check' | 'pack' | 'status';
export const LAUNCHER_ACTIONS: readonly LauncherAction[] = ['check', 'pack', 'status'];

/** The config beside the launchers: the school's name, asked for once, used by every check and pack. */
export const LAUNCHER_CONFIG = 'pyvw.config.json';

/** The longest school or unit name accepted: it becomes part of the package's file name. */
const MAX_UNIT_CHARS = 60;

export const LAUNCHER_WORDS = {
  nothingDropped: {
    check: {
      zh: '用法：请不要双击。用鼠标把当天的材料文件夹（例如“5月15日”）拖到“检查材料.bat”图标上松开，就会开始检查，并打开检查报告。',
      en: 'Usage: do not double-click. Drag the day’s folder (e.g. “5月15日”) onto “检查材料.bat” and let go: it is checked and the report opens.',
    },
    pack: {
      zh: '用法：请不要双击。检查合格后，用鼠标把当天的材料文件夹拖到“打包材料.bat”图标上松开，就会生成报送用的 zip 包。',
      en: 'Usage: do not double-click. Once the check passes, drag the day’s folder onto “打包材料.bat”: the zip for the bureau is written.',
    },
    status: {
      zh: '用法：请不要双击。用鼠标把放着每天材料的“活动周”总文件夹拖到“查看本周.bat”图标上松开，就能看到整周的进度。',
      en: 'Usage: do not double-click. Drag the week’s folder (the one holding every day’s folder) onto “查看本周.bat” to see the whole week.',
    },
  },
  askUnit: {
    zh: '第一次打包：请输入学校（单位）全称，然后按回车。只需输入一次，以后自动使用。\n单位全称：',
    en: 'First package: type the full name of the school or unit, then press Enter. You are asked only once.\nUnit: ',
  },
  unitSaved: {
    zh: '已把单位名称“{unit}”保存到 {file}；以后打包自动使用。要修改，用记事本打开这个文件。',
    en: 'Saved the unit name “{unit}” in {file}; every package uses it from now on. Edit that file in Notepad to change it.',
  },
  unitMissing: {
    zh: '没有输入单位名称，没有打包。请重新把文件夹拖到“打包材料.bat”上，并输入单位全称。',
    en: 'No unit name was typed, so nothing was packed. Drag the folder onto “打包材料.bat” again and type the unit’s full name.',
  },
  unitTooLong: {
    zh: '单位名称太长（{chars} 个字，最多 {max} 个字），没有打包。请重新拖一次并输入较短的全称。',
    en: 'The unit name is too long ({chars} characters, at most {max}); nothing was packed. Drag the folder again and type a shorter name.',
  },
  configUnreadable: {
    zh: '无法读取配置文件 {file}（{detail}）。请用记事本打开检查，或删除它后重新打包（会再次询问单位名称）。',
    en: 'Cannot read the config file {file} ({detail}). Check it in Notepad, or delete it and pack again (the unit name is asked again).',
  },
} as const;

export interface LauncherOptions {
  /** The bundle's top folder, where the launchers and their pyvw.config.json are. */
  home: string;
  lang: Lang;
  /** Runs one pyvw command line (without `node pyvw`) and gives its exit code. */
  run: (args: string[]) => Promise<number>;
  input?: NodeJS.ReadableStream;
  /** Where questions and notes go: standard error, as all chatter does. */
  output?: NodeJS.WritableStream;
}

type ConfigState = { kind: 'absent' } | { kind: 'read'; config: Record<string, unknown> } | { kind: 'unreadable'; detail: string };

async function readLauncherConfig(file: string): Promise<ConfigState> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
    return { kind: 'unreadable', detail: (error as NodeJS.ErrnoException).code ?? String(error) };
  }
  try {
    const parsed: unknown = JSON.parse(decodeText(bytes).text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { kind: 'unreadable', detail: 'not a JSON object' };
    return { kind: 'read', config: parsed as Record<string, unknown> };
  } catch (error) {
    return { kind: 'unreadable', detail: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
  }
}

/** The unit from the launchers' config, asking for it (and saving it) the first time. False: nothing to pack with. */
async function ensureUnit(file: string, state: ConfigState, options: LauncherOptions, say: (line: string) => void): Promise<boolean> {
  if (state.kind === 'unreadable') {
    say(format(LAUNCHER_WORDS.configUnreadable, options.lang, { file, detail: state.detail }));
    return false;
  }
  const config = state.kind === 'read' ? state.config : { profile: 'puyang-2023' };
  if (typeof config.unit === 'string' && config.unit.trim()) return true;

  const prompt = createInterface({ input: options.input ?? process.stdin, output: options.output ?? process.stderr, terminal: false });
  let answer = '';
  try {
    (options.output ?? process.stderr).write(format(LAUNCHER_WORDS.askUnit, options.lang));
    answer = (await prompt[Symbol.asyncIterator]().next()).value ?? '';
  } finally {
    prompt.close();
  }
  const unit = answer.replace(/\s+/gu, ' ').trim();
  if (!unit) {
    say(format(LAUNCHER_WORDS.unitMissing, options.lang));
    return false;
  }
  const chars = [...unit].length;
  if (chars > MAX_UNIT_CHARS) {
    say(format(LAUNCHER_WORDS.unitTooLong, options.lang, { chars, max: MAX_UNIT_CHARS }));
    return false;
  }
  await writeFile(file, `${JSON.stringify({ ...config, unit }, null, 2)}\n`);
  say(format(LAUNCHER_WORDS.unitSaved, options.lang, { unit, file }));
  return true;
}

/** One launcher run: every dropped folder in turn; the exit code is the worst of theirs. */
export async function runLauncher(action: LauncherAction, dropped: readonly string[], options: LauncherOptions): Promise<number> {
  // A typed unit, a dropped folder's name or a config's parse error can hold control characters: shown, not obeyed.
  const say = (line: string): void => {
    (options.output ?? process.stderr).write(`${visibleLines(line)}\n`);
  };
  const folders = dropped.filter((folder) => folder.trim() !== '');
  if (folders.length === 0) {
    say(format(LAUNCHER_WORDS.nothingDropped[action], options.lang));
    return 2;
  }
  const configFile = path.join(options.home, LAUNCHER_CONFIG);
  const state = await readLauncherConfig(configFile);
  if (action === 'pack' && !(await ensureUnit(configFile, state, options, say))) return 2;
  // The config is read once: after ensureUnit it exists whenever a pack goes ahead.
  const config = action === 'pack' || state.kind === 'read' ? ['--config', configFile] : [];
  let worst = 0;
  for (const folder of folders) {
    const args =
      action === 'check' ? ['check', folder, '--html', '--open', ...config]
      : action === 'pack' ? ['pack', folder, ...config]
      : ['status', folder];
    worst = Math.max(worst, await options.run([...args, '--lang', options.lang]));
  }
  return worst;
}
