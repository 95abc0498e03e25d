import path from 'node:path';
import { Readable } from 'node:stream';
import type yauzl from 'yauzl';
import type { Profile } from '../profile/profile.js';
import { loadSharp } from '../inspect/sharp.js';
import { crcCheckedChunks, EntryCrcMismatch, entryChunks, openZipFile } from '../scan/zip-reader.js';

/**
 * The pictures of photo news and media reports as JPG files: the notice wants them zipped too. Which pictures, and
 * in what order, is the inspection's (`pictureList` of src/inspect/docx.ts: the pictures of the body, in reading
 * order); here they are only taken out of the document, JPEGs byte for byte and other pictures converted.
 */

export type PictureHandling = 'jpeg' | 'convert' | 'unsupported';

/** What sharp's prebuilt libvips reads. EMF/WMF are vector drawings, BMP and JPEG XR it cannot read. */
const CONVERTIBLE_FORMATS = new Set(['png', 'gif', 'webp', 'tif', 'tiff', 'svg', 'avif', 'heic', 'heif']);
/** Converted pictures: high enough that a screenshot's text stays sharp. */
const JPEG_QUALITY = 92;

/** `jpeg` is copied as is; `convert` is re-encoded as JPEG; `unsupported` cannot be written as JPG. */
export function pictureHandling(format: string): PictureHandling {
  if (format === 'jpeg' || format === 'pjpeg') return 'jpeg';
  return CONVERTIBLE_FORMATS.has(format) ? 'convert' : 'unsupported';
}

export type PictureLimits = Profile['pictureExport'];

/** What made a picture too large to write out: its inflated size, or (to be converted) its pixels. */
export type PictureExcess = { measure: 'bytes'; bytes: number; max: number } | { measure: 'pixels'; width: number; height: number; max: number };

/** A picture over the profile's limits (`pictureExport`): refused before it is read (bytes) or decoded (pixels). */
export class PictureTooLarge extends Error {
  constructor(readonly excess: PictureExcess) {
    super(excess.measure === 'bytes'
      ? `${excess.bytes} bytes inflated, over the ${excess.max} a picture may have`
      : `${excess.width}×${excess.height} pixels, over the ${excess.max} a picture to convert may have`);
  }
}

function isJpeg(chunk: Buffer): boolean {
  return chunk.length >= 3 && chunk[0] === 0xff && chunk[1] === 0xd8 && chunk[2] === 0xff;
}

async function toJpeg(picture: Buffer, maxPixels: number): Promise<Buffer> {
  const sharp = await loadSharp();
  // The header alone says how large the picture decodes: a 47 KB PNG may hold 16383 × 16383 pixels (768 MB as RGB).
  const { width = 0, height = 0 } = await sharp(picture, { animated: false, limitInputPixels: false }).metadata();
  if (width * height > maxPixels) throw new PictureTooLarge({ measure: 'pixels', width, height, max: maxPixels });
  // JPEG has no transparency: transparent parts of a PNG become white, as they look on the Word page.
  return sharp(picture, { animated: false, limitInputPixels: maxPixels }).flatten({ background: '#ffffff' }).jpeg({ quality: JPEG_QUALITY }).toBuffer();
}

/**
 * Reads a picture to its end once before any of it is packed: a picture damaged inside its document (cut, zeroed,
 * bit-rotted) fails here, on its size or on the CRC-32 the document recorded for it, and is left out with a
 * note, instead of failing the zip halfway through its entry.
 */
async function checkIntact(zip: yauzl.ZipFile, entry: yauzl.Entry, docxPath: string): Promise<void> {
  try {
    for await (const chunk of crcCheckedChunks(zip, entry)) void chunk;
  } catch (error) {
    if (!(error instanceof EntryCrcMismatch)) throw error;
    throw new Error(`${entry.fileName} is damaged inside ${path.basename(docxPath)} (its CRC-32 does not match)`);
  }
}

/**
 * One picture of a .docx as JPEG bytes. A JPEG (by its bytes, whatever its name says) streams straight out of the
 * document; anything else is read whole, converted with sharp, and handed over as one buffer. A picture over
 * `limits` throws PictureTooLarge before it is read (its inflated size, which the entry is held to as it is read) or decoded.
 */
export async function openDocxPictureAsJpeg(docxPath: string, mediaPath: string, limits: PictureLimits): Promise<{ stream: Readable; converted: boolean }> {
  // In large pieces, not yauzl's 16 KB ones (zip-reader.ts).
  const zip = await openZipFile(docxPath);
  let jpegStream: Readable | undefined;
  try {
    let found: yauzl.Entry | undefined;
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName === mediaPath) {
        found = entry;
        break;
      }
    }
    if (!found) throw new Error(`${mediaPath} is not in ${path.basename(docxPath)}`);
    if (found.uncompressedSize > limits.maxBytes) throw new PictureTooLarge({ measure: 'bytes', bytes: found.uncompressedSize, max: limits.maxBytes });
    await checkIntact(zip, found, docxPath);
    const chunks = entryChunks(zip, found);
    const first = await chunks.next();
    const head: Buffer = first.done ? Buffer.alloc(0) : first.value;
    if (isJpeg(head)) {
      const rest = async function* (): AsyncGenerator<Buffer> {
        try {
          yield head;
          yield* chunks;
        } finally {
          await chunks.return(undefined);
          zip.close();
        }
      };
      jpegStream = Readable.from(rest(), { objectMode: false });
      return { stream: jpegStream, converted: false };
    }
    const parts: Buffer[] = [head];
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) parts.push(next.value);
    return { stream: Readable.from([await toJpeg(Buffer.concat(parts), limits.maxPixels)], { objectMode: false }), converted: true };
  } finally {
    // A streaming JPEG closes the document when it is read to the end; otherwise the document is done with here.
    if (!jpegStream) zip.close();
  }
}
