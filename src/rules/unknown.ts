import { defineFileRule, NO_OPTIONS } from './rule.js';

export const unknownFormat = defineFileRule<object, 'unknown'>({
  id: 'unknown/format',
  scope: 'file',
  kind: 'unknown',
  defaultSeverity: 'error',
  docs: { zh: '通知不要求的文件格式（PDF、压缩包、表格等）不会被报送', en: 'Formats the notice does not ask for (PDF, archives, spreadsheets, …) are not sent' },
  options: NO_OPTIONS,
  messages: {
    format: {
      message: { zh: '通知不要求 {ext} 格式的文件，这个文件不会被报送', en: 'the notice does not ask for {ext} files; this file will not be sent' },
      hint: {
        zh: '文字用 .docx/.txt，照片用 .jpg，视频用 .mp4；压缩包请解压后放入文件夹；不需要的文件请移出',
        en: 'use .docx/.txt for text, .jpg for photos, .mp4 for videos; unpack archives into the folder; move unneeded files out',
      },
    },
  },
  check({ file, report }) {
    report('format', { ext: file.ext || file.path.split('/').pop() });
  },
});
