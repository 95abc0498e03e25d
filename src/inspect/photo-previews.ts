import type { ScannedFile } from '../types.js';
import type { PhotoFacts } from './image.js';
import type { JpegPreview } from './jpeg-preview.js';

/**
 * The previews the JPEG walk makes (jpeg-preview.ts) reach whoever asked for them here, and only while someone
 * asks: a check without an HTML report never makes one. The walk's worker sends a photo's preview back with its
 * structure; it is kept until the photo's inspection is done and then handed over with the photo's facts (its
 * EXIF orientation, whether it is whole), so the listener can make the thumbnail at once and no preview waits in
 * memory for the end of the check.
 */
export type PreviewListener = (file: ScannedFile, facts: PhotoFacts, preview: JpegPreview) => void;

const listeners = new Map<PreviewListener, number>();
/** Previews by the photo's absolute path, from the end of its walk to the end of its inspection. */
const kept = new Map<string, JpegPreview>();

/**
 * Calls `listener` for every JPEG inspected from now on whose walk made a preview of at most `edge` pixels on its
 * long side; returns the function that stops it.
 */
export function listenForPreviews(edge: number, listener: PreviewListener): () => void {
  listeners.set(listener, edge);
  return () => {
    listeners.delete(listener);
    if (!listeners.size) kept.clear();
  };
}

/** The long edge the walk should reduce previews to, or undefined when nobody wants them. */
export function wantedPreviewEdge(): number | undefined {
  return listeners.size ? Math.max(...listeners.values()) : undefined;
}

/** From the walk's pool: a photo's preview, kept until its inspection ends (see photoInspected). */
export function keepPreview(absPath: string, preview: JpegPreview): void {
  if (listeners.size) kept.set(absPath, preview);
}

/** From the inspection: the photo is inspected (`facts`), or its inspection failed (no facts); its preview goes. */
export function photoInspected(file: ScannedFile, facts: PhotoFacts | undefined): void {
  const preview = kept.get(file.absPath);
  if (!preview) return;
  kept.delete(file.absPath);
  if (facts) for (const listener of listeners.keys()) listener(file, facts, preview);
}
