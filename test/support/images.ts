import sharp from 'sharp';
import { noiseBytes } from './bytes.js';

/** Pictures for the tests, made with sharp at test time. */

let nextSeed = 2023;

export interface NoiseOptions {
  quality?: number;
  chromaSubsampling?: '4:2:0' | '4:4:4';
  colourspace?: 'srgb' | 'cmyk';
}

/**
 * A JPEG of noise: noise does not compress, so the size follows the pixel count (about a byte a pixel at quality
 * 95; near three at quality 100 with full chroma). A fixed linear congruential sequence makes the pixels, seeded
 * anew on each call: every picture differs from the one before (no accidental duplicates), and every run makes
 * the same pictures.
 */
export async function noiseJpeg(width: number, height: number, options: NoiseOptions = {}): Promise<Buffer> {
  const { quality = 95, chromaSubsampling = '4:2:0', colourspace = 'srgb' } = options;
  const pixels = noiseBytes(width * height * 3, nextSeed++);
  return sharp(pixels, { raw: { width, height, channels: 3 } }).toColourspace(colourspace).jpeg({ quality, chromaSubsampling }).toBuffer();
}

/** A JPEG of one colour: many pixels in few bytes, quick to make and to read. */
export function flatJpeg(width: number, height: number, background = '#6a8'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background } }).jpeg().toBuffer();
}

/** A half-transparent PNG of one colour, as a screenshot pasted into Word may be. */
export function flatPng(width: number, height: number, background = { r: 40, g: 120, b: 200, alpha: 0.5 }): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background } }).png().toBuffer();
}
