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
  // 通知：“于活动周结束后3日内报至市教育局邮箱”, with no hour: the whole of the third day.
  summaryDue: '2023-05-23',
  summaryDeadline: '24:00',
  email: 'py8991718@126.com',
  subjectTemplate: '【职教活动周】{unit} {M}月{D}日 活动材料',
  packageNameTemplate: '{unit}-{YYYY}年{M}月{D}日-职教活动周材料.zip',
  summarySubjectTemplate: '【职教活动周】{unit} 2023年职业教育活动周工作总结',
  summaryPackageNameTemplate: '{unit}-2023年职业教育活动周工作总结.zip',
  /** Mail servers count the encoded message (base64 adds a third) in decimal megabytes: 50 MB is 50,000,000 bytes. */
  attachmentLimitBytes: 50_000_000,
  /**
   * A picture in a Word file is a photo at most: a 50 MP phone photo is 10–25 MB as JPEG, a 4K screenshot 8 MP.
   * 32 MiB is what the HTML report's thumbnails read at most too. 50,000,000 pixels decode to 150 MB (RGB) at
   * worst, which keeps pack of a day holding a picture bomb under the 400 MiB the issue allows (npm run bench
   * docx-bomb); a JPEG is copied byte for byte, never decoded, so only its bytes are bounded.
   */
  pictureExport: { maxBytes: 32 * 1024 * 1024, maxPixels: 50_000_000 },
  dayFolders: [
    { name: '文字材料', what: { zh: '当天活动概况和特色工作的文字介绍，800–1500 字（Word .docx 或记事本 .txt）', en: 'the day’s write-up, 800–1500 字 (.docx or .txt)' } },
    { name: '图片', what: { zh: '照片：JPG，长边不少于 2000 像素、不小于 2 MB；每张照片的说明写在本文件夹的“图片说明.txt”里', en: 'photos: JPEG, long edge ≥ 2000 px, ≥ 2 MB; captions go in 图片说明.txt in this folder' } },
    { name: '图片新闻', what: { zh: '图片新闻：Word .docx，含图片、图片来源和图片说明', en: 'photo news: .docx with pictures, their source and captions' } },
    { name: '视频', what: { zh: '视频：MP4，不超过 200 MB，标清以上（建议 1280×720）；说明写在本文件夹的“视频说明.txt”里', en: 'videos: MP4, ≤ 200 MB, SD or better (1280×720 advised); descriptions go in 视频说明.txt here' } },
    { name: '媒体报道', what: { zh: '省市级以上媒体报道：Word .docx，含题目、正文、照片和报道链接', en: 'media reports: .docx with title, body, photos and the link' } },
  ],
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
