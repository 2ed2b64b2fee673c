import { describe, expect, it } from 'vitest';
import { EntryNameHashes, hashKey } from '../../../runtime/io/zip/entry-names.ts';

describe('EntryNameHashes', () => {
  it('finds a name repeated across chunks among 150,000 and nothing among distinct names', () => {
    const distinct = new EntryNameHashes();
    const repeating = new EntryNameHashes();
    for (let index = 0; index < 150_000; index += 1) {
      distinct.add(`labels/train/image-${index}.txt`);
      repeating.add(`labels/train/image-${index}.txt`);
    }
    repeating.add('labels/train/image-7.txt');
    repeating.add('labels/train/image-149999.txt');
    expect(distinct.repeated()).toEqual(new Set());
    expect(repeating.repeated()).toEqual(new Set([hashKey('labels/train/image-7.txt'), hashKey('labels/train/image-149999.txt')]));
  });
});
