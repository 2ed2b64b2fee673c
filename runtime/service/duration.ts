import { IdahPluginError } from '../errors.ts';

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `90s`, `30m`, `12h`, `7d`, `2w` in milliseconds; a bare number is seconds. */
export function parseDuration(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([smhdw]?)$/.exec(text.trim());
  if (!match) throw new IdahPluginError('USAGE', `${flag}: expected a duration such as 90s, 30m, 12h, 7d or 2w, got ${JSON.stringify(text)}`);
  const ms = Number(match[1]) * (UNITS[match[2] || 's'] as number);
  if (ms <= 0) throw new IdahPluginError('USAGE', `${flag}: expected a duration above zero, got ${JSON.stringify(text)}`);
  return ms;
}
