import { describe, expect, it } from 'vitest';
import { safeFileName, splitFileExtension, UniqueNames } from '../../../runtime/formats/unique-names.ts';

describe('safeFileName', () => {
  it('keeps UTF-8 and replaces only Windows-invalid and control characters', () => {
    expect(safeFileName('Straße 東京 😀.jpg')).toBe('Straße 東京 😀.jpg');
    expect(safeFileName('a/b\\c:d*e?f"g<h>i|j\u0001k\u007f.png')).toBe('a_b_c_d_e_f_g_h_i_j_k_.png');
    expect(safeFileName('..')).toBe('_..');
    expect(safeFileName('')).toBe('_');
    expect(safeFileName('%20encoded.jpg')).toBe('%20encoded.jpg');
  });

  it('splits the last extension off', () => {
    expect(splitFileExtension('photo.final.jpg')).toEqual(['photo.final', '.jpg']);
    expect(splitFileExtension('.hidden')).toEqual(['.hidden', '']);
    expect(splitFileExtension('README')).toEqual(['README', '']);
  });
});

describe('UniqueNames', () => {
  it('adds -1, -2 before the extension on collisions, deterministically', () => {
    const claim = (names: string[]) => {
      const unique = new UniqueNames();
      return names.map((name) => unique.claim(name));
    };
    const names = ['a.jpg', 'a.jpg', 'A.JPG', 'a-1.jpg', 'a.png', 'b/c.jpg', 'b_c.jpg', 'ﬁ.jpg'];
    expect(claim(names)).toEqual(['a.jpg', 'a-1.jpg', 'A-2.JPG', 'a-1-1.jpg', 'a-3.png', 'b_c.jpg', 'b_c-1.jpg', 'ﬁ.jpg']);
    expect(claim(names)).toEqual(claim(names));
  });

  it('treats NFC and NFD spellings of a name as the same name', () => {
    const unique = new UniqueNames();
    const composed = 'caf\u00e9.jpg';
    const decomposed = 'cafe\u0301.jpg';
    expect(unique.claim(composed)).toBe(composed);
    expect(unique.claim(decomposed)).toBe('cafe\u0301-1.jpg');
  });
});

// How fast that is, against distinct names as the floor: `npm run bench -- unique-names`.
describe('UniqueNames at scale', () => {
  it('gives tens of thousands of images that share one name distinct, numbered names', () => {
    const unique = new UniqueNames();
    const names = Array.from({ length: 70_000 }, () => unique.claim('image.jpg'));
    expect(names[0]).toBe('image.jpg');
    expect(names[69_999]).toBe('image-69999.jpg');
    expect(new Set(names).size).toBe(70_000);
  });
});
