import { TextWriter } from 'idah-plugin';

/**
 * ImageSets/Main/<split>.txt: one image id (the annotation file's stem) per line, in export
 * order. One writer per split, opened when the split first appears.
 */
export class ImageSets {
  readonly #writers = new Map<string, TextWriter>();
  readonly #pathOf: (split: string) => string;

  /** `pathOf` gives the absolute path of a split's list (from io.resolve). */
  constructor(pathOf: (split: string) => string) {
    this.#pathOf = pathOf;
  }

  add(split: string, imageId: string): Promise<void> | undefined {
    return this.#writerOf(split).write(`${imageId}\n`);
  }

  /** Makes sure the split's list exists, even empty. */
  ensure(split: string): void {
    this.#writerOf(split);
  }

  async close(): Promise<void> {
    for (const writer of this.#writers.values()) await writer.close();
  }

  #writerOf(split: string): TextWriter {
    let writer = this.#writers.get(split);
    if (!writer) {
      writer = TextWriter.open(this.#pathOf(split));
      this.#writers.set(split, writer);
    }
    return writer;
  }
}
