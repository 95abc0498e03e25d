import type { Config, ResolvedConfig } from './config.js';

/**
 * `pyvw config show`: the config a folder is judged by, written out in full as a pyvw.config.json would be:
 * the profile's numbers with the file's overrides applied, every rule as [severity, options].
 * Saved as a file, it judges the same way.
 */
export function effectiveConfig(resolved: ResolvedConfig): Config {
  const rules: Config['rules'] = Object.fromEntries(
    [...resolved.rules].map(([id, { severity, options }]) => [id, [severity, options as Record<string, unknown>]]),
  );
  const attachmentLimitMB = resolved.config.attachmentLimitMB ?? resolved.profile.attachmentLimitBytes / 1_000_000;
  return { ...resolved.config, profile: resolved.profile.id, attachmentLimitMB, rules };
}
