import type sharpFunction from 'sharp';

/**
 * sharp for every part of pyvw that reads pictures (photos, thumbnails, pictures taken out of Word files), loaded on
 * first use: importing it costs ~0.15 s of CPU, which a check of plain JPEGs or of texts never pays. libvips's
 * operation cache is turned off as it loads: every picture is read once, so the cache (50 MB by default) would only
 * hold finished operations and the buffers they reference. Set once here, it holds whichever part loads sharp first;
 * since a check of plain JPEGs stopped loading sharp, `pack`'s thumbnails had loaded it with the cache on.
 */
let loaded: Promise<typeof sharpFunction> | undefined;

export function loadSharp(): Promise<typeof sharpFunction> {
  loaded ??= import('sharp').then(({ default: sharp }) => {
    sharp.cache(false);
    return sharp;
  });
  return loaded;
}
