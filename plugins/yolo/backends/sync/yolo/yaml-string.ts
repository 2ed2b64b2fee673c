/**
 * A YAML double-quoted scalar that PyYAML (what Ultralytics reads data.yaml with) and any YAML 1.1
 * or 1.2 parser read back as exactly `value`. Printable characters, UTF-8 included, stay as they
 * are; `"` and `\` are escaped, and so is everything YAML would refuse or fold: C0/C1 controls,
 * DEL, the line breaks NEL, LS and PS, the BOM, U+FFFE/U+FFFF and lone surrogates.
 */
// biome-ignore lint: control characters are the point of this pattern.
const NEEDS_ESCAPE = /["\\\u0000-\u001F\u007F-\u009F\u2028\u2029\uFEFF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r' };

function escape(character: string): string {
  const short = SHORT_ESCAPES[character];
  if (short) return short;
  const code = character.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

export function yamlQuoted(value: string): string {
  return `"${value.replace(NEEDS_ESCAPE, escape)}"`;
}
