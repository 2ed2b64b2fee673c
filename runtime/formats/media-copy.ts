import { posix } from 'node:path';
import type { EntryContext } from '../context/entry-context.ts';
import type { MediaContext } from '../context/record-contexts.ts';
import type { IoContext } from '../io/io-context.ts';
import type { IncludeMedias } from './common-options.ts';
import { safeFileName, splitFileExtension } from './unique-names.ts';

/** The entry's original file (media key ""), or undefined when it has none. */
export function originalMediaOf(entry: EntryContext): Promise<MediaContext | undefined> {
  return entry.medias({ key: '' }).first();
}

/**
 * Streams the entry's media into the output directory per `include_medias` (never a whole file
 * in memory): the original to `imagePath` (e.g. `images/train/a.jpg`); with "all", each other
 * rendition to `renditions/<key>/<imagePath with the rendition's extension>`, outside the image
 * folder so training tools do not take renditions for unlabelled images. Returns the bytes written.
 */
export async function copyEntryMedias(
  entry: EntryContext,
  original: MediaContext | undefined,
  io: IoContext,
  include: IncludeMedias,
  imagePath: string,
): Promise<number> {
  if (include === 'none') return 0;
  let bytes = original ? await original.saveTo(io.resolve(imagePath)) : 0;
  if (include !== 'all') return bytes;
  const [stem] = splitFileExtension(posix.basename(imagePath));
  const folder = posix.dirname(imagePath);
  for await (const media of entry.medias()) {
    if (media.record.key === '') continue;
    const [, extension] = splitFileExtension(media.record.filename);
    bytes += await media.saveTo(io.resolve(`renditions/${safeFileName(media.record.key)}/${folder}/${stem}${extension}`));
  }
  return bytes;
}
