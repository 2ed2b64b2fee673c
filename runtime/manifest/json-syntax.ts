/**
 * Says where and why a text is not JSON. Node 20's JSON.parse does not always give a
 * position ("Unexpected token '}', ... is not valid JSON"), so we scan the text ourselves.
 * Only called after JSON.parse failed; it validates, it builds no values.
 */

export interface JsonSyntaxProblem {
  offset: number;
  line: number;
  column: number;
  problem: string;
}

class ScanFailure {
  constructor(
    readonly offset: number,
    readonly problem: string,
  ) {}
}

function describeCharAt(text: string, offset: number): string {
  return offset >= text.length ? 'the end of the file' : JSON.stringify(text[offset]);
}

function scan(text: string): void {
  let at = 0;
  const fail = (expected: string): never => {
    throw new ScanFailure(at, `expected ${expected}, found ${describeCharAt(text, at)}`);
  };
  const skipWhitespace = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at] as string)) at += 1;
  };
  const isDigit = (offset: number) => offset < text.length && text[offset]! >= '0' && text[offset]! <= '9';
  const digits = () => {
    if (!isDigit(at)) fail('a digit');
    while (isDigit(at)) at += 1;
  };

  const string = () => {
    at += 1; // opening quote
    for (;;) {
      if (at >= text.length) fail('a closing \'"\'');
      const char = text[at] as string;
      if (char === '"') return void (at += 1);
      if (char === '\\') {
        const escape = text[at + 1];
        if (escape !== undefined && '"\\/bfnrt'.includes(escape)) at += 2;
        else if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6))) at += 6;
        else fail('a valid escape sequence');
      } else if (char < ' ') fail('no raw control character inside a string (escape it)');
      else at += 1;
    }
  };

  const number = () => {
    if (text[at] === '-') at += 1;
    if (text[at] === '0') at += 1;
    else digits();
    if (text[at] === '.') {
      at += 1;
      digits();
    }
    if (text[at] === 'e' || text[at] === 'E') {
      at += 1;
      if (text[at] === '+' || text[at] === '-') at += 1;
      digits();
    }
  };

  const object = () => {
    at += 1;
    skipWhitespace();
    if (text[at] === '}') return void (at += 1);
    for (;;) {
      skipWhitespace();
      if (text[at] !== '"') fail('a double-quoted property name');
      string();
      skipWhitespace();
      if (text[at] !== ':') fail("':' after the property name");
      at += 1;
      value();
      skipWhitespace();
      if (text[at] === ',') at += 1;
      else if (text[at] === '}') return void (at += 1);
      else fail("',' or '}' after the property value");
    }
  };

  const array = () => {
    at += 1;
    skipWhitespace();
    if (text[at] === ']') return void (at += 1);
    for (;;) {
      value();
      skipWhitespace();
      if (text[at] === ',') at += 1;
      else if (text[at] === ']') return void (at += 1);
      else fail("',' or ']' after the array element");
    }
  };

  const value = (): void => {
    skipWhitespace();
    const char = text[at];
    if (char === '{') return object();
    if (char === '[') return array();
    if (char === '"') return string();
    if (char === '-' || isDigit(at)) return number();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, at)) return void (at += word.length);
    }
    fail('a value (object, array, string, number, true, false or null)');
  };

  value();
  skipWhitespace();
  if (at < text.length) fail('the end of the file after the top-level value');
}

export function findJsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  try {
    scan(text);
    return undefined;
  } catch (thrown) {
    if (!(thrown instanceof ScanFailure)) throw thrown;
    const before = text.slice(0, thrown.offset);
    const line = before.split('\n').length;
    const column = thrown.offset - before.lastIndexOf('\n');
    return { offset: thrown.offset, line, column, problem: thrown.problem };
  }
}

/** `expected ',' or '}' after the property value, found "\"" at line 3, column 5 (offset 27)`. */
export function describeJsonSyntaxError(text: string, fallback = 'JSON.parse rejected it'): string {
  const found = findJsonSyntaxProblem(text);
  if (!found) return fallback;
  return `${found.problem} at line ${found.line}, column ${found.column} (offset ${found.offset})`;
}
