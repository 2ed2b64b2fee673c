/**
 * File names every system can create. Windows refuses device names (`CON`, `PRN`, `AUX`,
 * `NUL`, `COM0-9`, `LPT0-9`, any case, also before an extension: `aux.txt`) and names ending
 * in a dot or a space; most file systems refuse names over 255 bytes. Rules that already
 * exist elsewhere (`safeFileName` replaces `/ \ : * ? " < > |` and control characters) stay.
 */

const DEVICE_NAMES = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/** The longest name a file system takes (ext4, NTFS, APFS: 255 bytes or units). */
export const MAX_NAME_BYTES = 255;

/**
 * Bytes kept free below MAX_NAME_BYTES for what exporters add afterwards: a `-12345` suffix
 * from UniqueNames, a label file's extension in place of the image's (`.txt`, `.xml`).
 */
export const NAME_BYTES_RESERVED = 24;

const utf8Length = (text: string) => Buffer.byteLength(text, 'utf8');

/** `text` cut to at most `bytes` UTF-8 bytes, on a code point boundary. */
function cutToBytes(text: string, bytes: number): string {
  let out = '';
  let used = 0;
  for (const codePoint of text) {
    const size = utf8Length(codePoint);
    if (used + size > bytes) break;
    out += codePoint;
    used += size;
  }
  return out;
}

const stripTrailingDotsAndSpaces = (text: string) => text.replace(/[. ]+$/u, '');

/**
 * `name` made portable: trailing dots and spaces removed, a device name (the part before the
 * first dot) prefixed with `_`, and a name over `MAX_NAME_BYTES - NAME_BYTES_RESERVED` bytes
 * shortened, keeping its extension (when that is short). Never empty. Names that are fine
 * come back unchanged.
 */
export function portableFileName(name: string): string {
  let result = stripTrailingDotsAndSpaces(name);
  if (result === '') result = '_';
  const firstPart = result.split('.')[0]!.trimEnd();
  if (DEVICE_NAMES.test(firstPart)) result = `_${result}`;
  const limit = MAX_NAME_BYTES - NAME_BYTES_RESERVED;
  if (utf8Length(result) > limit) {
    const dot = result.lastIndexOf('.');
    const extension = dot > 0 && utf8Length(result.slice(dot)) <= 16 ? result.slice(dot) : '';
    const stem = extension ? result.slice(0, dot) : result;
    result = `${stripTrailingDotsAndSpaces(cutToBytes(stem, limit - utf8Length(extension))) || '_'}${extension}`;
  }
  return result;
}
