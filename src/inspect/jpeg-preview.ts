/**
 * A JPEG's picture at 1/8 scale (one pixel per 8×8 block) from the DC coefficients the integrity walk reads anyway
 * (see jpeg-structure.ts), reduced to a thumbnail's size: the overview's thumbnails without a second decode of the
 * photo. A block's mean is its DC coefficient times the DC quantizer over 8, plus 128: exactly what libjpeg's
 * scaled decoding at 1/8 outputs (`jpeg_idct_1x1`), and what sharp's shrink-on-load starts a thumbnail from. It
 * costs the walk a few operations per block; a decode of the same photo by sharp still decodes every Huffman code
 * (~50 ms of CPU for a 4 MP noise photo, docs/performance.md "Pack").
 *
 * Only what libjpeg would decode as YCbCr or greyscale, 8 bits, sequential Huffman coding is taken here; progressive,
 * 12-bit, CMYK, Adobe-transformed, RGB-coded and arithmetic JPEGs keep sharp's path.
 */

/** A picture in the orientation it is stored in (EXIF orientation not applied), 1 (grey) or 3 (RGB) bytes a pixel. */
export interface JpegPreview {
  width: number;
  height: number;
  channels: 1 | 3;
  data: Uint8Array;
}

/** What the preview needs of a frame (jpeg-structure.ts's Frame). */
export interface PreviewFrame {
  width: number;
  height: number;
  hMax: number;
  vMax: number;
  components: readonly { h: number; v: number }[];
}

/**
 * One byte per block of each component: the block's mean sample, written by the walk. A plane is as wide as the
 * component's blocks in whole MCUs (the interleaved layout), so that every block of every MCU has its place.
 */
export interface DcPlanes {
  planes: Uint8Array[];
  /** Bytes per line of blocks, per component. */
  strides: number[];
  /** Components whose DC values some scan has written. */
  filled: boolean[];
}

/**
 * The preview's working buffers, kept between photos: made fresh for each photo they were garbage outside V8's heap
 * (~0.5 MB per 4 MP photo) that the walk's threads collected only every few tens of MB, and `pack` peaked 18 MB
 * higher during its check (docs/performance.md "Pack"). Only the finished preview is new memory: it is handed to
 * the main thread. Buffers larger than KEEP_BYTES (a photo over ~60 MP) are let go after the photo.
 */
const kept = { planes: new Uint8Array(0), pixels: new Uint8Array(0), rows: new Uint16Array(0), columns: new Int32Array(0) };
const KEEP_BYTES = 8 << 20;

function reused<K extends keyof typeof kept>(name: K, length: number): (typeof kept)[K] {
  if (kept[name].length < length) {
    const Type = { planes: Uint8Array, pixels: Uint8Array, rows: Uint16Array, columns: Int32Array }[name];
    kept[name] = new Type(length) as (typeof kept)[K];
  }
  return kept[name].subarray(0, length) as (typeof kept)[K];
}

/** After a walk: working buffers grown past KEEP_BYTES by a very large photo are not kept for the next one. */
export function releasePreviewBuffers(): void {
  if (kept.planes.length > KEEP_BYTES) kept.planes = new Uint8Array(0);
  if (kept.pixels.length > KEEP_BYTES) kept.pixels = new Uint8Array(0);
  if (kept.rows.byteLength > KEEP_BYTES) kept.rows = new Uint16Array(0);
}

export function dcPlanes(frame: PreviewFrame): DcPlanes {
  const mcusWide = Math.ceil(frame.width / (8 * frame.hMax));
  const mcusHigh = Math.ceil(frame.height / (8 * frame.vMax));
  const strides = frame.components.map((c) => mcusWide * c.h);
  const sizes = frame.components.map((c, i) => strides[i]! * mcusHigh * c.v);
  const all = reused('planes', sizes.reduce((a, b) => a + b, 0));
  let offset = 0;
  const planes = sizes.map((size) => all.subarray(offset, (offset += size)));
  return { planes, strides, filled: frame.components.map(() => false) };
}

/**
 * For the walk of one scan: where each block of an MCU writes its DC sample. Blocks are numbered as the walk meets
 * them in an MCU (each scan component's h×v blocks in turn; one block in a scan of one component).
 */
export interface ScanDc {
  /** Per block: its component's plane. */
  planes: Uint8Array[];
  /** Per block: its place in the plane in the first MCU, and how far that moves per MCU across and per MCU line down. */
  first: Int32Array;
  across: Int32Array;
  down: Int32Array;
  /** Per block: the DC quantizer of its component. */
  quantizers: Int32Array;
  /** Per block: the index of its component in the scan, whose DC prediction it continues. */
  predictor: Int32Array;
  /** The current DC value of each scan component (reset to 0 at the scan's start and at each restart marker). */
  predictions: Int32Array;
}

