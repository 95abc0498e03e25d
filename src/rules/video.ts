import path from 'node:path';
import * as z from 'zod';
import type { Bilingual, ScannedFile } from '../types.js';
import { wordCount } from '../text/wordcount.js';
import { defineFileRule, NO_OPTIONS } from './rule.js';


/** Containers of video, as file-type and ffprobe name them; anything else in a video's place is not a video. */
const VIDEO_CONTAINERS = new Set(['mp4', 'mov', 'avi', 'mkv', 'webm', 'asf', 'flv', 'mts', 'mpg', '3gp', '3g2', 'ogv', 'f4v', 'rm']);
/** The file name and stem the conversion commands of the hints are written with. */
function names(file: ScannedFile): { name: string; stem: string } {
  const name = path.posix.basename(file.path);
  return { name, stem: name.slice(0, name.length - path.posix.extname(name).length) };
}

/** How to make an MP4 with H.264 video of what a clerk has: `pyvw fix` first, then the tools a clerk may know. */
const CONVERT_HINT: Bilingual = {
  zh: '运行 pyvw fix 自动转换（结果放在新文件夹，原文件不动）；或用“格式工厂”等软件转换为 MP4（视频编码选 H.264/AVC），或运行：ffmpeg -i "{name}" -c:v libx264 -crf 23 -c:a aac -movflags +faststart "{stem}-h264.mp4"',
  en: 'run pyvw fix to convert it (into a new folder, the original untouched); or convert it to MP4 with H.264 video (e.g. with Format Factory), or run: ffmpeg -i "{name}" -c:v libx264 -crf 23 -c:a aac -movflags +faststart "{stem}-h264.mp4"',
};

export const videoMp4 = defineFileRule<object, 'video'>({
  id: 'video/mp4',
  scope: 'file',
  kind: 'video',
  defaultSeverity: 'error',
  docs: {
    zh: '视频必须是 MP4 格式（看文件内容：MOV、AVI、MKV 等改扩展名也不行），扩展名为 .mp4',
    en: 'Videos must be MP4 by content (MOV, AVI, MKV… do not count, whatever their name) and end in .mp4',
  },
  options: NO_OPTIONS,
  messages: {
    'not-mp4': {
      message: { zh: '文件实际是 {container|container} 格式，不是 MP4', en: 'the file is really {container|container}, not MP4' },
      hint: CONVERT_HINT,
    },
    'not-video': {
      message: { zh: '文件内容不是视频（实际是 {container|upper} 文件）', en: 'the content is not a video (it is really {container|upper})' },
      hint: { zh: '找到原视频，重新从手机或相机复制一份', en: 'find the original video and copy it again from the phone or camera' },
    },
    'not-video-unknown': {
      message: { zh: '文件内容不是视频（不是任何已知的视频格式）', en: 'the content is not a video (no known video format)' },
      hint: { zh: '找到原视频，重新从手机或相机复制一份', en: 'find the original video and copy it again from the phone or camera' },
    },
    'wrong-extension': {
      message: { zh: '内容是 MP4，但扩展名是 {ext|orNone}', en: 'the content is MP4 but the extension is {ext|orNone}' },
      hint: { zh: '把扩展名改为 .mp4', en: 'rename the file to end in .mp4' },
    },
  },
  check({ file, facts, report }) {
    if (file.bytes === 0) return;
    const { container, brand } = facts;
    if (container === 'mp4') {
      if (file.ext !== '.mp4') report('wrong-extension', { ext: file.ext, brand });
    } else if (container && (VIDEO_CONTAINERS.has(container) || facts.videoCodec)) {
      report('not-mp4', { container, brand, ...names(file) });
    } else {
      report(container ? 'not-video' : 'not-video-unknown', { container });
    }
  },
});

