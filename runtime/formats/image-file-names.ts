import type { MediaContext } from '../context/record-contexts.ts';
import { portableFileName } from './portable-names.ts';
import { splitFileExtension } from './unique-names.ts';

/** Image file types an export may have to name. */
export type ImageFileType = 'jpeg' | 'png' | 'gif' | 'webp' | 'bmp' | 'tiff';

/** The extension each type is written with. */
export const IMAGE_FILE_EXTENSIONS: Record<ImageFileType, string> = {
  jpeg: '.jpg',
  png: '.png',
  gif: '.gif',
  webp: '.webp',
  bmp: '.bmp',
  tiff: '.tif',
};

/** Extensions image loaders (OpenCV, PIL) recognise, lower case, each with its type. */
const TYPE_OF_EXTENSION: Record<string, ImageFileType> = {
  '.jpg': 'jpeg',
  '.jpeg': 'jpeg',
  '.jpe': 'jpeg',
  '.png': 'png',
  '.gif': 'gif',
  '.webp': 'webp',
  '.bmp': 'bmp',
  '.tif': 'tiff',
  '.tiff': 'tiff',
};

const TYPE_OF_MIME: Record<string, ImageFileType> = {
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/pjpeg': 'jpeg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/bmp': 'bmp',
  'image/x-ms-bmp': 'bmp',
  'image/tiff': 'tiff',
};

/** The type a file name's extension says, if it is one image loaders know. */
export function imageTypeOfName(name: string): ImageFileType | undefined {
  return TYPE_OF_EXTENSION[splitFileExtension(name)[1].toLowerCase()];
}

/** The type a mime type says (`image/jpeg; charset=...` too). */
export function imageTypeOfMime(mimeType: string | null | undefined): ImageFileType | undefined {
  return mimeType ? TYPE_OF_MIME[mimeType.split(';')[0]!.trim().toLowerCase()] : undefined;
}

/** The type the first bytes of a file show (magic numbers), if it is one of ours. */
export function imageTypeOfBytes(head: Uint8Array): ImageFileType | undefined {
  const b = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (b.length >= 8 && b.readUInt32BE(0) === 0x89504e47 && b.readUInt32BE(4) === 0x0d0a1a0a) return 'png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 6 && (b.toString('latin1', 0, 6) === 'GIF87a' || b.toString('latin1', 0, 6) === 'GIF89a')) return 'gif';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  if (b.length >= 2 && b.toString('latin1', 0, 2) === 'BM') return 'bmp';
  if (b.length >= 4 && (b.toString('latin1', 0, 4) === 'II*\u0000' || b.toString('latin1', 0, 4) === 'MM\u0000*')) return 'tiff';
  return undefined;
}

/** The first bytes of a media's stream (at least `bytes` when the file has them); the stream is destroyed. */
async function headOf(media: MediaContext, bytes = 16): Promise<Buffer> {
  const stream = await media.stream();
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream) {
      const part = Buffer.from(chunk as Uint8Array);
      chunks.push(part);
      length += part.length;
      if (length >= bytes) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks, length);
}

/**
 * The name an image file is written with, so loaders that go by the extension (Ultralytics,
 * Datumaro's image search) take it: a name whose extension is a known image one is kept as it
 * came; otherwise the extension of the real type is appended (`IMG_1234` -> `IMG_1234.jpg`,
 * `scan.dat` -> `scan.dat.png`), the type taken from the media's mime type, else from the
 * file's first bytes. `type` is that type; undefined when neither tells (the caller reports it).
 */
export async function imageFileNameOf(name: string, media: MediaContext): Promise<{ name: string; type: ImageFileType | undefined }> {
  const named = imageTypeOfName(name);
  if (named) return { name, type: named };
  const type = imageTypeOfMime(media.record.mime_type) ?? imageTypeOfBytes(await headOf(media));
  return { name: type ? `${name}${IMAGE_FILE_EXTENSIONS[type]}` : name, type };
}

/**
 * The name an export writes an entry's original image under, before UniqueNames: with a
 * loadable extension (imageFileNameOf) and portable (portableFileName). A problem when the
 * file's type cannot be told, or is not one `accepted` lists (Ultralytics loads no GIF).
 */
export async function imageOutputName(
  item: { sourceName: string; original: MediaContext },
  accepted: readonly ImageFileType[] = Object.keys(IMAGE_FILE_EXTENSIONS) as ImageFileType[],
  formatName = 'this format',
): Promise<{ name: string; type: ImageFileType } | { problem: string }> {
  // Portable first, so `photo.png. ` is seen as a .png; again after, as an extension may have been added.
  const { name, type } = await imageFileNameOf(portableFileName(item.sourceName), item.original);
  if (!type) {
    return { problem: `expected an image file whose type its name, mime type or first bytes tell, got ${JSON.stringify(item.sourceName)} (${item.original.record.mime_type ?? 'no mime type'})` };
  }
  if (!accepted.includes(type)) return { problem: `expected an image type ${formatName} loads (${accepted.join(', ')}), got ${type} (${JSON.stringify(item.sourceName)})` };
  return { name: portableFileName(name), type };
}
