import { open, type FileHandle } from 'node:fs/promises';

/**
 * Reads the marker segments of a JPEG up to its first scan (the "head": metadata and decoding tables), without
 * the image data, for exifr and for the metadata rules. Three things are done to the copy, never to the file:
 *
 * - Metadata is capped: a file may carry thousands of APPn segments (6,000 XMP-extension segments make a 348 MB
 *   JPEG), and libvips and exifr both keep every one of them in memory (2.95 GB RSS for that file). Segments past
 *   HEAD_CAP_BYTES are left unread, counted, and the photo says so in a finding.
 * - Every IPTC field is bounded to its Photoshop resource: a dataset whose length runs past it (`1C 02 78`,
 *   length 0xFFFF, 4 bytes of data) would otherwise make exifr read the bytes that follow as a caption.
 * - An XMP packet written in UTF-16 (allowed by the XMP spec; exiftool's test images use it) is re-encoded as
 *   UTF-8, the only encoding exifr reads, so its dc:description is seen.
 */

/** Header segments kept, all together; camera metadata is tens of KB, Google's depth maps in extended XMP a few MB. */
export const HEAD_CAP_BYTES = 16 * 1024 * 1024;
/** The first read; nearly every camera JPEG's head fits in it, so it is the only read. */
const FIRST_READ = 256 * 1024;

const SOS = 0xda;
const EOI = 0xd9;
const APP13 = 0xed;
const APP1 = 0xe1;
/** Markers that stand alone, without a length: TEM and RST0–RST7. */
const isStandalone = (marker: number): boolean => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);

export interface JpegHead {
  /** SOI, the kept segments and EOI: a JPEG without image data, which exifr reads as it reads the whole file. */
  head: Buffer;
  /** Offset of the first SOS marker: where the image data starts. Undefined when the file has none. */
  scanStart?: number;
  /** Segments (in practice metadata: APPn, COM) left unread beyond the cap, and their bytes. */
  skippedSegments: number;
  skippedBytes: number;
}

/** Reads `length` bytes at `position`, from the first block when it holds them. */
async function readAt(handle: FileHandle, first: Buffer, position: number, length: number): Promise<Buffer> {
  if (position + length <= first.length) return first.subarray(position, position + length);
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

export async function readJpegHead(absPath: string): Promise<JpegHead> {
  const handle = await open(absPath, 'r');
  try {
    const first = await readAt(handle, Buffer.alloc(0), 0, FIRST_READ);
    const kept: Buffer[] = [first.subarray(0, 2)];
    let keptBytes = 0;
    let skippedSegments = 0;
    let skippedBytes = 0;
    let scanStart: number | undefined;
    let pos = 2;
    for (;;) {
      const marker = await readAt(handle, first, pos, 4);
      if (marker.length < 2 || marker[0] !== 0xff) break;
      if (marker[1] === 0xff) {
        pos++; // a fill byte before the marker
        continue;
      }
      const code = marker[1]!;
      if (code === SOS) scanStart = pos;
      if (code === SOS || code === EOI || code === 0xd8) break;
      if (isStandalone(code)) {
        pos += 2;
        continue;
      }
      if (marker.length < 4) break;
      const length = marker.readUInt16BE(2);
      if (length < 2) break;
      // Metadata (APPn, COM) is what grows; a header of thousands of tables is capped the same way.
      if (keptBytes + length + 2 > HEAD_CAP_BYTES) {
        skippedSegments++;
        skippedBytes += length + 2;
      } else {
        const segment = await readAt(handle, first, pos, length + 2);
        if (segment.length < length + 2) break;
        const adjusted = code === APP13 ? boundIptc(segment) : code === APP1 ? xmpAsUtf8(segment) : segment;
        kept.push(adjusted);
        keptBytes += adjusted.length;
      }
      pos += length + 2;
    }
    kept.push(Buffer.from([0xff, EOI]));
    return { head: Buffer.concat(kept), scanStart, skippedSegments, skippedBytes };
  } finally {
    await handle.close();
  }
}

const PHOTOSHOP = Buffer.from('Photoshop 3.0\0', 'latin1');
const IPTC_RESOURCE = 0x0404;

/**
 * A copy of an APP13 segment whose IPTC datasets all end inside their resource: a length that runs past it is cut
 * to the bytes the resource holds (exifr reads a dataset's declared length from wherever its buffer goes on).
 */
export function boundIptc(segment: Buffer): Buffer {
  const body = 4 + PHOTOSHOP.length;
  if (!segment.subarray(4, body).equals(PHOTOSHOP)) return segment;
  let copy: Buffer | undefined;
  for (let p = body; p + 12 <= segment.length; ) {
    if (segment.toString('latin1', p, p + 4) !== '8BIM') break;
    const id = segment.readUInt16BE(p + 4);
    const nameLength = segment[p + 6]!;
    const sizeAt = p + 6 + nameLength + 1 + ((nameLength + 1) % 2);
    if (sizeAt + 4 > segment.length) break;
    const dataStart = sizeAt + 4;
    const dataEnd = Math.min(segment.length, dataStart + segment.readUInt32BE(sizeAt));
    if (id === IPTC_RESOURCE) {
      for (let d = dataStart; d + 5 <= dataEnd && segment[d] === 0x1c; ) {
        const declared = segment.readUInt16BE(d + 3);
        // Extended datasets (high bit set) give the length's byte count instead; exifr does not read them either.
        const available = dataEnd - (d + 5);
        if (declared > available) {
          copy ??= Buffer.from(segment);
          copy.writeUInt16BE(available, d + 3);
          break;
        }
        d += 5 + declared;
      }
    }
    p = dataEnd + ((dataEnd - dataStart) % 2);
  }
  return copy ?? segment;
}

const XMP_NAMESPACE = Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1');

/** The UTF-16 byte order of an XMP packet, from its BOM or from `<` written as two bytes; undefined for UTF-8. */
function utf16Order(packet: Buffer): 'utf-16be' | 'utf-16le' | undefined {
  if (packet.length < 2) return undefined;
  if ((packet[0] === 0xfe && packet[1] === 0xff) || (packet[0] === 0x00 && packet[1] === 0x3c)) return 'utf-16be';
  if ((packet[0] === 0xff && packet[1] === 0xfe) || (packet[0] === 0x3c && packet[1] === 0x00)) return 'utf-16le';
  return undefined;
}

/** A copy of an XMP APP1 segment whose packet is UTF-16, re-encoded as UTF-8; any other segment as it is. */
export function xmpAsUtf8(segment: Buffer): Buffer {
  const packetStart = 4 + XMP_NAMESPACE.length;
  if (segment.length < packetStart || !segment.subarray(4, packetStart).equals(XMP_NAMESPACE)) return segment;
  const packet = segment.subarray(packetStart);
  const order = utf16Order(packet);
  if (!order) return segment;
  const text = new TextDecoder(order).decode(packet).replace(/^\uFEFF/u, '');
  // The packet's own `begin` attribute names the BOM it was written with; as UTF-8 it carries the UTF-8 BOM.
  const utf8 = Buffer.from(text.replace(/begin=(["'])\uFEFF?\1/u, 'begin=$1\uFEFF$1'), 'utf8');
  const length = 2 + XMP_NAMESPACE.length + utf8.length;
  if (length > 0xffff) return segment;
  const out = Buffer.alloc(2 + length);
  out.writeUInt16BE(0xffe1, 0);
  out.writeUInt16BE(length, 2);
  XMP_NAMESPACE.copy(out, 4);
  utf8.copy(out, packetStart);
  return out;
}
