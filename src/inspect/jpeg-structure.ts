/**
 * Walks a JPEG's marker segments and the Huffman-coded image data of every scan, the way libjpeg's decoder does,
 * and says whether the file is whole.
 *
 * Why this exists beside sharp: libvips decodes JPEGs without `jpeg_finish_decompress()` (so data left over at
 * the end of a scan and a missing end-of-image marker go unseen), and the fast Huffman path of the libjpeg-turbo
 * fork inside sharp turns a bad code into a zero without a warning. A photo with a flipped or zeroed block in its
 * image data therefore decodes "without warnings" in sharp, although djpeg and ImageMagick call it corrupt. This
 * walk finds exactly what libjpeg reports — a bad Huffman code, a scan that ends before or after its last block,
 * a wrong restart marker, a missing end marker — without computing a single pixel. It reads the buffer it is
 * given and allocates nothing per block.
 *
 * Bytes after the end-of-image marker are never looked at: phones put motion-photo videos, depth maps and gain
 * maps there, and the rulebook says they are legal.
 */

import { dcPlanes, dcSample, previewFromDc, releasePreviewBuffers, scanDc, type DcPlanes, type JpegPreview, type ScanDc } from './jpeg-preview.js';

export type JpegDamage =
  /** The file ends before the end-of-image marker (a cut copy). */
  | 'cut'
  /** Image data has a code no Huffman table defines. */
  | 'bad-code'
  /** A scan's data ran out before its last block (libjpeg: "premature end of data segment"). */
  | 'short-data'
  /** Data the image does not use before a marker (libjpeg: "extraneous bytes before marker"). */
  | 'extra-data'
  /** A restart marker out of sequence. */
  | 'restart-order'
  /** A block with more than 64 coefficients. */
  | 'overrun'
  /** A coefficient with more bits than the sample precision allows: no encoder writes it. */
  | 'out-of-range'
  /** Bytes where a marker must be, or a marker that does not belong there. */
  | 'bad-marker'
  /** A header segment that contradicts itself (lengths, tables, components). */
  | 'bad-header'
  /** An end-of-image marker before any image data. */
  | 'no-image';

export interface JpegProblem {
  damage: JpegDamage;
  /** Byte offset where the walk noticed it. */
  offset: number;
  /** The marker involved, as libjpeg names it (`0xd9`), or the number of bytes (extra-data). */
  marker?: string;
  count?: number;
}

export type JpegProcess = 'baseline' | 'extended' | 'progressive' | 'lossless' | 'arithmetic' | 'hierarchical';

export interface JpegStructure {
  process?: JpegProcess;
  /** Sample precision in bits (8, or 12 for extended JPEGs). */
  precision?: number;
  width?: number;
  height?: number;
  /** Colour components of the frame: 1 grey, 3 YCbCr (or RGB), 4 CMYK (or YCCK). */
  components?: number;
  /** Restart interval of the last scan, in MCUs (0: none). */
  restartInterval: number;
  scans: number;
  /** True when every scan's Huffman data was walked; false for arithmetic or lossless coding, which only sharp decodes. */
  entropyChecked: boolean;
  /** Offset just past the end-of-image marker; later bytes are whatever the camera appended. */
  end?: number;
  problem?: JpegProblem;
}

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const DHT = 0xc4;
const DQT = 0xdb;
const DRI = 0xdd;
const DNL = 0xdc;
const RST0 = 0xd0;
const DHP = 0xde;
const isRst = (m: number): boolean => m >= RST0 && m <= 0xd7;
/** Markers a decoder reads (beside SOI, EOI, RSTn and TEM): SOFn, DHT, DAC, DQT, DRI, SOS, DNL, DHP, EXP, APPn, COM. */
const KNOWN_MARKERS = (m: number): boolean => (m >= 0xc0 && m <= 0xcf && m !== 0xc8) || (m >= 0xda && m <= 0xef) || m === 0xfe;
const isSof = (m: number): boolean => m >= 0xc0 && m <= 0xcf && m !== DHT && m !== 0xc8 && m !== 0xcc;
const hex = (m: number): string => `0x${m.toString(16).padStart(2, '0')}`;

const PROCESS_BY_SOF: Record<number, JpegProcess> = {
  0xc0: 'baseline', 0xc1: 'extended', 0xc2: 'progressive', 0xc3: 'lossless',
  0xc5: 'hierarchical', 0xc6: 'hierarchical', 0xc7: 'hierarchical',
  0xc9: 'arithmetic', 0xca: 'arithmetic', 0xcb: 'arithmetic',
  0xcd: 'hierarchical', 0xce: 'hierarchical', 0xcf: 'hierarchical',
};

/** Thrown inside the walk only; `checkJpegStructure` turns it into a problem. */
class Damage extends Error {
  constructor(readonly problem: JpegProblem) {
    super(problem.damage);
  }
}
function fail(damage: JpegDamage, offset: number, extra: Partial<JpegProblem> = {}): never {
  throw new Damage({ damage, offset, ...extra });
}

const LOOKAHEAD = 12;
/** sharp's own pixel limit; a progressive picture beyond it (or a header that claims so) is left to sharp. */
const MAX_PROGRESSIVE_PIXELS = 0x3fff * 0x3fff;
/** libjpeg's JPEG_MAX_DIMENSION: a wider or taller frame is refused. */
const MAX_DIMENSION = 65500;

/** A Huffman table as ITU T.81 Annex C/F builds it, plus a LOOKAHEAD-bit (12) lookup for the common short codes. */
interface HuffmanTable {
  /** (length << 8) | symbol for codes of ≤ LOOKAHEAD bits, indexed by the next LOOKAHEAD bits; 0 when longer. */
  fast: Uint16Array;
  /** The same, with the symbol's extra bits counted in the length when code and extra bits fit in LOOKAHEAD bits. */
  fastSkip: Uint16Array;
  /** For the fast walk: (length + extra bits) << 8 | symbol for every code of ≤ LOOKAHEAD bits; 0 when longer. */
  fastTotal: Uint16Array;
  /**
   * For the fast walk of AC data: `acPairs` of this table, and the advance table it was made with. Every table is
   * made with these three fields, holding empty arrays (NOT_MADE) until the walk makes its own: added later, they
   * changed the table's shape as they were set, and `acPairs`'s compiled code was thrown away at nearly every table
   * (58 times in a pack of the bench day, `--trace-deopt`).
   */
  pairs: Int32Array;
  /** For the fast walk's first coefficients: `acTriples` of this table (made with `pairsAdvance` too). */
  triples: Uint16Array;
  pairsAdvance: Uint8Array;
  /** Largest code of each length, or -1. */
  maxCode: Int32Array;
  /** Index into `symbols` of the first code of each length, minus that code. */
  offset: Int32Array;
  symbols: Uint8Array;
}

