import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';
// The two locales by name, not `z.locales.…`: that namespace drags all of zod's ~50 locales (358 KB) into the CLI's
// bundle, and every command parsed them at start-up (docs/performance.md, "Start-up").
import { en, zhCN } from 'zod/locales';
import { ConfigError, errorMessage, type ConfigIssue } from './errors.js';
import { DEFAULT_PROFILE, getProfile, PROFILES, type Profile } from './profile/profile.js';
import { RULES } from './rules/registry.js';
import type { AnyRule } from './rules/rule.js';
import { decodeText } from './text/decode.js';
import type { Bilingual, SeveritySetting } from './types.js';

export { ConfigError } from './errors.js';

export const CONFIG_FILE = 'pyvw.config.json';

const SEVERITY = z.enum(['off', 'warn', 'error']).meta({ id: 'severity', description: 'off 关闭 / warn 警告 / error 错误' });

function ruleOptionsSchema(rule: AnyRule): z.ZodObject {
  // Every rule's options are a z.object (NO_OPTIONS at least): config may set some of them, the profile the rest.
  if (!(rule.options instanceof z.ZodObject)) throw new TypeError(`${rule.id}: options must be a z.object`);
  return rule.options.partial();
}

/** A rule's setting: a severity, or [severity, options] with the options checked by that rule's own schema. */
function ruleSetting(rule: AnyRule) {
  return z
    .union([SEVERITY, z.tuple([SEVERITY]), z.tuple([SEVERITY, ruleOptionsSchema(rule)])])
    .describe(`${rule.docs.zh} / ${rule.docs.en}`);
}

/** Built from the registry, so every rule's options appear in errors and in the published JSON Schema. */
export function configSchema(rules: readonly AnyRule[] = RULES) {
  const ruleSettings = () => Object.fromEntries(rules.map((rule) => [rule.id, ruleSetting(rule).optional()]));
  return z
    .object({
      $schema: z.string().optional(),
      profile: z.enum(Object.keys(PROFILES) as [string, ...string[]]).default(DEFAULT_PROFILE),
      unit: z.string().trim().min(1).optional().describe('学校或单位名称，用于报送包的文件名'),
      // Below 1 MB no package fits a mail; above 100 GB the number is a typo, not a mailbox.
      attachmentLimitMB: z.number().min(1).max(100_000).optional().describe('邮箱附件大小上限（MB，1 MB = 1,000,000 字节，按编码后的邮件计）'),
      // Built when a config sets rules: most runs have no config file, and the ~40 settings' schemas cost ~6 ms to make.
      rules: z.lazy(() => z.strictObject(ruleSettings())).default({}),
    })
    .strict();
}

export type Config = z.output<ReturnType<typeof configSchema>>;

export interface ResolvedRule {
  rule: AnyRule;
  severity: SeveritySetting;
  options: unknown;
}

export interface ResolvedConfig {
  /** The file the config came from, or null for the profile's defaults. */
  file: string | null;
  config: Config;
  profile: Profile;
  rules: Map<string, ResolvedRule>;
}

/** `rules.text/length[1].min`: how a clerk finds the place in the file. */
export function keyPath(segments: readonly PropertyKey[]): string {
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? String(s) : `.${String(s)}`)).join('');
}

type Issue = z.core.$ZodIssue;

const LOCALES = { zh: zhCN(), en: en() };

/** JSON's value types as a clerk editing the file in Notepad knows them. */
const TYPE_NAMES_ZH: Record<string, string> = {
  string: '文字（用英文双引号括起来）', number: '数字', boolean: 'true 或 false', array: '列表 [ … ]', object: '花括号 { … }',
  null: 'null', undefined: '（没有写）', int: '整数', nan: '非数字',
};

function typeOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/**
 * zod's Chinese locale leaves its own words in English ("期望 number，实际接收 string"): the issues a config file
 * meets are said here in full; anything rarer falls back to that locale.
 */
