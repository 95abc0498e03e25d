/**
 * Submissions whose names are not UTF-8 (a school's folder or received zip named in GBK bytes, unpacked on Linux):
 * the path the report shows (the name decoded as GB18030) → a link to it, named in UTF-8 under pyvw's temporary
 * folder (src/scan/each.ts makes them). Node opens paths given as text in UTF-8 only, so without the link nothing
 * in that school's folder could be read. Windows names are UTF-16 and never need one.
 */
const links = new Map<string, string>();

/** The path to open for a submission: its link when its name is not UTF-8, else the path itself. */
export function readablePath(shown: string): string {
  return links.get(shown) ?? shown;
}

export function registerLink(shown: string, link: string): void {
  links.set(shown, link);
}

export function linkCount(): number {
  return links.size;
}

export function clearLinks(): void {
  links.clear();
}
