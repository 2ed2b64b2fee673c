/**
 * How much V8's old generation may grow past what survived the last full collection, in percent.
 * Left to itself, V8 on a machine with gigabytes free lets it grow up to 4x, so an export whose
 * live heap is ~40 MB peaks at ~130 MB of heap, mostly garbage, whatever its size. At 2x, the
 * 100k x 10 json export peaks ~70 MB lower (378 -> 309 MB) for a few percent more CPU (more full collections,
 * each cheap on a small live heap); nothing is capped, so a large heap can still grow.
 */
export const CHILD_HEAP_GROWING_PERCENT = 100;

/** The Node flags an export's process starts with: the heap growth above, and the limit asked for. */
export function childExecArgv(memoryLimitMb?: number): string[] {
  const flags = [`--heap-growing-percent=${CHILD_HEAP_GROWING_PERCENT}`];
  if (memoryLimitMb) flags.push(`--max-old-space-size=${Math.max(1, Math.floor(memoryLimitMb))}`);
  return flags;
}