function zhMessage(issue: Issue): string | null {
  const got = (input: unknown): string => `${typeOf(input) === 'string' ? '文字' : TYPE_NAMES_ZH[typeOf(input)] ?? typeOf(input)} ${shown(input)}`;
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `缺少这一项，应当写${TYPE_NAMES_ZH[issue.expected] ?? issue.expected}` : `应当是${TYPE_NAMES_ZH[issue.expected] ?? issue.expected}，实际写的是${got(issue.input)}`;
    case 'invalid_value':
      return `只能是 ${issue.values.map((v) => shown(v)).join('、')} 之一，实际写的是 ${shown(issue.input)}`;
    case 'too_small':
    case 'too_big': {
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const cmp = issue.code === 'too_small' ? (issue.inclusive ? '不能小于' : '必须大于') : issue.inclusive ? '不能大于' : '必须小于';
      if (issue.origin === 'string') return issue.code === 'too_small' && Number(bound) === 1 ? '不能是空的' : `长度${cmp} ${String(bound)} 个字符`;
      if (issue.origin === 'array') return `项数${cmp} ${String(bound)}`;
      return `${cmp} ${String(bound)}，实际写的是 ${shown(issue.input)}`;
    }
    default:
      return null;
  }
}

function zodMessage(issue: Issue): Bilingual {
  const say = (lang: keyof typeof LOCALES): string => {
    const out = LOCALES[lang].localeError(issue as Parameters<z.core.$ZodErrorMap>[0]);
    return (typeof out === 'string' ? out : out?.message) ?? issue.message;
  };
  return { zh: zhMessage(issue) ?? say('zh'), en: say('en') };
}

function shown(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** The keys allowed where an unknown key was found: the top level, `rules`, or one rule's options. */
function allowedKeys(at: readonly PropertyKey[], rules: readonly AnyRule[]): string[] {
  if (at.length === 0) return Object.keys(configSchema(rules).shape);
  const rule = at[0] === 'rules' && at.length >= 2 ? rules.find((r) => r.id === at[1]) : undefined;
  return rule ? Object.keys(ruleOptionsSchema(rule).shape) : [];
}

/** An unknown rule id: name the rules of the same kind, the likeliest meant (`text/lenght` → text/length). */
function unknownRule(id: string, rules: readonly AnyRule[]): Bilingual {
  const kind = id.split('/')[0];
  const sameKind = rules.map((r) => r.id).filter((known) => known.split('/')[0] === kind);
  if (!sameKind.length) return { zh: 'pyvw 没有这条规则（规则名见 docs/rules.md）', en: 'pyvw has no such rule (rule names are listed in docs/rules.md)' };
  return { zh: `pyvw 没有这条规则；${kind} 的规则有：${sameKind.join('、')}`, en: `pyvw has no such rule; the ${kind} rules are: ${sameKind.join(', ')}` };
}

function unknownKey(at: readonly PropertyKey[], key: string, rules: readonly AnyRule[]): Bilingual {
  if (at.length === 1 && at[0] === 'rules') return unknownRule(key, rules);
  const allowed = allowedKeys(at, rules);
  return allowed.length
    ? { zh: `不认识的设置项；这里可以写：${allowed.join('、')}`, en: `unknown key; allowed here: ${allowed.join(', ')}` }
    : { zh: '这里不能有设置项', en: 'no keys are allowed here' };
}

/**
 * zod's issues as a clerk needs them: one per wrong key, with its full path. A rule setting is a union
 * (severity or [severity, options]); its error is the branch that got furthest into the value, so a wrong
 * option reads `rules.text/length[1].min: expected number`, not "invalid input".
 */
function toConfigIssues(issue: Issue, prefix: readonly PropertyKey[], rules: readonly AnyRule[]): ConfigIssue[] {
  const at = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union') {
    const depth = (branch: Issue[]): number => Math.max(0, ...branch.map((i) => i.path.length));
    const best = issue.errors.reduce((a, b) => (depth(b) > depth(a) || (depth(b) === depth(a) && b.length < a.length) ? b : a), [] as Issue[]);
    if (depth(best) > 0) return best.flatMap((i) => toConfigIssues(i, at, rules));
    const input = shown(issue.input);
    return [{
      path: keyPath(at),
      message: {
        zh: `应为 "off"、"warn"、"error"，或 ["warn" 或 "error", {选项}]，实际是 ${input}`,
        en: `expected "off", "warn", "error" or ["warn" | "error", {options}], got ${input}`,
      },
    }];
  }
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: keyPath([...at, key]), message: unknownKey(at, key, rules) }));
  }
  return [{ path: keyPath(at), message: zodMessage(issue) }];
}