export function scanDc(frame: PreviewFrame, dc: DcPlanes, components: readonly { index: number; quantizer: number }[]): ScanDc {
  const interleaved = components.length > 1;
  const planes: Uint8Array[] = [];
  const first: number[] = [];
  const across: number[] = [];
  const down: number[] = [];
  const quantizers: number[] = [];
  const predictor: number[] = [];
  components.forEach(({ index, quantizer }, i) => {
    const { h, v } = frame.components[index]!;
    const stride = dc.strides[index]!;
    dc.filled[index] = true;
    for (let b = 0; b < (interleaved ? h * v : 1); b++) {
      planes.push(dc.planes[index]!);
      first.push(interleaved ? Math.floor(b / h) * stride + (b % h) : 0);
      across.push(interleaved ? h : 1);
      down.push(interleaved ? v * stride : stride);
      quantizers.push(quantizer);
      predictor.push(i);
    }
  });
  return {
    planes, first: Int32Array.from(first), across: Int32Array.from(across), down: Int32Array.from(down),
    quantizers: Int32Array.from(quantizers), predictor: Int32Array.from(predictor), predictions: new Int32Array(components.length),
  };
}

/** libjpeg's 1×1 inverse DCT: the dequantized DC over 8, rounded, level-shifted and clamped to a sample. */
export function dcSample(dc: number, quantizer: number): number {
  const sample = ((dc * quantizer + 4) >> 3) + 128;
  return sample < 0 ? 0 : sample > 255 ? 255 : sample;
}

/**
 * The 1/8-scale picture (ceil(width / 8) × ceil(height / 8), as libjpeg sizes it), subsampled chroma repeated over
 * the pixels it covers, turned into RGB (JFIF's YCbCr) and reduced by area averaging to at most `edge` pixels on
 * its long side (never enlarged). A 50 MP photo's 1/8 picture is ~2.3 MB: it is reduced here, on the walk's
 * thread, so that at most `edge`² × 3 bytes cross to the main thread. This is libjpeg's 1/8 output exactly
 * (`djpeg -scale 1/8`, measured), but for 4:2:0 chroma, which libjpeg makes with a 2×2 inverse DCT (three AC
 * coefficients more per block): chroma edges are softer here, which a thumbnail hardly shows. (Interpolating the
 * chroma instead was measured too: closer on smooth gradients, farther on sharp colour edges.)
 */
export function previewFromDc(frame: PreviewFrame, dc: DcPlanes, edge: number): JpegPreview {
  const width = Math.ceil(frame.width / 8);
  const height = Math.ceil(frame.height / 8);
  const channels = frame.components.length === 1 ? 1 : 3;
  const full = reused('pixels', width * height * channels);
  const [yPlane, cbPlane, crPlane] = dc.planes;
  const [yStride, cStride] = dc.strides;
  if (channels === 1) {
    for (let y = 0; y < height; y++) full.set(yPlane!.subarray(y * yStride!, y * yStride! + width), y * width);
  } else {
    // Luma at full resolution, Cb and Cr sampled alike: the only layouts given a preview (jpeg-structure.ts).
    const [, chroma] = frame.components;
    const columns = reused('columns', width);
    for (let x = 0; x < width; x++) columns[x] = Math.floor((x * chroma!.h) / frame.hMax);
    // A store into a clamped view clamps to 0–255 (no test per sample).
    const clamped = new Uint8ClampedArray(full.buffer, full.byteOffset, full.length);
    for (let y = 0; y < height; y++) {
      const row = y * yStride!;
      const chromaRow = Math.floor((y * chroma!.v) / frame.vMax) * cStride!;
      for (let x = 0, o = y * width * 3; x < width; x++, o += 3) {
        const luma = yPlane![row + x]!;
        const cb = cbPlane![chromaRow + columns[x]!]!;
        const cr = crPlane![chromaRow + columns[x]!]!;
        clamped[o] = luma + CR_RED[cr]!;
        clamped[o + 1] = luma + ((CB_GREEN[cb]! + CR_GREEN[cr]!) >> 16);
        clamped[o + 2] = luma + CB_BLUE[cb]!;
      }
    }
  }
  const long = Math.max(width, height);
  if (long <= edge) return { width, height, channels, data: full.slice() };
  const toWidth = Math.max(1, Math.round((width * edge) / long));
  const toHeight = Math.max(1, Math.round((height * edge) / long));
  return { width: toWidth, height: toHeight, channels, data: areaResize(full, width, height, channels, toWidth, toHeight) };
}

