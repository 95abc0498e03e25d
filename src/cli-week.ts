import { Option, type Command } from 'commander';
import type { Lang } from './types.js';
import { detectLang } from './i18n.js';

/**
 * The commands of the week, `pyvw status` and `pyvw init`, registered on the program by cli.ts. Their own module,
 * so that the week's commands and the others change without touching the same lines.
 */

type ColorLevel = 0 | 1 | 2 | 3;

export interface WeekCommandContext {
  setExitCode: (code: number) => void;
  colorLevel: (stream: NodeJS.WriteStream) => ColorLevel;
}

const LANG_OPTION = (): Option => new Option('--lang <lang>', '语言 / language (default from LANG, else zh)').choices(['zh', 'en']);

export function registerWeekCommands(program: Command, context: WeekCommandContext): void {
  program
    .command('status')
    .description('活动周一览：每天的文件夹、检查结果、报送包和截止时间 / the week at a glance: each day’s folder, check, package and deadline')
    .argument('[week-folder]', '放各天文件夹的活动周文件夹 / the folder that holds the day folders', '.')
    .addOption(new Option('--format <format>', '输出格式 / output format').choices(['text', 'json', 'html']).default('text'))
    .option('--config <file>', '配置文件 / config file (default: nearest pyvw.config.json)')
    .addOption(LANG_OPTION())
    .action(async (folder: string, opts: { format: 'text' | 'json' | 'html'; config?: string; lang?: Lang }) => {
      const lang = detectLang(opts.lang);
      const { status } = await import('./status/index.js');
      const report = await status(folder, { lang, config: opts.config });
      if (opts.format === 'json') {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      } else if (opts.format === 'html') {
        const { formatStatusHtml } = await import('./status/html.js');
        process.stdout.write(formatStatusHtml(report, { lang }));
      } else {
        const { formatStatus } = await import('./status/format.js');
        process.stdout.write(formatStatus(report, { lang, colorLevel: context.colorLevel(process.stdout) }));
      }
      context.setExitCode(0);
    });

  program
    .command('init')
    .description('新建当天的材料文件夹；已有文件夹时，为没有说明的照片和视频在说明清单里加好行 / make a day folder, or add caption lines for photos and videos without one')
    .argument('[dir]', '当天的材料文件夹（默认：以今天日期命名，如 5月15日）/ the day folder (default: today, as 5月15日)')
    .option('--config <file>', '配置文件 / config file (default: nearest pyvw.config.json)')
    .addOption(LANG_OPTION())
    .action(async (dir: string | undefined, opts: { config?: string; lang?: Lang }) => {
      const lang = detectLang(opts.lang);
      const { init } = await import('./init/index.js');
      const { formatInit } = await import('./init/format.js');
      process.stdout.write(formatInit(await init(dir, { lang, config: opts.config }), lang));
      context.setExitCode(0);
    });
}
