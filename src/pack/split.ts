import { openDocxPictureAsJpeg } from './docx-pictures.js';
import { MAX_THUMBNAIL_BYTES, PICTURE_DOCUMENT_KINDS, PICTURES_PER_DOCUMENT } from '../report/thumbnails.js';
import type { LeftOutFile, PlannedEntry } from './plan.js';

/**
 * `--split`: several packages, each under the mailbox's attachment limit, by whole files. A file travels with its
 * sidecar and a document with its pictures; a caption list goes into every package that holds a photo. A group
 * larger than the limit on its own gets a package of its own, to be sent as a large attachment (超大附件).
 */

export interface Part {
  entries: PlannedEntry[];
  /** Estimated size of the zip. */
  bytes: number;
  /** True when a single group is larger than the limit: it cannot go as an ordinary attachment. */
  oversized: boolean;
}

/** Zip bytes around each entry: local header, data descriptor and central directory record, both with the name. */
export function entryOverhead(name: string): number {
  return 30 + 24 + 46 + 28 + 2 * Buffer.byteLength(name);
}

/** End-of-central-directory records (Zip64 included) and a bound on 报送清单.txt's fixed part and its left-out list. */
function fixedOverhead(leftOut: readonly LeftOutFile[]): number {
  const leftOutText = leftOut.reduce((sum, f) => sum + 40 + Buffer.byteLength(f.path) + f.reasons.reduce((s, r) => s + 10 + Buffer.byteLength(r), 0), 0);
  return 22 + 76 + entryOverhead('报送清单.txt') + 2048 + leftOutText + entryOverhead('材料一览.html') + OVERVIEW_PAGE_BYTES;
}

/** 材料一览.html without its cards: style, script and header. */
const OVERVIEW_PAGE_BYTES = 32 * 1024;
const DOCUMENT_KINDS = new Set<PlannedEntry['kind']>(PICTURE_DOCUMENT_KINDS);

/**
 * An entry's share of 材料一览.html: its card (markup and words) and its thumbnails in base64, at their bound
 * (src/report/thumbnails.ts); deflate does not take base64 below the bytes it encodes, so this bounds the deflated page.
 */
function overviewShare(entry: PlannedEntry): number {
  const thumbnails = entry.kind === 'photo' ? 1 : DOCUMENT_KINDS.has(entry.kind) ? PICTURES_PER_DOCUMENT : 0;
  return 4096 + Math.ceil((thumbnails * MAX_THUMBNAIL_BYTES * 4) / 3);
}

/** The list's line for an entry is deflated into the zip; its plain size bounds what it adds. */
function listingShare(entry: PlannedEntry): number {
  return 256 + 2 * Buffer.byteLength(entry.name);
}

function cost(entry: PlannedEntry): number {
  return entry.bytes + entryOverhead(entry.name) + listingShare(entry) + overviewShare(entry);
}

/** Converted pictures only have a size once converted; conversion is deterministic, so the size holds at write time. */
export async function measureConvertedPictures(entries: PlannedEntry[], signal: AbortSignal): Promise<void> {
  for (const entry of entries) {
    if (entry.source.type !== 'picture' || entry.source.handling !== 'convert') continue;
    signal.throwIfAborted();
    try {
      const { stream } = await openDocxPictureAsJpeg(entry.source.document.absPath, entry.source.mediaPath, entry.source.limits);
      let bytes = 0;
      for await (const chunk of stream) bytes += (chunk as Buffer).length;
      entry.bytes = bytes;
    } catch {
      // It will be left out with a note when written; its size in the document is a safe guess meanwhile.
    }
  }
}

export function splitEntries(entries: readonly PlannedEntry[], limitBytes: number, leftOut: readonly LeftOutFile[]): Part[] {
  const budget = limitBytes - fixedOverhead(leftOut);
  const followers = entries.filter((e) => e.follows);
  const groups = new Map<number, PlannedEntry[]>();
  for (const entry of entries) {
    if (entry.follows) continue;
    groups.set(entry.group, [...(groups.get(entry.group) ?? []), entry]);
  }

  const parts: Part[] = [];
  const followersFor = (part: Part | undefined, group: PlannedEntry[]): PlannedEntry[] =>
    followers.filter((f) => !part?.entries.includes(f) && group.some((e) => e.kind === f.follows));
  const sum = (list: PlannedEntry[]): number => list.reduce((s, e) => s + cost(e), 0);

  for (const group of groups.values()) {
    const size = sum(group);
    if (size > budget) {
      // Too large for any mailbox: alone, so the other packages can still go as ordinary attachments.
      const extra = followersFor(undefined, group);
      parts.push({ entries: [...group, ...extra], bytes: size + sum(extra), oversized: true });
      continue;
    }
    const fits = parts.find((p) => !p.oversized && p.bytes + size + sum(followersFor(p, group)) <= budget);
    const part = fits ?? { entries: [], bytes: 0, oversized: false };
    const extra = followersFor(part, group);
    part.entries.push(...group, ...extra);
    part.bytes += size + sum(extra);
    if (!fits) parts.push(part);
  }
  // Each package keeps the package's own order: by kind folder, then by name.
  const order = new Map(entries.map((e, i) => [e, i]));
  for (const part of parts) {
    part.entries.sort((a, b) => order.get(a)! - order.get(b)!);
    part.bytes += fixedOverhead(leftOut);
  }
  return parts;
}
