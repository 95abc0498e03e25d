import { format } from '../i18n.js';
import { getRule } from '../rules/registry.js';
import type { RuleMessage } from '../rules/rule.js';
import type { Bilingual, Classification, FileKind, Finding, Lang, RawFinding } from '../types.js';

/** The one place where codes become words (publint's split): rules push data, this turns it into text. */

const INTERNAL_ERROR: RuleMessage = {
  message: { zh: 'pyvw 内部错误（{rule}）：{detail}', en: 'pyvw internal error ({rule}): {detail}' },
  hint: {
    zh: '这不是您文件的问题：请把这条信息发给 pyvw 的维护者；其他检查结果照常有效',
    en: 'this is a fault in pyvw, not in your file: please report it; the other results stand',
  },
};

export function localize(raw: RawFinding, lang: Lang): Finding {
  const rule = getRule(raw.rule);
  const template = raw.messageId === 'internal-error' ? INTERNAL_ERROR : rule?.messages[raw.messageId];
  const data = { ...raw.data, rule: raw.rule };
  return {
    rule: raw.rule,
    severity: raw.severity,
    message: template ? format(template.message, lang, data) : `${raw.rule}: ${raw.messageId}`,
    hint: template ? format(template.hint, lang, data) : '',
    data: raw.data,
  };
}

export const KIND_NAMES: Record<FileKind, Bilingual> = {
  text: { zh: '文字材料', en: 'text write-up' },
  photo: { zh: '照片', en: 'photo' },
  'photo-news': { zh: '图片新闻', en: 'photo news' },
  video: { zh: '视频', en: 'video' },
  'media-report': { zh: '媒体报道', en: 'media report' },
  summary: { zh: '活动周总结', en: 'week summary' },
  caption: { zh: '照片说明', en: 'caption' },
  description: { zh: '视频/报道说明', en: 'description' },
  ignored: { zh: '忽略', en: 'ignored' },
  unknown: { zh: '未知格式', en: 'unknown format' },
};

const CLASSIFICATION_REASONS: Record<Classification['by'], Bilingual> = {
  folder: { zh: '在“{detail}”文件夹中', en: 'in the folder {detail}/' },
  extension: { zh: '按扩展名 {detail}', en: 'by its extension {detail}' },
  name: { zh: '按文件名“{detail}”', en: 'by its name "{detail}"' },
  sidecar: { zh: '与 {detail} 同名，是它的说明', en: 'same name as {detail}: its caption or description' },
  manifest: { zh: '说明清单 {detail}', en: 'the caption manifest {detail}' },
  junk: { zh: '系统或临时文件，不检查、不报送', en: 'a system or temporary file: not checked, not sent' },
  config: { zh: 'pyvw 的配置文件，不报送', en: 'pyvw’s config file: not sent' },
  unknown: { zh: '通知不要求的格式 {detail}', en: 'a format the notice does not ask for ({detail})' },
};

export function classificationReason(classification: Classification, lang: Lang): string {
  return format(CLASSIFICATION_REASONS[classification.by], lang, { detail: classification.detail });
}
