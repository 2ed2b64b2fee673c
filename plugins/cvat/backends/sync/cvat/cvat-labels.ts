/**
 * The labels of a CVAT export and the attributes each one carries. Names come from the
 * category's path (labels or ids); shape elements are spooled as entries come, so a name is
 * settled when first seen: a later category (another id) with the same path gets ` [<id>]`
 * after it, as CategoryTable names equal paths.
 */
export class CvatLabels {
  readonly #names = new Map<string, string>();
  readonly #taken = new Set<string>();
  readonly #attributes = new Map<string, Set<string>>();

  /** The label name of category `id` shown as `path`, registered once. */
  nameOf(id: string, path: string): string {
    let name = this.#names.get(id);
    if (name !== undefined) return name;
    name = this.#taken.has(path) ? `${path} [${id}]` : path;
    for (let suffix = 2; this.#taken.has(name); suffix += 1) name = `${path} [${id}]-${suffix}`;
    this.#taken.add(name);
    this.#names.set(id, name);
    this.#attributes.set(name, new Set());
    return name;
  }

  /** Records that `label` carries these attribute names (declared in meta). */
  addAttributes(label: string, names: Iterable<string>): void {
    const known = this.#attributes.get(label)!;
    for (const name of names) known.add(name);
  }

  /** Every label with its attributes, in plain code-unit order of the names. */
  labels(): { name: string; attributes: string[] }[] {
    const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    return [...this.#attributes].sort(([a], [b]) => order(a, b)).map(([name, attributes]) => ({ name, attributes: [...attributes].sort(order) }));
  }
}
