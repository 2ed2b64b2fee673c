import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** This package's version, for the OpenAPI document and `doctor`. */
export function packageVersionOf(): string {
  cached ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return cached;
}
