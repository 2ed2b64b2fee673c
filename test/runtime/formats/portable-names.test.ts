import { describe, expect, it } from 'vitest';
import { MAX_NAME_BYTES, NAME_BYTES_RESERVED, portableFileName } from '../../../runtime/formats/portable-names.ts';
import { UniqueNames } from '../../../runtime/formats/unique-names.ts';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('portableFileName', () => {
  it('prefixes Windows device names, any case, with or without extensions', () => {
    expect(['CON', 'con.png', 'Aux.tar.gz', 'nul', 'COM1.jpg', 'lpt9', 'PRN .txt'].map(portableFileName)).toEqual([
      '_CON',
      '_con.png',
      '_Aux.tar.gz',
      '_nul',
      '_COM1.jpg',
      '_lpt9',
      '_PRN .txt',
    ]);
    expect(['console.png', 'com10.jpg', 'auxiliary', 'a.con'].map(portableFileName)).toEqual(['console.png', 'com10.jpg', 'auxiliary', 'a.con']);
  });

  it('removes trailing dots and spaces, and never returns an empty name', () => {
    expect(['photo.', 'photo. . ', 'a.png ', '...', ' '].map(portableFileName)).toEqual(['photo', 'photo', 'a.png', '_', '_']);
  });

  it('shortens names over the limit on a code point boundary, keeping the extension, with room for suffixes', () => {
    const long = `${'图'.repeat(120)}.jpg`; // 364 bytes
    const short = portableFileName(long);
    expect(bytes(short)).toBeLessThanOrEqual(MAX_NAME_BYTES - NAME_BYTES_RESERVED);
    expect(short.endsWith('.jpg')).toBe(true);
    expect(short).toBe(`${'图'.repeat(75)}.jpg`); // 231 bytes: 75 x 3 + 4
    expect(short).not.toContain('\uFFFD');
    // Unique names of 70,000 copies still fit, and the label file next to it too.
    const names = new UniqueNames();
    let last = '';
    for (let i = 0; i < 70_000; i += 1) last = names.claim(short);
    expect(bytes(last.replace(/\.jpg$/, '.txt'))).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(portableFileName('a'.repeat(300))).toBe('a'.repeat(MAX_NAME_BYTES - NAME_BYTES_RESERVED));
  });

  it('leaves ordinary names alone', () => {
    expect(['frame.png', 'Ünïcödé 图像.png', '.hidden'].map(portableFileName)).toEqual(['frame.png', 'Ünïcödé 图像.png', '.hidden']);
  });
});
