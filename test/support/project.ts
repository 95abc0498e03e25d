import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the project, its built CLI and its committed fixtures are. */
export const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(PROJECT, 'bin', 'pyvw.js');
export const FIXTURES = path.join(PROJECT, 'fixtures');
/** The committed MP4 that passes every video rule (H.264, 1280×720): the video wherever one must pass. */
export const HD_VIDEO = path.join(FIXTURES, 'videos', 'hd-1280x720-h264.mp4');
