// What counts as a caption, on strings alone: default names, descriptive names, boilerplate, decoding of XP and IPTC.
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeIptcText, decodeXpTag } from '../src/inspect/image.js';
import { puyang2023 } from '../src/profile/puyang-2023.js';
import { isDefaultName, isDescriptiveName, judgeCaption } from '../src/text/caption.js';

const options = puyang2023.ruleOptions['photo/caption'] as { minChars: number; boilerplate: string[] };

describe('camera and app default names', () => {
  it.each([
    'IMG_0001', 'IMG_20230515_093012', 'IMG_E0001', 'IMG-20230515-WA0001', 'DSC01234', 'DSC_0001', 'DSCF0001', 'DSCN0001',
    '_DSC1234', 'DCIM', 'P1010001', 'PXL_20230515_093012345', 'PXL_20230515_093012345.MP', 'MVIMG_20230515_093012',
    'mmexport1684112345678', '微信图片_20230515093012', '微信图片_20230515093012(1)', 'wx_camera_1684112345678',
    'Screenshot_20230515-093012_com.tencent.mm', 'Screenshot 2023-05-15 093012', '屏幕截图 2023-05-15 093012',
    '屏幕截图(12)', 'QQ图片20230515093012', '20230515_093012', '2023-05-15 09.30.12', '0001', '2023年5月15日',
    'IMG_0001 - 副本', 'IMG_0001(1)', 'IMG_0001 - Copy', 'DJI_0001', 'GOPR0001',
  ])('%s is a default name and no caption', (stem) => {
    expect(isDefaultName(stem)).toBe(true);
    expect(isDescriptiveName(stem)).toBe(false);
  });

  it.each([
    ['运动会开幕式', true],
    ['技能大赛', true],
    ['校园开放日活动现场', true],
    ['IMG_0001_开幕式升旗仪式', true],
    ['微信图片_20230515_开幕式合影', true],
    ['照片-运动会开幕式', true],
    ['2023职教活动周启动仪式', true],
    ['开幕式', false],
    ['微信图片_开幕式', false],
    ['Opening ceremony', false],
  ] as const)('%s descriptive: %s', (stem, expected) => {
    expect(isDescriptiveName(stem)).toBe(expected);
  });
});

describe('judgeCaption', () => {
  const camera = { make: 'Canon', model: 'Canon EOS 80D', software: 'Adobe Photoshop CC 2019 (Windows)' };
  it.each([
    ['学生技能展示现场', true, undefined],
    ['运动会开幕', true, undefined],
    ['Opening ceremony of the games', true, undefined],
    ['运动会', false, 'too-short'],
    ['Opening ceremony', false, 'too-short'],
    ['OLYMPUS DIGITAL CAMERA', false, 'boilerplate'],
    ['olympus digital camera', false, 'boilerplate'],
    ['SONY DSC', false, 'boilerplate'],
    ['DIGITAL CAMERA', false, 'boilerplate'],
    ['KONICA MINOLTA DIGITAL CAMERA', false, 'boilerplate'],
    ['SAMSUNG DIGITAL CAMERA', false, 'boilerplate'],
    ['EASTMAN KODAK COMPANY', false, 'boilerplate'],
    ['Exif_JPEG_PICTURE', false, 'boilerplate'],
    ['Canon', false, 'boilerplate'],
    ['Canon EOS 80D', false, 'boilerplate'],
    ['Adobe Photoshop CC 2019 (Windows)', false, 'boilerplate'],
    ['IMG_0001.JPG', false, 'default-name'],
    ['微信图片_20230515093012', false, 'default-name'],
    ['2023年5月15日', false, 'default-name'],
  ] as const)('%s', (text, ok, reason) => {
    const judgement = judgeCaption(text, options, camera);
    expect(judgement.ok).toBe(ok);
    expect(judgement.reason).toBe(reason);
  });
});

describe('decoding embedded text', () => {
  it('reads XP fields as UTF-16LE, as Windows writes them', () => {
    const bytes = new Uint8Array(Buffer.concat([Buffer.from('校长在开幕式上致辞', 'utf16le'), Buffer.alloc(2)]));
    expect(decodeXpTag(bytes)).toBe('校长在开幕式上致辞');
    expect(decodeXpTag(Array.from(bytes))).toBe('校长在开幕式上致辞');
  });

  it.each([
    ['UTF-8 (with 1:90)', Buffer.from('技能大赛颁奖典礼', 'utf8')],
    ['GBK (Chinese Photoshop)', iconv.encode('技能大赛颁奖典礼', 'gbk')],
  ])('reads IPTC text in %s', (_label, bytes) => {
    expect(decodeIptcText(bytes.toString('latin1'))).toBe('技能大赛颁奖典礼');
  });

  it('keeps plain ASCII IPTC text', () => {
    expect(decodeIptcText('Award ceremony')).toBe('Award ceremony');
  });
});