/** The fast walk's tables of a Huffman table before they are made (see HuffmanTable). */
const NOT_MADE = { pairs: new Int32Array(0), triples: new Uint16Array(0), advance: new Uint8Array(0) };

function buildTable(counts: Uint8Array, symbols: Uint8Array, at: number): HuffmanTable {
  const fast = new Uint16Array(1 << LOOKAHEAD);
  const fastSkip = new Uint16Array(1 << LOOKAHEAD);
  const fastTotal = new Uint16Array(1 << LOOKAHEAD);
  const maxCode = new Int32Array(18).fill(-1);
  const offset = new Int32Array(18);
  let code = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    const count = counts[length - 1]!;
    offset[length] = k - code;
    for (let i = 0; i < count; i++, k++, code++) {
      if (length <= LOOKAHEAD) {
        const shift = LOOKAHEAD - length;
        const symbol = symbols[k]!;
        const withExtra = length + (symbol & 15);
        for (let fill = code << shift, last = ((code + 1) << shift) - 1; fill <= last; fill++) {
          fast[fill] = (length << 8) | symbol;
          if (withExtra <= LOOKAHEAD) fastSkip[fill] = (withExtra << 8) | symbol;
          fastTotal[fill] = (withExtra << 8) | symbol;
        }
      }
    }
    if (count) maxCode[length] = code - 1;
    // libjpeg: "Bogus Huffman table definition" when the codes of a length overflow it or take the code of all
    // ones, which the standard reserves (jpeginfo and sharp refuse such a file, and so do browsers and WeChat).
    if (code >= 1 << length) fail('bad-header', at);
    code <<= 1;
  }
  maxCode[17] = 0x7fffffff;
  return { fast, fastSkip, fastTotal, pairs: NOT_MADE.pairs, triples: NOT_MADE.triples, pairsAdvance: NOT_MADE.advance, maxCode, offset, symbols };
}

interface Component {
  id: number;
  h: number;
  v: number;
  /** Quantization table number. */
  tq: number;
  /** Blocks per line and lines of blocks of this component, for non-interleaved scans. */
  blocksWide: number;
  blocksHigh: number;
  /** Zig-zag positions already non-zero, kept only for progressive refinement scans. */
  nonZero?: Uint8Array;
  /** Progressive frames: the bit each coefficient's scans have reached so far (its last Al), -1 before any. */
  coefBits?: Int8Array;
}

interface Frame {
  sof: number;
  precision: number;
  width: number;
  height: number;
  hMax: number;
  vMax: number;
  components: Component[];
}

/**
 * The bit reader of a scan. Byte stuffing (FF 00) is undone; at a marker it feeds zero bits, as libjpeg does, and
 * counts them, so that using one of those made-up bits is seen as data that ran out ('short-data').
 */
class Bits {
  acc = 0;
  count = 0;
  /** Zero bits fed after the marker, still in `acc`. */
  padding = 0;
  constructor(readonly bytes: Uint8Array, public pos: number) {}

  fill(): void {
    const bytes = this.bytes;
    while (this.count <= 23) {
      let byte = 0;
      if (this.padding > 0) this.padding += 8;
      else if (this.pos < bytes.length && bytes[this.pos] !== 0xff) byte = bytes[this.pos++]!;
      else if (bytes[this.pos + 1] === 0x00) {
        byte = 0xff;
        this.pos += 2;
      } else this.padding = 8; // a marker, fill bytes before one, or the end of the file
      // Bits above `count` are used ones; every read masks them off, so they are never cleared here.
      this.acc = (this.acc << 8) | byte;
      this.count += 8;
    }
  }

  bits(n: number): number {
    if (this.count < n) this.fill();
    this.count -= n;
    return (this.acc >>> this.count) & ((1 << n) - 1);
  }

  skip(n: number): void {
    if (this.count < n) this.fill();
    this.count -= n;
  }

  decode(table: HuffmanTable): number {
    if (this.count < 16) this.fill();
    const entry = table.fast[(this.acc >>> (this.count - LOOKAHEAD)) & ((1 << LOOKAHEAD) - 1)]!;
    if (entry !== 0) {
      this.count -= entry >> 8;
      return entry & 0xff;
    }
    let length = LOOKAHEAD + 1;
    let code = (this.acc >>> (this.count - length)) & ((1 << length) - 1);
    while (length <= 16 && code > table.maxCode[length]!) {
      length++;
      code = (this.acc >>> (this.count - length)) & ((1 << length) - 1);
    }
    if (length > 16) fail('bad-code', this.pos);
    this.count -= length;
    return table.symbols[code + table.offset[length]!]!;
  }

  /** Decodes a symbol and skips the extra bits it announces (its low four bits); returns the symbol. */
  skipCoded(table: HuffmanTable): number {
    if (this.count < 16) {
      // Two plain data bytes (neither is 0xFF) are the common case: take them without the stuffing checks.
      const pos = this.pos;
      const bytes = this.bytes;
      const a = bytes[pos]!;
      const b = bytes[pos + 1]!;
      if (a !== 0xff && b !== 0xff && this.padding === 0 && pos + 1 < bytes.length) {
        this.acc = (this.acc << 16) | (a << 8) | b;
        this.count += 16;
        this.pos = pos + 2;
      } else this.fill();
    }
    const entry = table.fastSkip[(this.acc >>> (this.count - LOOKAHEAD)) & ((1 << LOOKAHEAD) - 1)]!;
    if (entry !== 0) {
      this.count -= entry >> 8;
      return entry & 0xff;
    }
    const symbol = this.decode(table);
    this.skip(symbol & 15);
    return symbol;
  }

  /** Made-up bits were used: the data of this interval ended before its last block. */
  get overdrawn(): boolean {
    return this.padding > this.count;
  }

  /** Whole bytes of data read into the accumulator but not used: what libjpeg discards with a warning. */
  get unusedBytes(): number {
    return Math.floor((this.count - this.padding) / 8);
  }

  /** Start the next interval at `pos` with an empty accumulator. */
  reset(pos: number): void {
    this.pos = pos;
    this.acc = 0;
    this.count = 0;
    this.padding = 0;
  }
}

interface ScanComponent {
  component: Component;
  dc?: HuffmanTable;
  ac?: HuffmanTable;
}

interface Scan {
  components: ScanComponent[];
  /** A Huffman table the scan uses was never defined (see readScan). */
  missingTables: boolean;
  ss: number;
  se: number;
  ah: number;
  al: number;
}

