import { describe, expect, it } from 'vitest';
import { withFinalCategories } from './category-remap.ts';

/** Items as InstancesWriter spools them: separators first, numbers from 1. */
function scratchOf(items: { body: string; provisional: number }[]): string {
  return items.map(({ body, provisional }, index) => `${index === 0 ? '\n' : ',\n'}{${body},"category_id":${provisional + 1}}`).join('');
}

/** The array items the file must hold, built the plain way. */
function expectedOf(items: { body: string; provisional: number }[], finalIds: readonly number[]): string {
  return items.map(({ body, provisional }, index) => `${index === 0 ? '\n' : ',\n'}{${body},"category_id":${finalIds[provisional]}}`).join('');
}

async function copied(scratch: string, chunkSize: number, finalIds: readonly number[]): Promise<{ text: string; count: number }> {
  const bytes = Buffer.from(scratch);
  async function* chunks() {
    for (let at = 0; at < bytes.length; at += chunkSize) yield Buffer.from(bytes.subarray(at, at + chunkSize));
  }
  const out: Buffer[] = [];
  const remapped = withFinalCategories(chunks(), finalIds);
  for (let next = await remapped.next(); ; next = await remapped.next()) {
    if (next.done) return { text: Buffer.concat(out).toString('utf8'), count: next.value };
    out.push(Buffer.from(next.value));
  }
}

function items(count: number, categories: number): { body: string; provisional: number }[] {
  return Array.from({ length: count }, (_, index) => ({
    body: `"id":${index + 1},"bbox":[${index % 17},2.5,3,4],"attributes":{"note":"a\\nb ${'é'.repeat(index % 3)}"}`,
    provisional: (index * 7) % categories,
  }));
}

describe('withFinalCategories', () => {
  it('puts every final id in place whatever the chunk size, in place under 10 categories', async () => {
    const list = items(500, 6);
    const finalIds = [5, 6, 2, 3, 4, 1];
    for (const chunkSize of [1, 2, 3, 7, 64, 1000, 1 << 20]) {
      expect(await copied(scratchOf(list), chunkSize, finalIds)).toEqual({ text: expectedOf(list, finalIds), count: 500 });
    }
  });

  it('copies around the numbers when a final id has more or fewer digits than the number written', async () => {
    const list = items(800, 120);
    const finalIds = Array.from({ length: 120 }, (_, index) => 120 - index);
    for (const chunkSize of [1, 5, 333, 1 << 20]) {
      expect(await copied(scratchOf(list), chunkSize, finalIds)).toEqual({ text: expectedOf(list, finalIds), count: 800 });
    }
  });

  it('copies nothing for an empty scratch and a single item whole', async () => {
    expect(await copied('', 8, [1])).toEqual({ text: '', count: 0 });
    const one = items(1, 1);
    expect(await copied(scratchOf(one), 4, [1])).toEqual({ text: expectedOf(one, [1]), count: 1 });
  });

  it('refuses a scratch whose items do not end with a category number', async () => {
    await expect(copied('\n{"id":1},\n{"id":2}', 4, [1])).rejects.toThrow(/category number/);
  });
});
