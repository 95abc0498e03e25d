import { hex as dingbatCharacter } from 'dingbat-to-unicode';
import { SaxesParser, type SaxesTagNS } from 'saxes';

/**
 * The one pass over a Word document's XML (word/document.xml, then the notes it refers to), with saxes, a
 * streaming parser: paragraphs in reading order with their style, text and links, and every picture where Word
 * or WPS puts it. No tree is built. Measured on this machine (docs/performance.md, "Word documents"): mammoth
 * built a DOM with @xmldom/xmldom, a second tree of its own, and parsed its default style map with lop on every
 * document, 20–55 ms of CPU per document; this pass reads the same facts in a fraction of that.
 *
 * What is text, and where it goes, follows mammoth's reading (mammoth/lib/docx/body-reader.js), which the
 * verdicts so far were made with: only the elements below are read, everything else (w:fldSimple, w:dir,
 * equations, deleted text, …) is passed over; of `mc:AlternateContent` only `mc:Fallback` is read; paragraphs of a
 * text box follow the paragraph that anchors it; a paragraph whose mark was deleted joins the next one; a row
 * marked deleted is passed over; a hyperlink is a `w:hyperlink` (its relationship, or its anchor appended) or a
 * complex HYPERLINK field. Where mammoth lost what Word shows, this pass keeps it (rulebook, photo news): pictures
 * in drawing canvases (`wpc:wpc`), group shapes and any VML shape (so the VML fallback of a canvas), each under
 * the paragraph holding it, and text boxes in DrawingML without a fallback.
 */

/** Namespaces by URI, named as mammoth names them (transitional and strict OOXML alike). */
const NAMESPACES: Record<string, string> = {
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main': 'w',
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships': 'r',
  'http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing': 'wp',
  'http://schemas.openxmlformats.org/drawingml/2006/main': 'a',
  'http://schemas.openxmlformats.org/drawingml/2006/picture': 'pic',
  'http://purl.oclc.org/ooxml/wordprocessingml/main': 'w',
  'http://purl.oclc.org/ooxml/officeDocument/relationships': 'r',
  'http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing': 'wp',
  'http://purl.oclc.org/ooxml/drawingml/main': 'a',
  'http://purl.oclc.org/ooxml/drawingml/picture': 'pic',
  'http://schemas.openxmlformats.org/package/2006/content-types': 'ct',
  'http://schemas.openxmlformats.org/package/2006/relationships': 'rel',
  'http://schemas.openxmlformats.org/markup-compatibility/2006': 'mc',
  'urn:schemas-microsoft-com:vml': 'v',
  'urn:schemas-microsoft-com:office:office': 'o',
  'http://schemas.microsoft.com/office/word/2010/wordml': 'wordml',
};

interface Tag {
  name: string;
  attr(name: string): string | undefined;
}

function qualified(uri: string, local: string): string {
  const prefix = NAMESPACES[uri];
  if (prefix) return `${prefix}:${local}`;
  return uri ? `{${uri}}${local}` : local;
}

interface XmlVisitor {
  open(tag: Tag): void;
  close(name: string): void;
  text(text: string): void;
}

/** Parses one XML part, calling the visitor as elements open and close; throws on XML that is not well-formed. */
function walkXml(xml: Buffer, visitor: XmlVisitor): void {
  const parser = new SaxesParser({ xmlns: true, position: false });
  parser.on('opentag', (node: SaxesTagNS) => {
    const attributes = node.attributes;
    visitor.open({
      name: qualified(node.uri, node.local),
      attr(name) {
        for (const key in attributes) {
          const attribute = attributes[key]!;
          if (qualified(attribute.uri, attribute.local) === name) return attribute.value;
        }
        return undefined;
      },
    });
  });
  parser.on('closetag', (node: SaxesTagNS) => visitor.close(qualified(node.uri, node.local)));
  parser.on('text', (text) => visitor.text(text));
  // TextDecoder drops a byte-order mark, as mammoth does.
  parser.write(new TextDecoder('utf-8').decode(xml)).close();
}

/** Relationship targets by id, with whether each points outside the package. */
export type Relationships = ReadonlyMap<string, { target: string; type: string; external: boolean }>;

