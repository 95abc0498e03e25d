import { defineSubmissionRule, NO_OPTIONS } from './rule.js';

/** Rules of what arrives at the bureau: a package pyvw wrote, and a received `.zip`. */

export const packageIntegrity = defineSubmissionRule<object>({
  id: 'package/integrity',
  scope: 'submission',
  defaultSeverity: 'error',
  docs: {
    zh: 'pyvw 生成的报送包与其中的报送清单.txt 一致：每个文件都在、SHA-256 相同，没有多出的文件',
    en: 'A package pyvw wrote matches its 报送清单.txt: every file there with the same SHA-256, nothing added',
  },
  options: NO_OPTIONS,
  messages: {
    mismatch: {
      message: { zh: '{file} 与报送清单不符：它在打包之后被改动或损坏了', en: '{file} does not match 报送清单.txt: it was changed or damaged after packing' },
      hint: { zh: '请学校重新运行 pyvw pack 生成报送包后再发送', en: 'ask the school to run pyvw pack again and send the new package' },
    },
    missing: {
      message: { zh: '报送清单列出的 {file} 不在包里', en: '{file}, listed in 报送清单.txt, is not in the package' },
      hint: { zh: '请学校重新发送完整的报送包（不要从包里删除文件）', en: 'ask the school to send the whole package again (files must not be taken out of it)' },
    },
    extra: {
      message: { zh: '{file} 不在报送清单里：它是打包之后加进来的', en: '{file} is not in 报送清单.txt: it was added after packing' },
      hint: { zh: '请学校把材料放进文件夹，重新运行 pyvw pack 生成报送包', en: 'ask the school to put it into the folder and run pyvw pack again' },
    },
  },
  check({ submission, report }) {
    const verification = submission.package?.verification;
    if (!verification) return;
    for (const m of verification.mismatched) report('mismatch', { file: m.file, expected: m.expected, actual: m.actual });
    for (const file of verification.missing) report('missing', { file });
    for (const file of verification.extra) report('extra', { file });
  },
});

const RESEND = { zh: '请学校重新用 pyvw pack 生成报送包并发送；或者把压缩包里的材料放进文件夹后检查文件夹', en: 'ask the school to make the package again with pyvw pack; or unpack the materials into a folder and check the folder' };

export const submissionZip = defineSubmissionRule<object>({
  id: 'submission/zip',
  scope: 'submission',
  defaultSeverity: 'error',
  docs: { zh: '收到的 .zip 压缩包能安全地读出', en: 'A received .zip can be read safely' },
  options: NO_OPTIONS,
  messages: {
    'unsafe-path': {
      message: { zh: '压缩包里的 {entry} 会写到解压文件夹之外，整个压缩包没有读取', en: 'the entry {entry} would be written outside the folder it is unpacked into; the zip was not read' },
      hint: RESEND,
    },
    'too-many-entries': {
      message: { zh: '压缩包里的文件超过 {max} 个，没有读取', en: 'the zip holds more than {max} entries; it was not read' },
      hint: RESEND,
    },
    'entry-too-large': {
      message: { zh: '压缩包里的 {entry} 解压后有 {bytes} 字节，超过单个文件上限 {maxBytes} 字节，没有读取', en: 'the entry {entry} would unpack to {bytes} bytes, more than the {maxBytes} bytes allowed for one file; the zip was not read' },
      hint: RESEND,
    },
    'too-large': {
      message: { zh: '压缩包解压后超过 {maxBytes} 字节，没有读取', en: 'the zip would unpack to more than {maxBytes} bytes; it was not read' },
      hint: RESEND,
    },
    ratio: {
      message: { zh: '压缩包里的 {entry} 压缩比高达 {ratio}:1（“压缩炸弹”），没有读取', en: 'the entry {entry} is compressed {ratio}:1 (a zip bomb); the zip was not read' },
      hint: RESEND,
    },
    encrypted: {
      message: { zh: '压缩包里的 {entry} 设置了密码，无法读取', en: 'the entry {entry} is encrypted; the zip cannot be read' },
      hint: { zh: '请学校发送不加密码的压缩包', en: 'ask the school to send the zip without a password' },
    },
    unreadable: {
      message: { zh: '压缩包无法读取（{detail}）', en: 'the zip cannot be read ({detail})' },
      hint: RESEND,
    },
  },
  check({ submission, report }) {
    const refusal = submission.received?.refusal;
    if (refusal) report(refusal.code, refusal.data);
  },
});

/**
 * `--expect`: a school on the district's list from which nothing was received. The run makes that row itself
 * (src/api.ts), since there is no folder to judge; the rule holds its words and its place in the config.
 */
export const submissionExpected = defineSubmissionRule<object>({
  id: 'submission/expected',
  scope: 'submission',
  defaultSeverity: 'error',
  docs: { zh: '--expect 名单上的每所学校都报送了材料', en: 'Every school on the --expect list has sent its materials' },
  options: NO_OPTIONS,
  messages: {
    'not-received': {
      message: { zh: '未报送：没有找到{school}的材料（文件夹或 .zip 报送包）', en: 'not submitted: no folder or .zip package of {school} was found' },
      hint: {
        zh: '请联系学校报送；已经收到的，检查文件夹或压缩包的名称是否包含名单上的校名',
        en: 'ask the school to send its materials; if they arrived, make sure the folder or zip name contains the school’s name as listed',
      },
    },
  },
  check() {
    // The row of a school with nothing received is made where the submissions are listed (src/api.ts).
  },
});

export const packageRules = [packageIntegrity, submissionZip, submissionExpected];
