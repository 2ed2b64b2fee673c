import { createReadStream } from 'node:fs';
import { ByteWriter } from 'idah-plugin';
import { copyWithFinalCategories } from './category-remap.ts';

/** COCO's `info` object as JSON text; `created` is fixed for reproducible outputs. */
export function cocoInfoJson(created: Date): string {
  return JSON.stringify({
    description: 'IDAH annotations exported by idah-plugin (coco)',
    version: '1.0',
    year: created.getUTCFullYear(),
    contributor: 'idah-plugin',
    url: '',
    date_created: created.toISOString(),
  });
}

/**
 * Streams one COCO instances file. `images` go straight into the file as they come;
 * `annotations` go to a scratch file, because JSON keeps them in a later section, and because
 * their category ids are only final once every category is known. The scratch holds the
 * section's own bytes, each item ending `"category_id":<provisional number + 1>}`; finish()
 * puts the final id in that place while copying it into the file (copyWithFinalCategories),
 * then writes the categories. Memory stays flat.
 */
export class InstancesWriter {
  readonly #out: ByteWriter;
  readonly #scratch: ByteWriter;
  #images = 0;
  #annotations = 0;

  private constructor(out: ByteWriter, scratch: ByteWriter) {
    this.#out = out;
    this.#scratch = scratch;
  }

  /** Starts the file at `path` with `info` (a JSON object text) and opens the images section. */
  static open(path: string, scratchPath: string, infoJson: string): InstancesWriter {
    const writer = new InstancesWriter(ByteWriter.open(path), ByteWriter.open(scratchPath));
    void writer.#out.write(`{"info":${infoJson},"licenses":[],"images":[`);
    return writer;
  }

  get imageCount(): number {
    return this.#images;
  }

  get annotationCount(): number {
    return this.#annotations;
  }

  /** Lists an image and returns its id (1, 2, 3... in this file); `extraJson` is more fields (`,"tags":[...]`) or "". */
  async addImage(fileName: string, width: number, height: number, extraJson = ''): Promise<number> {
    const id = ++this.#images;
    const line = `{"id":${id},"file_name":${JSON.stringify(fileName)},"width":${width},"height":${height}${extraJson}}`;
    await this.#out.write(id === 1 ? `\n${line}` : `,\n${line}`);
    return id;
  }

  /**
   * Adds an image's annotations in one write: each object is its text after the ids
   * (`,<geometry><extra>,"category_id":<provisional number + 1>}`, entryObjects).
   */
  addAnnotations(imageId: number, objects: readonly string[]): Promise<void> | undefined {
    let lines = '';
    for (const object of objects) {
      const id = ++this.#annotations;
      lines += `${id === 1 ? '\n' : ',\n'}{"id":${id},"image_id":${imageId}${object}`;
    }
    return lines === '' ? undefined : this.#scratch.write(lines);
  }

  /** Ends the file: the annotations with final category ids, then `categoriesJson` (a JSON array text). */
  async finish(finalIds: readonly number[], categoriesJson: string): Promise<void> {
    await this.#scratch.close();
    await this.#out.write(`${this.#images ? '\n' : ''}],"annotations":[`);
    const scratch = createReadStream(this.#scratch.path, { highWaterMark: 1 << 20 });
    const copied = await copyWithFinalCategories(scratch, (bytes) => this.#out.writeBytes(bytes), finalIds);
    await this.#out.write(`${copied ? '\n' : ''}],"categories":${categoriesJson}}\n`);
    await this.#out.close();
  }

  /** Closes both files after a failed export (the host removes them). */
  async discard(): Promise<void> {
    await Promise.allSettled([this.#scratch.close(), this.#out.close()]);
  }
}
