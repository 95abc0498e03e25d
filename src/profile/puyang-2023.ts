import type { Profile } from './profile.js';

/**
 * The notice 濮教工委〔2023〕8号, section 四（三）, as data. Every number here is read in the rulebook
 * (shared/spec/rules.md); rules take their defaults from this object, so a later year is a new profile, not new code.
 */
export const puyang2023: Profile = {
  id: 'puyang-2023',
  title: { zh: '2023年濮阳市职业教育活动周', en: 'Puyang vocational-education activity week 2023' },
  week: { start: '2023-05-14', end: '2023-05-20' },
  timeZone: 'Asia/Shanghai',
  dailyDeadline: '16:00',
  summaryDue: '2023-05-23',
  email: 'py8991718@126.com',
  subjectTemplate: '【职教活动周】{unit} {M}月{D}日 活动材料',
  packageNameTemplate: '{unit}-{YYYY}年{M}月{D}日-职教活动周材料.zip',
  /** Mail servers count the encoded message (base64 adds a third) in decimal megabytes: 50 MB is 50,000,000 bytes. */
  attachmentLimitBytes: 50_000_000,
  ruleOptions: {
    'text/length': { min: 800, max: 1500 },
    'photo/long-edge': { min: 2000 },
    'photo/min-bytes': { min: 2 * 1024 * 1024 },
    'photo/caption': {
      minChars: 4,
      boilerplate: ['OLYMPUS DIGITAL CAMERA', 'SONY DSC', 'DIGITAL CAMERA', 'DCIM', 'CAMERA', 'PICTURE', 'IMAGE', 'PHOTO'],
    },
    'video/max-bytes': { max: 200_000_000 },
    'video/resolution': { minShortSide: 480, suggestedShortSide: 720, suggestedLongSide: 1280 },
    'video/description': { minChars: 10 },
    'media-report/title': { maxChars: 60 },
    'media-report/body': { minChars: 100 },
    'photo-news/captions': { maxCaptionChars: 80 },
    'summary/body': { minChars: 800 },
    'summary/highlights': { keywords: ['亮点'] },
    'summary/cases': { keywords: ['典型案例'] },
  },
};