export const videoReadable = defineFileRule<object, 'video'>({
  id: 'video/readable',
  scope: 'file',
  kind: 'video',
  defaultSeverity: 'error',
  docs: { zh: '视频能被读取（ffprobe 能打开）且有视频画面', en: 'ffprobe can read the video and it has a video stream' },
  options: NO_OPTIONS,
  messages: {
    empty: {
      message: { zh: '文件是空的（0 字节）', en: 'the file is empty (0 bytes)' },
      hint: { zh: '从手机或相机重新复制这个视频', en: 'copy the video again from the phone or camera' },
    },
    cut: {
      message: {
        zh: '视频不完整（文件被截断）：只有 {bytes} 字节，文件本身写明至少应有 {declared} 字节',
        en: 'the video is cut short: {bytes} bytes, where the file itself declares at least {declared}',
      },
      hint: {
        zh: '文件没有复制完整：从手机或相机重新复制（等复制完成再拔 U 盘），或在剪辑软件中重新导出',
        en: 'the copy is incomplete: copy it again from the phone or camera (wait until the copy ends before removing the USB stick), or export it again',
      },
    },
    unreadable: {
      message: { zh: '视频无法读取：{detail}', en: 'the video cannot be read: {detail}' },
      hint: {
        zh: '文件可能没有复制完整或已损坏：从手机或相机重新复制，或在剪辑软件中重新导出',
        en: 'the copy may be incomplete or damaged: copy it again from the phone or camera, or export it again',
      },
    },
    timeout: {
      message: { zh: '读取视频超时，已中止（{detail}）', en: 'reading the video timed out and was stopped ({detail})' },
      hint: {
        zh: '文件很可能已损坏：从手机或相机重新复制，或在剪辑软件中重新导出',
        en: 'the file is most likely damaged: copy it again from the phone or camera, or export it again',
      },
    },
    'no-video-stream': {
      message: { zh: '文件里没有视频画面（只有声音）', en: 'the file has no video picture (sound only)' },
      hint: { zh: '确认选的是拍摄的视频文件，不是录音或其他文件', en: 'make sure this is the recorded video, not a sound recording or another file' },
    },
    'no-stream': {
      message: { zh: '文件里没有视频画面（既没有画面也没有声音）', en: 'the file has no video picture (neither picture nor sound)' },
      hint: { zh: '确认选的是拍摄的视频文件，不是录音或其他文件', en: 'make sure this is the recorded video, not a sound recording or another file' },
    },
  },
  check({ file, facts, report }) {
    if (!facts.readError) return;
    if (facts.readError === 'cut') return report('cut', { bytes: file.bytes, declared: facts.declaredBytes });
    if (facts.readError !== 'no-video-stream') return report(facts.readError, { detail: facts.readErrorDetail });
    report(facts.audioCodec ? 'no-video-stream' : 'no-stream', { audioCodec: facts.audioCodec, streams: facts.streams });
  },
});

export const videoMaxBytes = defineFileRule<{ max: number }, 'video'>({
  id: 'video/max-bytes',
  scope: 'file',
  kind: 'video',
  defaultSeverity: 'error',
  docs: { zh: '视频文件不超过 200 MB（200,000,000 字节，Windows 显示约 190 MB）', en: 'The video is at most 200 MB (200,000,000 bytes; Windows shows 190 MB)' },
  options: z.object({ max: z.number().int().positive() }).strict(),
  messages: {
    large: {
      message: {
        zh: '文件大小 {bytes} 字节（Windows 显示 {bytes|size}），超过上限 {max} 字节（Windows 显示 {max|size}）',
        en: 'the file is {bytes} bytes ({bytes|size} in Windows Explorer), above the limit of {max} bytes ({max|size})',
      },
      hint: {
        zh: '运行 pyvw fix 自动压缩到 200 MB 以内；或压缩为 720p：用“格式工厂”转为 MP4、分辨率选 720P，或运行：ffmpeg -i "{name}" -vf scale={scale} -c:v libx264 -crf 26 -c:a aac -movflags +faststart "{stem}-720p.mp4"；也可以剪短',
        en: 'run pyvw fix to compress it under 200 MB; or compress it to 720p (e.g. with Format Factory), or run: ffmpeg -i "{name}" -vf scale={scale} -c:v libx264 -crf 26 -c:a aac -movflags +faststart "{stem}-720p.mp4"; or cut it shorter',
      },
    },
  },
  check({ file, facts, options, report }) {
    if (file.bytes <= options.max) return;
    // ffmpeg turns the picture upright before scaling, so the short side is the displayed one.
    const portrait = facts.displayWidth !== undefined && facts.displayWidth < facts.displayHeight!;
    report('large', {
      bytes: file.bytes, max: options.max,
      scale: portrait ? '720:-2' : '-2:720', ...names(file),
    });
  },
});

