import { describe, expect, it } from 'vitest';
import { xmlAttribute, xmlText } from '../../../runtime/formats/xml-text.ts';
import { python } from '../../../runtime/testing/index.ts';

const TRICKY = ['a & b < c > d', 'quote " apostrophe \'', 'tab\tnew\nline\rcr', 'ünïcödé 图像 🚗', 'bell\u0007 nul\u0000 fffe\uFFFE lone\uD800'];

describe('XML escaping', () => {
  it('escapes markup and keeps UTF-8', () => {
    expect(xmlText('a & b < c > d "q"')).toBe('a &amp; b &lt; c &gt; d "q"');
    expect(xmlAttribute('a & "b"\t<c>')).toBe('a &amp; &quot;b&quot;&#9;&lt;c&gt;');
    expect(xmlText('ünïcödé 图像 🚗')).toBe('ünïcödé 图像 🚗');
  });

  it('replaces characters XML 1.0 cannot carry with U+FFFD', () => {
    expect(xmlText('bell\u0007 nul\u0000 fffe\uFFFE lone\uD800')).toBe('bell\uFFFD nul\uFFFD fffe\uFFFD lone\uFFFD');
  });

  it('reads back with Python\'s xml.etree exactly (whitespace in attributes included)', () => {
    const document = `<r>${TRICKY.map((value) => `<e a="${xmlAttribute(value)}">${xmlText(value)}</e>`).join('')}</r>`;
    const read = python<[string, string][]>(
      'import json,sys,xml.etree.ElementTree as ET; print(json.dumps([[e.get("a"), e.text] for e in ET.fromstring(sys.argv[1])]))',
      document,
    );
    const expected = TRICKY.map((value) => value.replace(/[\u0000\u0007\uFFFE]|\uD800/g, '\uFFFD'));
    expect(read).toEqual(expected.map((value) => [value, value]));
  });
});