/**
 * Options that must keep an order among themselves, on the merged options (a config may set only `max` and go
 * below the profile's `min`). Each rule's own schema checks one value; these check the relation, which zod cannot
 * keep through the `.partial()` that config overrides need.
 */
const ORDERED_OPTIONS: Record<string, readonly (readonly [string, string])[]> = {
  'text/length': [['min', 'max']],
  'video/resolution': [['minShortSide', 'suggestedShortSide'], ['suggestedShortSide', 'suggestedLongSide']],
};

function orderIssues(ruleId: string, options: Record<string, unknown>, overrides: Record<string, unknown>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const [low, high] of ORDERED_OPTIONS[ruleId] ?? []) {
    const lowValue = options[low] as number;
    const highValue = options[high] as number;
    if (lowValue <= highValue) continue;
    // Point at the key the clerk wrote; when both came from the file, at the second of the pair.
    const key = high in overrides ? high : low;
    issues.push({
      path: keyPath(['rules', ruleId, 1, key]),
      message: {
        zh: `${low}（${lowValue}）不能大于 ${high}（${highValue}）`,
        en: `${low} (${lowValue}) must not be greater than ${high} (${highValue})`,
      },
    });
  }
  return issues;
}

/**
 * `jitless`: each of these schemas is parsed once or twice per run, and zod's fast path for objects compiles a
 * function per schema first (`new Function`), which cost more than it saved: parseConfig of no config file 14 -> 7 ms
 * (median of 21 fresh processes, docs/performance.md "Start-up").
 */
const PARSE = { reportInput: true, jitless: true } as const;

export function parseConfig(raw: unknown, file: string, rules: readonly AnyRule[] = RULES): ResolvedConfig {
  const parsed = configSchema(rules).safeParse(raw, PARSE);
  if (!parsed.success) {
    throw new ConfigError(file, parsed.error.issues.flatMap((issue) => toConfigIssues(issue, [], rules)));
  }
  const config = parsed.data;
  const profile = getProfile(config.profile);
  const resolved = new Map<string, ResolvedRule>();
  for (const rule of rules) {
    const setting = config.rules[rule.id] as z.infer<ReturnType<typeof ruleSetting>> | undefined;
    const severity = (Array.isArray(setting) ? setting[0] : setting) ?? rule.defaultSeverity;
    const overrides = Array.isArray(setting) ? (setting[1] ?? {}) : {};
    const options = rule.options.safeParse({ ...(profile.ruleOptions[rule.id] ?? {}), ...overrides }, PARSE);
    if (!options.success) {
      throw new ConfigError(file, options.error.issues.flatMap((issue) => toConfigIssues(issue, ['rules', rule.id, 1], rules)));
    }
    const disordered = orderIssues(rule.id, options.data as Record<string, unknown>, overrides as Record<string, unknown>);
    if (disordered.length) throw new ConfigError(file, disordered);
    resolved.set(rule.id, { rule, severity, options: options.data });
  }
  return { file, config, profile, rules: resolved };
}

