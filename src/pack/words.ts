import type { Bilingual } from '../types.js';

/** Every sentence `pyvw pack` says, in both languages; `{name}` placeholders are filled by `format` (src/i18n.ts). */
export const PACK_WORDS = {
  // What is left out, and why (plan).
  duplicateLeftOut: { zh: '与 {original} 完全相同，只报送 {original}', en: 'identical to {original}; only {original} is sent' },
  captionListMade: { zh: '由 pyvw 按每张照片的说明生成，每张报送的照片一行', en: 'written by pyvw from each photo’s caption, one line per photo sent' },
  descriptionListMade: { zh: '由 pyvw 按每个视频的说明生成，每个报送的视频一行', en: 'written by pyvw from each video’s description, one line per video sent' },
  sidecarOfLeftOut: { zh: '它说明的 {file} 没有报送', en: 'the file it describes, {file}, is not sent' },
  manifestWithoutPhotos: { zh: '没有要报送的照片，这份说明清单也不报送', en: 'no photo is sent, so this caption list is not sent either' },
  manifestWithoutVideos: { zh: '没有要报送的视频，这份说明清单也不报送', en: 'no video is sent, so this description list is not sent either' },
  picturesUnreadable: { zh: '未能从 {file} 中取出图片（{detail}）；文档本身已报送', en: 'could not take the pictures out of {file} ({detail}); the document itself is sent' },
  pictureUnsupported: {
    zh: '{file} 中的图片 {picture} 不是照片格式（如 EMF/WMF 矢量图、BMP），没有单独导出为 JPG；文档本身已报送',
    en: '{file}: the picture {picture} is not a photo format (EMF/WMF drawing, BMP, …) and was not written out as JPG; the document itself is sent',
  },
  pictureTooManyBytes: {
    zh: '{file} 中的图片 {picture} 解压后有 {size}（{bytes} 字节），超过单独导出图片的上限 {max} 字节，没有读取，也没有导出为 JPG；文档本身已报送',
    en: '{file}: the picture {picture} is {size} ({bytes} bytes) inflated, over the {max} bytes a picture written out may have; it was not read nor written out as JPG; the document itself is sent',
  },
  pictureTooManyPixels: {
    zh: '{file} 中的图片 {picture} 有 {width}×{height} 像素（{pixels} 像素），超过转为 JPG 的上限 {max} 像素，没有解码，也没有导出；文档本身已报送',
    en: '{file}: the picture {picture} has {width}×{height} pixels ({pixels}), over the {max} a picture converted to JPG may have; it was not decoded nor written out; the document itself is sent',
  },
  pictureNotConverted: {
    zh: '{file} 中的图片 {picture} 无法转为 JPG（{detail}），没有单独导出；文档本身已报送',
    en: '{file}: the picture {picture} could not be converted to JPG ({detail}) and was not written out; the document itself is sent',
  },

  // 报送清单.txt
  listingTitle: { zh: '{unit} {YYYY}年{M}月{D}日 职教活动周材料 报送清单', en: '{unit}: activity-week materials of {YYYY}-{MM}-{DD}, contents' },
  listingTitleSummary: { zh: '{unit} 2023年职业教育活动周工作总结 报送清单', en: '{unit}: activity-week summary, contents' },
  listingMade: { zh: '由 pyvw {version} 生成于 {time}（北京时间）', en: 'Made by pyvw {version} at {time} (Beijing time)' },
  listingPart: { zh: '本包是 {count} 个包中的第 {index} 个；其余的包：{others}', en: 'This is package {index} of {count}; the others: {others}' },
  listingPacked: { zh: '报送的文件（{count} 个，合计 {bytes} 字节）：', en: 'Files sent ({count}, {bytes} bytes in all):' },
  listingKindSize: { zh: '类别：{kind}　大小：{bytes} 字节（{size}）', en: 'kind: {kind}, size: {bytes} bytes ({size})' },
  listingOriginal: { zh: '原文件：{path}', en: 'original: {path}' },
  listingPicture: { zh: '取自 {file} 中的 {picture}', en: 'taken from {picture} in {file}' },
  listingPictureConverted: { zh: '取自 {file} 中的 {picture}（已转为 JPG）', en: 'taken from {picture} in {file} (converted to JPG)' },
  listingLeftOut: { zh: '未报送的文件（{count} 个）：', en: 'Files not sent ({count}):' },
  listingNothingLeftOut: { zh: '没有未报送的文件。', en: 'No file was left out.' },
  listingTitleOfReport: { zh: '报道题目：{title}', en: 'title: {title}' },
  listingLink: { zh: '报道链接：{url}', en: 'link: {url}' },
  listingReason: { zh: '原因：{reason}', en: 'why: {reason}' },
  listingNotes: { zh: '说明：', en: 'Notes:' },
  listingSelf: { zh: '报送清单.txt（本文件）不计在内。', en: '报送清单.txt (this list) is not counted.' },
  generatedKind: { zh: '说明清单', en: 'list of captions' },
  pictureKind: { zh: '文档中的图片', en: 'picture from a document' },

  // What the clerk sees after packing.
  packed: { zh: '已生成报送包：{path}', en: 'Package written: {path}' },
  packedSize: { zh: '  大小 {size}（{bytes} 字节），{count} 个文件，已逐个校验', en: '  {size} ({bytes} bytes), {count} files, each one verified' },
  packedParts: {
    zh: '已生成 {count} 个报送包（每封邮件连同编码都小于邮箱附件上限 {limit}，请分 {count} 封邮件发送）：',
    en: 'Wrote {count} packages (each email, encoded, is under the mailbox limit of {limit}; send them in {count} emails):',
  },
  packedPartsSomeOver: {
    zh: '已生成 {count} 个报送包：{fit} 个可以作为普通附件发送（每封邮件连同编码都小于邮箱附件上限 {limit}），{over} 个超过上限，只能作为“超大附件”发送（见下）：',
    en: 'Wrote {count} packages: {fit} go as ordinary attachments (each email, encoded, under the mailbox limit of {limit}); {over} are over the limit and can only go as a large attachment (超大附件), see below:',
  },
  limitBytes: { zh: '{bytes} 字节', en: '{bytes} bytes' },
  mailSize: { zh: '邮件编码后约 {size}', en: 'about {size} as an encoded email' },
  removedStale: { zh: '已删除同一天以前生成的报送包，避免误发：{path}', en: 'Removed an earlier package of the same day, so it is not sent by mistake: {path}' },
  unsplitExists: {
    zh: '这一天的报送包已经存在：{path}。--split 会生成几个分包并删除它；确认要这样做请加 --force。',
    en: 'The package of this day already exists: {path}. --split writes parts instead and removes it; add --force to do that.',
  },
  tooLargeForMail: {
    zh: '注意：{file} 单个文件就使邮件超过上限 {limit}，分包也装不下，只能作为“超大附件”发送。',
    en: 'Note: {file} alone makes an email larger than the limit of {limit}; no split can help: send it as a large attachment (超大附件).',
  },
  partLine: { zh: '  {path}\n    大小 {size}，{count} 个文件，{mail}，邮件主题：{subject}', en: '  {path}\n    {size}, {count} files, {mail}, subject: {subject}' },
  leftOutSummary: { zh: '未报送 {count} 个文件（原因也写在包内的“报送清单.txt”里）：', en: '{count} files are not sent (the reasons are also in 报送清单.txt in the package):' },
  leftOutSummaryNoPackage: { zh: '未报送 {count} 个文件：', en: '{count} files are not sent:' },
  occasionDay: { zh: '报送日期：{day}（{source}）', en: 'Materials of: {day} ({source})' },
  occasionSummary: { zh: '报送内容：活动周工作总结', en: 'Materials: the activity-week summary' },
  sendTo: { zh: '发送到：{email}', en: 'Send to: {email}' },
  subject: { zh: '邮件主题：{subject}', en: 'Subject: {subject}' },
  deadlineAhead: { zh: '截止时间：{day} {time}（北京时间），还有 {left}', en: 'Deadline: {day} {time} Beijing time, {left} from now' },
  deadlinePassed: { zh: '{day} {time}（北京时间）的截止时间已过 {ago}：请尽快发送，并向教育局说明情况', en: 'The deadline, {day} {time} Beijing time, passed {ago} ago: send it now and tell the bureau why it is late' },
  today: { zh: '今天', en: 'today' },
  monthDay: { zh: '{M}月{D}日', en: '{YYYY}-{MM}-{DD}' },
  overLimit: {
    zh: '注意：报送包 {size} 编码成邮件后约 {mailSize}，超过了邮箱附件上限 {limit}。请加 --split 分成几个小于上限的包分别发送，或者作为“超大附件”发送。',
    en: 'Note: the package ({size}, about {mailSize} as an encoded email) is larger than the mailbox attachment limit of {limit}. Use --split to write several packages under the limit, or send it as a large attachment (超大附件).',
  },
  hugePart: {
    zh: '注意：{file} 单个文件就超过邮箱附件上限 {limit}，已单独成包（{path}），请作为“超大附件”发送。',
    en: 'Note: {file} alone is larger than the mailbox limit of {limit}; it has a package of its own ({path}): send it as a large attachment (超大附件).',
  },
  emlWritten: { zh: '邮件草稿：{path}（双击用 Outlook 或 Foxmail 打开，核对后发送）', en: 'Draft email: {path} (open it in Outlook or Foxmail, check it and send)' },
  emlSkipped: { zh: '没有为 {path} 生成邮件草稿：它超过了邮箱附件上限 {limit}', en: 'No draft email for {path}: it is larger than the mailbox limit of {limit}' },
  refused: {
    zh: '有 {count} 个错误，没有生成报送包。请按上面的提示修改后再运行 pyvw pack；或者加 --skip-invalid，只报送合格的文件（不合格的文件不会报送，会列在报送清单里）。',
    en: '{count} errors: no package was written. Fix them as shown above and run pyvw pack again, or add --skip-invalid to send only the files that pass (the others are listed in the package as not sent).',
  },
  nothingToPack: { zh: '没有合格的文件可以报送，没有生成报送包。', en: 'No file passes the rules, so no package was written.' },
  submissionErrors: { zh: '整份材料的问题（不影响已报送的文件）：', en: 'Problems of the submission as a whole (they do not affect the files sent):' },

  // Email draft.
  mailGreeting: { zh: '您好！', en: 'Hello,' },
  mailIntro: {
    zh: '附件是{unit} {M}月{D}日的职教活动周材料（{file}，{size}），共 {count} 个文件：',
    en: 'Attached are the activity-week materials of {unit} for {YYYY}-{MM}-{DD} ({file}, {size}), {count} files:',
  },
  mailIntroSummary: {
    zh: '附件是{unit}的 2023 年职业教育活动周工作总结（{file}，{size}），共 {count} 个文件：',
    en: 'Attached is the activity-week summary of {unit} ({file}, {size}), {count} files:',
  },
  mailReports: { zh: '媒体报道的原文链接：', en: 'Links to the media reports:' },
  mailPart: { zh: '这是 {count} 封邮件中的第 {index} 封。', en: 'This is email {index} of {count}.' },
  mailClosing: { zh: '请查收。', en: 'Kind regards,' },

  // Errors (exit 2).
  outsideWeek: {
    zh: '没有打包：{folder} 的日期是 {date}（{dateSource}），不在活动周 {start} 至 {end} 之内。请把文件夹按当天日期命名（如“5月15日”）；如果确实要按这一天打包，请加 --date {date}。',
    en: 'Not packed: the date of {folder} is {date} ({dateSource}), outside the activity week {start} to {end}. Name the folder after its day (e.g. 5月15日), or, if this day is meant, add --date {date}.',
  },
  missingUnit: {
    zh: '缺少单位名称，报送包的文件名要用到它。请加 --unit "学校名称"，或者在 pyvw.config.json 里写 "unit": "学校名称"。',
    en: 'The unit (school) name is missing; the package name needs it. Add --unit "school name", or put "unit": "school name" in pyvw.config.json.',
  },
  exists: {
    zh: '报送包已经存在：{path}。要替换它请加 --force；或者用 --out 指定别的文件夹。',
    en: 'The package already exists: {path}. Add --force to replace it, or choose another folder with --out.',
  },
  unitInvisible: {
    zh: '单位名称里有看不见的控制字符（{codes}），会让报送包的文件名显示成别的样子。请重新输入单位名称。',
    en: 'The unit name holds invisible control characters ({codes}) that would make the package name show as something else. Type the unit name again.',
  },
  unitTooLong: {
    zh: '单位名称太长：报送包的文件名会有 {bytes} 字节，系统最多允许 {max} 字节。请用单位简称（--unit）。',
    en: 'The unit name is too long: the package name would take {bytes} bytes, and the system allows {max}. Use a short form of the name (--unit).',
  },
  outInside: {
    zh: '报送包不能放在要打包的文件夹里面（{out}）。请用 --out 指定别的文件夹；默认放在 {dir} 的上一级文件夹。',
    en: 'The package cannot go inside the folder being packed ({out}). Choose another folder with --out; by default it goes next to {dir}.',
  },
  diskFull: {
    zh: '磁盘空间不足：{dir} 所在的磁盘写满了（报送包约需 {size}），报送包没有生成，也没有留下不完整的文件。请清理磁盘，或者用 --out 换一个磁盘后重试。',
    en: 'The disk is full: there is no room for the package in {dir} (it needs about {size}). No package and no partial file was left. Free some space, or use --out to write elsewhere, and try again.',
  },
  writeFailed: {
    zh: '写入报送包失败：{reason}（{detail}）。报送包没有生成，也没有留下不完整的文件。',
    en: 'Writing the package failed: {reason} ({detail}). No package and no partial file was left.',
  },
  sourceChanged: {
    zh: '{file} 在打包时被改动了（检查时 {before} 字节，打包时 {after} 字节）。请先关闭正在编辑它的程序，再运行 pyvw pack。',
    en: '{file} changed while it was packed ({before} bytes when checked, {after} bytes when packed). Close the program that edits it and run pyvw pack again.',
  },
  verifyFailed: {
    zh: '报送包校验不通过（{entry}：{detail}），已删除，没有生成报送包。请重试；如果反复出现，请检查磁盘。',
    en: 'The package failed verification ({entry}: {detail}) and was deleted. Try again; if it happens again, check the disk.',
  },
  interrupted: { zh: '已中断：没有生成报送包，也没有留下临时文件。', en: 'Interrupted: no package and no temporary file was left.' },

  // Progress bar.
  progressWrite: { zh: '打包', en: 'packing' },
  progressVerify: { zh: '校验', en: 'verifying' },
} satisfies Record<string, Bilingual>;
