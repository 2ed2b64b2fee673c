import { createReadStream } from 'node:fs';
import { ByteWriter } from 'idah-plugin';
import type { CentsRing } from './coco-geometry.ts';
import { withFinalCategories } from './category-remap.ts';
import type { CocoObject } from './entry-objects.ts';
import { JsonBytes } from './json-bytes.ts';

const ascii = (text: string) => Buffer.from(text, 'latin1');
const FIRST_ITEM = ascii('\n{"id":');
const NEXT_ITEM = ascii(',\n{"id":');
const IMAGE_ID = ascii(',"image_id":');
const COMMA = ascii(',');
const BBOX = ascii(',"bbox":[');
const AREA = ascii('],"area":');
const SEGMENTATION = ascii(',"iscrowd":0,"segmentation":[[');
const CLOSE_SEGMENTATION = ascii(']]');
const CATEGORY_ID = ascii(',"category_id":');
const CLOSE = ascii('}');
/** Bytes of one number in cents at most (a sign, 16 digits, a point, 2 decimals) and a comma. */
const NUMBER_ROOM = 24;

/** `,` and ringJson's text, as bytes. */
function writeRing(out: JsonBytes, ring: CentsRing): void {
  out.room(BBOX.length + AREA.length + SEGMENTATION.length + 5 * NUMBER_ROOM);
  out.bytes(BBOX);
  out.cents(ring.x);
  out.bytes(COMMA);
  out.cents(ring.y);
  out.bytes(COMMA);
  out.cents(ring.width);
  out.bytes(COMMA);
  out.cents(ring.height);
  out.bytes(AREA);
  out.cents(ring.area);
  out.bytes(SEGMENTATION);
  const { xs, ys } = ring;
  for (let i = 0; i < xs.length; i += 1) {
    out.room(2 * NUMBER_ROOM);
    if (i > 0) out.bytes(COMMA);
    out.cents(xs[i]!);
    out.bytes(COMMA);
    out.cents(ys[i]!);
  }
  out.room(CLOSE_SEGMENTATION.length);
  out.bytes(CLOSE_SEGMENTATION);
}

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
 * Streams one COCO instances file. `images` go to a scratch file as they come, and
 * `annotations` to another, because JSON keeps them in a later section, and because their
 * category ids are only final once every category is known. That scratch holds the section's
 * own bytes, each item ending `"category_id":<provisional number + 1>}`; contents() puts the
 * final id in that place while it hands the file on (withFinalCategories), then the
 * categories, so the file goes straight into the output zip, never written whole to the
 * disk. Memory stays flat.
 */
export class InstancesWriter {
  readonly #imagesPath: string;
  readonly #imagesFile: ByteWriter;
  readonly #scratch: JsonBytes;
  #images = 0;
  #annotations = 0;

  private constructor(imagesPath: string, scratch: JsonBytes) {
    this.#imagesPath = imagesPath;
    this.#imagesFile = ByteWriter.open(imagesPath);
    this.#scratch = scratch;
  }

  /** Starts the file (in `imagesPath`, a scratch file) with `info` (a JSON object text) and opens the images section. */
  static open(imagesPath: string, annotationsPath: string, infoJson: string): InstancesWriter {
    const writer = new InstancesWriter(imagesPath, new JsonBytes(annotationsPath));
    void writer.#imagesFile.write(`{"info":${infoJson},"licenses":[],"images":[`);
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
    await this.#imagesFile.write(id === 1 ? `\n${line}` : `,\n${line}`);
    return id;
  }

  /** Adds an image's annotations; resolves at once unless the disk is behind. */
  addAnnotations(imageId: number, objects: readonly CocoObject[]): Promise<void> | undefined {
    const out = this.#scratch;
    for (const { geometry, extra, category } of objects) {
      const id = ++this.#annotations;
      // The separator, two ids and the category id; the geometry's own room is asked below.
      out.room(NEXT_ITEM.length + IMAGE_ID.length + 2 * NUMBER_ROOM);
      out.bytes(id === 1 ? FIRST_ITEM : NEXT_ITEM);
      out.integer(id);
      out.bytes(IMAGE_ID);
      out.integer(imageId);
      if (typeof geometry === 'string') {
        out.bytes(COMMA);
        out.text(geometry);
      } else writeRing(out, geometry);
      if (extra !== '') out.text(extra);
      out.room(CATEGORY_ID.length + NUMBER_ROOM + CLOSE.length);
      out.bytes(CATEGORY_ID);
      out.integer(category + 1);
      out.bytes(CLOSE);
    }
    return out.drained();
  }

  /** The whole file, once every image and annotation was added: the annotations with final category ids, then `categoriesJson` (a JSON array text). */
  async *contents(finalIds: readonly number[], categoriesJson: string): AsyncGenerator<Buffer> {
    await Promise.all([this.#imagesFile.close(), this.#scratch.close()]);
    yield* createReadStream(this.#imagesPath, { highWaterMark: 1 << 20 });
    yield Buffer.from(`${this.#images ? '\n' : ''}],"annotations":[`);
    const copied = yield* withFinalCategories(createReadStream(this.#scratch.path, { highWaterMark: 1 << 20 }), finalIds);
    yield Buffer.from(`${copied ? '\n' : ''}],"categories":${categoriesJson}}\n`);
  }

  /** Closes both scratch files after a failed export (the host removes them). */
  async discard(): Promise<void> {
    await Promise.allSettled([this.#scratch.close(), this.#imagesFile.close()]);
  }
}