/** Where the next marker starts, skipping fill bytes; data in between is counted as extra. */
function nextMarker(bytes: Uint8Array, pos: number): { marker: number; at: number; skipped: number } {
  let skipped = 0;
  for (;;) {
    while (pos < bytes.length && bytes[pos] !== 0xff) {
      pos++;
      skipped++;
    }
    while (pos < bytes.length && bytes[pos] === 0xff) pos++;
    if (pos >= bytes.length) fail('cut', bytes.length);
    const marker = bytes[pos]!;
    if (marker !== 0) return { marker, at: pos + 1, skipped };
    pos++;
    skipped += 2;
  }
}

/** Decodes the Huffman data of one scan without computing coefficients; returns where its data ends. */
function walkScan(bytes: Uint8Array, start: number, frame: Frame, scan: Scan, restartInterval: number): number {
  const progressive = frame.sof === 0xc2;
  const interleaved = scan.components.length > 1;
  const mcusWide = interleaved ? Math.ceil(frame.width / (8 * frame.hMax)) : scan.components[0]!.component.blocksWide;
  const mcusHigh = interleaved ? Math.ceil(frame.height / (8 * frame.vMax)) : scan.components[0]!.component.blocksHigh;
  const mcus = mcusWide * mcusHigh;
  // Blocks of one MCU, in order: each component's h×v blocks (non-interleaved: one block, numbered like the MCU).
  const blocks: ScanComponent[] = [];
  for (const sc of scan.components) {
    for (let b = 0; b < (interleaved ? sc.component.h * sc.component.v : 1); b++) blocks.push(sc);
  }
  if (interleaved && blocks.length > 10) fail('bad-header', start);

  const bits = new Bits(bytes, start);
  const { ss, se, ah } = scan;
  // More bits than the precision allows is data no encoder wrote: bit rot that happened to decode.
  const maxDcBits = frame.precision > 8 ? 15 : 11;
  const maxAcBits = frame.precision > 8 ? 14 : 10;
  let eobRun = 0;
  let restartsSeen = 0;
  for (let mcu = 0; mcu < mcus; mcu++) {
    for (let b = 0; b < blocks.length; b++) {
      const { dc, ac, component } = blocks[b]!;
      if (!progressive) {
        if (bits.skipCoded(dc!) > maxDcBits) fail('out-of-range', bits.pos);
        for (let k = 1; k < 64; ) {
          const rs = bits.skipCoded(ac!);
          if (rs & 15) {
            if ((rs & 15) > maxAcBits) fail('out-of-range', bits.pos);
            k += (rs >> 4) + 1;
            if (k > 64) fail('overrun', bits.pos);
          } else if (rs === 0xf0) k += 16;
          else break;
        }
      } else if (ss === 0) {
        if (ah === 0) {
          if (bits.skipCoded(dc!) > maxDcBits) fail('out-of-range', bits.pos);
        } else bits.skip(1);
      } else if (ah === 0) {
        if (eobRun > 0) eobRun--;
        else {
          const nonZero = component.nonZero!;
          const base = mcu * 64;
          for (let k = ss; k <= se; ) {
            const rs = bits.skipCoded(ac!);
            const run = rs >> 4;
            if (rs & 15) {
              k += run;
              if (k > se) fail('overrun', bits.pos);
              nonZero[base + k] = 1;
              k++;
            } else if (run === 15) k += 16;
            else {
              eobRun = (1 << run) - 1 + bits.bits(run);
              break;
            }
          }
        }
      } else {
        const nonZero = component.nonZero!;
        const base = mcu * 64;
        let k = ss;
        if (eobRun === 0) {
          for (; k <= se; k++) {
            const rs = bits.decode(ac!);
            let run = rs >> 4;
            const size = rs & 15;
            if (size) {
              if (size !== 1) fail('bad-code', bits.pos);
              bits.skip(1);
            } else if (run !== 15) {
              eobRun = (1 << run) + bits.bits(run);
              break;
            }
            // Past coefficients already non-zero (each takes a correction bit) and `run` zero ones.
            for (; k <= se; k++) {
              if (nonZero[base + k]) bits.skip(1);
              else if (--run < 0) break;
            }
            if (size) {
              if (k > se) fail('overrun', bits.pos);
              nonZero[base + k] = 1;
            }
          }
        }
        if (eobRun > 0) {
          for (; k <= se; k++) if (nonZero[base + k]) bits.skip(1);
          eobRun--;
        }
      }
    }
    if (bits.overdrawn) fail(bits.pos >= bytes.length ? 'cut' : 'short-data', bits.pos);

    const last = mcu === mcus - 1;
    if (restartInterval && !last && (mcu + 1) % restartInterval === 0) {
      const extra = bits.unusedBytes;
      const { marker, at, skipped } = nextMarker(bytes, bits.pos);
      if (extra + skipped > 0) fail('extra-data', bits.pos, { count: extra + skipped, marker: hex(marker) });
      if (marker !== RST0 + (restartsSeen % 8)) fail('restart-order', at - 2, { marker: hex(marker) });
      restartsSeen++;
      bits.reset(at);
      eobRun = 0;
    }
  }
  const extra = bits.unusedBytes;
  const { marker, skipped } = nextMarker(bytes, bits.pos);
  if (extra + skipped > 0) fail('extra-data', bits.pos, { count: extra + skipped, marker: hex(marker) });
  return bits.pos;
}

/** What the fast walk returns when the scan must be walked again by `walkScan`, which names the damage exactly. */
const REDO = -1;

/**
 * Bytes after an interval's data in the fast walk's buffer, so that a block may read past the data without a bounds
 * test: 10 blocks of at most 64 codes of at most 16 + 14 bits (2,400 bytes), plus the 4-byte window.
 */
const PAD = 4096;

/** The fast walk's buffer of destuffed data, kept between walks (a fresh 3 MB buffer per photo costs page faults). */
let scratch = new Uint8Array(0);
let scratchView = new DataView(scratch.buffer);
/** A buffer larger than this is not kept after the walk (one large JPEG must not hold memory for the rest). */
const KEEP_SCRATCH = 16 << 20;

/**
 * What to allocate for a buffer kept between photos that must now hold `needed` bytes: twice that, up to `keep`
 * (a larger one is not kept anyway). New memory is dear: the kernel faults in and zeroes its pages on first touch
 * (~16 ms per 4 MB on the 2-core bench machine), and a buffer grown to fit each larger photo of a folder was made 6
 * times for 15 photos of 12 MP where twice the size is made once (reading them: 135 -> 39 ms of CPU, median of 3,
 * docs/performance.md). Pages never touched cost nothing.
 */
