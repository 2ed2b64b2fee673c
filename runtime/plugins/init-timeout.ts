/** How long a plugin's `init` may take before its load fails (its own module: importing the loader loads zod). */
export const DEFAULT_INIT_TIMEOUT_MS = 30_000;
