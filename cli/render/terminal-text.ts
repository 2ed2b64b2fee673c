/**
 * Text from data (dataset names, log messages, error lines) made safe to print on a terminal:
 * control characters (C0, DEL, C1), line and paragraph separators and bidirectional overrides
 * are shown as escapes (`\x1b`, `\u202e`) instead of moving the cursor, clearing the screen,
 * changing colours or reordering the line. `\n` stays a line break when `keepNewlines` is set
 * (multi-line messages the host composes), and tabs stay tabs there too; elsewhere both are escaped.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(character: string): string {
  const named = NAMED[character];
  if (named) return named;
  const code = character.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

export function terminalText(text: string, { keepNewlines = false }: { keepNewlines?: boolean } = {}): string {
  return text.replace(keepNewlines ? UNSAFE_BUT_LINES : UNSAFE, escapeOne);
}