/*
 * JFIF's YCbCr to RGB in integers, as libjpeg does it (jdcolor.c): per chroma value, its share of red, green and
 * blue, green in 16-bit fixed point; the output is libjpeg's, value for value. This code runs a few times per walk
 * thread, the first times before V8 optimizes it, where every floating-point result is a heap number: a 12 MP
 * photo's first preview took 76 ms in floating point and 46 ms in integers (3.4 and 5.5 ms once optimized, alike).
 */
const CR_RED = new Int32Array(256);
const CB_BLUE = new Int32Array(256);
const CB_GREEN = new Int32Array(256);
const CR_GREEN = new Int32Array(256);
for (let i = 0; i < 256; i++) {
  CR_RED[i] = Math.round(1.402 * (i - 128));
  CB_BLUE[i] = Math.round(1.772 * (i - 128));
  CB_GREEN[i] = -Math.round(0.344136 * 65536 * (i - 128));
  CR_GREEN[i] = -Math.round(0.714136 * 65536 * (i - 128)) + 32768;
}

/** Weights of the area reduction, in 12-bit fixed point: a pixel's weights sum to 4096. */
const WEIGHT_BITS = 12;

/**
 * For each output pixel along one axis: the first source pixel it covers, and the weights of the `taps` source
 * pixels from there (the share of each that it covers, partly covered pixels by their part), flat, `taps` apart.
 */
function spans(from: number, to: number): { first: Int32Array; weights: Int32Array; taps: number } {
  const scale = from / to;
  const taps = Math.ceil(scale) + 1;
  const first = new Int32Array(to);
  const weights = new Int32Array(to * taps);
  for (let i = 0; i < to; i++) {
    const start = i * scale;
    const end = (i + 1) * scale;
    const lo = Math.floor(start);
    const hi = Math.min(from, Math.ceil(end), lo + taps);
    let sum = 0;
    let largest = 0;
    for (let s = lo; s < hi; s++) {
      const w = Math.round(((Math.min(end, s + 1) - Math.max(start, s)) / scale) * (1 << WEIGHT_BITS));
      weights[i * taps + s - lo] = w;
      sum += w;
      if (w > weights[i * taps + largest]!) largest = s - lo;
    }
    // Rounding leaves the sum a little off 4096: the largest weight takes the difference.
    weights[i * taps + largest] = weights[i * taps + largest]! + (1 << WEIGHT_BITS) - sum;
    first[i] = lo;
  }
  return { first, weights, taps };
}

/**
 * Each output pixel the mean of the source area it covers (partly covered pixels weighted by their share): the
 * reduction sharp's `resize` would do with a box kernel. Hand-written because sharp is not loaded on the walk's
 * threads (its import costs ~0.28 s of CPU per thread, docs/performance.md), and the point is to reduce before
 * the picture crosses to the main thread. Integers throughout (see CR_RED): rows to 8.8 fixed point (16 bits), then
 * columns.
 */
function areaResize(source: Uint8Array, width: number, height: number, channels: number, toWidth: number, toHeight: number): Uint8Array {
  const across = reused('rows', toWidth * height * channels);
  const horizontal = spans(width, toWidth);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < toWidth; x++) {
      const at = x * horizontal.taps;
      const base = (y * width + horizontal.first[x]!) * channels;
      const count = Math.min(horizontal.taps, width - horizontal.first[x]!);
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let s = 0; s < count; s++) sum += horizontal.weights[at + s]! * source[base + s * channels + c]!;
        across[(y * toWidth + x) * channels + c] = (sum + (1 << (WEIGHT_BITS - 9))) >> (WEIGHT_BITS - 8);
      }
    }
  }
  const vertical = spans(height, toHeight);
  const out = new Uint8Array(toWidth * toHeight * channels);
  const line = toWidth * channels;
  const shift = WEIGHT_BITS + 8;
  for (let y = 0; y < toHeight; y++) {
    const at = y * vertical.taps;
    const base = vertical.first[y]! * line;
    const count = Math.min(vertical.taps, height - vertical.first[y]!);
    for (let i = 0; i < line; i++) {
      let sum = 0;
      for (let s = 0; s < count; s++) sum += vertical.weights[at + s]! * across[base + s * line + i]!;
      out[y * line + i] = (sum + (1 << (shift - 1))) >> shift;
    }
  }
  return out;
}
