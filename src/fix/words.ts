import type { Bilingual } from '../types.js';

/** Every sentence `pyvw fix` says, in both languages; `{name}` placeholders are filled by `format` (src/i18n.ts). */
export const FIX_WORDS = {
  // What was done to a file (the table's third column).
  copied: { zh: '原样复制', en: 'copied as it is' },
  renamed: { zh: '内容不变，改名为 {name}', en: 'same content, renamed {name}' },
  photoConverted: { zh: '{format} 转为 JPG（质量 92，sRGB，已按拍摄方向摆正）→ {name}', en: '{format} converted to JPEG (quality 92, sRGB, turned upright) → {name}' },
  photoSrgb: { zh: 'CMYK 按文件自带的颜色配置转为 sRGB → {name}', en: 'CMYK converted to sRGB through its own colour profile → {name}' },
  photoSrgbKept: {
    zh: '没有转换 CMYK：转成 sRGB 后文件只有 {bytes} 字节，会低于 2 MB 的要求；原样复制',
    en: 'CMYK not converted: as sRGB the file would be {bytes} bytes, below the 2 MB minimum; copied as it is',
  },
  videoConverted: { zh: '转为 MP4（H.264 High + AAC，可边下边播）→ {name}', en: 'converted to MP4 (H.264 High + AAC, fast start) → {name}' },
  videoScaled: { zh: '画面由 {from} 缩小到 {to}', en: 'picture scaled from {from} to {to}' },
  videoCompressed: { zh: '按时长 {seconds} 秒压缩到 {bytes} 字节（{size}）', en: 'compressed for its {seconds} s to {bytes} bytes ({size})' },
  videoRetried: { zh: '第一次压缩后仍超过 {target} 字节，已降低码率重压 {times} 次', en: 'still above {target} bytes after the first pass: encoded again at a lower bitrate {times}×' },
  docxConverted: { zh: '用 LibreOffice 另存为 .docx → {name}', en: 'saved as .docx with LibreOffice → {name}' },
  sidecarFollows: { zh: '说明文件随照片/视频改名为 {name}', en: 'caption file renamed with its photo/video: {name}' },
  manifestRewritten: { zh: '第 {lines} 行的文件名改为转换后的新名字', en: 'file names on line {lines} changed to the converted files\u2019 new names' },
  captionLineAdded: { zh: '已在 {manifest} 中加了一行“{name}：”，请在冒号后写上说明', en: 'added the line "{name}：" to {manifest}: write the caption after the colon' },
  leftOut: { zh: '系统文件，不复制', en: 'system file, not copied' },

  // What could not be done, and what the clerk can do instead.
  noFfmpeg: {
    zh: '没有转换：这台电脑上找不到 ffmpeg。重新安装 pyvw（npm install，不要加 --omit=optional），或安装 ffmpeg 后设置环境变量 PYVW_FFMPEG 指向 ffmpeg 程序；也可以用“格式工厂”手动转为 MP4（H.264）',
    en: 'not converted: there is no ffmpeg on this computer. Reinstall pyvw (npm install without --omit=optional), or install ffmpeg and set PYVW_FFMPEG to it; or convert it to MP4 (H.264) with Format Factory',
  },
  noSoffice: {
    zh: '没有转换：这台电脑上没有 LibreOffice。请用 Word 或 WPS 打开，“另存为”.docx 格式',
    en: 'not converted: LibreOffice is not installed here. Open it in Word or WPS and "Save as" .docx',
  },
  convertFailed: { zh: '转换失败（{detail}），原样复制', en: 'conversion failed ({detail}); copied as it is' },
  needOriginalPhoto: {
    zh: 'pyvw 不会放大照片或提高压缩质量来凑尺寸和大小：请找相机或手机里的原图',
    en: 'pyvw does not enlarge a photo or inflate its file to reach the size: find the original from the camera or phone',
  },
  needOriginalVideo: {
    zh: '画面低于标清，pyvw 不会放大：请找手机或相机里的原视频',
    en: 'below SD: pyvw does not upscale; find the original recording',
  },
  cannotFix: { zh: 'pyvw 无法自动修正，请按检查结果的提示处理', en: 'pyvw cannot fix this by itself: follow the check\u2019s hint' },

  pictureTooLarge: {
    zh: '画面 {picture}（4K），比网页和微信播放需要的大得多，长边超过 {max}',
    en: 'the picture is {picture} (4K), far more than web and WeChat players need; its long side is above {max}',
  },

  // Table and summary.
  headFile: { zh: '文件', en: 'file' },
  headWrong: { zh: '原来的问题', en: 'what was wrong' },
  headDone: { zh: '做了什么', en: 'what was done' },
  headNow: { zh: '现在', en: 'verdict now' },
  headWouldDo: { zh: '将要做什么', en: 'what would be done' },
  nothingWrong: { zh: '—', en: '—' },
  nowOk: { zh: '合格', en: 'passes' },
  nowWarning: { zh: '合格（有警告：{message}）', en: 'passes (warning: {message})' },
  nowError: { zh: '不合格：{message}', en: 'fails: {message}' },
  unchangedCopies: { zh: '另有 {count} 个文件没有问题，已原样复制。', en: '{count} more files needed nothing and were copied as they are.' },
  unchangedWould: { zh: '另有 {count} 个文件没有问题，将原样复制。', en: '{count} more files need nothing and would be copied as they are.' },
  written: { zh: '修正后的材料在：{path}（原文件没有任何改动）', en: 'The fixed copy is in: {path} (the originals are unchanged)' },
  dryRun: { zh: '（演练：没有写任何文件。去掉 --dry-run 即可执行，结果放在 {path}）', en: '(dry run: nothing was written. Run it without --dry-run to write {path})' },
  resultOk: { zh: '修正后的材料全部合格，可以运行：pyvw pack "{path}"', en: 'Every file of the fixed copy passes; next: pyvw pack "{path}"' },
  resultFails: { zh: '修正后仍有 {count} 个错误，需要人工处理（见上表“现在”一栏）。', en: '{count} errors remain after the fix and need a person (see "verdict now" above).' },
  fillCaptions: { zh: '请打开 {files}，在每行冒号后写上照片说明（至少 4 个字）。', en: 'Open {files} and write each photo\u2019s caption (at least 4 字) after the colon.' },
  noFfmpegSummary: {
    zh: '注意：没有 ffmpeg，{count} 个视频没有转换（{detail}）。',
    en: 'Note: without ffmpeg, {count} videos were not converted ({detail}).',
  },
  progressVideo: { zh: '转码', en: 'converting' },
  interrupted: { zh: '已中断：修正文件夹 {path} 已删除，原文件没有任何改动。', en: 'Interrupted: the fix folder {path} was removed; the originals are unchanged.' },

  // Refusals (exit 2).
  outExists: {
    zh: '文件夹已经存在：{path}。要用新结果替换它请加 --force；或者用 --out 指定别的文件夹。',
    en: 'The folder already exists: {path}. Add --force to replace it with a new result, or choose another folder with --out.',
  },
  outNotOurs: {
    zh: '{path} 不是 pyvw fix 生成的文件夹，--force 也不会删除它。请用 --out 指定一个新的文件夹。',
    en: '{path} was not made by pyvw fix, so --force will not delete it. Choose a new folder with --out.',
  },
  /** Between the things done to one file in the table. */
  separator: { zh: '；', en: '; ' },
  outOverlaps: {
    zh: '修正后的材料不能放在原文件夹里面，也不能包含原文件夹（{out}）。请用 --out 指定别的文件夹。',
    en: 'The fixed copy can be neither inside the original folder nor around it ({out}). Choose another folder with --out.',
  },
} satisfies Record<string, Bilingual>;
