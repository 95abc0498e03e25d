import { createReadStream } from 'node:fs';
import type { Entry, ZipFile } from 'yauzl';
import { errorMessage } from '../errors.js';
import { grouped } from '../i18n.js';
import { readHead } from './sniff.js';
import { crcCheckedChunks, EntryCrcMismatch, openZipFile } from '../scan/zip-reader.js';

/**
 * A `.docx` is a zip. Before anything parses it, it is opened here with yauzl and refused when it is not a zip,
 * when it is an OLE compound file (a legacy `.doc`/`.wps`, or any Office file saved with a password), when it has
 * no `word/document.xml`, or when it would inflate beyond a bound no real document comes near (a docx bomb).
 * The XML parts are inflated, each through a byte counter that stops at the bound, so memory stays bounded
 * whatever the file claims about itself. Every entry is held to the CRC-32 the zip records for it: Word refuses a
 * document with a damaged part ("Word found unreadable content"), a picture as much as the text. The other entries
 * (pictures, fonts, embedded files) are inflated for that alone, a chunk at a time, up to a bound of their own.
 */

export type DocxContainerError = 'not-a-zip' | 'ole' | 'encrypted' | 'no-document' | 'bomb' | 'unreadable' | 'damaged';

export class DocxContainerRefusal extends Error {
  constructor(
    readonly reason: DocxContainerError,
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}

export const DOCX_LIMITS = {
  /** Word writes 15–30 entries plus one per picture. */
  maxEntries: 10_000,
  /**
   * Inflated bytes of all XML parts together. Set when mammoth read the XML into trees of about 120 times its size
   * (a 150-page document of 2.5 MB of XML peaked at 300 MB); the streaming pass (docx-xml.ts) holds only the text,
   * and the bound stays: the longest document the notice asks for is a few pages (tens of kilobytes), and a part
   * past it is refused before anything parses it.
   */
  maxXmlBytes: 4 * 1024 * 1024,
  /** Declared inflated bytes of all entries, pictures included: far above any document one can email. */
  maxTotalBytes: 1024 * 1024 * 1024,
  /**
   * Declared bytes of the entries besides the XML parts that are inflated to check their CRC-32: a document one can
   * email holds far less (a photo news of ten 3 MB photos is 30 MB); past it the rest are not checked, so a document
   * declaring a gigabyte of pictures costs no gigabyte of inflation.
   */
  maxCheckedBytes: 64 * 1024 * 1024,
  /** How far into an OLE file to look for the directory entry that marks encryption. */
  maxOleScanBytes: 256 * 1024 * 1024,
} as const;

export const MAIN_DOCUMENT = 'word/document.xml';

export interface DocxPackage {
  /** Every entry of the zip: its name and the inflated size its central-directory record declares. */
  entries: ReadonlyMap<string, number>;
  /** The XML parts (`*.xml`, `*.rels`), inflated and checked. */
  parts: ReadonlyMap<string, Buffer>;
}

const OLE_MAGIC = Buffer.from('d0cf11e0a1b11ae1', 'hex');
const ZIP_MAGIC = Buffer.from('504b', 'hex');
const XML_PART = /\.(xml|rels)$/iu;

/**
 * A password-protected Office file is a compound file holding a stream named `EncryptedPackage` (MS-OFFCRYPTO
 * 2.3.4.4). Compound-file directory entries are 128-byte records on 128-byte boundaries that start with the name
 * in UTF-16LE, its byte length (with the terminator) at offset 64 and the object type at 66 (2 = stream); looking
 * at those slots while streaming the file tells the two apart without parsing, or holding, the whole file.
 */
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage\0', 'utf16le');
const DIRECTORY_ENTRY_BYTES = 128;
const STREAM_OBJECT = 2;

function isEncryptedPackageEntry(slot: Buffer): boolean {
  return (
    slot.subarray(0, ENCRYPTED_PACKAGE.length).equals(ENCRYPTED_PACKAGE) &&
    slot.readUInt16LE(64) === ENCRYPTED_PACKAGE.length &&
    slot[66] === STREAM_OBJECT
  );
}

async function oleKind(absPath: string): Promise<'encrypted' | 'ole'> {
  let pending: Buffer = Buffer.alloc(0);
  const stream = createReadStream(absPath, { end: DOCX_LIMITS.maxOleScanBytes - 1 });
  for await (const chunk of stream) {
    pending = pending.length ? Buffer.concat([pending, chunk as Buffer]) : (chunk as Buffer);
    const whole = pending.length - (pending.length % DIRECTORY_ENTRY_BYTES);
    for (let offset = 0; offset < whole; offset += DIRECTORY_ENTRY_BYTES) {
      if (isEncryptedPackageEntry(pending.subarray(offset, offset + DIRECTORY_ENTRY_BYTES))) {
        stream.destroy();
        return 'encrypted';
      }
    }
    pending = pending.subarray(whole);
  }
  return 'ole';
}

function refuseBomb(detail: string): never {
  throw new DocxContainerRefusal('bomb', detail);
}

/** Inflates one entry, held to its declared size and to its CRC-32, and hands each chunk to `keep`. */
async function inflate(zip: ZipFile, entry: Entry, keep: (chunk: Buffer) => void): Promise<void> {
  try {
    for await (const chunk of crcCheckedChunks(zip, entry)) keep(chunk);
  } catch (error) {
    if (error instanceof DocxContainerRefusal) throw error;
    // The detail is the part's name: the report says which part of the document is damaged.
    if (error instanceof EntryCrcMismatch) throw new DocxContainerRefusal('damaged', entry.fileName);
    const message = errorMessage(error);
    // An XML part that inflates past what it declares is hostile; a picture that does is damaged (its size field rotted),
    // and its chunks were never kept.
    if (/too many bytes/iu.test(message) && XML_PART.test(entry.fileName)) refuseBomb(`${entry.fileName} inflates past its declared ${grouped(entry.uncompressedSize)} bytes`);
    throw new DocxContainerRefusal('unreadable', `${entry.fileName}: ${message}`);
  }
}

/** Inflates an XML part whole, through a counter: the stream is dropped as soon as the budget is spent. */
async function inflateXml(zip: ZipFile, entry: Entry, budget: { left: number }): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await inflate(zip, entry, (chunk) => {
    budget.left -= chunk.length;
    if (budget.left < 0) refuseBomb(`${entry.fileName} inflates past the XML limit of ${grouped(DOCX_LIMITS.maxXmlBytes)} bytes`);
    chunks.push(chunk);
  });
  return Buffer.concat(chunks);
}

