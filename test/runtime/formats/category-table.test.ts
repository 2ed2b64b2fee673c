import { describe, expect, it } from 'vitest';
import { CategoryTable } from '../../../runtime/formats/category-table.ts';

const category = (id: string, path = id) => ({ id, label: path.split('/').at(-1)!, path });

describe('CategoryTable', () => {
  it('numbers categories by name from 1, whatever order they came in', () => {
    const table = new CategoryTable();
    expect([table.add(category('road')), table.add(category('vehicles/car')), table.add(category('animal')), table.add(category('road'))]).toEqual([0, 1, 2, 0]);
    expect(table.categories()).toEqual([
      { id: 1, categoryId: 'animal', name: 'animal', leaf: 'animal', supercategory: 'animal' },
      { id: 2, categoryId: 'road', name: 'road', leaf: 'road', supercategory: 'road' },
      { id: 3, categoryId: 'vehicles/car', name: 'vehicles/car', leaf: 'car', supercategory: 'vehicles' },
    ]);
    expect(table.finalIds()).toEqual([2, 3, 1]);
  });

  it('leaf names that collide (a/car, b/car) take their full path; a lone leaf keeps its name', () => {
    const table = new CategoryTable();
    for (const id of ['b/car', 'a/car', 'car', 'a/bus']) table.add(category(id));
    expect(table.categories().map(({ name, leaf, supercategory }) => [name, leaf, supercategory])).toEqual([
      ['a/bus', 'bus', 'a'],
      ['a/car', 'a/car', 'a'],
      ['b/car', 'b/car', 'b'],
      ['car', 'car', 'car'],
    ]);
  });

  it('two ids with the same label get the id after the name, in name and leaf', () => {
    const table = new CategoryTable();
    table.add(category('car-1', 'Vehicles/Car'));
    table.add(category('car-2', 'Vehicles/Car'));
    table.add(category('x', 'Sky'));
    table.add(category('y', 'Sky'));
    expect(table.categories().map(({ name, leaf, supercategory }) => [name, leaf, supercategory])).toEqual([
      ['Sky [x]', 'Sky [x]', 'Sky [x]'],
      ['Sky [y]', 'Sky [y]', 'Sky [y]'],
      ['Vehicles/Car [car-1]', 'Car [car-1]', 'Vehicles'],
      ['Vehicles/Car [car-2]', 'Car [car-2]', 'Vehicles'],
    ]);
    expect(new Set(table.categories().map((c) => c.leaf)).size).toBe(4);
  });
});
