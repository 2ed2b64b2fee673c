import { describeThrown } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { JobStore } from '../queue/job-store.ts';
import type { FiredSlot } from './schedule-store.ts';

export interface SchedulerOptions {
  store: JobStore;
  /** How often to look for due slots (default 1 s). */
  tickMs?: number;
  /** The clock slots are compared with (default the store's). Tests move it by hand. */
  now?: () => Date;
  logger?: Logger;
  /** Called with the slots this process created, after each tick. */
  onFired?: (slots: FiredSlot[]) => void;
}

export interface Scheduler {
  /** One pass: creates the jobs of the slots due now (none that another process created). */
  tick(): Promise<FiredSlot[]>;
  /** Stops the loop; resolves when no tick is running. */
  stop(): Promise<void>;
}

/**
 * The loop every `serve` and `worker` runs. It holds no lock and no state: each pass asks the
 * store for the due slots, and the store's compare-and-set plus the unique slot key make sure a
 * slot gets one job whatever the number of processes.
 */
export function startScheduler(options: SchedulerOptions): Scheduler {
  const tickMs = options.tickMs ?? 1_000;
  let running: Promise<FiredSlot[]> | undefined;
  let stopped = false;

  const tick = (): Promise<FiredSlot[]> => {
    running ??= (async () => {
      try {
        const fired = await options.store.schedules.fireDue(options.now?.());
        for (const slot of fired) options.logger?.info(`schedule ${slot.schedule_id}: slot ${slot.slot} queued as job ${slot.job.id}${slot.since ? ` (changes since ${slot.since})` : ''}`);
        if (fired.length > 0) options.onFired?.(fired);
        return fired;
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  const timer =
    tickMs > 0
      ? setInterval(() => {
          if (stopped || running) return;
          tick().catch((error: unknown) => options.logger?.warn(`scheduler: ${describeThrown(error)}`));
        }, tickMs)
      : undefined;
  timer?.unref();

  return {
    tick,
    stop: async () => {
      stopped = true;
      if (timer) clearInterval(timer);
      await running?.catch(() => {});
    },
  };
}