export const videoResolution = defineFileRule<{ minShortSide: number; suggestedShortSide: number; suggestedLongSide: number }, 'video'>({
  id: 'video/resolution',
  scope: 'file',
  kind: 'video',
  defaultSeverity: 'error',
  docs: {
    zh: '画面不低于标清（短边 ≥ 480 像素，否则错误）；建议 1280×720 以上（短边 ≥ 720 且长边 ≥ 1280，否则警告）；按播放方向计算，竖屏同样适用',
    en: 'At least SD (short side ≥ 480 px, else an error); 1280×720 or more suggested (short side ≥ 720 and long side ≥ 1280, else a warning); as displayed, portrait included',
  },
  options: z.object({
    minShortSide: z.number().int().positive(),
    suggestedShortSide: z.number().int().positive(),
    suggestedLongSide: z.number().int().positive(),
  }).strict(),
  messages: {
    'below-sd': {
      message: {
        zh: '画面 {width}×{height}（按播放方向），短边 {shortSide} 像素，低于标清要求的 {minShortSide} 像素',
        en: 'the picture is {width}×{height} as displayed; its short side of {shortSide} px is below SD ({minShortSide} px)',
      },
      hint: {
        zh: '换用手机或相机拍摄的原视频（720p 或 1080p），不要用微信、QQ 传过的压缩视频',
        en: 'use the original recording (720p or 1080p), not a copy sent through WeChat or QQ',
      },
    },
    'below-hd': {
      message: {
        zh: '画面 {width}×{height}（按播放方向），低于建议的 {suggestedLongSide}×{suggestedShortSide}',
        en: 'the picture is {width}×{height} as displayed, below the suggested {suggestedLongSide}×{suggestedShortSide}',
      },
      hint: {
        zh: '如有原视频，请用 720p（{suggestedLongSide}×{suggestedShortSide}）或 1080p 的原视频',
        en: 'if you have the original, send it at 720p ({suggestedLongSide}×{suggestedShortSide}) or 1080p',
      },
    },
  },
  check({ facts, options, report }) {
    if (facts.displayWidth === undefined || facts.displayHeight === undefined) return;
    const shortSide = Math.min(facts.displayWidth, facts.displayHeight);
    const longSide = Math.max(facts.displayWidth, facts.displayHeight);
    const data = {
      width: facts.displayWidth, height: facts.displayHeight, shortSide, longSide, rotation: facts.rotation, ...options,
    };
    if (shortSide < options.minShortSide) report('below-sd', data);
    else if (shortSide < options.suggestedShortSide || longSide < options.suggestedLongSide) report('below-hd', data, 'warning');
  },
});

export const videoCodec = defineFileRule<object, 'video'>({
  id: 'video/codec',
  scope: 'file',
  kind: 'video',
  defaultSeverity: 'warn',
  docs: { zh: '视频编码用 H.264（HEVC/H.265 等在部分电脑和网页上放不了）', en: 'The video codec should be H.264 (HEVC and others do not play everywhere)' },
  options: NO_OPTIONS,
  messages: {
    'not-h264': {
      message: {
        zh: '视频编码是 {codec|codec}，不是 H.264，部分电脑和网页播放不了',
        en: 'the video codec is {codec|codec}, not H.264; some computers and web pages cannot play it',
      },
      hint: CONVERT_HINT,
    },
  },
  check({ file, facts, report }) {
    if (!facts.videoCodec || facts.videoCodec === 'h264') return;
    report('not-h264', { codec: facts.videoCodec, ...names(file) });
  },
});

export const videoDescription = defineFileRule<{ minChars: number }, 'video'>({
  id: 'video/description',
  scope: 'file',
  kind: 'video',
  defaultSeverity: 'error',
  docs: {
    zh: '每个视频配文字说明（至少 10 字）：同名 .txt 或 .docx，或“视频说明.txt”中的一行',
    en: 'Each video has a description of at least 10 字: a .txt or .docx of the same name, or a line in 视频说明.txt',
  },
  options: z.object({ minChars: z.number().int().positive() }).strict(),
  link: ({ minChars }) => ({ descriptionMinChars: minChars }),
  messages: {
    missing: {
      message: { zh: '视频没有文字说明', en: 'the video has no description' },
      hint: {
        zh: '在视频旁放“{stem}.txt”写一段说明（至少 {minChars} 字），或在“视频说明.txt”中加一行“{name}：说明”',
        en: 'put "{stem}.txt" beside it with a description of at least {minChars} 字, or add a line "{name}: description" to 视频说明.txt',
      },
    },
    'sidecar-empty': {
      message: { zh: '说明文件 {sidecar} 是空的或读不出文字', en: 'the description file {sidecar} is empty or has no readable text' },
      hint: {
        zh: '在 {sidecar} 中写一段视频说明（至少 {minChars} 字）；Word 文件请另存为 .docx',
        en: 'write a description of at least {minChars} 字 in {sidecar}; save Word files as .docx',
      },
    },
    short: {
      message: {
        zh: '找到的说明“{text}”（来自 {source}）只有 {words} 字，至少要 {minChars} 字',
        en: 'the description found, "{text}" (from {source}), has {words} 字; at least {minChars} are needed',
      },
      hint: {
        zh: '写清楚视频的内容：什么活动、在哪里、谁参加',
        en: 'say what the video shows: the activity, the place, who takes part',
      },
    },
  },
  check({ file, facts, options, report }) {
    if (facts.description) return;
    const first = facts.descriptionCandidates?.[0];
    const data = { minChars: options.minChars, ...names(file) };
    if (first) report('short', { ...data, text: first.text, source: first.source, words: wordCount(first.text) });
    else if (file.sidecar) report('sidecar-empty', { ...data, sidecar: file.sidecar });
    else report('missing', data);
  },
});

export const videoRules = [videoMp4, videoReadable, videoMaxBytes, videoResolution, videoCodec, videoDescription];
