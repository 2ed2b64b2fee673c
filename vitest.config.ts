import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // Plugins import the package by name; inside this checkout that is our own source.
    alias: [
      { find: /^idah-plugin\/testing$/, replacement: here('./runtime/testing/index.ts') },
      { find: /^idah-plugin\/host$/, replacement: here('./runtime/host.ts') },
      { find: /^idah-plugin$/, replacement: here('./runtime/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'plugins/*/backends/**/*.test.ts'],
    // The public API's type tests (`*.test-d.ts`) are typechecked by tsc as part of the run.
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './test/public-api/tsconfig.json' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Vitest's default is one file at a time on two cores; most of the slow files wait on child
    // processes, sockets and timers, so two at once keep both cores busy (538 s -> 306 s here).
    maxWorkers: 2,
  },
});
