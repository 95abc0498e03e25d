// Issue 9, items 7, 8 and 14 (photo part): metadata that lies about its length, metadata by the hundred
// megabytes, and XMP written in UTF-16. Each file is made here, small, and inspected in-process.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectImage } from '../src/inspect/image.js';
import { HEAD_CAP_BYTES } from '../src/inspect/jpeg-head.js';
import { photoMetadata } from '../src/rules/photo.js';
import { scannedFile } from './support/files.js';
import { APP1, APP13, exifAscii, exifSegment, makeJpeg, withSegments } from './support/jpeg.js';
import { runFileRule } from './support/rules.js';

let dir: string;
let photo: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pyvw-hostile-metadata-'));
  photo = await makeJpeg(480, 320, { noise: 40 });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function inspect(name: string, bytes: Buffer) {
  const absPath = path.join(dir, name);
  await writeFile(absPath, bytes);
  const file = await scannedFile(absPath, { path: `图片/${name}`, kind: 'photo' });
  return { file, facts: await inspectImage(file) };
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/u;

describe('an IPTC caption whose length runs past its segment (issue 9, item 7)', () => {
  /** `1C 02 78`, length 0xFFFF, then 4 bytes: the rest of the file would be read as the caption. */
  function lyingIptc(): { marker: number; payload: Buffer } {
    const iptc = Buffer.concat([Buffer.from([0x1c, 0x02, 0x00, 0x00, 0x02, 0x00, 0x04]), Buffer.from([0x1c, 0x02, 0x78, 0xff, 0xff]), Buffer.from('ABCD', 'latin1')]);
    const resource = Buffer.concat([Buffer.from('8BIM', 'latin1'), Buffer.from([0x04, 0x04, 0, 0]), Buffer.alloc(4)]);
    resource.writeUInt32BE(iptc.length, 8);
    return { marker: APP13, payload: Buffer.concat([Buffer.from('Photoshop 3.0\0', 'latin1'), resource, iptc]) };
  }

  it('reads the field only up to the end of its resource, and the picture stays intact', async () => {
    // More than 0xFFFF bytes follow the field, as in any camera photo: all of them were read as the caption.
    const large = await makeJpeg(1600, 1200, { noise: 40 });
    expect(large.length).toBeGreaterThan(0x20000);
    const { facts } = await inspect('iptc-overrun.jpg', withSegments(large, lyingIptc()));
    expect(facts.intact).toBe(true);
    for (const caption of facts.embeddedCaptions) {
      expect(caption.text.length).toBeLessThanOrEqual(4);
      expect(caption.text).not.toMatch(CONTROL);
    }
  });

  it('never takes binary bytes (control characters) as a caption', async () => {
    const binary = exifSegment({ ImageDescription: exifAscii('学生在实训\x1b[2J车间\x07操作', 'utf8') });
    const { facts } = await inspect('binary-description.jpg', withSegments(photo, binary));
    expect(facts.embeddedCaptions).toEqual([]);
  });
});

describe('a JPEG with more metadata than pyvw reads (issue 9, item 8)', () => {
  /** XMP-extension segments of 64,000 bytes each, past the cap in all. */
  function extensionSegments(count: number): { marker: number; payload: Buffer }[] {
    const head = Buffer.from(`http://ns.adobe.com/xmp/extension/\0${'B'.repeat(32)}`, 'latin1');
    const chunk = Buffer.alloc(64_000, 0x41);
    return Array.from({ length: count }, (_, i) => {
      const position = Buffer.alloc(8);
      position.writeUInt32BE(count * chunk.length, 0);
      position.writeUInt32BE(i * chunk.length, 4);
      return { marker: APP1, payload: Buffer.concat([head, position, chunk]) };
    });
  }

  it('leaves the segments past the cap unread, says so in a warning, and still judges the picture', async () => {
    const count = Math.ceil(HEAD_CAP_BYTES / 64_000) + 20;
    const caption = exifSegment({ ImageDescription: exifAscii('学生在实训车间操作数控机床') });
    const { file, facts } = await inspect('metadata-flood.jpg', withSegments(photo, caption, ...extensionSegments(count)));
    expect(facts.metadataSkipped?.segments).toBeGreaterThanOrEqual(20);
    expect(facts.metadataSkipped!.bytes).toBeGreaterThan(20 * 64_000);
    expect(facts.intact).toBe(true);
    expect([facts.width, facts.height]).toEqual([480, 320]);
    expect(facts.embeddedCaptions.map((c) => c.text)).toEqual(['学生在实训车间操作数控机床']);
    const findings = runFileRule(photoMetadata, facts, file);
    expect(findings.map((f) => [f.messageId, f.severity])).toEqual([['too-much', 'warning']]);
    expect(findings[0]!.data).toMatchObject({ segments: facts.metadataSkipped!.segments, cap: HEAD_CAP_BYTES });
  });

  it('reports damage in the image data at its offset in the file, not in the slimmed copy', async () => {
    const flood = withSegments(photo, ...extensionSegments(Math.ceil(HEAD_CAP_BYTES / 64_000) + 2));
    const cut = flood.subarray(0, flood.length - 200);
    const { facts } = await inspect('metadata-flood-cut.jpg', cut);
    expect(facts.intact).toBe(false);
    expect(facts.damage?.damage).toBe('cut');
    expect(facts.damage?.offset).toBe(cut.length);
  });

  it('says nothing about a photo whose metadata is within the cap', async () => {
    const { file, facts } = await inspect('plain.jpg', photo);
    expect(facts.metadataSkipped).toBeUndefined();
    expect(runFileRule(photoMetadata, facts, file)).toEqual([]);
  });
});

describe('an XMP packet written in UTF-16 (issue 9, item 14; as in exiftool\'s XMP.jpg and ExifTool.jpg)', () => {
  function utf16Xmp(description: string, order: 'be' | 'le'): { marker: number; payload: Buffer } {
    const xml =
      '\uFEFF<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">' +
      '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" ' +
      'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description><rdf:Alt>' +
      `<rdf:li xml:lang="x-default">${description}</rdf:li></rdf:Alt></dc:description>` +
      '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>';
    const le = Buffer.from(xml, 'utf16le');
    const bytes = order === 'le' ? le : Buffer.from(le).swap16();
    return { marker: APP1, payload: Buffer.concat([Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1'), bytes]) };
  }

  it.each(['be', 'le'] as const)('reads dc:description from a UTF-16%s packet as the caption', async (order) => {
    const { facts } = await inspect(`xmp-utf16${order}.jpg`, withSegments(photo, utf16Xmp('家长参观学生技能展示', order)));
    expect(facts.embeddedCaptions).toEqual([{ source: 'xmp:dc:description', text: '家长参观学生技能展示' }]);
  });
});
