import path from 'node:path';
import { Argument, Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CLI_WORDS } from './cli-words.js';
import { registerWeekCommands } from './cli-week.js';
import { parseDateSpelling } from './dates.js';
import { ConfigError, errorMessage, systemRefusal, UsageError } from './errors.js';
import { detectLang, format } from './i18n.js';
import { PackInterrupted } from './pack/temporary.js';
import { PACK_WORDS } from './pack/words.js';
import { jsonSafe, visible, visibleLines } from './report/escape.js';
import { FORMAT_NAMES, FORMATS, type FormatName } from './report/formats.js';
import { parseShard, type Shard } from './scan/shard.js';
import { ScanError } from './scan/scan.js';
import type { LauncherAction } from './launcher.js';
import type { PackOptions } from './pack/index.js';
import type { Lang } from './types.js';
import { VERSION } from './version.js';
import { refusalReason } from './system-reasons.js';

/**
 * The CLI only wires arguments to the typed API (src/api.ts) and maps outcomes to exit codes:
 * 0 every submission passes, 1 some submission fails, 2 bad usage, bad config or an internal fault.
 */

export const EXIT = { ok: 0, fail: 1, usage: 2 } as const;

/** A date in any spelling the contract lists; the API reads it against the profile's year. 2000 is a leap year, so 2月29日 passes here. */
function parseDate(value: string): string {
  if (!parseDateSpelling(value, 2000)) throw new InvalidArgumentError('expected a date such as 5月15日, 5.15 or 2023-05-15');
  return value;
}

function parseCount(value: string): number {
  if (!/^\d+$/u.test(value)) throw new InvalidArgumentError('expected a whole number ≥ 0, e.g. 10');
  return Number(value);
}

/** chalk's colour level for a stream: none in a pipe unless FORCE_COLOR asks; NO_COLOR always wins. */
export function colorLevel(stream: Pick<NodeJS.WriteStream, 'isTTY' | 'getColorDepth'>, env: NodeJS.ProcessEnv = process.env): 0 | 1 | 2 | 3 {
  if ('NO_COLOR' in env && env.NO_COLOR !== '') return 0;
  const forced = env.FORCE_COLOR;
  if (forced !== undefined) return forced === '0' || forced === 'false' ? 0 : (Math.min(3, Math.max(1, Number(forced) || 1)) as 1 | 2 | 3);
  if (!stream.isTTY) return 0;
  const depth = stream.getColorDepth?.() ?? 1;
  return depth >= 24 ? 3 : depth >= 8 ? 2 : depth >= 4 ? 1 : 0;
}

function usageMessage(error: unknown, lang: Lang): string {
  if (error instanceof ConfigError) {
    const lines = error.issues.map((i) => `  ${visible(i.path) || '(root)'}: ${visible(i.message[lang])}`);
    return format(CLI_WORDS.badConfig, lang, { file: visible(error.file), lines: lines.join('\n') });
  }
  if (error instanceof ScanError) {
    return format(error.code === 'not-found' ? CLI_WORDS.folderNotFound : CLI_WORDS.notAFolder, lang, { folder: visible(error.folder) });
  }
  if (error instanceof UsageError) return error.messages[lang];
  // The system refused a step (fix or init writing where they may not, a name Windows rejects): the clerk reads
  // why, in words, before the system's own English.
  const refusal = systemRefusal(error);
  if (refusal) {
    const reason = refusalReason(refusal);
    const where = (error as NodeJS.ErrnoException).path;
    return where
      ? format(CLI_WORDS.systemRefusedPath, lang, { path: visible(where), reason, ...refusal })
      : format(CLI_WORDS.systemRefused, lang, { reason, detail: errorMessage(error) });
  }
  return errorMessage(error);
}

function parseShardOption(value: string): Shard {
  const shard = parseShard(value);
  if (!shard) throw new InvalidArgumentError('expected i/n with 1 ≤ i ≤ n, e.g. 2/4');
  return shard;
}

interface CheckCliOptions {
  format: FormatName;
  expect?: string;
  shard?: Shard;
  output?: string;
  html?: boolean;
  open?: boolean;
  strict?: boolean;
  each?: string;
  quiet?: boolean;
  maxWarnings?: number;
  config?: string;
  lang?: Lang;
  date?: string;
  summary?: boolean;
  anyFolder?: boolean;
}