/** A config is a few hundred bytes; a larger file is not one (and `--config /dev/zero` must not fill the memory). */
export const CONFIG_MAX_BYTES = 1024 * 1024;

/**
 * The file's bytes, refused unless it is a regular file of at most CONFIG_MAX_BYTES. It is opened non-blocking, so
 * a FIFO cannot hang the run, and checked again on the open handle, so a file swapped after the look is caught.
 */
async function readConfigBytes(file: string): Promise<Buffer> {
  const refuse = (message: Bilingual): never => {
    throw new ConfigError(file, [{ path: '', message }]);
  };
  const notRegular = { zh: '不是普通文件（是文件夹、设备或管道），不能作为配置文件', en: 'not a regular file (a folder, device or pipe), so it cannot be a config file' };
  const tooLarge = (bytes: number): Bilingual => ({
    zh: `文件太大（${bytes} 字节），配置文件最多 ${CONFIG_MAX_BYTES} 字节`,
    en: `too large (${bytes} bytes); a config file holds at most ${CONFIG_MAX_BYTES} bytes`,
  });
  let handle;
  try {
    const info = await stat(file);
    if (!info.isFile()) refuse(notRegular);
    if (info.size > CONFIG_MAX_BYTES) refuse(tooLarge(info.size));
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    return refuse(code === 'ENOENT'
      ? { zh: '找不到这个配置文件', en: 'no such file' }
      : { zh: `系统拒绝读取（${code ?? 'error'}）`, en: `the system refused to read it (${code ?? 'error'})` });
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) refuse(notRegular);
    // One byte more than allowed tells a file that grew since the look from one that fits.
    const buffer = Buffer.alloc(CONFIG_MAX_BYTES + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > CONFIG_MAX_BYTES) refuse(tooLarge(length));
    }
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    return refuse({ zh: `系统拒绝读取（${code ?? 'error'}）`, en: `the system refused to read it (${code ?? 'error'})` });
  } finally {
    await handle.close();
  }
}

/** Notepad may save the file as UTF-8 with BOM, "Unicode" (UTF-16) or "ANSI" (GBK): read it as any text file. */
async function readJson(file: string): Promise<unknown> {
  const bytes = await readConfigBytes(file);
  const text = decodeText(bytes).text.replace(/^\uFEFF/u, '');
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = errorMessage(error);
    const at = lineColumn(text, detail);
    throw new ConfigError(file, [{
      path: '',
      message: {
        zh: `${at ? `第 ${at.line} 行第 ${at.column} 列：` : ''}不是有效的 JSON（常见原因：少了或多了逗号，用了中文引号“”或中文冒号：，括号没有配对）。原文：${detail}`,
        en: `${at ? `line ${at.line}, column ${at.column}: ` : ''}not valid JSON: ${detail}`,
      },
    }]);
  }
}

/** Where JSON.parse stopped, as an editor shows it (1-based line and column), from V8's "at position N". */
export function lineColumn(text: string, message: string): { line: number; column: number } | null {
  const position = /at position (\d+)/u.exec(message)?.[1];
  const offset = position !== undefined ? Number(position) : /end of JSON input/u.test(message) ? text.length : null;
  if (offset === null) return null;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** `--config` wins; else the nearest pyvw.config.json from the submission folder upwards; else the working directory's. */
export async function findConfigFile(folder: string, explicit?: string, cwd = process.cwd()): Promise<string | null> {
  if (explicit) return path.resolve(cwd, explicit);
  let dir = path.resolve(cwd, folder);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE);
    if (await isFile(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const inCwd = path.join(cwd, CONFIG_FILE);
  return (await isFile(inCwd)) ? inCwd : null;
}

export async function loadConfig(folder: string, explicit?: string, cwd = process.cwd()): Promise<ResolvedConfig> {
  const file = await findConfigFile(folder, explicit, cwd);
  if (!file) return { ...parseConfig({}, '(defaults)'), file: null };
  return parseConfig(await readJson(file), file);
}
