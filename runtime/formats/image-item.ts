import type { EntryContext } from '../context/entry-context.ts';
import type { MediaContext } from '../context/record-contexts.ts';
import type { SkipReport } from './error-policy.ts';
import { type ExifOrientationMode, type ImageSize, imageSizeOf } from './image-size.ts';
import { originalMediaOf } from './media-copy.ts';

export interface ImageItem {
  original: MediaContext;
  /** As stored; with `exifOrientation: 'upright'` it also carries the JPEG's orientation (imageFrame). */
  size: ImageSize;
  /** The original's file name without any folder, as the source gave it. */
  sourceName: string;
}

/**
 * The entry's original image and its pixel size (media meta, else the image header). An entry
 * without one is a problem: the export fails, or under on_error "skip" the entry is left out
 * and listed. Returns undefined when it was skipped.
 */
export async function readImageItem(
  entry: EntryContext,
  report: SkipReport,
  options: { exifOrientation?: ExifOrientationMode } = {},
): Promise<ImageItem | undefined> {
  const ids = { dataset_id: entry.record.dataset_id, entry_id: entry.record.id };
  let original: MediaContext | undefined;
  let size: ImageSize | undefined;
  try {
    original = await originalMediaOf(entry);
    if (original) size = await imageSizeOf(original, options);
  } catch (error) {
    await report.problemFrom(error, ids);
    return undefined;
  }
  if (!original || !size) {
    await report.problem({ ...ids, reason: 'expected an original image (media key ""), got none' });
    return undefined;
  }
  return { original, size, sourceName: baseName(original.record.filename) };
}

/** "photos/2024/a.jpg" -> "a.jpg"; both separators, as file names may come from any system. */
function baseName(filename: string): string {
  return filename.slice(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1) || filename;
}
