import { readFile, stat } from 'node:fs/promises';
import type { Sharp } from 'sharp';
import { loadSharp } from '../inspect/sharp.js';

/**
 * Photos `pyvw fix` converts: HEIC/HEIF, PNG, WebP, TIFF, BMP, GIF → baseline JPEG at quality 92 in sRGB, turned
 * upright, captions kept; CMYK JPEG → sRGB through its embedded profile. Never resized: a picture too small
 * stays too small, and the report asks for the original.
 */

export const JPEG_QUALITY = 92;
/** Formats sharp's own libvips decodes; HEIC needs heic-decode (sharp's prebuilt libvips has no HEVC decoder), BMP bmp-ts. */
const SHARP_DECODES = new Set(['jpeg', 'png', 'webp', 'gif', 'tif', 'avif']);
export const CONVERTIBLE_FORMATS = new Set([...SHARP_DECODES, 'heic', 'heif', 'bmp']);

export interface PhotoConversion {
  /** The real format (`heic`, `png`, `jpeg`, …) as photo inspection found it. */
  format: string;
  /**
   * A caption to write into the new file's XMP (dc:description): given when the photo's caption came from its own
   * metadata in a form the conversion would not carry over (IPTC, or any metadata of a HEIC or BMP).
   */
  caption?: string;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/gu, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
}

/** A minimal XMP packet holding the caption as dc:description, which photo inspection reads back (UTF-8, so Chinese survives). */
export function captionXmp(caption: string): string {
  return (
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>' +
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">' +
    `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(caption)}</rdf:li></rdf:Alt></dc:description>` +
    '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
  );
}

/** The decoded picture as sharp input, with the metadata the format lets us take along. */
async function openPicture(input: string, format: string): Promise<{ image: Sharp; xmp?: string }> {
  // Loaded here, not as fix starts: a day whose only fix is a video (or a Word file) never needs it.
  const sharp = await loadSharp();
  if (format === 'heic' || format === 'heif') {
    const bytes = await readFile(input);
    const { default: decodeHeic } = await import('heic-decode');
    // libheif applies the file's rotation and mirroring (irot/imir) while decoding: the pixels come out upright.
    const { width, height, data } = await decodeHeic({ buffer: bytes });
    // sharp reads a HEIC's container (not its pictures), so its XMP comes from there.
    const xmp = (await sharp(bytes).metadata().catch(() => undefined))?.xmp?.toString('utf8');
    return { image: sharp(Buffer.from(data.buffer, data.byteOffset, data.byteLength), { raw: { width, height, channels: 4 } }), xmp };
  }
  if (format === 'bmp') {
    const { decode } = await import('bmp-ts');
    const bitmap = decode(await readFile(input), { toRGBA: true });
    // bmp-ts hands over four bytes a pixel; the fourth is 0 for 24-bit files and unused in most 32-bit ones (Paint
    // writes it as 0), so it is made opaque rather than read as transparency (sharp flattens before removeAlpha).
    for (let alpha = 3; alpha < bitmap.data.length; alpha += 4) bitmap.data[alpha] = 255;
    return { image: sharp(bitmap.data, { raw: { width: bitmap.width, height: bitmap.height, channels: 4 } }) };
  }
  // EXIF and XMP ride along as they are; `rotate()` turns the picture upright and drops the orientation tag.
  return { image: sharp(input, { failOn: 'none' }).rotate().keepExif().keepXmp() };
}

/** Writes the converted JPEG to `output` and returns its size in bytes. */
export async function convertPhoto(input: string, output: string, { format, caption }: PhotoConversion): Promise<number> {
  const { image, xmp } = await openPicture(input, format);
  // Transparent screenshots get a white background, as they look on a page; sRGB whatever the source space was
  // (libvips converts CMYK through the file's embedded ICC profile, or a standard CMYK profile without one).
  let pipeline = image.flatten({ background: '#ffffff' }).toColourspace('srgb');
  const packet = caption ? captionXmp(caption) : xmp;
  if (packet) pipeline = pipeline.withXmp(packet);
  await pipeline.jpeg({ quality: JPEG_QUALITY, progressive: false, chromaSubsampling: '4:2:0' }).toFile(output);
  return (await stat(output)).size;
}
