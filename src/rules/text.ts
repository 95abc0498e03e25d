import * as z from 'zod';
import type { TextFacts } from '../inspect/text.js';
import type { ScannedFile } from '../types.js';
import { defineFileRule, defineSubmissionRule, NO_OPTIONS, type RuleMessage } from './rule.js';


/** Messages for a Word or text file that cannot be read; shared by every kind that reads documents. */
export const READ_ERROR_MESSAGES: Record<string, RuleMessage> = {
  'legacy-word': {
    message: { zh: '这是旧版 Word（.doc）或 WPS（.wps）文件，无法检查', en: 'this is a legacy Word (.doc) or WPS (.wps) file and cannot be checked' },
    hint: { zh: '用 Word/WPS 打开，另存为 .docx', en: 'open it in Word or WPS and save it as .docx' },
  },
  empty: {
    message: { zh: '文件是空的（0 字节）', en: 'the file is empty (0 bytes)' },
    hint: { zh: '重新保存或重新复制这个文件', en: 'save or copy the file again' },
  },
  'not-text': {
    message: { zh: '文件内容不是文字（扩展名 {ext|orNone}），可能已损坏', en: 'the content is not text (extension {ext|orNone}); the file may be damaged' },
    hint: { zh: '文字材料请用 Word（.docx）或记事本（.txt）保存', en: 'save the write-up as Word (.docx) or plain text (.txt)' },
  },
  unreadable: {
    message: { zh: '文件已损坏，无法读取：{detail}', en: 'the file is damaged and cannot be read: {detail}' },
    hint: { zh: '用 Word/WPS 打开后重新另存为 .docx；打不开时请找原件重新复制', en: 'open it in Word or WPS and save it again as .docx; if it does not open, copy the original again' },
  },
  damaged: {
    message: {
      zh: '文档已损坏：其中的 {detail} 与文档记录的校验值（CRC-32）不符，Word 打开时会提示“发现无法读取的内容”',
      en: 'the document is damaged: its part {detail} does not match the checksum (CRC-32) the document records for it; Word reports "unreadable content"',
    },
    hint: { zh: '找原件重新复制；没有原件时用 Word 打开、按提示恢复后另存为 .docx，并检查图片是否完整', en: 'copy the original again; without one, open it in Word, let Word recover it, save it as .docx and check its pictures' },
  },
  'wrong-format': {
    message: { zh: '文件名是 {ext|orNone}，内容却是 {format|upper} 文件', en: 'named {ext|orNone}, but the content is a {format|upper} file' },
    hint: {
      zh: '只改扩展名不会改变文件格式：用 Word/WPS 打开原文档，“另存为”Word 文档（*.docx）；文字材料也可用记事本保存为 .txt',
      en: 'renaming does not change the format: open the original in Word or WPS and "Save as" Word Document (*.docx); a write-up may also be saved from Notepad as .txt',
    },
  },
  'not-a-zip': {
    message: { zh: '扩展名是 {ext|orNone}，但文件内容不是 Word 文档，也不是能识别的其他格式', en: 'the extension is {ext|orNone} but the content is no Word document, nor any format pyvw recognises' },
    hint: { zh: '找到原始文档，用 Word/WPS 打开后“另存为”Word 文档（*.docx）；只改扩展名没有用', en: 'open the original in Word or WPS and "Save as" Word Document (*.docx); renaming a file does not convert it' },
  },
  ole: {
    message: { zh: '扩展名是 {ext|orNone}，但内容是旧版 Word（.doc）或 WPS 格式，无法检查', en: 'the extension is {ext|orNone} but the content is in the legacy Word (.doc) or WPS format and cannot be checked' },
    hint: { zh: '用 Word/WPS 打开，“另存为”Word 文档（*.docx）', en: 'open it in Word or WPS and "Save as" Word Document (*.docx)' },
  },
  encrypted: {
    message: { zh: '文件设置了打开密码（已加密），无法检查，收件人也打不开', en: 'the file is protected by a password (encrypted): it cannot be checked and recipients cannot open it' },
    hint: {
      zh: '用 Word 打开，在“文件 → 信息 → 保护文档 → 用密码进行加密”中清空密码后保存（WPS：“文件 → 文档加密 → 密码加密”）',
      en: 'open it in Word, clear the password under File → Info → Protect Document → Encrypt with Password and save (WPS: File → Document Encryption)',
    },
  },
  'no-document': {
    message: { zh: '文件是压缩包格式，但里面没有 Word 正文（word/document.xml）：{detail}', en: 'the file is a zip but holds no Word body (word/document.xml): {detail}' },
    hint: { zh: '用 Word/WPS 打开后“另存为”Word 文档（*.docx）', en: 'open it in Word or WPS and "Save as" Word Document (*.docx)' },
  },
  bomb: {
    message: {
      zh: '文件解压后超出安全上限，可能已损坏或是“压缩炸弹”，没有检查内容（{detail}）',
      en: 'the file inflates beyond a safe bound; it may be damaged or a zip bomb, and its content was not checked ({detail})',
    },
    hint: {
      zh: '用 Word/WPS 打开看看：内容正常就“另存为”一个新的 .docx 再检查，否则请找原件',
      en: 'open it in Word or WPS: if it looks right, "Save as" a new .docx and check again; otherwise find the original',
    },
  },
  'mammoth-failed': {
    message: { zh: '无法读取 Word 文档的内容：{detail}', en: 'the content of the Word document cannot be read: {detail}' },
    hint: {
      zh: '用 Word/WPS 重新另存为 .docx（WPS：“文件 → 另存为”，文件类型选“Word 文档（*.docx）”）后再检查',
      en: 're-save it as .docx from Word or WPS (WPS: File → Save As, type "Word Document (*.docx)") and check again',
    },
  },
};