async function runCheck(dirs: string[], opts: CheckCliOptions): Promise<number> {
  const lang = detectLang(opts.lang);
  const { check } = await import('./api.js');
  const html = opts.format === 'html' || opts.html || opts.open;
  // The report's photo thumbnails are made during the check, from its JPEG walks (report/thumbnails.ts).
  const fromCheck = html ? (await import('./report/thumbnails.js')).thumbnailsFromCheck() : undefined;
  let checked: Awaited<ReturnType<typeof check>>;
  try {
    checked = await check(dirs, {
      lang, strict: opts.strict, config: opts.config, date: opts.date, summary: opts.summary, anyFolder: opts.anyFolder, each: opts.each, quiet: opts.quiet, maxWarnings: opts.maxWarnings,
      expect: opts.expect, shard: opts.shard,
    });
  } finally {
    fromCheck?.stop();
  }
  const { report, judged, internalFaults } = checked;
  const outcome = { report, judged };
  // --html (and --open without --output): the report beside the first folder, named after it.
  const { htmlReportPath, renderHtmlReport } = html ? await import('./html-report.js') : {};
  const output = opts.output ?? (htmlReportPath && (opts.html || opts.open) ? htmlReportPath(dirs[0] ?? opts.each ?? '.') : undefined);
  let text: string;
  if (renderHtmlReport) {
    text = await renderHtmlReport(outcome, { lang, fromCheck });
  } else {
    const formatReport = await FORMATS[opts.format]();
    text = formatReport(report, { lang, colorLevel: output ? 0 : colorLevel(process.stdout), width: output ? undefined : process.stdout.columns || undefined });
  }
  if (output) {
    await writeReportFile(output, text);
    process.stdout.write(`${visible(path.resolve(output))}\n`);
    if (opts.open && !(await (await import('./open.js')).openInBrowser(path.resolve(output)))) {
      process.stderr.write(`${format(CLI_WORDS.noBrowser, lang)}\n`);
    }
  } else {
    process.stdout.write(text);
  }
  if (internalFaults > 0) {
    // The verdicts stand, but a run in which pyvw itself failed must not read as an ordinary pass or fail in CI.
    process.stderr.write(`${format(internalFaults === 1 ? CLI_WORDS.internalFault : CLI_WORDS.internalFaults, lang, { count: internalFaults })}\n`);
    return EXIT.usage;
  }
  return report.ok ? EXIT.ok : EXIT.fail;
}

/** `pyvw merge-reports`: the shards' JSON reports as one, in any format, with the exit code of the whole run. */
async function runMergeReports(files: string[], opts: { format: FormatName; lang?: Lang }): Promise<number> {
  const lang = detectLang(opts.lang);
  const { mergeReports, readReports } = await import('./merge.js');
  const report = mergeReports(await readReports(files));
  const formatReport = await FORMATS[opts.format]();
  process.stdout.write(formatReport(report, { lang, colorLevel: colorLevel(process.stdout) }));
  return report.ok ? EXIT.ok : EXIT.fail;
}

/**
 * Written under pyvw's temporary name and renamed, so a report that is there is a whole one; an ending signal
 * (Ctrl+C, a closed console) removes the temporary file first, and one a killed run left is removed here.
 */
async function writeReportFile(file: string, text: string): Promise<void> {
  const { rename, rm, writeFile } = await import('node:fs/promises');
  const { rmSync } = await import('node:fs');
  const { removeStaleTemporaries, temporaryName } = await import('./pack/temporary.js');
  const { onEndingSignals, signalExitCode } = await import('./signals.js');
  const target = path.resolve(file);
  await removeStaleTemporaries(path.dirname(target));
  const temp = temporaryName(target);
  const stopListening = onEndingSignals((signal) => {
    rmSync(temp, { force: true });
    process.exit(signalExitCode(signal));
  });
  try {
    await writeFile(temp, text, { flag: 'wx' });
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  } finally {
    stopListening();
  }
}

