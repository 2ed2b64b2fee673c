import { z } from 'zod';
import type { EntryRecord } from '../records.ts';

/** The split of every entry when no `splits` option is given, and the fallback of `{ from }`. */
export const DEFAULT_SPLIT = 'default';

const SPLIT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const splitName = z.string().regex(SPLIT_NAME, 'expected a split name of letters, digits, "_" and "-" (up to 64, not starting with "_" or "-")');

/** `{ from: 'split' }`: the split is the entry's `split` attribute (or `metadata.split`). */
const fromField = z
  .object({
    from: z.string().min(1).describe('The entry attribute (or metadata key) holding the split name'),
    default: splitName.default(DEFAULT_SPLIT).describe('The split of entries without a usable value'),
    names: z.array(splitName).min(1).optional().describe('The accepted split names; other values go to the default split'),
  })
  .strict();

/** `{ train: 0.8, val: 0.2, seed: 7 }`: ratios adding up to 1, and an optional seed. */
const byRatios = z
  .object({ seed: z.union([z.number(), z.string()]).optional().describe('Changes which entries land where; same seed, same splits') })
  .catchall(z.number().min(0).max(1))
  .superRefine((value, context) => {
    const ratios = Object.entries(value).filter(([key]) => key !== 'seed') as [string, number][];
    if (ratios.length === 0) context.addIssue({ code: 'custom', message: 'expected at least one split ratio, e.g. { "train": 0.8, "val": 0.2 }' });
    for (const [name] of ratios) {
      if (!SPLIT_NAME.test(name)) context.addIssue({ code: 'custom', path: [name], message: `expected a split name of letters, digits, "_" and "-", got ${JSON.stringify(name)}` });
    }
    const total = ratios.reduce((sum, [, ratio]) => sum + ratio, 0);
    if (ratios.length > 0 && Math.abs(total - 1) > 1e-6) context.addIssue({ code: 'custom', message: `expected the split ratios to add up to 1, got ${total}` });
  });

/**
 * The `splits` option: ratios with an optional seed (`{ train: 0.8, val: 0.2, seed: 7 }`),
 * or a field of the entry (`{ from: 'split', default: 'train' }`); left out, every entry is
 * in the split "default".
 */
export const splitsOption = z
  .union([fromField, byRatios])
  .optional()
  .describe('Ratios such as { "train": 0.8, "val": 0.2, "seed": 7 } (same entry, same split), or { "from": "split" } to read each entry\'s split; default: one split "default"');

export type SplitsOption = z.output<typeof splitsOption>;

export interface SplitAssigner {
  /** The splits known before reading: the ratios' names, or the default split. Output every one, even empty. */
  readonly declared: readonly string[];
  splitOf(entry: EntryRecord): string;
}

/** Assigns entries to splits by the `splits` option; the same entry always gets the same split. */
export function splitAssigner(option: SplitsOption): SplitAssigner {
  if (option === undefined) return { declared: [DEFAULT_SPLIT], splitOf: () => DEFAULT_SPLIT };
  if ('from' in option && typeof option.from === 'string') return fieldAssigner(option as z.output<typeof fromField>);
  return ratioAssigner(option as z.output<typeof byRatios>);
}

function fieldAssigner(option: z.output<typeof fromField>): SplitAssigner {
  const accepted = option.names ? new Set(option.names) : undefined;
  const usable = (value: unknown): value is string =>
    typeof value === 'string' && SPLIT_NAME.test(value) && (!accepted || accepted.has(value));
  return {
    declared: [option.default],
    splitOf(entry) {
      const direct = entry[option.from];
      if (usable(direct)) return direct;
      const metadata = entry.metadata;
      const nested = metadata && typeof metadata === 'object' && !Array.isArray(metadata) ? metadata[option.from] : undefined;
      return usable(nested) ? nested : option.default;
    },
  };
}

function ratioAssigner(option: z.output<typeof byRatios>): SplitAssigner {
  const { seed = 0, ...rest } = option;
  const ratios = Object.entries(rest) as [string, number][];
  const bounds: number[] = [];
  let cumulative = 0;
  for (const [, ratio] of ratios) bounds.push((cumulative += ratio));
  const seedText = String(seed);
  return {
    declared: ratios.map(([name]) => name),
    splitOf(entry) {
      const draw = unitHash(`${seedText}\u0000${entry.id}`);
      const index = bounds.findIndex((bound) => draw < bound);
      // Rounding can leave the total a hair under 1: the last split takes the rest.
      return ratios[index === -1 ? ratios.length - 1 : index]![0];
    },
  };
}

/**
 * A number in [0, 1) from a string, the same on every machine and run: two independent
 * 32-bit multiply-xorshift hashes of the UTF-16 code units make 53 bits.
 */
export function unitHash(text: string): number {
  let h1 = 0x9e3779b9;
  let h2 = 0x85ebca6b;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 0xcc9e2d51);
    h1 = (h1 << 13) | (h1 >>> 19);
    h2 = Math.imul(h2 ^ code, 0x1b873593);
    h2 = (h2 << 17) | (h2 >>> 15);
  }
  h1 = fmix(h1 ^ text.length);
  h2 = fmix(h2 ^ Math.imul(text.length, 0x27d4eb2f));
  return ((h1 >>> 0) * 2 ** 21 + (h2 >>> 11)) / 2 ** 53;
}

/** MurmurHash3's finaliser: spreads every input bit over the output. */
function fmix(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}
