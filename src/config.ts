import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_PROFILE, getProfile, PROFILES, type Profile } from './profile/profile.js';
import { RULES } from './rules/registry.js';
import type { AnyRule } from './rules/rule.js';
import type { SeveritySetting } from './types.js';

export const CONFIG_FILE = 'pyvw.config.json';

const SEVERITY = z.enum(['off', 'warn', 'error']).meta({ id: 'severity', description: 'off 关闭 / warn 警告 / error 错误' });

/** A rule's setting: a severity, or [severity, options] with the options checked by that rule's own schema. */
function ruleSetting(rule: AnyRule) {
  const options = (rule.options as z.ZodObject).partial();
  return z
    .union([SEVERITY, z.tuple([SEVERITY]), z.tuple([SEVERITY, options])], {
      error: 'expected "off", "warn" or "error", or [severity, { options }]',
    })
    .describe(`${rule.docs.zh} / ${rule.docs.en}`);
}

/** Built from the registry, so every rule's options appear in errors and in the published JSON Schema. */
export function configSchema() {
  const rules = Object.fromEntries(RULES.map((rule) => [rule.id, ruleSetting(rule).optional()]));
  return z
    .object({
      $schema: z.string().optional(),
      profile: z.enum(Object.keys(PROFILES) as [string, ...string[]]).default(DEFAULT_PROFILE),
      unit: z.string().trim().min(1).optional().describe('学校或单位名称，用于报送包的文件名'),
      attachmentLimitMB: z.number().positive().optional().describe('邮箱附件大小上限（MB）'),
      rules: z.strictObject(rules).default({}),
    })
    .strict();
}

export type Config = z.output<ReturnType<typeof configSchema>>;

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(`${file}: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
  }
}

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

function keyPath(segments: readonly PropertyKey[]): string {
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? String(s) : `.${String(s)}`)).join('');
}

type Issue = z.core.$ZodIssue;

/** The branch of a failed union that fits the input best: the right type, the fewest issues, the deepest path. */
function closestBranch(branches: Issue[][]): Issue[] | undefined {
  const wrongType = (issues: Issue[]): boolean => issues.some((i) => i.path.length === 0 && i.code === 'invalid_type');
  const depth = (issues: Issue[]): number => Math.max(...issues.map((i) => i.path.length));
  return branches
    .filter((issues) => issues.length > 0 && !wrongType(issues))
    .sort((a, b) => a.length - b.length || depth(b) - depth(a))[0];
}

/**
 * zod's issues made exact for a person: an unknown key is named in the path itself, and a rule setting that fits
 * none of its forms is explained by the form it came closest to (`rules.text/length[1].min: expected number`).
 */
function explainIssues(issues: readonly Issue[], prefix: readonly PropertyKey[] = []): { path: string; message: string }[] {
  return issues.flatMap((issue) => {
    const at = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ path: keyPath([...at, key]), message: issue.message }));
    const branch = issue.code === 'invalid_union' ? closestBranch(issue.errors) : undefined;
    return branch ? explainIssues(branch, at) : [{ path: keyPath(at), message: issue.message }];
  });
}

export function parseConfig(raw: unknown, file: string): ResolvedConfig {
  const parsed = configSchema().safeParse(raw);
  if (!parsed.success) throw new ConfigError(file, explainIssues(parsed.error.issues));
  const config = parsed.data;
  const profile = getProfile(config.profile);
  const rules = new Map<string, ResolvedRule>();
  for (const rule of RULES) {
    const setting = config.rules[rule.id] as z.infer<ReturnType<typeof ruleSetting>> | undefined;
    const severity = (Array.isArray(setting) ? setting[0] : setting) ?? rule.defaultSeverity;
    const overrides = Array.isArray(setting) ? (setting[1] ?? {}) : {};
    const options = rule.options.safeParse({ ...(profile.ruleOptions[rule.id] ?? {}), ...overrides });
    if (!options.success) {
      throw new ConfigError(file, options.error.issues.map((issue) => ({ path: keyPath(['rules', rule.id, 1, ...issue.path]), message: issue.message })));
    }
    rules.set(rule.id, { rule, severity, options: options.data });
  }
  return { file, config, profile, rules };
}

async function readJson(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text.replace(/^\uFEFF/u, ''));
  } catch (error) {
    throw new ConfigError(file, [{ path: '', message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` }]);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await readFile(file);
    return true;
  } catch {
    return false;
  }
}

/** `--config` wins; else the nearest pyvw.config.json from the submission folder upwards; else the working directory's. */
export async function findConfigFile(folder: string, explicit?: string, cwd = process.cwd()): Promise<string | null> {
  if (explicit) return path.resolve(explicit);
  let dir = path.resolve(folder);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE);
    if (await exists(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const inCwd = path.join(cwd, CONFIG_FILE);
  return (await exists(inCwd)) ? inCwd : null;
}

export async function loadConfig(folder: string, explicit?: string): Promise<ResolvedConfig> {
  const file = await findConfigFile(folder, explicit);
  if (!file) return { ...parseConfig({}, '(defaults)'), file: null };
  let raw: unknown;
  try {
    raw = await readJson(file);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(file, [{ path: '', message: 'cannot be read' }]);
  }
  const resolved = parseConfig(raw, file);
  return { ...resolved, file };
}