export function readRelationships(xml: Buffer | undefined): Relationships {
  const found = new Map<string, { target: string; type: string; external: boolean }>();
  if (!xml) return found;
  walkXml(xml, {
    open(tag) {
      if (tag.name !== 'rel:Relationship') return;
      const id = tag.attr('Id');
      const target = tag.attr('Target');
      if (id !== undefined && target !== undefined) {
        found.set(id, { target, type: tag.attr('Type') ?? '', external: tag.attr('TargetMode') === 'External' });
      }
    },
    close() {},
    text() {},
  });
  return found;
}

/** [Content_Types].xml: a part's content type by its name, else by its extension (mammoth's fallbacks last). */
export function readContentTypes(xml: Buffer | undefined): (part: string) => string | null {
  const overrides = new Map<string, string>();
  const defaults = new Map<string, string>();
  if (xml) {
    walkXml(xml, {
      open(tag) {
        const type = tag.attr('ContentType');
        if (type === undefined) return;
        if (tag.name === 'ct:Default') defaults.set(tag.attr('Extension') ?? '', type);
        if (tag.name === 'ct:Override') overrides.set((tag.attr('PartName') ?? '').replace(/^\//u, ''), type);
      },
      close() {},
      text() {},
    });
  }
  const FALLBACK: Record<string, string> = { png: 'png', gif: 'gif', jpeg: 'jpeg', jpg: 'jpeg', tif: 'tiff', tiff: 'tiff', bmp: 'bmp' };
  return (part) => {
    const override = overrides.get(part);
    if (override) return override;
    const extension = part.split('.').pop() ?? '';
    if (defaults.has(extension)) return defaults.get(extension)!;
    const fallback = FALLBACK[extension.toLowerCase()];
    return fallback ? `image/${fallback}` : null;
  };
}

/** Paragraph style names by id (styles.xml); the first definition of an id wins, as ECMA-376 17.7.4.17 says. */
export function readParagraphStyles(xml: Buffer | undefined): ReadonlyMap<string, string | null> {
  const styles = new Map<string, string | null>();
  if (!xml) return styles;
  let current: { id: string; name: string | null } | undefined;
  walkXml(xml, {
    open(tag) {
      if (tag.name === 'w:style') {
        const id = tag.attr('w:styleId');
        current = tag.attr('w:type') === 'paragraph' && id !== undefined && !styles.has(id) ? { id, name: null } : undefined;
        if (current) styles.set(current.id, null);
      } else if (tag.name === 'w:name' && current && current.name === null) {
        current.name = tag.attr('w:val') ?? null;
        styles.set(current.id, current.name);
      }
    },
    close(name) {
      if (name === 'w:style') current = undefined;
    },
    text() {},
  });
  return styles;
}

/** A picture as the XML names it: an embedded part (`word/media/image1.png`) or a linked target. */
export interface PictureReference {
  /** The zip entry of an embedded picture, or the target of a linked one; null when it names nothing. */
  target: string | null;
  /** Word's "Link to File": the relationship points outside the package. */
  external: boolean;
}

export interface ReadParagraph {
  style: string | null;
  text: string;
  /** Hyperlink targets, in order (a complex field gives one per run). */
  links: string[];
  pictures: PictureReference[];
  inTable: boolean;
}

export interface NoteReference {
  type: 'footnote' | 'endnote';
  id: string;
}

export interface BodyReading {
  paragraphs: ReadParagraph[];
  noteReferences: NoteReference[];
  /** `mc:AlternateContent` blocks without an `mc:Fallback` (counted over the whole part). */
  contentWithoutFallback: number;
}

export interface PartContext {
  relationships: Relationships;
  styles: ReadonlyMap<string, string | null>;
}

/** How the children of an open element are read. */
type Mode =
  | 'skip'
  | 'document'
  | 'notes'
  | 'read'
  | 'graphic'
  | 'alternate'
  | 'paragraph-properties'
  | 'paragraph-mark'
  | 'row-properties'
  | 'cell'
  | 'cell-properties'
  | 'sdt'
  | 'sdt-properties'
  | 'text';

interface OpenParagraph extends ReadParagraph {
  /** Paragraphs of its text boxes, in order: they follow it. */
  extras: ReadParagraph[];
  deleted: boolean;
}

interface Frame {
  name: string;
  mode: Mode;
  paragraph?: OpenParagraph;
  /** A table: the grid columns where a vertically merged cell starts (`w:vMerge` restart or none). */
  table?: { merged: Set<number> };
  /** A row: the grid column of its next cell. */
  row?: { column: number };
  /** A cell, until its properties are read: its width in grid columns and whether it continues the cell above. */
  cell?: { span: number; continues: boolean; decided: boolean };
  deletedRow?: boolean;
  /** A drawing (`wp:inline`/`wp:anchor`): its click-through link and how many pictures it held. */
  drawing?: { href: string | undefined; pictures: number };
  /** A checkbox content control: its first non-empty text is the box, not text. */
  checkbox?: { pending: boolean };
  /** `w:t` or `w:instrText`: the text collected so far. */
  collected?: string;
  noteKey?: string;
}

type Field = { type: 'begin' } | { type: 'hyperlink'; href: string | undefined } | { type: 'other' };

const READ_CHILDREN = new Set([
  'w:r', 'w:hyperlink', 'w:customXml', 'w:ins', 'w:moveFromRangeEnd', 'w:moveFromRangeStart', 'w:moveTo',
  'w:moveToRangeEnd', 'w:moveToRangeStart', 'w:smartTag', 'w:drawing', 'w:txbxContent',
]);
/** VML shapes and objects: pictures (`v:imagedata`) and text boxes may sit anywhere inside. */
const GRAPHIC = new Set(['w:pict', 'w:object', 'v:shape', 'v:group', 'v:rect', 'v:roundrect', 'v:textbox']);
const HYPERLINK_FIELD = /^\s*HYPERLINK\s+(\\l\s+)?(?:"(.*)"|([^\\]\S*))/u;

/** mammoth's uriToZipEntryName: relationship targets of the main document are relative to `word/`. */
function partOf(target: string): string {
  return target.startsWith('/') ? target.slice(1) : `word/${target}`;
}

/**
 * The state of reading one story: the document body, or one footnote or endnote (each note is read afresh, as
 * mammoth reads it: fields and deleted paragraph marks do not carry from one note to the next).
 */
class Story {
  readonly paragraphs: ReadParagraph[] = [];
  private readonly open: OpenParagraph[] = [];
  private deletedContent: OpenParagraph | undefined;
  private fields: Field[] = [];
  private instruction: string[] = [];
  tables = 0;

  current(): OpenParagraph | undefined {
    return this.open.at(-1);
  }

  openParagraph(): OpenParagraph {
    const paragraph: OpenParagraph = { style: null, text: '', links: [], pictures: [], inTable: this.tables > 0, extras: [], deleted: false };
    const carried = this.deletedContent;
    if (carried) {
      paragraph.text = carried.text;
      paragraph.links.push(...carried.links);
      paragraph.pictures.push(...carried.pictures);
      paragraph.extras.push(...carried.extras);
      this.deletedContent = undefined;
    }
    this.open.push(paragraph);
    return paragraph;
  }

  closeParagraph(): void {
    const paragraph = this.open.pop()!;
    if (paragraph.deleted) {
      this.deletedContent = paragraph;
      return;
    }
    const { extras, deleted: _deleted, ...read } = paragraph;
    const parent = this.current();
    (parent ? parent.extras : this.paragraphs).push(read, ...extras);
  }

  fieldChar(type: string | undefined): void {
    if (type === 'begin') {
      this.fields.push({ type: 'begin' });
      this.instruction = [];
    } else if (type === 'end') {
      this.fields.pop();
    } else if (type === 'separate' && this.fields.length > 0) {
      this.fields.pop();
      const link = HYPERLINK_FIELD.exec(this.instruction.join(''));
      this.fields.push(link ? { type: 'hyperlink', href: link[1] === undefined ? (link[2] ?? link[3]) : undefined } : { type: 'other' });
    }
  }

  instructionText(text: string): void {
    this.instruction.push(text);
  }

  /** The href of the innermost HYPERLINK field a run is in. */
  fieldHyperlink(): string | undefined {
    for (let i = this.fields.length - 1; i >= 0; i--) {
      const field = this.fields[i]!;
      if (field.type === 'hyperlink') return field.href;
    }
    return undefined;
  }
}

class PartReader implements XmlVisitor {
  private readonly frames: Frame[] = [];
  private story: Story;
  readonly noteReferences: NoteReference[] = [];
  readonly notes = new Map<string, ReadParagraph[]>();
  private alternates = 0;
  private fallbacks = 0;
  foundBody = false;

  constructor(
    private readonly context: PartContext,
    private readonly rootMode: 'document' | 'notes',
    private readonly noteType?: 'footnote' | 'endnote',
  ) {
    this.story = new Story();
  }

  get paragraphs(): ReadParagraph[] {
    return this.story.paragraphs;
  }

  get contentWithoutFallback(): number {
    return Math.max(0, this.alternates - this.fallbacks);
  }

  private emitText(value: string): void {
    if (value.length > 0) {
      for (let i = this.frames.length - 1; i >= 0; i--) {
        const checkbox = this.frames[i]!.checkbox;
        if (checkbox?.pending) {
          // mammoth shows a checkbox control's first character as the box itself, so it is no text.
          checkbox.pending = false;
          return;
        }
      }
    }
    const paragraph = this.story.current();
    if (paragraph) paragraph.text += value;
  }

  private addLink(href: string | undefined): void {
    const paragraph = this.story.current();
    if (href && paragraph) paragraph.links.push(href);
  }

  private addPicture(relationshipId: string | undefined, drawing?: { pictures: number }): void {
    const paragraph = this.story.current();
    if (!paragraph || relationshipId === undefined) return;
    const relationship = this.context.relationships.get(relationshipId);
    const picture: PictureReference = relationship
      ? relationship.external
        ? { target: relationship.target, external: true }
        : { target: partOf(relationship.target), external: false }
      : { target: null, external: false };
    paragraph.pictures.push(picture);
    if (drawing) drawing.pictures++;
  }

  private addLinkedPicture(relationshipId: string | undefined, drawing: { pictures: number }): void {
    const paragraph = this.story.current();
    if (!paragraph || relationshipId === undefined) return;
    paragraph.pictures.push({ target: this.context.relationships.get(relationshipId)?.target ?? null, external: true });
    drawing.pictures++;
  }

  private innermostDrawing(): Frame['drawing'] {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const drawing = this.frames[i]!.drawing;
      if (drawing) return drawing;
    }
    return undefined;
  }

  private modeOf(tag: Tag, parent: Frame | undefined): Frame {
    const name = tag.name;
    const mode: Mode = parent?.mode ?? this.rootMode;
    if (name === 'mc:AlternateContent') this.alternates++;
    else if (name === 'mc:Fallback') this.fallbacks++;
    if (!parent) return { name, mode: this.rootMode };

    switch (mode) {
      case 'skip':
      case 'text':
        return { name, mode: 'skip' };
      case 'alternate':
        // Of the alternatives, only the fallback is read, in the way the AlternateContent's own parent is read.
        return name === 'mc:Fallback' ? { name, mode: this.passThroughMode() } : { name, mode: 'skip' };
      case 'document':
        if (name === 'w:body' && !this.foundBody) {
          this.foundBody = true;
          return { name, mode: 'read' };
        }
        return name === 'mc:AlternateContent' ? { name, mode: 'alternate' } : { name, mode: 'skip' };
      case 'notes':
        if (name === `w:${this.noteType}`) {
          const type = tag.attr('w:type');
          if (type === 'separator' || type === 'continuationSeparator') return { name, mode: 'skip' };
          this.story = new Story();
          return { name, mode: 'read', noteKey: `${this.noteType}:${tag.attr('w:id') ?? ''}` };
        }
        return name === 'mc:AlternateContent' ? { name, mode: 'alternate' } : { name, mode: 'skip' };
      case 'paragraph-properties':
        if (name === 'w:pStyle' && parent.paragraph) {
          const id = tag.attr('w:val');
          if (id) parent.paragraph.style = this.context.styles.get(id) ?? id;
        }
        return { name, mode: name === 'w:rPr' ? 'paragraph-mark' : 'skip', paragraph: parent.paragraph };
      case 'paragraph-mark':
        if (name === 'w:del' && parent.paragraph) parent.paragraph.deleted = true;
        return { name, mode: 'skip' };
      case 'row-properties':
        if (name === 'w:del') this.frames.at(-2)!.deletedRow = true;
        return { name, mode: 'skip' };
      case 'sdt':
        if (name === 'w:sdtPr') return { name, mode: 'sdt-properties' };
        return name === 'w:sdtContent' ? { name, mode: 'read' } : { name, mode: 'skip' };
      case 'sdt-properties':
        if (name === 'wordml:checkbox') this.frames.at(-2)!.checkbox = { pending: true };
        return { name, mode: 'skip' };
      case 'cell':
        if (name === 'w:tcPr' && !parent.cell!.decided) return { name, mode: 'cell-properties' };
        if (!this.decideCell(parent)) return { name, mode: 'skip' };
        return this.readChild(tag, parent);
      case 'cell-properties': {
        const cell = this.frames.at(-2)!.cell!;
        if (name === 'w:gridSpan') cell.span = Number.parseInt(tag.attr('w:val') ?? '1', 10) || 1;
        if (name === 'w:vMerge') {
          const merge = tag.attr('w:val');
          cell.continues = merge === undefined || merge === '' || merge === 'continue';
        }
        return { name, mode: 'skip' };
      }
      case 'graphic':
        return this.graphicChild(tag, parent);
      case 'read':
        if (parent.deletedRow) return { name, mode: 'skip' };
        return this.readChild(tag, parent);
    }
  }

  /**
   * Whether a cell is read. A cell that continues a vertical merge shows nothing of its own in Word, and mammoth
   * drops it: so does this reading (its grid column is known once its properties are read).
   */
  private decideCell(frame: Frame): boolean {
    const cell = frame.cell!;
    if (!cell.decided) {
      cell.decided = true;
      let row: Frame['row'];
      let table: Frame['table'];
      for (let i = this.frames.length - 1; i >= 0 && !table; i--) {
        row ??= this.frames[i]!.row;
        table = this.frames[i]!.table;
      }
      if (row && table) {
        const dropped = cell.continues && table.merged.has(row.column);
        if (!dropped) table.merged.add(row.column);
        row.column += cell.span;
        if (dropped) frame.mode = 'skip';
      }
    }
    return frame.mode !== 'skip';
  }

  /** The mode of the element holding the open `mc:AlternateContent`. */
  private passThroughMode(): Mode {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const mode = this.frames[i]!.mode;
      if (mode !== 'alternate') return mode === 'document' || mode === 'notes' ? mode : mode === 'graphic' ? 'graphic' : 'read';
    }
    return this.rootMode;
  }

  private readChild(tag: Tag, parent: Frame): Frame {
    const name = tag.name;
    switch (name) {
      case 'w:p':
        return { name, mode: 'read', paragraph: this.story.openParagraph() };
      case 'w:pPr':
        return parent.name === 'w:p' ? { name, mode: 'paragraph-properties', paragraph: parent.paragraph } : { name, mode: 'skip' };
      case 'w:t':
      case 'w:instrText':
        return { name, mode: 'text', collected: '' };
      case 'w:tab':
        this.emitTab();
        return { name, mode: 'skip' };
      case 'w:noBreakHyphen':
        this.emitText('\u2011');
        return { name, mode: 'skip' };
      case 'w:softHyphen':
        this.emitText('\u00AD');
        return { name, mode: 'skip' };
      case 'w:sym': {
        const font = tag.attr('w:font') ?? '';
        const char = tag.attr('w:char') ?? '';
        const symbol = dingbatCharacter(font, char) ?? (/^F0..$/u.test(char) ? dingbatCharacter(font, char.slice(2)) : undefined);
        if (symbol) this.emitText(symbol.string);
        return { name, mode: 'skip' };
      }
      case 'w:br': {
        const type = tag.attr('w:type');
        if (type === undefined || type === 'textWrapping' || type === 'page' || type === 'column') this.emitBreak();
        return { name, mode: 'skip' };
      }
      case 'w:hyperlink': {
        const id = tag.attr('r:id');
        const anchor = tag.attr('w:anchor');
        let href = id === undefined ? undefined : this.context.relationships.get(id)?.target;
        if (href !== undefined && anchor) href = `${href.replace(/#.*$/su, '')}#${anchor}`;
        this.addLink(href);
        return { name, mode: 'read' };
      }
      case 'w:tbl':
        this.story.tables++;
        return { name, mode: 'read', table: { merged: new Set() } };
      case 'w:tr':
        return { name, mode: 'read', row: { column: 0 } };
      case 'w:tc':
        return { name, mode: 'cell', cell: { span: 1, continues: false, decided: false } };
      case 'w:trPr':
        return parent.name === 'w:tr' ? { name, mode: 'row-properties' } : { name, mode: 'skip' };
      case 'w:footnoteReference':
      case 'w:endnoteReference':
        this.noteReferences.push({ type: name === 'w:footnoteReference' ? 'footnote' : 'endnote', id: tag.attr('w:id') ?? '' });
        return { name, mode: 'skip' };
      case 'w:fldChar':
        this.story.fieldChar(tag.attr('w:fldCharType'));
        return { name, mode: 'skip' };
      case 'mc:AlternateContent':
        return { name, mode: 'alternate' };
      case 'w:sdt':
        return { name, mode: 'sdt' };
      case 'wp:inline':
      case 'wp:anchor':
        return { name, mode: 'graphic', drawing: { href: undefined, pictures: 0 } };
      case 'v:imagedata':
        this.addPicture(tag.attr('r:id') ?? tag.attr('o:relid'));
        return { name, mode: 'skip' };
      default:
        if (READ_CHILDREN.has(name)) return { name, mode: 'read' };
        if (GRAPHIC.has(name)) return { name, mode: 'graphic' };
        return { name, mode: 'skip' };
    }
  }

  /** Inside a drawing or a VML shape: only pictures, click-through links and text boxes are read. */
  private graphicChild(tag: Tag, parent: Frame): Frame {
    const name = tag.name;
    switch (name) {
      case 'v:shapetype':
        return { name, mode: 'skip' };
      case 'mc:AlternateContent':
        return { name, mode: 'alternate' };
      case 'w:txbxContent':
        return { name, mode: 'read' };
      case 'v:imagedata':
        this.addPicture(tag.attr('r:id') ?? tag.attr('o:relid'), this.innermostDrawing());
        return { name, mode: 'skip' };
      case 'a:blip': {
        const drawing = this.innermostDrawing();
        // A picture is `pic:pic/pic:blipFill/a:blip`; a blip elsewhere fills a shape and is no picture.
        if (parent.name === 'pic:blipFill' && this.frames.at(-2)?.name === 'pic:pic' && drawing) {
          const embed = tag.attr('r:embed');
          if (embed !== undefined) this.addPicture(embed, drawing);
          else this.addLinkedPicture(tag.attr('r:link'), drawing);
        }
        return { name, mode: 'skip' };
      }
      case 'a:hlinkClick':
        if (parent.name === 'wp:docPr') {
          const drawing = this.innermostDrawing();
          const id = tag.attr('r:id');
          if (drawing && id !== undefined) drawing.href = this.context.relationships.get(id)?.target;
        }
        return { name, mode: 'skip' };
      default:
        return { name, mode: 'graphic' };
    }
  }

  private emitTab(): void {
    const paragraph = this.story.current();
    if (paragraph) paragraph.text += '\t';
  }

  private emitBreak(): void {
    const paragraph = this.story.current();
    if (paragraph) paragraph.text += '\n';
  }

  open(tag: Tag): void {
    this.frames.push(this.modeOf(tag, this.frames.at(-1)));
  }

  text(text: string): void {
    const frame = this.frames.at(-1);
    if (frame?.mode === 'text') frame.collected += text;
  }

  close(): void {
    const frame = this.frames.pop()!;
    switch (frame.name) {
      case 'w:t':
        if (frame.mode === 'text') this.emitText(frame.collected!);
        break;
      case 'w:instrText':
        if (frame.mode === 'text') this.story.instructionText(frame.collected!);
        break;
      case 'w:p':
        if (frame.paragraph) this.story.closeParagraph();
        break;
      case 'w:r':
        // Evaluated after the run's own field characters, as mammoth does: the run holding `separate` is linked.
        if (frame.mode === 'read') this.addLink(this.story.fieldHyperlink());
        break;
      case 'w:tbl':
        if (frame.table) this.story.tables--;
        break;
      case 'w:tc':
        if (frame.cell) this.decideCell(frame);
        break;
      case 'wp:inline':
      case 'wp:anchor': {
        const drawing = frame.drawing;
        if (drawing?.href) for (let i = 0; i < drawing.pictures; i++) this.addLink(drawing.href);
        break;
      }
      default:
        if (frame.noteKey !== undefined) this.notes.set(frame.noteKey, this.story.paragraphs);
    }
  }
}

/** Reads word/document.xml: its body's paragraphs and pictures, and the notes it refers to. */
export function readBody(xml: Buffer, context: PartContext): BodyReading & { foundBody: boolean } {
  const reader = new PartReader(context, 'document');
  walkXml(xml, reader);
  return { paragraphs: reader.paragraphs, noteReferences: reader.noteReferences, contentWithoutFallback: reader.contentWithoutFallback, foundBody: reader.foundBody };
}

/** Reads footnotes.xml or endnotes.xml: each note's paragraphs by `type:id`. */
export function readNotes(xml: Buffer, type: 'footnote' | 'endnote', context: PartContext): ReadonlyMap<string, ReadParagraph[]> {
  const reader = new PartReader(context, 'notes', type);
  walkXml(xml, reader);
  return reader.notes;
}
