/**
 * Limits for JSON read from a data file. V8's JSON.parse does not recurse, but everything after it
 * does (JSON.stringify, structured clone, an exporter walking the value): a value nested some
 * thousands of levels deep overflows the stack there, far from the record that caused it.
 */
export const MAX_JSON_DEPTH = 128;
/** Characters of one JSON cell: a large mask's RLE fits many times over. */
export const MAX_JSON_CHARACTERS = 64 * 1024 * 1024;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** How deep a JSON text nests, counting only brackets outside strings; stops once past `limit`. */
export function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === BACKSLASH) index += 1;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      depth += 1;
      if (depth > deepest && (deepest = depth) > limit) return deepest;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth -= 1;
    }
  }
  return deepest;
}

/**
 * JSON.parse with a size and a depth limit; throws a plain Error saying which was exceeded
 * (the caller names the record). A text shorter than the depth limit cannot exceed it, so the
 * common small cell is never scanned.
 */
export function parseBoundedJson(text: string, { maxDepth = MAX_JSON_DEPTH, maxCharacters = MAX_JSON_CHARACTERS } = {}): unknown {
  if (text.length > maxCharacters) throw new Error(`${text.length} characters of JSON, more than the limit of ${maxCharacters}`);
  if (text.length > maxDepth && nestingDepth(text, maxDepth) > maxDepth) {
    throw new Error(`JSON nested more than ${maxDepth} levels deep`);
  }
  return JSON.parse(text);
}