async function runConfigShow(dir: string, opts: { config?: string; lang?: Lang }): Promise<number> {
  const lang = detectLang(opts.lang);
  const { showConfig } = await import('./api.js');
  const { file, config } = await showConfig(dir, { config: opts.config });
  process.stderr.write(`${format(CLI_WORDS.configFrom, lang, { source: file == null ? CLI_WORDS.noConfigFile : visible(file) })}\n`);
  process.stdout.write(`${jsonSafe(JSON.stringify(config, null, 2))}\n`);
  return EXIT.ok;
}

/** The pack options as commander hands them over, the language not yet settled. */
type PackCliOptions = Omit<PackOptions, 'lang' | 'now' | 'progress'> & { lang?: Lang };

async function runPack(dir: string | undefined, opts: PackCliOptions): Promise<number> {
  const lang = detectLang(opts.lang);
  const { pack } = await import('./pack/index.js');
  const { terminalProgress } = await import('./pack/progress.js');
  const { formatPackOutcome } = await import('./pack/summary.js');
  const outcome = await pack(dir ?? '.', { ...opts, lang, progress: terminalProgress(process.stderr, lang) });
  process.stdout.write(formatPackOutcome(outcome, { lang, colorLevel: colorLevel(process.stdout), width: process.stdout.columns || undefined }));
  return outcome.status === 'packed' ? EXIT.ok : EXIT.fail;
}

/** The fix options as commander hands them over, the language not yet settled. */
interface FixCliOptions {
  out?: string;
  force?: boolean;
  dryRun?: boolean;
  config?: string;
  date?: string;
  lang?: Lang;
}

async function runFix(dir: string | undefined, opts: FixCliOptions): Promise<number> {
  const lang = detectLang(opts.lang);
  const { fix } = await import('./fix/index.js');
  const { terminalFixProgress } = await import('./fix/progress.js');
  const { formatFixOutcome } = await import('./fix/summary.js');
  const { FIX_WORDS } = await import('./fix/words.js');
  const out = opts.out;
  try {
    const outcome = await fix(dir ?? '.', { ...opts, lang, progress: terminalFixProgress(process.stderr, lang) });
    process.stdout.write(formatFixOutcome(outcome, { lang, colorLevel: colorLevel(process.stdout), columns: process.stdout.columns }));
    return outcome.dryRun || outcome.report?.ok ? EXIT.ok : EXIT.fail;
  } catch (error) {
    if (!(error instanceof PackInterrupted)) throw error;
    process.stderr.write(`pyvw: ${format(FIX_WORDS.interrupted, lang, { path: visible(out ?? `${dir ?? '.'}-修正`) })}\n`);
    return error.exitCode;
  }
}

