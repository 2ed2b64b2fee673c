import { describe, expect, it } from 'vitest';
import { yamlQuoted } from './yaml-string.ts';
import { hasPyYaml, python } from 'idah-plugin/testing';

const TRICKY = [
  'car',
  'vehicles/car',
  'null',
  'yes',
  '123',
  '  leading and trailing  ',
  'colon: and # hash',
  'quote " and backslash \\',
  'tab\tnew\nline\rreturn',
  'bell \u0007 del \u007f nel \u0085 c1 \u009b',
  'line separator \u2028 paragraph \u2029 bom \ufeff',
  'ünïcödé 图像 🚗',
  "'single'",
  '- dash',
  '',
];

describe('yamlQuoted', () => {
  it('escapes only what YAML needs, keeping UTF-8 as it is', () => {
    expect(yamlQuoted('ünïcödé 图像 🚗')).toBe('"ünïcödé 图像 🚗"');
    expect(yamlQuoted('a "b" \\c')).toBe('"a \\"b\\" \\\\c"');
    expect(yamlQuoted('x\ny\u0085z\u2028')).toBe('"x\\ny\\x85z\\u2028"');
  });

  it.runIf(hasPyYaml())('reads back exactly with PyYAML, the parser Ultralytics uses', () => {
    const document = TRICKY.map((value, index) => `k${index}: ${yamlQuoted(value)}`).join('\n');
    const parsed = python<Record<string, string>>('import json,sys,yaml; print(json.dumps(yaml.safe_load(sys.argv[1])))', document);
    expect(TRICKY.map((_, index) => parsed[`k${index}`])).toEqual(TRICKY);
  });

  it('reads back exactly as JSON-compatible YAML where escapes coincide (no PyYAML needed)', () => {
    // \x escapes are YAML-only; everything else yamlQuoted writes is also a JSON string.
    for (const value of TRICKY.filter((text) => !/[\u007f-\u009f]/.test(text))) {
      expect(JSON.parse(yamlQuoted(value))).toBe(value);
    }
  });
});
