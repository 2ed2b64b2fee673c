import type { RetryPolicy } from './job-store.ts';

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 5_000, capMs: 10 * 60_000 };

/**
 * The delay before retry number `attempt` (1 after the first failure): exponential, capped,
 * with "equal jitter" (half fixed, half random) so retries of many jobs spread out but a
 * retry never comes back at once.
 */
export function retryDelayMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exponential = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