/** The data every read error's message is filled from. */
export function readErrorData(file: ScannedFile, facts: TextFacts): { ext: string; detail?: string; format?: string } {
  return { ext: file.ext, detail: facts.readErrorDetail, format: facts.actualFormat };
}

export const textReadable = defineFileRule<object, 'text'>({
  id: 'text/readable',
  scope: 'file',
  kind: 'text',
  defaultSeverity: 'error',
  docs: { zh: '文字材料能被读取：.docx、.txt 或 .md', en: 'The write-up can be read: .docx, .txt or .md' },
  options: NO_OPTIONS,
  messages: READ_ERROR_MESSAGES,
  check({ file, facts, report }) {
    if (facts.readError) report(facts.readError, readErrorData(file, facts));
  },
});

export const textLength = defineFileRule<{ min: number; max: number }, 'text'>({
  id: 'text/length',
  scope: 'file',
  kind: 'text',
  defaultSeverity: 'error',
  docs: { zh: '文字材料 800–1500 字（按 Word“字数统计”的字数）', en: 'The write-up has 800–1500 字, as Word counts them' },
  submissions: ['day'],
  options: z.object({ min: z.number().int().nonnegative(), max: z.number().int().positive() }).strict(),
  messages: {
    short: {
      message: { zh: '字数 {words}，少于要求的 {min} 字（字符数不计空格 {charsNoSpaces}）', en: '{words} 字, fewer than the required {min} (characters without spaces: {charsNoSpaces})' },
      hint: { zh: '再补充约 {missing} 字：活动概况、特色做法、典型案例', en: 'add about {missing} 字: the overview, what was distinctive, a typical case' },
    },
    long: {
      message: { zh: '字数 {words}，多于要求的 {max} 字（字符数不计空格 {charsNoSpaces}）', en: '{words} 字, more than the allowed {max} (characters without spaces: {charsNoSpaces})' },
      hint: { zh: '删减约 {excess} 字', en: 'cut about {excess} 字' },
    },
  },
  check({ facts, options, report }) {
    if (facts.words === undefined) return;
    const data = { words: facts.words, charsNoSpaces: facts.charsNoSpaces, min: options.min, max: options.max };
    if (facts.words < options.min) report('short', { ...data, missing: options.min - facts.words });
    else if (facts.words > options.max) report('long', { ...data, excess: facts.words - options.max });
  },
});

export const textMissing = defineSubmissionRule<object>({
  id: 'text/missing',
  scope: 'submission',
  defaultSeverity: 'warn',
  docs: { zh: '每天的材料应有一份文字材料', en: 'Each day’s submission should have a text write-up' },
  submissions: ['day'],
  options: NO_OPTIONS,
  messages: {
    missing: {
      message: { zh: '这份材料里没有文字材料（活动概况的文字介绍）', en: 'this submission has no text write-up' },
      hint: {
        zh: '通知要求每天报送 800–1500 字的文字材料：放进“文字材料”文件夹，或直接放在根目录（.docx 或 .txt）',
        en: 'the notice asks for an 800–1500 字 write-up each day: put a .docx or .txt in 文字材料/ or at the top of the folder',
      },
    },
  },
  check({ submission, report }) {
    if (!submission.files.some((f) => f.kind === 'text')) report('missing', {});
  },
});

export const textRules = [textReadable, textLength, textMissing];