export function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command('pyvw')
    .description('检查并打包濮阳市职业教育活动周每日报送材料 / check and pack the daily materials of the Puyang activity week')
    .version(VERSION, '-v, --version')
    // Usage errors are said by main() in the clerk's language (src/cli-usage.ts); commander's English stays unsaid.
    // Set before the commands are added, which inherit it.
    .configureOutput({ outputError: () => {} })
    .exitOverride();

  program
    .command('check')
    .description('按通知要求检查文件夹中的每个文件 / judge every file of each folder against the rules')
    .argument('[dirs...]', '材料文件夹或收到的 .zip 报送包 / submission folders or received .zip packages', [])
    .addOption(new Option('--format <format>', '输出格式 / output format').choices(FORMAT_NAMES).default('text'))
    .option('--each <parent>', '把此文件夹的每个子文件夹或 .zip 报送包当作一份材料（区县汇总）/ each subfolder or .zip of parent is a submission')
    .option('--expect <names.txt>', '应报送的学校名单，每行一个；缺少的记为“未报送” / the schools that must be there, one a line')
    .option('--shard <i/n>', '只检查 n 份中的第 i 份（CI 并行）/ judge only the i-th of n slices (CI matrices)', parseShardOption)
    .option('--output <file>', '把报告写入文件而不是屏幕 / write the report to this file instead of standard output')
    .option('--html', '在文件夹旁写一份 HTML 报告（<文件夹>-检查报告.html）/ write <folder>-检查报告.html beside the folder')
    .option('--open', '写好 HTML 报告后用浏览器打开 / open the HTML report in the default browser')
    .option('--strict', '警告也算不合格 / warnings fail too')
    .option('--max-warnings <n>', '警告总数超过 n 即不合格 / fail when the warnings of all submissions exceed n', parseCount)
    .option('--quiet', '只报告错误，不报告也不计算警告 / report errors only')
    .option('--config <file>', '配置文件 / config file (default: nearest pyvw.config.json)')
    .addOption(new Option('--lang <lang>', '语言 / language (default from LANG, else zh)').choices(['zh', 'en']))
    .option('--date <date>', '报送日期，如 5月15日、5.15、2023-05-15 / the day (default: the date in the folder name, else today)')
    .option('--summary', '按活动周总结检查（文件夹名含“总结”时自动如此）/ judge as the week summary (automatic when the folder name holds 总结)')
    .option('--any-folder', '即使文件夹不像一天的材料（程序项目、整周文件夹、文件太多）也检查 / check a folder even if it does not look like one day’s materials')
    .action(async (dirs: string[], opts: CheckCliOptions) => {
      setExitCode(await runCheck(dirs, opts));
    });

  program
    .command('pack')
    .description('把合格的材料打包成一个校验过的 zip，准备发邮件 / pack the files that pass into one verified zip, ready to email')
    .argument('[dir]', '材料文件夹 / submission folder', '.')
    .option('--out <dir>', '报送包放在哪个文件夹 / folder for the package (default: the folder that holds dir)')
    .option('--unit <name>', '学校或单位名称 / school or unit name (default: "unit" in the config)')
    .option('--date <date>', '报送日期，如 5月15日、5.15、2023-05-15 / the day (default: the date in the folder name, else today)')
    .option('--summary', '打包活动周总结（文件夹名含“总结”时自动如此）/ pack the week summary (automatic when the folder name holds 总结)')
    .option('--any-folder', '即使文件夹不像一天的材料也打包 / pack a folder even if it does not look like one day’s materials')
    .option('--skip-invalid', '只打包合格的文件，其余列入清单 / pack what passes, list the rest as left out')
    .option('--force', '替换已有的同名报送包 / replace an existing package of the same name')
    .option('--split', '分成几个小于邮箱附件上限的包 / several packages, each under the mailbox attachment limit')
    .option('--eml', '同时生成邮件草稿（.eml）/ also write a draft email (.eml)')
    .option('--config <file>', '配置文件 / config file (default: nearest pyvw.config.json)')
    .addOption(new Option('--lang <lang>', '语言 / language (default from LANG, else zh)').choices(['zh', 'en']))
    .action(async (dir: string | undefined, opts: PackCliOptions) => {
      setExitCode(await runPack(dir, opts));
    });

  registerWeekCommands(program, { setExitCode, colorLevel });

  program
    .command('merge-reports')
    .description('把各分片（--shard）的 JSON 报告合并为一份 / merge the JSON reports of the shards into one report')
    .argument('<json-reports...>', 'pyvw check --format json 的报告 / reports of pyvw check --format json')
    .addOption(new Option('--format <format>', '输出格式 / output format').choices(FORMAT_NAMES).default('text'))
    .addOption(new Option('--lang <lang>', '语言 / language (default from LANG, else zh)').choices(['zh', 'en']))
    .action(async (files: string[], opts: { format: FormatName; lang?: Lang }) => {
      setExitCode(await runMergeReports(files, opts));
    });

  program
    .command('fix')
    .description('把能转换的文件（视频、HEIC/PNG 照片、CMYK、.doc）转成合格的副本放进新文件夹，原文件不动 / write fixed copies into a new folder, the originals untouched')
    .argument('[dir]', '材料文件夹 / submission folder', '.')
    .option('--out <dir>', '修正后的材料放在哪里 / folder for the fixed copy (default: <dir>-修正)')
    .option('--force', '替换 pyvw fix 以前生成的同名文件夹 / replace a folder an earlier pyvw fix made')
    .option('--dry-run', '只列出要做什么，不写任何文件 / list what would be done, write nothing')
    .option('--date <date>', '报送日期，如 5月15日、5.15、2023-05-15 / the day (default: the date in the folder name, else today)', parseDate)
    .option('--config <file>', '配置文件 / config file (default: nearest pyvw.config.json)')
    .addOption(new Option('--lang <lang>', '语言 / language (default from LANG, else zh)').choices(['zh', 'en']))
    .action(async (dir: string | undefined, opts: FixCliOptions) => {
      setExitCode(await runFix(dir, opts));
    });

  program
    .command('launcher', { hidden: true })
    .description('what the Windows bundle\'s drag-and-drop .bat files run (see src/launcher.ts)')
    .addArgument(new Argument('<action>').choices(['check', 'pack', 'status']))
    .argument('[folders...]', 'the folders dropped on the launcher', [])
    .requiredOption('--home <dir>', 'the bundle folder that holds the launchers and their pyvw.config.json')
    .addOption(new Option('--lang <lang>', '语言 / language (default from LANG, else zh)').choices(['zh', 'en']))
    .action(async (action: LauncherAction, folders: string[], opts: { home: string; lang?: Lang }) => {
      const { runLauncher } = await import('./launcher.js');
      const run = (args: string[]): Promise<number> => main([process.argv[0] ?? 'node', process.argv[1] ?? 'pyvw', ...args]);
      setExitCode(await runLauncher(action, folders, { home: opts.home, lang: detectLang(opts.lang), run }));
    });

  const config = program.command('config').description('配置文件 / the config file');
  config
    .command('show')
    .description('显示文件夹实际使用的配置（方案默认值加配置文件）/ print the effective config of a folder as JSON')
    .argument('[dir]', '材料文件夹 / submission folder', '.')
    .option('--config <file>', '配置文件 / config file (default: nearest pyvw.config.json)')
    .addOption(new Option('--lang <lang>', '语言 / language (default from LANG, else zh)').choices(['zh', 'en']))
    .action(async (dir: string, opts: { config?: string; lang?: Lang }) => {
      setExitCode(await runConfigShow(dir, opts));
    });

  return program;

}

