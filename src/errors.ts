import { format } from './i18n.js';
import { visibleStrings } from './report/escape.js';
import type { Bilingual } from './types.js';

/** Bad usage that is not a config or folder problem (a missing `--unit`, an existing package): exit 2. */
export class UsageError extends Error {
  constructor(readonly messages: { zh: string; en: string }) {
    super(messages.en);
  }

  /**
   * The refusal `text` says, with `data` in it: a name in the data (a file that changed while packed, an --out
   * folder) has its control and invisible characters shown as stand-ins, a line feed in a name as ␊ too, so it
   * cannot fake a line of pyvw's message.
   */
  static of(text: Bilingual, data: Record<string, unknown> = {}): UsageError {
    const shown = visibleStrings(data);
    return new UsageError({ zh: format(text, 'zh', shown), en: format(text, 'en', shown) });
  }
}

/** One problem of a config file: where (a key path such as `rules.text/length[1].min`) and what was expected. */
export interface ConfigIssue {
  path: string;
  message: { zh: string; en: string };
}

/**
 * A bad `pyvw.config.json`: exit 2, naming each key path. Lives here rather than in config.ts so the CLI can
 * recognise it without loading zod and every rule (which would slow `pyvw --version`).
 */
export class ConfigError extends Error {
  readonly issues: ConfigIssue[];

  constructor(
    readonly file: string,
    issues: { path: string; message: string | { zh: string; en: string } }[],
  ) {
    const normalised = issues.map((i) => ({ path: i.path, message: typeof i.message === 'string' ? { zh: i.message, en: i.message } : i.message }));
    super(`${file}: ${normalised.map((i) => `${i.path || '(root)'}: ${i.message.en}`).join('; ')}`);
    this.issues = normalised;
  }
}

/** What a thrown value says, whatever was thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** How long an error's detail in a report may be: the one length every reader of errors cuts at. */
export const DETAIL_CHARS = 200;

/** The first line of what a thrown value says, cut to `maxChars`: a detail for a report, never a stack trace. */
export function errorFirstLine(error: unknown, maxChars = DETAIL_CHARS): string {
  return errorMessage(error).split('\n')[0]!.trim().slice(0, maxChars);
}

/**
 * The system's refusal of a call on a file (EACCES, EBUSY, ENAMETOOLONG, …), or undefined when the error is not one:
 * Node's own ERR_* codes carry no `syscall`, and are pyvw's faults. A refusal is the file's finding, never pyvw's bug.
 */
export function systemRefusal(error: unknown): { code: string; syscall: string } | undefined {
  const { code, syscall } = (error ?? {}) as NodeJS.ErrnoException;
  return typeof code === 'string' && typeof syscall === 'string' && /^E[A-Z0-9]+$/u.test(code) ? { code, syscall } : undefined;
}
