// `node --import ./record-imports.mjs …`: appends every module URL the process resolves to the
// file named by IDAH_RECORD_IMPORTS, one a line, so a test can see what a command loaded.
import { register } from 'node:module';

register(new URL('./record-imports-hooks.mjs', import.meta.url), {
  data: { file: process.env.IDAH_RECORD_IMPORTS },
});