export function keptBufferSize(needed: number, keep: number): number {
  return Math.max(needed, Math.min(2 * needed, keep));
}

/** The step of a symbol the fast walk stops at (see acAdvance): it takes the coefficient index to 256 or more. */
const STEP_BAD = 255;

/**
 * How many bits each run/size symbol of an AC table moves the coefficient index by: run + 1, 16 for ZRL, 0 for
 * end-of-block; STEP_BAD where `walkScan` would fail (a size over the sample precision's range), so the walk stops.
 */
function acAdvance(maxAcBits: number): Uint8Array {
  const advance = new Uint8Array(256);
  for (let rs = 0; rs < 256; rs++) {
    const size = rs & 15;
    advance[rs] = size === 0 ? (rs === 0xf0 ? 16 : 0) : size > maxAcBits ? STEP_BAD : (rs >> 4) + 1;
  }
  return advance;
}
const AC_ADVANCE_8 = acAdvance(10);
const AC_ADVANCE_12 = acAdvance(14);

/** A code longer than the lookup, found by its length as in ITU T.81 F.2.2.3: a `fastTotal` entry, or 0 for a bad code. */
function decodeLong(table: HuffmanTable, window: number): number {
  for (let length = LOOKAHEAD + 1; length <= 16; length++) {
    const code = window >>> (32 - length);
    if (code <= table.maxCode[length]!) {
      const symbol = table.symbols[code + table.offset[length]!]!;
      return ((length + (symbol & 15)) << 8) | symbol;
    }
  }
  return 0;
}

/*
 * An AC lookup of the fast walk decodes up to two symbols: where the first symbol's code and extra bits leave room
 * in the 12 bits for the whole second one, one table read gives both (libjpeg-turbo's and stb_image's fast AC
 * tables do the like for one symbol and its value). Fields of an entry:
 */
const N1 = 0; // bits of the first symbol (code and extra bits), 5 bits
const NB = 5; // bits of both symbols (of the first alone when the entry holds one), 5 bits
const A1 = 10; // how far the first moves the coefficient index (`acAdvance`, but STEP_END for end-of-block), 8 bits
const AB = 18; // how far both move it (the first alone when the entry holds one), 8 bits
/** The step of an end-of-block in an entry: past any index a block reaches, so the block's index ends in 129..191. */
const STEP_END = 128;

/** A lookup entry for one symbol of `total` bits (code and extra bits). */
function singleEntry(total: number, symbol: number, advance: Uint8Array): number {
  const step = advance[symbol]!;
  const moves = step === 0 ? STEP_END : step;
  return (moves << A1) | (moves << AB) | (total << N1) | (total << NB);
}

/** The entry of `ac` (acPairs) for the 32-bit `window`, a code over 12 bits found in `table`; 0 for a bad code. */
function acEntry(ac: Int32Array, table: HuffmanTable, window: number, advance: Uint8Array): number {
  const entry = ac[window >>> (32 - LOOKAHEAD)]!;
  if (entry !== 0) return entry;
  const long = decodeLong(table, window);
  return long === 0 ? 0 : singleEntry(long >> 8, long & 0xff, advance);
}

/** The two-symbol lookup of an AC table (see above), made once per table and precision. */
function acPairs(table: HuffmanTable, advance: Uint8Array): Int32Array {
  if (table.pairsAdvance === advance) return table.pairs;
  const pairs = new Int32Array(1 << LOOKAHEAD);
  const fast = table.fastTotal;
  for (let i = 0; i < pairs.length; i++) {
    const first = fast[i]!;
    if (first === 0) continue; // a code longer than 12 bits: decodeLong
    const n1 = first >> 8;
    let entry = singleEntry(n1, first & 0xff, advance);
    const step1 = advance[first & 0xff]!;
    if (step1 !== 0 && step1 !== STEP_BAD && n1 < LOOKAHEAD) {
      // The bits after the first symbol, the unknown ones zero: a second code found here whose code and extra bits
      // fit in the known bits is the same whatever the unknown bits are.
      const second = fast[(i << n1) & ((1 << LOOKAHEAD) - 1)]!;
      const n2 = second >> 8;
      const step = advance[second & 0xff]!;
      if (second !== 0 && n2 <= LOOKAHEAD - n1 && step !== STEP_BAD) {
        entry = (step1 << A1) | ((step1 + (step === 0 ? STEP_END : step)) << AB) | (n1 << N1) | ((n1 + n2) << NB);
      }
    }
    pairs[i] = entry;
  }
  table.pairs = pairs;
  table.triples = NOT_MADE.triples;
  table.pairsAdvance = advance;
  return pairs;
}

/**
 * For the block's first coefficients (index below 32, where no two symbols but an end-of-block can end it): per 12
 * bits, up to three symbols taken as one step, as (their steps << 5) | their bits; 0 where the first code is longer
 * than 12 bits. A first symbol out of range gives STEP_BAD alone, as in acPairs.
 */
function acTriples(table: HuffmanTable, advance: Uint8Array): Uint16Array {
  const pairs = acPairs(table, advance);
  if (table.triples.length) return table.triples;
  const triples = new Uint16Array(1 << LOOKAHEAD);
  const fast = table.fastTotal;
  for (let i = 0; i < triples.length; i++) {
    const pair = pairs[i]!;
    if (pair === 0) continue;
    let bits = (pair >> NB) & 31;
    let steps = (pair >> AB) & 255;
    // A third symbol when the entry holds two, the second no end-of-block, and the third fits the known bits.
    if (bits !== ((pair >> N1) & 31) && steps - ((pair >> A1) & 255) < STEP_END && bits < LOOKAHEAD) {
      const third = fast[(i << bits) & ((1 << LOOKAHEAD) - 1)]!;
      const step = advance[third & 0xff]!;
      if (third !== 0 && third >> 8 <= LOOKAHEAD - bits && step !== STEP_BAD) {
        bits += third >> 8;
        steps += step === 0 ? STEP_END : step;
      }
    }
    triples[i] = (steps << 5) | bits;
  }
  table.triples = triples;
  return triples;
}

/**
 * Copies the data of one interval (up to the next marker) to `scratch` with the byte stuffing undone: FF 00 becomes
 * FF, found with the native `indexOf` and copied in runs, instead of a test on every byte in the bit reader.
 * Returns the data's length and where its marker starts, or undefined when the file ends first.
 */
