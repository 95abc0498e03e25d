import mammoth from 'mammoth';

/** The text of a Word document, as mammoth reads it. */
export async function readDocxText(absPath: string): Promise<string> {
  const { value } = await mammoth.extractRawText({ path: absPath });
  return value;
}
