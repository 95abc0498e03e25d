import type { FileKind } from '../types.js';

/**
 * The numbers linking needs, passed in by whoever runs it. Rules that own a number say which link option it is
 * (their `link` field), so the engine collects them without naming any rule, and linking reads nothing from config.
 */

/** What counts as a caption (rulebook, photo/caption): the first candidate that counts is the one shown. */
export interface CaptionRules {
  minChars: number;
  boilerplate: readonly string[];
}

/** Paragraph lengths that decide what a paragraph of a Word document is. */
export interface LayoutOptions {
  /** The first paragraph is a title when it has at most this many 字. */
  maxTitleChars: number;
  /** An unstyled paragraph next to a picture is its caption when it has at most this many 字. */
  maxCaptionChars: number;
}

export type WordDocumentKind = Extract<FileKind, 'photo-news' | 'media-report' | 'summary'>;
export const WORD_DOCUMENT_KINDS: readonly WordDocumentKind[] = ['photo-news', 'media-report', 'summary'];

export interface LinkOptions {
  caption: CaptionRules;
  /** The first description with at least this many 字 is the one a video is shown with. */
  descriptionMinChars: number;
  /** Per kind of Word document: a photo-news option never changes how a media report is read. */
  layout: Record<WordDocumentKind, LayoutOptions>;
}

/** What one rule's options say about linking. */
export interface LinkSettings {
  caption?: CaptionRules;
  descriptionMinChars?: number;
  layout?: Partial<Record<WordDocumentKind, Partial<LayoutOptions>>>;
}

/** The rulebook's numbers, for what no rule configures (a summary's title and captions are not judged). */
export const RULEBOOK_LINK_OPTIONS: LinkOptions = {
  caption: { minChars: 4, boilerplate: [] },
  descriptionMinChars: 10,
  layout: {
    'photo-news': { maxTitleChars: 60, maxCaptionChars: 80 },
    'media-report': { maxTitleChars: 60, maxCaptionChars: 80 },
    summary: { maxTitleChars: 60, maxCaptionChars: 80 },
  },
};

/** The rulebook's numbers with every rule's settings laid over them, in the order given. */
export function resolveLinkOptions(settings: readonly LinkSettings[]): LinkOptions {
  const options: LinkOptions = {
    caption: RULEBOOK_LINK_OPTIONS.caption,
    descriptionMinChars: RULEBOOK_LINK_OPTIONS.descriptionMinChars,
    layout: { ...RULEBOOK_LINK_OPTIONS.layout },
  };
  for (const setting of settings) {
    if (setting.caption) options.caption = setting.caption;
    if (setting.descriptionMinChars !== undefined) options.descriptionMinChars = setting.descriptionMinChars;
    for (const kind of WORD_DOCUMENT_KINDS) {
      const layout = setting.layout?.[kind];
      if (layout) options.layout[kind] = { ...options.layout[kind], ...layout };
    }
  }
  return options;
}