function destuff(bytes: Uint8Array, pos: number): { length: number; marker: number } | undefined {
  const needed = bytes.length - pos + PAD;
  if (scratch.length < needed) {
    scratch = new Uint8Array(Math.max(keptBufferSize(needed, KEEP_SCRATCH), scratch.length * 2));
    scratchView = new DataView(scratch.buffer);
  }
  let length = 0;
  for (;;) {
    const ff = bytes.indexOf(0xff, pos);
    if (ff < 0 || ff + 1 >= bytes.length) return undefined;
    scratch.set(bytes.subarray(pos, ff + 1), length);
    length += ff + 1 - pos;
    if (bytes[ff + 1] !== 0x00) return { length: length - 1, marker: ff };
    pos = ff + 2;
  }
}

/**
 * The Huffman data of a sequential (baseline or extended) scan, walked fast: the same decisions as `walkScan` on
 * the same bits, but each interval's data is destuffed into one buffer first (see destuff), so the hot loop has no
 * bit reader at all: a 32-bit window at the bit position and one read of a 12-bit table giving the length of a code
 * plus the extra bits it announces (skipped, never read) and how far it moves the coefficient index, for up to two
 * AC symbols at once (see acPairs). It only says "whole": at anything `walkScan` would fail on (a bad code, an overrun, a value
 * out of range, data that runs out, extra data, a wrong restart marker) it returns REDO, and `walkScan` walks the
 * scan again from its start to name the damage and its offset exactly; its findings are therefore `walkScan`'s.
 * Measured on the bench's 12-MP photos (2.8–3.8 MB), in-process, interleaved medians on the shared machine:
 * `walkScan` 51 ms of CPU per photo, this walk 33 ms (one symbol per table read: 39–40 ms; a bit reader in locals
 * instead of `Bits`: 45 ms; a window kept across codes instead of read per code: no gain), `jpeginfo -c` 41 ms
 * (docs/performance.md). The second symbol and the block's end taken without branches (the mask in the AC loop):
 * 39.7–42.1 → 36.6–38.6 ms a photo on those photos, 32.6–33.3 → 27.1–28.3 ms on the pack bench's photos of noise
 * (fastest of 8 rounds, 3 and 2 interleaved runs, in-process, on another machine than the figures before).
 */
function walkSequentialScanFast(bytes: Uint8Array, start: number, frame: Frame, scan: Scan, restartInterval: number, dc?: ScanDc): number {
  const interleaved = scan.components.length > 1;
  const mcusWide = interleaved ? Math.ceil(frame.width / (8 * frame.hMax)) : scan.components[0]!.component.blocksWide;
  const mcusHigh = interleaved ? Math.ceil(frame.height / (8 * frame.vMax)) : scan.components[0]!.component.blocksHigh;
  const mcus = mcusWide * mcusHigh;
  const advance = frame.precision > 8 ? AC_ADVANCE_12 : AC_ADVANCE_8;
  const dcOf: Uint16Array[] = [];
  const acOf: Int32Array[] = [];
  const ac3Of: Uint16Array[] = [];
  const tablesOf: [HuffmanTable, HuffmanTable][] = [];
  for (const sc of scan.components) {
    for (let b = 0; b < (interleaved ? sc.component.h * sc.component.v : 1); b++) {
      dcOf.push(sc.dc!.fastTotal);
      acOf.push(acPairs(sc.ac!, advance));
      ac3Of.push(acTriples(sc.ac!, advance));
      tablesOf.push([sc.dc!, sc.ac!]);
    }
  }
  if (interleaved && dcOf.length > 10) return REDO;
  const maxDcBits = frame.precision > 8 ? 15 : 11;

  let interval = destuff(bytes, start);
  if (!interval) return REDO;
  let restartsSeen = 0;
  for (let mcu = 0; ; ) {
    const count = restartInterval ? Math.min(restartInterval, mcus - mcu) : mcus - mcu;
    const bitPos = walkMcus(interval.length * 8, mcu, count, mcusWide, dcOf, acOf, ac3Of, tablesOf, advance, maxDcBits, dc);
    if (bitPos === REDO) return REDO;
    mcu += count;
    // Whole bytes left unused before the marker are extra data.
    if ((bitPos + 7) >>> 3 < interval.length) return REDO;
    const next = markerAfter(bytes, interval.marker);
    if (!next || next.skipped > 0) return REDO;
    if (mcu === mcus) return interval.marker;
    // A restart: the marker must be the next RSTn.
    if (next.marker !== RST0 + (restartsSeen % 8)) return REDO;
    restartsSeen++;
    dc?.predictions.fill(0);
    interval = destuff(bytes, next.at);
    if (!interval) return REDO;
  }
}

/**
 * The fast walk's hot loop: `count` MCUs of one interval's data in `scratch` (destuff), from MCU number `first`.
 * Returns the bit position after them, or REDO. A function of its own so that V8 optimizes the loop alone: with the
 * restart and end-of-scan code in the same function, the loop was compiled (on-stack) while that code had never run,
 * and the first photo's end threw the compiled code away twice (`--trace-deopt`: "insufficient type feedback").
 */