/** `--lang en` or `--lang=en`, as commander accepts both: errors that end the run are said in that language too. */
function langArgument(argv: readonly string[]): string | undefined {
  const at = argv.findIndex((arg) => arg === '--lang' || arg.startsWith('--lang='));
  if (at < 0) return undefined;
  return argv[at] === '--lang' ? argv[at + 1] : argv[at]!.slice('--lang='.length);
}

export async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    const lang = detectLang(langArgument(argv));
    if (error instanceof CommanderError) {
      // --help and --version end through here with code 0; commander already printed what it had to say, as it
      // did for `pyvw` alone (its help).
      if (error.exitCode === 0 || error.code === 'commander.help') return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      const { usageErrorText } = await import('./cli-usage.js');
      process.stderr.write(visibleLines(usageErrorText(error, argv, lang)));
      return EXIT.usage;
    }
    if (error instanceof PackInterrupted) {
      process.stderr.write(`pyvw: ${format(PACK_WORDS.interrupted, lang)}\n`);
      return error.exitCode;
    }
    // Every name in these (a folder, an option's value, a file from the folder) reaches the terminal shown, not obeyed.
    process.stderr.write(`pyvw: ${visibleLines(usageMessage(error, lang))}\n`);
    if (!(error instanceof ConfigError || error instanceof ScanError || error instanceof UsageError) && process.env.PYVW_DEBUG) {
      process.stderr.write(`${(error as Error).stack}\n`);
    }
    return EXIT.usage;
  }
}

/**
 * Runs the CLI as a program: bin/pyvw.js calls this, so importing this module (or the library) starts nothing.
 * A reader that stops early (`pyvw check … | head`) closes the pipe: no fault of pyvw's, so the rest of the report
 * is dropped quietly and the exit code still says what the check found.
 */
export async function run(argv: string[] = process.argv): Promise<void> {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  process.exitCode = await main(argv);
  // The run is over. Left to end on its own, Node tears down what is left (the walk workers, sharp's threads, the
  // heap) before the process ends: after pack's last line the parent saw it end 31–36 ms later, and 22–25 ms with
  // `process.exit` (4 runs each). Writes to a pipe are asynchronous on Windows: a write's callback comes once it and
  // every write before it are out, so nothing of the report is cut.
  await Promise.all([process.stdout, process.stderr].map((stream) => new Promise<void>((resolve) => stream.write('', () => resolve()))));
  process.exit();
}
