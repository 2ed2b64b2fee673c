import { formatOf } from './file-name.ts';

/**
 * How each file goes into a zip. Files up to SMALL_FILE_BYTES are read whole, synchronously:
 * for tiny files the thread-pool round trip of async fs costs ~10x the read itself (measured
 * ~170 us against ~15 us per file), which decides whether 70,000 label files take 1 s or 12 s.
 * The reads are bounded and interleaved with awaits, so the event loop keeps turning.
 * Larger files stream from disk, so memory stays flat whatever the file sizes.
 */
export const SMALL_FILE_BYTES = 64 * 1024;

/**
 * Entries under this are stored: deflate seldom shrinks them. Small files are deflated too, as
 * Info-ZIP does: a YOLO export of 100k label files of 380 bytes is 23 MB against 51 MB
 * stored, for ~6 us a file; an entry deflate does not shrink is stored.
 */
const STORE_BELOW_BYTES = 64;

/** Formats that are compressed already; deflating them again only burns time. */
const ALREADY_COMPRESSED = new Set([
  'jpg', 'jpeg', 'png', 'gif', 'webp', 'avif', 'heic', 'mp4', 'mov', 'webm', 'mp3',
  'zip', 'gz', 'tgz', 'bz2', 'xz', 'zst', '7z', 'parquet',
]);

/** Whether an entry of this name and size is deflated (`size` undefined: not known yet, a stream). */
export function shouldDeflate(name: string, size: number | undefined): boolean {
  return (size === undefined || size >= STORE_BELOW_BYTES) && !ALREADY_COMPRESSED.has(formatOf(name));
}
