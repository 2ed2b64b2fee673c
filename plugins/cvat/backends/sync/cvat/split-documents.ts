import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { ByteWriter } from 'idah-plugin';
import { DOCUMENT_TAIL, documentHead, imageElement, type TaskMeta } from './annotations-xml.ts';

interface SplitBody {
  writer: ByteWriter;
  images: number;
  closed: boolean;
}

/**
 * One CVAT document per split. `<meta>` comes first in the file but lists every label and the
 * image count, known only at the end: `<image>` elements are spooled per split to scratch
 * files as they come (memory stays flat), then each document is streamed out as head, spooled
 * images, tail.
 */
export class SplitDocuments {
  readonly #bodies = new Map<string, SplitBody>();
  readonly #scratchPathOf: (split: string) => string;

  constructor(scratchPathOf: (split: string) => string) {
    this.#scratchPathOf = scratchPathOf;
  }

  /** Makes sure the split gets a document, even without images. */
  ensure(split: string): void {
    this.#bodyOf(split);
  }

  addImage(split: string, name: string, width: number, height: number, shapes: readonly string[]): Promise<void> | undefined {
    const body = this.#bodyOf(split);
    const element = imageElement(body.images, name, width, height, shapes);
    body.images += 1;
    return body.writer.write(element);
  }

  get splits(): string[] {
    return [...this.#bodies.keys()];
  }

  /** Writes each split's document to `pathOf(split)`. */
  async writeDocuments(pathOf: (split: string) => string, meta: Omit<TaskMeta, 'size' | 'subset'>): Promise<void> {
    for (const [split, body] of this.#bodies) {
      body.closed = true;
      await body.writer.close();
      const head = documentHead({ ...meta, size: body.images, subset: split });
      await pipeline(
        async function* () {
          yield head;
          yield* createReadStream(body.writer.path);
          yield DOCUMENT_TAIL;
        },
        createWriteStream(pathOf(split)),
      );
    }
  }

  /** Closes the scratch files still open (after a failure). */
  async close(): Promise<void> {
    for (const body of this.#bodies.values()) {
      if (body.closed) continue;
      body.closed = true;
      await body.writer.close().catch(() => undefined);
    }
  }

  #bodyOf(split: string): SplitBody {
    let body = this.#bodies.get(split);
    if (!body) {
      body = { writer: ByteWriter.open(this.#scratchPathOf(split)), images: 0, closed: false };
      this.#bodies.set(split, body);
    }
    return body;
  }
}
