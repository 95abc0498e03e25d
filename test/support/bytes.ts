/**
 * Bytes that look random but are the same on every run (a linear congruential sequence): a test of "random bytes"
 * must not pass or fail by the luck of the draw, as a file of crypto noise now and then sniffs as some format.
 */
export function noiseBytes(length: number, seed = 2023): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}
