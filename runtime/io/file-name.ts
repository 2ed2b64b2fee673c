import { basename } from 'node:path';

/** Characters Windows refuses in file names, plus control characters; replaced so outputs unpack everywhere. */
// biome-ignore lint: control characters are the point of this pattern.
const WINDOWS_INVALID = /[\\:*?"<>|\u0001-\u001f]/g;

/** Replaces Windows-invalid characters with `_`; every other character (UTF-8 included) is kept. */
export function sanitizeFileName(name: string): string {
  return name.replace(WINDOWS_INVALID, '_');
}

/** "data.json" -> { stem: "data", extension: ".json" }; "a.tar.gz" keeps ".tar.gz" together; "README" has no extension. */
export function splitExtension(fileName: string): { stem: string; extension: string } {
  const match = /^(.+?)((?:\.tar)?\.[^.]+)$/i.exec(fileName);
  if (!match || match[1] === undefined || match[2] === undefined) return { stem: fileName, extension: '' };
  return { stem: match[1], extension: match[2] };
}

/** The extension without its dot, lowercased: "Data.JSON" -> "json", "README" -> "". */
export function formatOf(fileName: string): string {
  const name = basename(fileName);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}
