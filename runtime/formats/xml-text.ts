/**
 * XML 1.0 escaping for text and attribute values.
 * Characters XML 1.0 cannot carry at all (most C0 controls, U+FFFE/U+FFFF, lone surrogates) are
 * replaced with U+FFFD: not even a character reference may name them.
 */

// biome-ignore lint: control characters are the point of this pattern.
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// A carriage return would be turned into a line feed by the parser unless written as a reference.
const TEXT_SPECIAL = /[&<>\r]/g;
// Tabs and line breaks in attributes are normalised to spaces by parsers unless written as references.
const ATTRIBUTE_SPECIAL = /[&<>"\t\n\r]/g;
const TEXT_NEEDS_WORK = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
const ATTRIBUTE_NEEDS_WORK = /[&<>"\t\n\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

const REFERENCES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};
const reference = (character: string) => REFERENCES[character] ?? character;

/** Escapes character data (element content). */
export function xmlText(value: string): string {
  if (!TEXT_NEEDS_WORK.test(value)) return value;
  return value.replace(NOT_XML_CHAR, '\uFFFD').replace(TEXT_SPECIAL, reference);
}

/** Escapes a value for a double-quoted attribute. */
export function xmlAttribute(value: string): string {
  if (!ATTRIBUTE_NEEDS_WORK.test(value)) return value;
  return value.replace(NOT_XML_CHAR, '\uFFFD').replace(ATTRIBUTE_SPECIAL, reference);
}
