import { createHash } from 'node:crypto';

/** `--shard i/n`: a stable slice of the submissions, for CI matrices (`pyvw merge-reports` joins the reports). */

export interface Shard {
  index: number;
  count: number;
}

export function parseShard(value: string): Shard | undefined {
  const match = /^(\d+)\/(\d+)$/u.exec(value.trim());
  if (!match) return undefined;
  const index = Number(match[1]);
  const count = Number(match[2]);
  return count >= 1 && index >= 1 && index <= count ? { index, count } : undefined;
}

/**
 * The i-th of n slices, as Jest and Vitest shard: sorted by the SHA-1 of each item's path (`/` separators), cut
 * into n runs of ceil(length / n). Every machine of a CI matrix computes the same slices; together they cover
 * every item once. The slice keeps the items' own order.
 */
export function shardOf<T>(items: readonly T[], keyOf: (item: T) => string, shard: Shard): T[] {
  const hashed = items.map((item) => ({ item, hash: createHash('sha1').update(keyOf(item).replace(/\\/gu, '/')).digest('hex') }));
  const sorted = [...hashed].sort((a, b) => (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
  const size = Math.ceil(items.length / shard.count);
  const chosen = new Set(sorted.slice(size * (shard.index - 1), size * shard.index).map((h) => h.item));
  return items.filter((item) => chosen.has(item));
}
