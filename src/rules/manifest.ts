import { defineFileRule, NO_OPTIONS, type RuleMessage } from './rule.js';

/**
 * Caption and description lists (rulebook, "What is in a submission folder", 3): a line that cannot be read, or
 * that names no photo (video) the list covers, is a warning naming its line number — a clerk must never lose a
 * caption silently.
 */

const messages = (what: { zh: string; en: string }): Record<string, RuleMessage> => ({
  unreadable: {
    message: { zh: '第 {line} 行读不出“文件名：说明”', en: 'line {line} is not "file name: caption"' },
    hint: {
      zh: '每行写“文件名：说明”，文件名和说明之间用冒号、逗号、制表符或全角空格隔开',
      en: 'write one "file name: caption" per line, separated by a colon, a comma, a tab or a full-width space',
    },
  },
  orphan: {
    message: { zh: `第 {line} 行写的“{name}”不是这个文件夹里的${what.zh}`, en: `line {line} names "{name}", which is no ${what.en} in this folder` },
    hint: {
      zh: '核对文件名（可以不写扩展名）；说明清单只管它所在文件夹及其子文件夹中的文件',
      en: 'check the name (the extension may be left out); a list covers only the files of its own folder and the folders below it',
    },
  },
});

function manifestLineRule<K extends 'caption' | 'description'>(kind: K, what: { zh: string; en: string }) {
  return defineFileRule<object, K>({
    id: `${kind}/manifest-line`,
    scope: 'file',
    kind,
    defaultSeverity: 'warn',
    docs: {
      zh: `${what.zh}说明清单的每一行都能读出，并且对应一个${what.zh}`,
      en: `Every line of a ${what.en} list can be read and names a ${what.en}`,
    },
    options: NO_OPTIONS,
    messages: messages(what),
    check({ file, facts, report }) {
      if (!file.isManifest) return;
      const names = new Map((facts.entries ?? []).map((entry) => [entry.line, entry.name]));
      const lines = [
        ...(facts.unreadableLines ?? []).map((line) => ({ line, messageId: 'unreadable' })),
        ...(facts.orphanLines ?? []).map((line) => ({ line, messageId: 'orphan' })),
      ].sort((a, b) => a.line - b.line);
      for (const { line, messageId } of lines) {
        report(messageId, { manifest: file.path, line, ...(messageId === 'orphan' ? { name: names.get(line) } : {}) });
      }
    },
  });
}

export const captionManifestLine = manifestLineRule('caption', { zh: '照片', en: 'photo' });
export const descriptionManifestLine = manifestLineRule('description', { zh: '视频', en: 'video' });
export const manifestRules = [captionManifestLine, descriptionManifestLine];
