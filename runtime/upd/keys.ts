/**
 * UPD metadata keys are `Capitalized-Dash` (`Created-At`); IDAH attributes are snake_case
 * (`created_at`). `toUpdKey` capitalises the first letter of each `_`-separated part and joins
 * them with `-`; `fromUpdKey` lower-cases each `-`-separated part and joins them with `_`, so
 * keys written by other tools read well too (`QC-Status` -> `qc_status`).
 */
export function toUpdKey(attribute: string): string {
  return cached(updKeys, attribute, () =>
    attribute
      .split('_')
      .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
      .join('-'),
  );
}

export function fromUpdKey(key: string): string {
  return cached(attributeNames, key, () =>
    key
      .split('-')
      .map((part) => part.toLowerCase())
      .join('_'),
  );
}

/**
 * An attribute name survives the trip into UPD metadata and back only when it is lower-case
 * snake_case in effect (no upper-case letter, no `-`). Others would come back renamed.
 */
export function isPortableAttributeName(attribute: string): boolean {
  return attribute.length > 0 && fromUpdKey(toUpdKey(attribute)) === attribute;
}

// Every record converts the same few names, millions of times in a large export: remember them.
const updKeys = new Map<string, string>();
const attributeNames = new Map<string, string>();
const CACHE_LIMIT = 10_000;

function cached(cache: Map<string, string>, input: string, convert: () => string): string {
  let output = cache.get(input);
  if (output === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    output = convert();
    cache.set(input, output);
  }
  return output;
}
