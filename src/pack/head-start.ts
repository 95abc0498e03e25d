import { rm } from 'node:fs/promises';
import type { InspectedFile, ScannedFile } from '../types.js';
import type { PictureLimits } from './docx-pictures.js';
import { HopefulPackage, type PlannedEntry } from './plan.js';
import type { Staging } from './temporary.js';
import { PackageWriter } from './write.js';

/**
 * pack's head start: the package is begun while its check still runs. The check only reads a video's header and
 * keeps both cores busy walking the photos, while the main thread, which writes the package, mostly waits for them;
 * writing the day's largest files meanwhile takes most of the write off the time after the check (docs/performance.md,
 * "Pack"). What is written ahead is what the package would hold if every file passed (`HopefulPackage`), with the
 * pictures of its photo news and media reports as soon as those documents are inspected: when the
 * plan, made from the verdicts, has each of those entries under the same name, the write goes on from there; when it
 * does not (a file with an error, a duplicate photo, a name the plan numbered otherwise), or the pack is refused,
 * what was written ahead is thrown away with its temporary file and the package is written from the plan alone, as
 * it would have been without a head start. Either way the package is the plan's, and it is verified as any other.
 */

/** The largest first: they take longest to write, and the check reads the least of them (a video's header). */
const largestFirst = (a: PlannedEntry, b: PlannedEntry): number => b.bytes - a.bytes;

/**
 * A JPEG picture goes into the package as its document holds it, a block at a time. A picture to convert (a PNG
 * screenshot, up to the profile's 50 million pixels) is decoded whole by sharp: that waits for the plan's write,
 * after the check, whose memory (the walks, the check's facts) it would otherwise add to.
 */
const streamedAsIs = (entry: PlannedEntry): boolean => entry.source.type === 'picture' && entry.source.handling === 'jpeg';

/** `ahead` is `planned`: the same file (or the same picture of the same document), written the same way. */
function sameEntry(ahead: PlannedEntry, planned: PlannedEntry | undefined): boolean {
  if (!planned || planned.store !== ahead.store || planned.mtime.getTime() !== ahead.mtime.getTime()) return false;
  const [was, is] = [ahead.source, planned.source];
  if (was.type === 'file' && is.type === 'file') return was.file.absPath === is.file.absPath;
  return was.type === 'picture' && is.type === 'picture'
    && was.document.absPath === is.document.absPath && was.mediaPath === is.mediaPath && was.handling === is.handling
    && was.limits.maxBytes === is.limits.maxBytes && was.limits.maxPixels === is.limits.maxPixels;
}

export class HeadStart {
  private writer: PackageWriter | undefined;
  private writing: Promise<void> = Promise.resolve();
  private stopped = false;
  private failed = false;
  /** Each file's inspection so far, by its path on disk: a document's gives its pictures. */
  private readonly inspections = new Map<string, InspectedFile>();
  /** Wakes the writing ahead, waiting for the documents' inspections, when one more comes or it is to stop. */
  private wake: () => void = () => undefined;

  /**
   * `freeBytes`: what the output folder has room for; a day that would not fit is not begun. `pictureLimits`: the
   * profile's bounds on the pictures taken out of documents (`pictureExport`), as the plan's. `onWritten`: called
   * when everything was written ahead while the check still runs (the main thread then has time for other work,
   * and reads the package back meanwhile: `PackageWriter.readBack`).
   */
  constructor(
    private readonly target: string, private readonly staging: Staging, private readonly timeZone: string, private readonly freeBytes: number,
    private readonly pictureLimits: PictureLimits, private readonly onWritten?: () => void,
  ) {}

  /** Starts writing the scanned files (the check's `onScanned`); a second submission is not the package's. */
  begin(files: readonly ScannedFile[]): void {
    if (this.writer || this.stopped) return;
    const hopeful = new HopefulPackage(files);
    const entries = [...hopeful.entries].sort(largestFirst);
    if (entries.reduce((sum, entry) => sum + entry.bytes, 0) > this.freeBytes || this.staging.signal.aborted) return;
    // Called from inside the check: nothing here may throw into it.
    const writer = new PackageWriter(this.target, { timeZone: this.timeZone, signal: this.staging.signal });
    this.writer = writer;
    this.writing = (async () => {
      const inspectedOf = (file: ScannedFile): InspectedFile | undefined => this.inspections.get(file.absPath);
      const queue = [...entries];
      // The pictures of the photo news and media reports go next once every one of those documents is inspected
      // (the check inspects them all before it ends; as a rule while the first video is written): taken out of their
      // documents early, before the check and the walks hold all they will hold (docs/performance.md).
      let pictures: PlannedEntry[] | undefined;
      for (;;) {
        if (this.stopped) return;
        if (!pictures && (pictures = hopeful.pictures(inspectedOf, this.pictureLimits))) queue.unshift(...pictures.filter(streamedAsIs));
        const next = queue.shift();
        if (next) await writer.add(next);
        else if (pictures) break;
        else await new Promise<void>((resolve) => (this.wake = resolve));
      }
      if (this.stopped) return;
      this.onWritten?.();
      // The rest of the check's time, and the plan's, read what was written back, which the verify pass then need
      // not: the reading goes on until the package is finished (`finish` waits for it) or thrown away (`abort`).
      void writer.readBack();
    })().catch(() => {
      // Whatever went wrong ahead of the plan (a file gone, unreadable, changed) is the plan's to meet and report.
      this.failed = true;
    });
  }

  /** Keeps a file's inspection (the check's `onInspected`). */
  inspected(inspection: InspectedFile): void {
    this.inspections.set(inspection.file.absPath, inspection);
    this.wake();
  }

  private stop(): void {
    this.stopped = true;
    this.wake();
  }

  /**
   * After the check: stops writing ahead and, when `planned` (the plan's entries) holds every entry written so far
   * as it was written, hands the package on; otherwise throws it away.
   */
  async settle(planned: readonly PlannedEntry[]): Promise<PackageWriter | undefined> {
    this.stop();
    await this.writing;
    const writer = this.writer;
    if (!writer) return undefined;
    const byName = new Map(planned.map((entry) => [entry.name, entry]));
    // A picture left out (it could not become a JPG) is the plan's too: the list says so.
    const ahead = [...writer.written.map((entry) => entry.planned!), ...writer.skipped.map((picture) => picture.planned)];
    if (!this.failed && ahead.every((entry) => sameEntry(entry, byName.get(entry.name)))) {
      // When the check ended before everything was written ahead, what was is read back now, while the rest is
      // written (once: a read back already running goes on).
      void writer.readBack();
      return writer;
    }
    await this.close();
    // Now, not with the staging: the package written from the plan needs the disk space this one took.
    await rm(writer.target, { force: true });
    return undefined;
  }

  /** Stops writing ahead and closes the package unless it was finished (a refused or empty day, a failure). */
  async close(): Promise<void> {
    this.stop();
    await this.writing;
    await this.writer?.abort();
  }
}
