import { z } from 'zod';
import type { TextFacts } from '../inspect/text.js';
import { defineFileRule, defineSubmissionRule, type RuleMessage } from './rule.js';

const NO_OPTIONS = z.object({}).strict();

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
  'encrypted-or-legacy': {
    message: {
      zh: '文件名是 .docx，内容却是旧版 Word（.doc）格式，或者文档设置了打开密码，无法检查',
      en: 'named .docx, but the content is a legacy Word (.doc) file or a password-protected document, so it cannot be checked',
    },
    hint: {
      zh: '用 Word/WPS 打开（设了密码的先取消密码：文件 → 信息 → 保护文档），再另存为 .docx',
      en: 'open it in Word or WPS (remove the password first: File → Info → Protect Document), then save it as .docx',
    },
  },
  'wrong-format': {
    message: { zh: '文件名是 {ext}，内容却是 {format} 文件', en: 'named {ext}, but the content is a {format} file' },
    hint: {
      zh: '只改扩展名不会改变文件格式：文字材料请在 Word/WPS 里另存为 .docx，或用记事本保存为 .txt',
      en: 'renaming does not change the format: save the write-up from Word or WPS as .docx, or from Notepad as .txt',
    },
  },
  'not-text': {
    message: { zh: '文件内容不是文字（扩展名 {ext}），可能已损坏', en: 'the content is not text (extension {ext}); the file may be damaged' },
    hint: { zh: '文字材料请用 Word（.docx）或记事本（.txt）保存', en: 'save the write-up as Word (.docx) or plain text (.txt)' },
  },
  unreadable: {
    message: { zh: '文件已损坏，无法读取：{detail}', en: 'the file is damaged and cannot be read: {detail}' },
    hint: { zh: '用 Word/WPS 打开后重新另存为 .docx；打不开时请找原件重新复制', en: 'open it in Word or WPS and save it again as .docx; if it does not open, copy the original again' },
  },
};

export const textReadable = defineFileRule<object, TextFacts>({
  id: 'text/readable',
  scope: 'file',
  kind: 'text',
  defaultSeverity: 'error',
  docs: { zh: '文字材料能被读取：.docx、.txt 或 .md', en: 'The write-up can be read: .docx, .txt or .md' },
  options: NO_OPTIONS,
  messages: READ_ERROR_MESSAGES,
  check({ file, facts, report }) {
    if (!facts.readError) return;
    report(facts.readError, {
      ext: file.ext,
      format: facts.actualFormat?.toUpperCase(),
      detail: (facts.readErrorDetail ?? '').slice(0, 160),
    });
  },
});

export const textLength = defineFileRule<{ min: number; max: number }, TextFacts>({
  id: 'text/length',
  scope: 'file',
  kind: 'text',
  defaultSeverity: 'error',
  docs: { zh: '文字材料 800–1500 字（按 Word“字数统计”的字数）', en: 'The write-up has 800–1500 字, as Word counts them' },
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
