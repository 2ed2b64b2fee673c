import { describe, expect, it } from 'vitest';
import { findJsonSyntaxProblem } from '../../../runtime/manifest/json-syntax.ts';

describe('findJsonSyntaxProblem', () => {
  it.each([
    '{}',
    '[]',
    ' {"a": [1, -2.5e+3, 0, true, false, null, "x\\n\\u00e9"], "b": {"c": {}}} ',
    '"text"',
    '0',
  ])('finds nothing wrong in valid JSON %j', (text) => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(findJsonSyntaxProblem(text)).toBeUndefined();
  });

  it.each([
    ['', 1, 1, 'expected a value (object, array, string, number, true, false or null), found the end of the file'],
    ['{"a": }', 1, 7, 'expected a value (object, array, string, number, true, false or null), found "}"'],
    ['{"a": 1,}', 1, 9, 'expected a double-quoted property name, found "}"'],
    ["{'a': 1}", 1, 2, 'expected a double-quoted property name, found "\'"'],
    ['{"a" 1}', 1, 6, "expected ':' after the property name, found \"1\""],
    ['[1 2]', 1, 4, "expected ',' or ']' after the array element, found \"2\""],
    ['{"a": "b', 1, 9, 'expected a closing \'"\', found the end of the file'],
    ['{"a": "\\x"}', 1, 8, 'expected a valid escape sequence, found "\\\\"'],
    ['{"a": 01}', 1, 8, "expected ',' or '}' after the property value, found \"1\""],
    ['{"a": 1.}', 1, 9, 'expected a digit, found "}"'],
    ['{"a": tru}', 1, 7, 'expected a value (object, array, string, number, true, false or null), found "t"'],
    ['{}\n\n  x', 3, 3, 'expected the end of the file after the top-level value, found "x"'],
    ['{\n  "a": 1\n  // comment\n}', 3, 3, "expected ',' or '}' after the property value, found \"/\""],
  ])('locates the problem in %j', (text, line, column, problem) => {
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(findJsonSyntaxProblem(text)).toMatchObject({ line, column, problem });
  });
});
