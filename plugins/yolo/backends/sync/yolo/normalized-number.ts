const SCALE = 1_000_000;

/**
 * YOLO values have 6 decimals and lie in [0, 1]: a value is rounded to whole millionths, THEN
 * clamped, so nothing reads 1.000001 or -0.000000 at the image edge (make-sense#171,
 * ultralytics/yolov3#569). Working on the integer is exact, faster than toFixed, and lets
 * callers test what will be written (a width of 0.000000 is no width).
 */
export function toMillionths(value: number): number {
  const millionths = Math.round(value * SCALE);
  return millionths > 0 ? (millionths < SCALE ? millionths : SCALE) : 0;
}

/** 0..1_000_000 as `0.dddddd` or `1.000000`. */
export function formatMillionths(millionths: number): string {
  if (millionths >= SCALE) return '1.000000';
  return millionths >= 100_000 ? `0.${millionths}` : `0.${String(millionths).padStart(6, '0')}`;
}

export function formatNormalized(value: number): string {
  return formatMillionths(toMillionths(value));
}
