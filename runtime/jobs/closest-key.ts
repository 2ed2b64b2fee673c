// Did-you-mean hints, in a module of their own: `export --where` uses them without loading zod.

/** Levenshtein distance, for did-you-mean hints on short option names. */
function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = previous[j]!;
      previous[j] = Math.min(previous[j]! + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** The declared key closest to `key` (case and `-`/`_` ignored), if it is close enough to be a typo. */
export function closestKey(key: string, declared: readonly string[]): string | undefined {
  const plain = (text: string) => text.toLowerCase().replaceAll('-', '_');
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of declared) {
    const distance = editDistance(plain(key), plain(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const allowed = Math.max(1, Math.floor(Math.max(key.length, best?.length ?? 0) / 3));
  return bestDistance <= allowed ? best : undefined;
}
