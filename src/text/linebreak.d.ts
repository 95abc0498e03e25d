/** The `linebreak` package (UAX #14) ships no types: what pyvw uses of it (src/text/wrap.ts; `module.exports` is the class). */
declare module 'linebreak' {
  interface Break {
    /** Where the line may (or must) break: before the character at this index. */
    position: number;
    /** A break the text demands (a line break character before it). */
    required: boolean;
  }
  export default class LineBreaker {
    constructor(text: string);
    nextBreak(): Break | null;
  }
}