async function readEntries(zip: ZipFile): Promise<Entry[]> {
  if (zip.entryCount > DOCX_LIMITS.maxEntries) refuseBomb(`${grouped(zip.entryCount)} entries (limit ${grouped(DOCX_LIMITS.maxEntries)})`);
  const entries: Entry[] = [];
  let declaredTotal = 0;
  let declaredXml = 0;
  for await (const entry of zip.eachEntry()) {
    entries.push(entry);
    if (XML_PART.test(entry.fileName)) {
      declaredXml += entry.uncompressedSize;
      if (declaredXml > DOCX_LIMITS.maxXmlBytes) {
        refuseBomb(`${entry.fileName} declares ${grouped(entry.uncompressedSize)} bytes (XML limit ${grouped(DOCX_LIMITS.maxXmlBytes)} in all)`);
      }
    }
    declaredTotal += entry.uncompressedSize;
    if (declaredTotal > DOCX_LIMITS.maxTotalBytes) {
      refuseBomb(`entries declare ${grouped(declaredTotal)} bytes in all (limit ${grouped(DOCX_LIMITS.maxTotalBytes)})`);
    }
  }
  return entries;
}

/** Opens a `.docx` safely, or throws a DocxContainerRefusal that says why not. */
export async function openDocxPackage(absPath: string): Promise<DocxPackage> {
  const magic = await readHead(absPath, OLE_MAGIC.length);
  if (magic.equals(OLE_MAGIC)) {
    const kind = await oleKind(absPath);
    throw new DocxContainerRefusal(kind, kind === 'encrypted' ? 'EncryptedPackage' : 'OLE compound file');
  }

  let zip: ZipFile;
  try {
    // In large pieces (zip-reader.ts): a picture read through yauzl's 16 KB ones stays with the process as small buffers.
    zip = await openZipFile(absPath, { validateEntrySizes: true, strictFileNames: false });
  } catch (error) {
    const startsLikeZip = magic.subarray(0, 2).equals(ZIP_MAGIC);
    throw new DocxContainerRefusal(startsLikeZip ? 'unreadable' : 'not-a-zip', errorMessage(error));
  }
  try {
    let entries: Entry[];
    try {
      entries = await readEntries(zip);
    } catch (error) {
      if (error instanceof DocxContainerRefusal) throw error;
      throw new DocxContainerRefusal('unreadable', errorMessage(error));
    }
    const names = new Map(entries.map((e) => [e.fileName, e.uncompressedSize]));
    if (!names.has(MAIN_DOCUMENT)) {
      const odt = names.has('content.xml') && names.has('mimetype');
      throw new DocxContainerRefusal('no-document', odt ? 'OpenDocument (.odt)' : `${names.size} entries, no ${MAIN_DOCUMENT}`);
    }
    const parts = new Map<string, Buffer>();
    const budget = { left: DOCX_LIMITS.maxXmlBytes };
    let unchecked = DOCX_LIMITS.maxCheckedBytes;
    for (const entry of entries) {
      if (XML_PART.test(entry.fileName)) parts.set(entry.fileName, await inflateXml(zip, entry, budget));
      else if (!entry.fileName.endsWith('/') && entry.uncompressedSize <= unchecked) {
        unchecked -= entry.uncompressedSize;
        await inflate(zip, entry, () => undefined);
      }
    }
    return { entries: names, parts };
  } finally {
    zip.close();
  }
}
