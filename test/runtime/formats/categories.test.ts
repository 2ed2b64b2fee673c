import { describe, expect, it } from 'vitest';
import { isIdahPluginError } from '../../../runtime/errors.ts';
import { CategoryIndex, categoryPathOf, splitCategoryPath } from '../../../runtime/formats/categories.ts';

describe('splitCategoryPath', () => {
  it('splits at the last slash; a plain name is its own supercategory', () => {
    expect(splitCategoryPath('vehicles/car')).toEqual({ supercategory: 'vehicles', name: 'car' });
    expect(splitCategoryPath('a/b/c')).toEqual({ supercategory: 'a/b', name: 'c' });
    expect(splitCategoryPath('person')).toEqual({ supercategory: 'person', name: 'person' });
    expect(splitCategoryPath('trailing/')).toEqual({ supercategory: 'trailing/', name: 'trailing/' });
    expect(splitCategoryPath('/leading')).toEqual({ supercategory: '/leading', name: '/leading' });
  });
});

describe('CategoryIndex', () => {
  it('numbers categories from 1 in sorted order, whatever order they came in', () => {
    const first = new CategoryIndex();
    const second = new CategoryIndex();
    const paths = ['road', 'vehicles/car', 'Zebra', 'animals/dog', 'vehicles/bus'];
    for (const path of paths) first.add(path);
    for (const path of [...paths].reverse()) second.add(path);
    expect(first.categories()).toEqual(second.categories());
    expect(first.categories().map((category) => [category.id, category.path])).toEqual([
      [1, 'Zebra'],
      [2, 'animals/dog'],
      [3, 'road'],
      [4, 'vehicles/bus'],
      [5, 'vehicles/car'],
    ]);
    expect(first.categories()[4]).toEqual({ id: 5, path: 'vehicles/car', name: 'car', supercategory: 'vehicles' });
  });

  it('maps first-seen provisional numbers to the final ids', () => {
    const index = new CategoryIndex();
    expect([index.add('b'), index.add('a'), index.add('b'), index.add('c')]).toEqual([0, 1, 0, 2]);
    expect(index.finalIds()).toEqual([2, 1, 3]);
    expect(index.idOf('c')).toBe(3);
    expect(index.size).toBe(3);
    index.add('0');
    expect(index.idOf('c')).toBe(4);
    expect(() => index.idOf('missing')).toThrow('expected a category added to the index, got "missing"');
  });

  it('reads an annotation category, refusing a missing or empty one', () => {
    expect(categoryPathOf({ category: 'a/b' })).toBe('a/b');
    for (const payload of [{}, { category: '  ' }, { category: 3 }, null]) {
      try {
        categoryPathOf(payload as { category?: unknown });
        expect.unreachable();
      } catch (error) {
        expect(isIdahPluginError(error, 'SOURCE_INVALID')).toBe(true);
        expect((error as Error).message).toMatch(/^expected annotation.category to be a non-empty string, got/);
      }
    }
  });
});
