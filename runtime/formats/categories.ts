import { IdahPluginError } from '../errors.ts';

export interface Category {
  /** 1, 2, 3... in the order of `path` (plain code-unit order, the same on every machine). */
  id: number;
  /** The category as annotations carry it: `vehicles/car`. */
  path: string;
  /** After the last `/`: `car`. */
  name: string;
  /** Before the last `/`: `vehicles` (`a/b/c` gives `a/b`); a path without `/` is its own supercategory. */
  supercategory: string;
}

/** `a/b` -> supercategory `a`, name `b`; `a/b/c` -> `a/b`, `c`; `car` -> `car`, `car`. */
export function splitCategoryPath(path: string): { supercategory: string; name: string } {
  const slash = path.lastIndexOf('/');
  const name = path.slice(slash + 1);
  const supercategory = path.slice(0, Math.max(slash, 0));
  if (slash < 0 || name === '' || supercategory === '') return { supercategory: path, name: path };
  return { supercategory, name };
}

/** The category of an annotation payload: a non-empty string, or an error saying what came. */
export function categoryPathOf(annotation: { category?: unknown } | null | undefined): string {
  const category = annotation?.category;
  if (typeof category !== 'string' || category.trim() === '') {
    throw new IdahPluginError('SOURCE_INVALID', `expected annotation.category to be a non-empty string, got ${JSON.stringify(category) ?? 'nothing'}`);
  }
  return category;
}

/**
 * Categories of one export with stable ids. While streaming, `add` gives each new path a
 * provisional number in first-seen order (0, 1, 2...); once every path is known, `categories()`
 * numbers them 1, 2, 3... sorted by path, and `finalIds()` maps provisional numbers to those ids.
 * Same set of categories -> same ids, whatever order the data came in.
 */
export class CategoryIndex {
  readonly #provisional = new Map<string, number>();
  #sorted: Category[] | undefined;
  #idsByPath: Map<string, number> | undefined;

  /** Registers a path (once) and returns its provisional number. */
  add(path: string): number {
    let provisional = this.#provisional.get(path);
    if (provisional === undefined) {
      provisional = this.#provisional.size;
      this.#provisional.set(path, provisional);
      this.#sorted = undefined;
      this.#idsByPath = undefined;
    }
    return provisional;
  }

  has(path: string): boolean {
    return this.#provisional.has(path);
  }

  get size(): number {
    return this.#provisional.size;
  }

  /** Every category, sorted by path, with ids from 1. */
  categories(): Category[] {
    if (!this.#sorted) {
      const paths = [...this.#provisional.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      this.#sorted = paths.map((path, index) => ({ id: index + 1, path, ...splitCategoryPath(path) }));
    }
    return this.#sorted.map((category) => ({ ...category }));
  }

  /** The final id of a path added before. */
  idOf(path: string): number {
    this.#idsByPath ??= new Map(this.categories().map((category) => [category.path, category.id]));
    const id = this.#idsByPath.get(path);
    if (id === undefined) throw new IdahPluginError('IO_MISUSE', `expected a category added to the index, got ${JSON.stringify(path)}`);
    return id;
  }

  /** `finalIds()[provisional]` is the final id of the path that got that provisional number. */
  finalIds(): number[] {
    const ids: number[] = [];
    for (const [path, provisional] of this.#provisional) ids[provisional] = this.idOf(path);
    return ids;
  }
}
