/** A pixel coordinate with 2 decimals, as CVAT writes them; never "-0.00". */
export function formatPixel(value: number): string {
  const text = value.toFixed(2);
  return text === '-0.00' ? '0.00' : text;
}
