import { CompactStringSet } from './compact-string-set.ts';

/** `/ \ : * ? " < > |` and control characters: the only characters replaced in output names. */
// biome-ignore lint: control characters are the point of this pattern.
const UNSAFE = /[/\\:*?"<>|\u0000-\u001f\u007f]/g;

/** A file name safe on every system: unsafe characters become `_`, everything else (UTF-8 included) stays. */
export function safeFileName(name: string): string {
  const replaced = name.replace(UNSAFE, '_').trim();
  // "", "." and ".." would name a folder, not a file.
  return replaced === '' || /^\.+$/.test(replaced) ? `_${replaced}` : replaced;
}

/** "photo.final.jpg" -> ["photo.final", ".jpg"]; ".hidden" and "README" have no extension. */
export function splitFileExtension(name: string): [stem: string, extension: string] {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
}

/**
 * Gives each file a unique name within one output folder (or one export): the name as it
 * came, made safe; a later name whose STEM is taken gets `-1`, `-2`... before its extension.
 * Stems are compared case-insensitively (Unicode NFC, lower case), so names stay distinct on
 * Windows and macOS too, and `a.jpg` / `a.png` never share a label file such as `a.txt`.
 * The same names claimed in the same order give the same results.
 */
export class UniqueNames {
  /** Compact: an export holds every name it gave until its end. */
  readonly #taken = new CompactStringSet();
  /** Per stem, the suffix to try next: 70,000 images named "image.jpg" stay linear, not quadratic. */
  readonly #nextSuffix = new Map<string, number>();

  /** A unique, safe name for `name`; claimed, so it is never given again. */
  claim(name: string): string {
    const [stem, extension] = splitFileExtension(safeFileName(name));
    const stemKey = keyOf(stem);
    let candidate = stem;
    // add() claims a free key and answers false for a taken one: one lookup per candidate.
    if (!this.#taken.add(stemKey)) {
      let suffix = this.#nextSuffix.get(stemKey) ?? 1;
      // A suffixed name may be taken already by a file that came with that very name.
      do {
        candidate = `${stem}-${suffix}`;
        suffix += 1;
      } while (!this.#taken.add(keyOf(candidate)));
      this.#nextSuffix.set(stemKey, suffix);
    }
    return `${candidate}${extension}`;
  }

  get size(): number {
    return this.#taken.size;
  }
}

const keyOf = (stem: string) => stem.normalize('NFC').toLowerCase();