function walkMcus(
  dataBits: number, first: number, count: number, mcusWide: number, dcOf: readonly Uint16Array[], acOf: readonly Int32Array[],
  ac3Of: readonly Uint16Array[], tablesOf: readonly (readonly [HuffmanTable, HuffmanTable])[], advance: Uint8Array, maxDcBits: number, dc?: ScanDc,
): number {
  const data = scratchView;
  const blockCount = dcOf.length;
  let bitPos = 0;
  let mcuX = first % mcusWide;
  let mcuY = (first - mcuX) / mcusWide;
  for (let mcu = 0; mcu < count; mcu++) {
    for (let b = 0; b < blockCount; b++) {
      let window = data.getUint32(bitPos >>> 3) << (bitPos & 7);
      let entry = dcOf[b]![window >>> (32 - LOOKAHEAD)]!;
      if (entry === 0 && (entry = decodeLong(tablesOf[b]![0], window)) === 0) return REDO;
      bitPos += entry >> 8;
      if ((entry & 0xff) > maxDcBits) return REDO;
      if (dc !== undefined) {
        // A preview: the DC difference is the `size` extra bits just passed (ITU T.81 F.2.2.1), added to the prediction.
        const size = entry & 0xff;
        let value = dc.predictions[dc.predictor[b]!]!;
        if (size) {
          const at = bitPos - size;
          const bits = (data.getUint32(at >>> 3) << (at & 7)) >>> (32 - size);
          // Below half its range the difference is negative (EXTEND, F.2.2.1). Masked instead of tested: the sign
          // of a DC difference is a coin toss, which the processor's guess loses half the time: 2-3% of a photo's walk
          // (fastest of 6 rounds, 4 interleaved runs, on both benches' photos).
          value += bits + (((bits - (1 << (size - 1))) >> 31) & (1 - (1 << size)));
          dc.predictions[dc.predictor[b]!] = value;
        }
        dc.planes[b]![dc.first[b]! + mcuX * dc.across[b]! + mcuY * dc.down[b]!] = dcSample(value, dc.quantizers[b]!);
      }
      const ac = acOf[b]!;
      let k = 1;
      // Below 48 only an end-of-block ends the block (any other symbol moves k by 16 at most), and an entry whose
      // first symbol is one holds no second: so both symbols are taken at once, with nothing to test between them.
      // This shortens each read's chain of dependent steps: 26.5–27.1 → 22.8–23.3 ms a photo of noise, 37.7 →
      // 34.5–35.9 ms on the photos-30 photos (fastest of 6 rounds, 2 quiet interleaved runs of 4).
      // Below 32 no two symbols can fill the block (16 each at most): up to three are taken at once from their own
      // table (acTriples), 8 KB beside the pairs' 16. On the photos-30 photos 36.2–36.9 → 33.6–35.0 ms of CPU a photo,
      // on the noise photos ~4% (fastest of 6 rounds, 4 interleaved runs); a code over 12 bits leaves it for the pairs.
      const ac3 = ac3Of[b]!;
      while (k < 32) {
        const window3 = data.getUint32(bitPos >>> 3) << (bitPos & 7);
        const entry3 = ac3[window3 >>> (32 - LOOKAHEAD)]!;
        if (entry3 === 0) break;
        k += entry3 >> 5;
        bitPos += entry3 & 31;
      }
      while (k < 48) {
        entry = acEntry(ac, tablesOf[b]![1], data.getUint32(bitPos >>> 3) << (bitPos & 7), advance);
        if (entry === 0) return REDO;
        k += (entry >> AB) & 255;
        bitPos += (entry >> NB) & 31;
      }
      while (k < 64) {
        entry = acEntry(ac, tablesOf[b]![1], data.getUint32(bitPos >>> 3) << (bitPos & 7), advance);
        if (entry === 0) return REDO;
        const first = (entry >> A1) & 255;
        const firstBits = (entry >> N1) & 31;
        k += first;
        bitPos += firstBits;
        // The second symbol belongs to this block only if the first did not end it. Masked instead of tested (all
        // ones while k < 64; an entry of one symbol adds nothing either way): the tests of the pair and of the
        // block's end were branches the processor guessed wrong often enough to cost 10–15% of the walk (measured:
        // the comment on this function).
        const more = (k - 64) >> 31;
        k += (((entry >> AB) & 255) - first) & more;
        bitPos += (((entry >> NB) & 31) - firstBits) & more;
      }
      // Filled to its last coefficient (64), or ended by an end-of-block (129..191). Anything else is an overrun, a
      // ZRL past the block's end (which walkScan lets pass, but no encoder writes) or a value out of range
      // (STEP_BAD): walkScan says which.
      if (k !== 64 && (k < 129 || k > 191)) return REDO;
    }
    // Bits past the interval's data were used: the data ran out before this MCU's end (Bits.overdrawn).
    if (bitPos > dataBits) return REDO;
    if (++mcuX === mcusWide) {
      mcuX = 0;
      mcuY++;
    }
  }
  return bitPos;
}

/** A marker at `pos` for the fast walk, or undefined where `nextMarker` would find damage (the file ends first). */
function markerAfter(bytes: Uint8Array, pos: number): { marker: number; at: number; skipped: number } | undefined {
  try {
    return nextMarker(bytes, pos);
  } catch {
    return undefined;
  }
}

/** Skips a scan that is not walked (arithmetic, lossless): its data ends at the first marker that is no RSTn. */
function skipScan(bytes: Uint8Array, pos: number): number {
  for (;;) {
    const { marker, at } = nextMarker(bytes, pos);
    if (!isRst(marker)) return at - 2;
    pos = at;
  }
}

/**
 * Sequential scans the fast walk vouched for, and those `walkScan` walked again (damage, or a coding the fast walk
 * does not take); for the tests, which check that legal photos never take the slow way.
 */
export const fastWalkCounts = { whole: 0, redone: 0 };

/**
 * Walks a JPEG (see the top of this file). `exact: true` walks every scan with `walkScan` alone: the reference the
 * fast walk of sequential scans is tested against. `preview: edge` also makes the picture at 1/8 scale from the
 * DC coefficients, reduced to at most `edge` pixels on its long side (jpeg-preview.ts), where the file is whole
 * and of a kind that allows it; a walk without it does nothing more than before.
 */
export function checkJpegStructure(bytes: Uint8Array, options: { exact?: boolean; preview?: number } = {}): JpegStructure & { preview?: JpegPreview } {
  const result: JpegStructure & { preview?: JpegPreview } = { restartInterval: 0, scans: 0, entropyChecked: true };
  try {
    walk(bytes, result, options.exact === true, options.preview);
  } catch (error) {
    if (!(error instanceof Damage)) throw error;
    result.problem = error.problem;
  } finally {
    if (scratch.length > KEEP_SCRATCH) {
      scratch = new Uint8Array(0);
      scratchView = new DataView(scratch.buffer);
    }
    if (options.preview !== undefined) releasePreviewBuffers();
  }
  return result;
}

/** Component identifiers 'R', 'G', 'B': libjpeg takes such a file's samples as RGB, not YCbCr. */
const RGB_IDS = [0x52, 0x47, 0x42];
const ADOBE = [0x41, 0x64, 0x6f, 0x62, 0x65]; // "Adobe", an APP14 segment's start

/**
 * Whether the DC coefficients of this frame give its picture as libjpeg decodes it (see jpeg-preview.ts): 8-bit
 * sequential Huffman coding, greyscale or YCbCr (no Adobe segment, whose transform flag decides the colours, and
 * no components named R, G, B) with luma at full resolution and Cb and Cr sampled alike, as every camera writes.
 */
function previewable(frame: Frame, adobe: boolean, hierarchical: boolean): boolean {
  const [luma, cb, cr, ...more] = frame.components;
  const ids = frame.components.map((c) => c.id);
  return (frame.sof === 0xc0 || frame.sof === 0xc1) && frame.precision === 8 && !adobe && !hierarchical && !more.length &&
    luma!.h === frame.hMax && luma!.v === frame.vMax &&
    (!cb || (cr !== undefined && cb.h === cr.h && cb.v === cr.v && !ids.every((id, i) => id === RGB_IDS[i])));
}

