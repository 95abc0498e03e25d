import path from 'node:path';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';

/**
 * The pictures embedded in a Word document, read from its `word/media/` folder. The notice wants the pictures of
 * photo news and media reports zipped too, as JPG files; JPEGs are copied byte for byte, other pictures converted.
 */

export interface DocxPicture {
  /** Path inside the .docx, e.g. `word/media/image1.png`. */
  mediaPath: string;
  /** Uncompressed size inside the .docx. */
  bytes: number;
  /** `jpeg` is copied as is; `convert` is re-encoded as JPEG; `unsupported` (EMF, WMF, BMP, …) cannot be written as JPG. */
  handling: 'jpeg' | 'convert' | 'unsupported';
}

const JPEG_EXTS = new Set(['.jpg', '.jpeg', '.jpe', '.jfif']);
/** What sharp's prebuilt libvips reads. EMF/WMF are vector drawings, BMP and JPEG XR it cannot read. */
const CONVERTIBLE_EXTS = new Set(['.png', '.gif', '.webp', '.tif', '.tiff', '.svg', '.avif', '.heic', '.heif']);
const MEDIA_FOLDER = 'word/media/';
/** Converted pictures: high enough that a screenshot's text stays sharp. */
const JPEG_QUALITY = 92;

const byNumber = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function handlingOf(mediaPath: string): DocxPicture['handling'] {
  const ext = path.posix.extname(mediaPath).toLowerCase();
  if (JPEG_EXTS.has(ext)) return 'jpeg';
  return CONVERTIBLE_EXTS.has(ext) ? 'convert' : 'unsupported';
}

/** The pictures of a .docx, in Word's numbering order (image1, image2, … image10), from its central directory only. */
export async function listDocxPictures(docxPath: string): Promise<DocxPicture[]> {
  const zip = await yauzl.openPromise(docxPath, { lazyEntries: true, autoClose: false });
  try {
    const pictures: DocxPicture[] = [];
    for await (const entry of zip.eachEntry()) {
      if (!entry.fileName.startsWith(MEDIA_FOLDER) || entry.fileName.endsWith('/')) continue;
      pictures.push({ mediaPath: entry.fileName, bytes: entry.uncompressedSize, handling: handlingOf(entry.fileName) });
    }
    return pictures.sort((a, b) => byNumber.compare(a.mediaPath, b.mediaPath));
  } finally {
    zip.close();
  }
}

function isJpeg(chunk: Buffer): boolean {
  return chunk.length >= 3 && chunk[0] === 0xff && chunk[1] === 0xd8 && chunk[2] === 0xff;
}

async function toJpeg(picture: Buffer): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  // JPEG has no transparency: transparent parts of a PNG become white, as they look on the Word page.
  return sharp(picture, { animated: false }).flatten({ background: '#ffffff' }).jpeg({ quality: JPEG_QUALITY }).toBuffer();
}

/**
 * Reads a picture to its end once before any of it is packed: a picture damaged inside its document (cut, zeroed,
 * bit-rotted) fails here, on its size (yauzl) or on the CRC-32 the document recorded for it, and is left out with a
 * note, instead of failing the zip halfway through its entry.
 */
async function checkIntact(zip: yauzl.ZipFile, entry: yauzl.Entry, docxPath: string): Promise<void> {
  let crc = 0;
  for await (const chunk of await zip.openReadStreamPromise(entry)) crc = crc32(chunk as Buffer, crc);
  if (crc !== entry.crc32) throw new Error(`${entry.fileName} is damaged inside ${path.basename(docxPath)} (its CRC-32 does not match)`);
}

/**
 * One picture of a .docx as JPEG bytes. A JPEG (by its bytes, whatever its name says) streams straight out of the
 * document; anything else is read whole, converted with sharp, and handed over as one buffer.
 */
export async function openDocxPictureAsJpeg(docxPath: string, mediaPath: string): Promise<{ stream: Readable; converted: boolean }> {
  const zip = await yauzl.openPromise(docxPath, { lazyEntries: true, autoClose: false });
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
    await checkIntact(zip, found, docxPath);
    const raw = await zip.openReadStreamPromise(found);
    const chunks = raw[Symbol.asyncIterator]();
    const first = await chunks.next();
    const head: Buffer = first.done ? Buffer.alloc(0) : (first.value as Buffer);
    if (isJpeg(head)) {
      const rest = async function* (): AsyncGenerator<Buffer> {
        try {
          yield head;
          for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value as Buffer;
        } finally {
          raw.destroy();
          zip.close();
        }
      };
      jpegStream = Readable.from(rest(), { objectMode: false });
      return { stream: jpegStream, converted: false };
    }
    const parts: Buffer[] = [head];
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) parts.push(next.value as Buffer);
    return { stream: Readable.from([await toJpeg(Buffer.concat(parts))], { objectMode: false }), converted: true };
  } finally {
    // A streaming JPEG closes the document when it is read to the end; otherwise the document is done with here.
    if (!jpegStream) zip.close();
  }
}
