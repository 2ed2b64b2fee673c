#!/usr/bin/env node
// An installed package runs the host compiled (`dist/`, built by `npm run build` at pack time);
// a git checkout runs its TypeScript sources through tsx, so edits apply without a build.
// Plugins load as TypeScript through tsx either way (the runtime registers it when it loads one).
import { existsSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const compiled = new URL('dist/cli/main.js', root);
// IDAH_PLUGIN_FROM_SOURCES=1 or =0 forces one or the other (the start-up bench compares both).
const forced = process.env.IDAH_PLUGIN_FROM_SOURCES;
const fromSources = forced === undefined || forced === '' ? existsSync(new URL('.git', root)) || !existsSync(compiled) : forced !== '0';

let main;
if (fromSources) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../cli/main.ts'));
} else {
  ({ main } = await import(compiled.href));
}
process.exitCode = await main(process.argv.slice(2));
