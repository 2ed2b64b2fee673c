import { splitFileExtension } from 'idah-plugin';

/**
 * A file name whose stem can be a VOC image id: the stem names `Annotations/<id>.xml` and
 * `JPEGImages/<id>.<ext>` and is a line of `ImageSets/Main/<split>.txt`, which readers trim and
 * often split on whitespace (the devkit, torchvision), and where a line starting with `#` is a
 * comment (Datumaro). So whitespace becomes `_` and a leading `#` gets a `_` before it.
 * Call it before `UniqueNames.claim`, so names stay unique after the change.
 */
export function vocImageFileName(name: string): string {
  const [stem, extension] = splitFileExtension(name);
  const plain = stem.replace(/\s+/gu, '_');
  return `${plain.startsWith('#') ? `_${plain}` : plain}${extension.replace(/\s+/gu, '_')}`;
}

/**
 * Object names as `labelmap.txt` can hold them: Datumaro and CVAT read each line as
 * `name:color:parts:actions` (exactly 4 `:`-separated fields, trimmed, `#` starting a comment),
 * so a `:` in a name becomes `_`, surrounding whitespace goes, and a leading `#` gets a `_`.
 * Two categories never share a name: a later one that would gets `-1`, `-2`...
 */
export class VocLabels {
  readonly #byCategory = new Map<string, string>();
  readonly #taken = new Set<string>();

  /**
   * The object name of a category (`key`, its id) shown as `display` (its label or id path),
   * registered once. Files are written as entries come, so names are settled first come.
   */
  nameOf(key: string, display = key): string {
    let name = this.#byCategory.get(key);
    if (name !== undefined) return name;
    const trimmed = display.replaceAll(':', '_').trim() || '_';
    const base = trimmed.startsWith('#') ? `_${trimmed}` : trimmed;
    name = base;
    for (let suffix = 1; this.#taken.has(name); suffix += 1) name = `${base}-${suffix}`;
    this.#taken.add(name);
    this.#byCategory.set(key, name);
    return name;
  }

  /** `labelmap.txt` as CVAT and Datumaro write it: the header comment, then `name:::` per label, sorted (no colours: no masks are written). */
  labelmapText(): string {
    const names = [...this.#taken].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return ['# label:color_rgb:parts:actions', ...names.map((name) => `${name}:::`), ''].join('\n');
  }
}
