// `npm run bench -- unique-names`: UniqueNames.claim() for 70,000 images that share one name,
// as a ratio to 70,000 distinct names (the floor, measured in the same run). Linear suffixing
// keeps the ratio near 1; trying every suffix from 1 again would make it grow with the count.
import { UniqueNames } from '../runtime/formats/unique-names.ts';

const COUNT = Number(process.env.BENCH_UNIQUE_NAMES ?? 70_000);
const ROUNDS = 5;
const TARGET_RATIO = 3;

function claimAll(nameOf: (index: number) => string): number {
  const unique = new UniqueNames();
  const started = performance.now();
  for (let index = 0; index < COUNT; index += 1) unique.claim(nameOf(index));
  return performance.now() - started;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const distinct: number[] = [];
const shared: number[] = [];
for (let round = 0; round < ROUNDS; round += 1) {
  distinct.push(claimAll((index) => `image-${index}.jpg`));
  shared.push(claimAll(() => 'image.jpg'));
}
const floor = median(distinct);
const measured = median(shared);
const ratio = measured / floor;
console.log(`unique names, median of ${ROUNDS} rounds of ${COUNT} claims`);
console.log(`  floor  distinct names          ${floor.toFixed(0).padStart(6)} ms`);
console.log(`  one shared name "image.jpg"    ${measured.toFixed(0).padStart(6)} ms  ${ratio.toFixed(2)}x floor  target ≤ ${TARGET_RATIO}x ${ratio <= TARGET_RATIO ? 'ok' : 'MISSED'}`);
