import { splitCategoryPath } from './categories.ts';
import type { ResolvedCategory } from './shapes/types.ts';

/** One category of an export, named so that no two share a name. */
export interface TableCategory {
  /** 1, 2, 3... in the order of `name` (plain code-unit order, the same on every machine). */
  id: number;
  /** The labeling-configuration id as annotations carry it (`vehicles/car`). */
  categoryId: string;
  /** The full name (the resolved path: labels, or ids, per level), distinct in the export. */
  name: string;
  /** After the last `/` of the name, distinct in the export (COCO's `name`). */
  leaf: string;
  /** Before the last `/`; a name without one is its own supercategory (COCO's `supercategory`). */
  supercategory: string;
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The categories of one export with stable ids and DISTINCT names, the rule every image
 * format follows:
 * 1. a category is named by its resolved path (`category_names`: labels per level, or the id);
 * 2. categories whose paths are equal (two ids with the same label) get ` [<id>]` after it;
 * 3. COCO's `name` is the part after the last `/`; where two categories would share it
 *    (`a/car`, `b/car`), each takes its full path instead, so Datumaro's and CVAT's COCO
 *    import, which key labels by name, accept the file;
 * 4. anything still equal gets `-2`, `-3`...
 * Ids are given once every category is known (finalIds), so the same set of categories always
 * gets the same ids, in whatever order the data came and whatever the format could write.
 */
export class CategoryTable {
  readonly #provisional = new Map<string, { index: number; category: ResolvedCategory }>();
  #table: TableCategory[] | undefined;
  #byCategoryId: Map<string, TableCategory> | undefined;

  /** Registers a category (keyed by its id; the first resolution wins) and returns its provisional number. */
  add(category: ResolvedCategory): number {
    let known = this.#provisional.get(category.id);
    if (!known) {
      known = { index: this.#provisional.size, category };
      this.#provisional.set(category.id, known);
      this.#table = undefined;
      this.#byCategoryId = undefined;
    }
    return known.index;
  }

  get size(): number {
    return this.#provisional.size;
  }

  /** Every category, sorted by name, ids from 1. */
  categories(): TableCategory[] {
    this.#table ??= buildTable([...this.#provisional.values()].map(({ category }) => category));
    return this.#table.map((category) => ({ ...category }));
  }

  /** The final category of an id added before. */
  categoryOf(categoryId: string): TableCategory | undefined {
    this.#byCategoryId ??= new Map(this.categories().map((category) => [category.categoryId, category]));
    return this.#byCategoryId.get(categoryId);
  }

  /** `finalIds()[provisional]` is the final id of the category that got that provisional number. */
  finalIds(): number[] {
    const ids: number[] = [];
    for (const [categoryId, { index }] of this.#provisional) ids[index] = this.categoryOf(categoryId)!.id;
    return ids;
  }
}

function countsOf(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/** Makes every value distinct: a repeated one gets `-2`, `-3`... (the first keeps its value). */
function distinct(values: readonly string[]): string[] {
  const taken = new Set<string>();
  return values.map((value) => {
    let candidate = value;
    for (let suffix = 2; taken.has(candidate); suffix += 1) candidate = `${value}-${suffix}`;
    taken.add(candidate);
    return candidate;
  });
}

function buildTable(categories: ResolvedCategory[]): TableCategory[] {
  // Sorted by path, then id: the order, and so every suffix, is the same for the same set.
  const sorted = [...categories].sort((a, b) => byCodeUnits(a.path, b.path) || byCodeUnits(a.id, b.id));
  const pathCounts = countsOf(sorted.map((category) => category.path));
  const named = sorted.map((category) => {
    const suffix = pathCounts.get(category.path)! > 1 ? ` [${category.id}]` : '';
    const { supercategory, name: leaf } = splitCategoryPath(category.path);
    return { categoryId: category.id, name: `${category.path}${suffix}`, leaf: `${leaf}${suffix}`, supercategory: supercategory === category.path ? `${category.path}${suffix}` : supercategory };
  });
  const names = distinct(named.map((category) => category.name));
  const leafCounts = countsOf(named.map((category) => category.leaf));
  const leaves = distinct(named.map((category, index) => (leafCounts.get(category.leaf)! > 1 ? names[index]! : category.leaf)));
  const table = named.map((category, index) => ({ ...category, name: names[index]!, leaf: leaves[index]! }));
  return table.sort((a, b) => byCodeUnits(a.name, b.name)).map((category, index) => ({ id: index + 1, ...category }));
}