function walk(bytes: Uint8Array, result: JpegStructure & { preview?: JpegPreview }, exact: boolean, previewEdge?: number): void {
  if (bytes[0] !== 0xff || bytes[1] !== SOI) fail('bad-marker', 0);
  const dcTables: (HuffmanTable | undefined)[] = [];
  const acTables: (HuffmanTable | undefined)[] = [];
  /**
   * Quantization tables defined so far, with their DC quantizer (for a preview); a scan using another is left to
   * sharp, which refuses it.
   */
  const quantTables = new Map<number, number>();
  let frame: Frame | undefined;
  let hierarchical = false;
  let adobe = false;
  /** The preview's DC samples while it can be made (`previewEdge`); null once it cannot. */
  let preview: DcPlanes | null | undefined = previewEdge === undefined ? null : undefined;
  let pos = 2;
  for (;;) {
    if (pos >= bytes.length) fail('cut', bytes.length);
    if (bytes[pos] !== 0xff) fail('bad-marker', pos);
    const { marker, at, skipped } = nextMarker(bytes, pos);
    // After a scan, bytes outside any segment are what is left of a scan whose marker was lost (libjpeg: "Corrupt JPEG
    // data: extraneous bytes before marker", and the picture lacks that scan). Before the first scan they are left
    // alone: libjpeg decodes the picture whole, and metadata writers leave such bytes behind.
    if (skipped > 0 && result.scans > 0) fail('extra-data', pos, { count: skipped, marker: hex(marker) });
    pos = at;
    if (marker === EOI) {
      if (result.scans === 0) fail('no-image', pos - 2);
      result.end = pos;
      if (preview && frame && preview.filled.every(Boolean)) result.preview = previewFromDc(frame, preview, previewEdge!);
      return;
    }
    if (isRst(marker) || marker === 0x01) continue;
    // libjpeg: "Unsupported marker type" for reserved and JPGn markers, "two SOI markers"; a hierarchical frame
    // without its DHP marker is a flipped SOF.
    if (!KNOWN_MARKERS(marker) || (PROCESS_BY_SOF[marker] === 'hierarchical' && !hierarchical)) {
      fail('bad-marker', pos - 2, { marker: hex(marker) });
    }
    if (marker === DHP) {
      hierarchical = true;
      result.process = 'hierarchical';
    }
    if (pos + 2 > bytes.length) fail('cut', bytes.length);
    const length = (bytes[pos]! << 8) | bytes[pos + 1]!;
    if (length < 2) fail('bad-header', pos);
    const segmentEnd = pos + length;
    if (segmentEnd > bytes.length) fail('cut', bytes.length);
    const segment = bytes.subarray(pos + 2, segmentEnd);

    if (isSof(marker)) {
      // libjpeg: "two SOF markers"; hierarchical files have several frames, and only sharp judges them.
      if (frame && !hierarchical) fail('bad-marker', pos - 2, { marker: hex(marker) });
      frame = readFrame(marker, segment, pos);
      Object.assign(result, { process: hierarchical ? 'hierarchical' : PROCESS_BY_SOF[marker], precision: frame.precision, width: frame.width, height: frame.height, components: frame.components.length });
    } else if (marker === DHT) {
      readTables(segment, pos, dcTables, acTables);
    } else if (marker === DQT) {
      readQuantization(segment, pos, quantTables);
    } else if (marker === 0xee) {
      adobe ||= ADOBE.every((byte, i) => segment[i] === byte);
    } else if (marker === DRI) {
      // libjpeg: "Bogus marker length" unless the segment holds the interval and nothing else.
      if (segment.length !== 2) fail('bad-header', pos);
      result.restartInterval = (segment[0]! << 8) | segment[1]!;
    } else if (marker === DNL) {
      // A height given after the data: rare (some scanners); the blocks cannot be counted beforehand.
      result.entropyChecked = false;
    } else if (marker === SOS) {
      if (!frame) fail('bad-marker', pos - 2, { marker: hex(marker) });
      const scan = readScan(segment, pos, frame, dcTables, acTables);
      if (frame.sof === 0xc2 && !followsProgression(scan)) fail('bad-header', pos);
      result.scans++;
      const walkable = (frame.sof === 0xc0 || frame.sof === 0xc1 || (frame.sof === 0xc2 && frame.components[0]!.nonZero !== undefined)) &&
        frame.height > 0 && !scan.missingTables &&
        scan.components.every((sc) => quantTables.has(sc.component.tq)) && result.entropyChecked;
      if (preview === undefined) preview = previewable(frame, adobe, hierarchical) ? dcPlanes(frame) : null;
      if (!walkable || exact) preview = null;
      if (walkable) {
        const dc = preview ? scanDcOf(frame, scan, preview, quantTables) : undefined;
        const fastEnd = frame.sof === 0xc2 || exact ? REDO : walkSequentialScanFast(bytes, segmentEnd, frame, scan, result.restartInterval, dc);
        if (fastEnd === REDO) preview = null;
        if (fastEnd !== REDO) fastWalkCounts.whole++;
        else if (frame.sof !== 0xc2 && !exact) fastWalkCounts.redone++;
        pos = fastEnd !== REDO ? fastEnd : walkScan(bytes, segmentEnd, frame, scan, result.restartInterval);
      } else {
        result.entropyChecked = false;
        pos = skipScan(bytes, segmentEnd);
      }
      continue;
    }
    pos = segmentEnd;
  }
}

/** Where the fast walk of `scan` writes its blocks' DC samples (jpeg-preview.ts). */
function scanDcOf(frame: Frame, scan: Scan, planes: DcPlanes, quantTables: Map<number, number>): ScanDc {
  const components = scan.components.map((sc) => ({ index: frame.components.indexOf(sc.component), quantizer: quantTables.get(sc.component.tq)! }));
  return scanDc(frame, planes, components);
}

