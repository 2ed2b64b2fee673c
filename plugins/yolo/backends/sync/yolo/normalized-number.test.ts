import { describe, expect, it } from 'vitest';
import { formatNormalized } from './normalized-number.ts';

describe('formatNormalized', () => {
  it('writes 6 decimals, padded, never an exponent', () => {
    expect(formatNormalized(0.5)).toBe('0.500000');
    expect(formatNormalized(0.123456)).toBe('0.123456');
    expect(formatNormalized(0.000123)).toBe('0.000123');
    expect(formatNormalized(1e-6)).toBe('0.000001');
    expect(formatNormalized(0.0999999)).toBe('0.100000');
  });

  it('rounds to the nearest millionth', () => {
    expect(formatNormalized(0.1234564)).toBe('0.123456');
    expect(formatNormalized(0.1234566)).toBe('0.123457');
  });

  it('clamps to [0, 1] after rounding: no 1.000001, no -0.000000', () => {
    expect(formatNormalized(1)).toBe('1.000000');
    expect(formatNormalized(0.9999996)).toBe('1.000000');
    expect(formatNormalized(1.0000004)).toBe('1.000000');
    expect(formatNormalized(1.3)).toBe('1.000000');
    expect(formatNormalized(0)).toBe('0.000000');
    expect(formatNormalized(-0.0000004)).toBe('0.000000');
    expect(formatNormalized(-0.2)).toBe('0.000000');
  });

  it('agrees with toFixed(6) inside [0, 1] away from exact halves', () => {
    for (let i = 0; i < 10_000; i += 1) {
      const value = i / 10_000 + (i % 7) * 1.37e-7;
      expect(formatNormalized(value)).toBe(value.toFixed(6));
    }
  });
});
