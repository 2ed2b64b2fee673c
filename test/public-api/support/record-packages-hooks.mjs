// Module hooks for record-packages.mjs; runs on Node's hooks thread.
import { appendFileSync } from 'node:fs';

let out;

export function initialize(data) {
  out = data.out;
}

export async function resolve(specifier, context, nextResolve) {
  const bare = !/^(\.|\/|node:|file:|data:)/.test(specifier);
  if (bare && out) appendFileSync(out, `${specifier}\n`);
  return nextResolve(specifier, context);
}