function readFrame(sof: number, s: Uint8Array, at: number): Frame {
  if (s.length < 6) fail('bad-header', at);
  const count = s[5]!;
  // libjpeg: "Bogus marker length" unless the segment holds exactly its components, "Too many color components"
  // above 10.
  if (count < 1 || count > 10 || s.length !== 6 + 3 * count) fail('bad-header', at);
  const components: Component[] = [];
  for (let i = 0; i < count; i++) {
    const sampling = s[7 + 3 * i]!;
    const h = sampling >> 4;
    const v = sampling & 15;
    // libjpeg: "Bogus sampling factors", "Quantization table 0x.. was not defined".
    if (h < 1 || h > 4 || v < 1 || v > 4 || s[8 + 3 * i]! > 3) fail('bad-header', at);
    components.push({ id: s[6 + 3 * i]!, h, v, tq: s[8 + 3 * i]!, blocksWide: 0, blocksHigh: 0, ...(sof === 0xc2 ? { coefBits: new Int8Array(64).fill(-1) } : {}) });
  }
  // libjpeg: "Unsupported JPEG data precision": 8 bits for baseline, 8 or 12 for the other DCT processes.
  const precision = s[0]!;
  const lossless = sof === 0xc3 || sof === 0xc7 || sof === 0xcb || sof === 0xcf;
  if (lossless ? precision < 2 || precision > 16 : precision !== 8 && (sof === 0xc0 || precision !== 12)) fail('bad-header', at);
  const frame: Frame = {
    sof, precision, height: (s[1]! << 8) | s[2]!, width: (s[3]! << 8) | s[4]!,
    hMax: Math.max(...components.map((c) => c.h)), vMax: Math.max(...components.map((c) => c.v)), components,
  };
  // libjpeg: "Maximum supported image dimension is 65500 pixels".
  if (frame.width === 0 || frame.width > MAX_DIMENSION || frame.height > MAX_DIMENSION) fail('bad-header', at);
  for (const c of components) {
    c.blocksWide = Math.ceil(Math.ceil((frame.width * c.h) / frame.hMax) / 8);
    c.blocksHigh = Math.ceil(Math.ceil((frame.height * c.v) / frame.vMax) / 8);
    // Refinement scans need to know which coefficients earlier scans made non-zero: one byte per coefficient.
    if (sof === 0xc2 && frame.width * frame.height <= MAX_PROGRESSIVE_PIXELS) c.nonZero = new Uint8Array(c.blocksWide * c.blocksHigh * 64);
  }
  return frame;
}

/** Reads a DQT segment into `defined`: each table's number and its DC quantizer (its first value). */
function readQuantization(s: Uint8Array, at: number, defined: Map<number, number>): void {
  for (let p = 0; p < s.length; ) {
    const wide = s[p]! >> 4 !== 0;
    const size = 1 + 64 * (wide ? 2 : 1);
    // libjpeg: "Bogus DQT index".
    if (p + size > s.length || (s[p]! & 15) > 3) fail('bad-header', at);
    defined.set(s[p]! & 15, wide ? (s[p + 1]! << 8) | s[p + 2]! : s[p + 1]!);
    p += size;
  }
}

function readTables(s: Uint8Array, at: number, dcTables: (HuffmanTable | undefined)[], acTables: (HuffmanTable | undefined)[]): void {
  let p = 0;
  while (p < s.length) {
    if (p + 17 > s.length) fail('bad-header', at);
    const info = s[p]!;
    const counts = s.subarray(p + 1, p + 17);
    let total = 0;
    for (const n of counts) total += n;
    if (total > 256 || p + 17 + total > s.length) fail('bad-header', at);
    const symbols = s.subarray(p + 17, p + 17 + total);
    const isAc = info >> 4 === 1;
    // libjpeg: "Bogus DHT index".
    if ((info & 15) > 3 || info >> 4 > 1) fail('bad-header', at);
    // libjpeg: a DC symbol above 15 is a bogus table.
    if (!isAc && symbols.some((v) => v > 15)) fail('bad-header', at);
    (isAc ? acTables : dcTables)[info & 15] = buildTable(counts, symbols, at);
    p += 17 + total;
  }
}

/**
 * Whether a progressive scan goes on from where its components' earlier scans left each coefficient: libjpeg
 * decodes an AC band before its DC scan, or a refinement of a bit no scan reached, but warns "Inconsistent
 * progression sequence", and the picture comes out wrong (a flipped bit in a scan header does this). Records the
 * scan's bits either way.
 */
function followsProgression(scan: Scan): boolean {
  let follows = true;
  for (const { component } of scan.components) {
    const bits = component.coefBits!;
    if (scan.ss > 0 && bits[0]! < 0) follows = false;
    for (let k = scan.ss; k <= scan.se; k++) {
      if (scan.ah !== Math.max(bits[k]!, 0)) follows = false;
      bits[k] = scan.al;
    }
  }
  return follows;
}

function readScan(
  s: Uint8Array, at: number, frame: Frame,
  dcTables: (HuffmanTable | undefined)[], acTables: (HuffmanTable | undefined)[],
): Scan {
  const count = s[0] ?? 0;
  // libjpeg: "Bogus marker length" unless the segment holds exactly its components and the three bytes after them.
  if (count < 1 || count > 4 || s.length !== 1 + 2 * count + 3) fail('bad-header', at);
  const components: ScanComponent[] = [];
  const ss = s[1 + 2 * count]!;
  const se = s[2 + 2 * count]!;
  const approx = s[3 + 2 * count]!;
  const huffman = frame.sof === 0xc0 || frame.sof === 0xc1 || frame.sof === 0xc2;
  const progressive = frame.sof === 0xc2;
  let missingTables = false;
  for (let i = 0; i < count; i++) {
    const component = frame.components.find((c) => c.id === s[1 + 2 * i]);
    // libjpeg: "Invalid component ID in SOS" for an unknown or repeated component.
    if (!component || components.some((sc) => sc.component === component)) fail('bad-header', at);
    const tables = s[2 + 2 * i]!;
    const needsDc = !progressive || (ss === 0 && approx >> 4 === 0);
    const needsAc = !progressive || ss > 0;
    const dc = dcTables[tables >> 4];
    const ac = acTables[tables & 15];
    // Motion-JPEG frames leave the Huffman tables out and libjpeg-turbo falls back to the standard ones; such a
    // scan is left to sharp.
    if (huffman && ((needsDc && !dc) || (needsAc && !ac))) missingTables = true;
    components.push({ component: component!, dc, ac });
  }
  // libjpeg: "Invalid progressive parameters", among them a refinement that is not one bit below the last (Al = Ah - 1)
  // and a point transform above 13.
  const ah = approx >> 4;
  const al = approx & 15;
  if (progressive && (ss > se || se > 63 || (ss > 0 && count !== 1) || (ss === 0 && se !== 0) || (ah !== 0 && al !== ah - 1) || al > 13)) {
    fail('bad-header', at);
  }
  // Sequential scans always carry all 64 coefficients; some encoders write other values here and libjpeg
  // only warns ("Invalid SOS parameters for sequential JPEG"), so they are ignored.
  return {
    components, missingTables,
    ss: progressive ? ss : 0, se: progressive ? se : 63, ah: progressive ? ah : 0, al: progressive ? al : 0,
  };
}
