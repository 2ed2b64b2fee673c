// `node --import ./record-packages.mjs`: appends every package a module imports (bare specifiers)
// to $IDAH_RECORD_PACKAGES, one a line, so a test can say what loading an entry point pulls in.
import { register } from 'node:module';

register(new URL('./record-packages-hooks.mjs', import.meta.url), { data: { out: process.env.IDAH_RECORD_PACKAGES } });
