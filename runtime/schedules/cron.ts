import { Cron } from 'croner';
import { IdahPluginError } from '../errors.ts';

/**
 * A schedule's timing: a cron pattern (5 fields, or 6 with seconds first) read in an IANA time
 * zone, through croner. Slots are instants; daylight-saving gaps and repeats follow croner's
 * rules (a fixed-time slot in a gap runs right after it, a repeated hour runs once).
 */
export interface CronTiming {
  cron: string;
  timezone: string;
}

/** Checks the zone and the pattern; each error names its field and says what was expected. */
export function checkCronTiming(timing: CronTiming): Cron {
  if (typeof timing.timezone !== 'string' || !isTimeZone(timing.timezone)) {
    throw new IdahPluginError('SCHEDULE_INVALID', `timezone: expected an IANA time zone such as "UTC" or "Europe/Paris", got ${JSON.stringify(timing.timezone)}`, {
      details: { field: 'timezone' },
    });
  }
  if (typeof timing.cron !== 'string' || !timing.cron.trim()) {
    throw new IdahPluginError('SCHEDULE_INVALID', `cron: expected a cron pattern such as "*/15 * * * *", got ${JSON.stringify(timing.cron)}`, { details: { field: 'cron' } });
  }
  try {
    return new Cron(timing.cron.trim(), { timezone: timing.timezone, mode: '5-or-6-parts' });
  } catch (error) {
    const why = (error as Error).message.replace(/^CronPattern: /, '');
    throw new IdahPluginError(
      'SCHEDULE_INVALID',
      `cron: expected a cron pattern of 5 fields (minute hour day month weekday) or 6 (seconds first), got ${JSON.stringify(timing.cron)}: ${why}`,
      { details: { field: 'cron' } },
    );
  }
}

function isTimeZone(zone: string): boolean {
  if (!zone.trim()) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The first slot strictly after `after`, or null when the pattern never fires again. */
export function nextSlotAfter(timing: CronTiming, after: Date): Date | null {
  return checkCronTiming(timing).nextRun(after);
}

/** The latest slot at or before `at` (croner's previousRuns excludes the reference instant itself). */
export function latestSlotAtOrBefore(timing: CronTiming, at: Date): Date | null {
  return checkCronTiming(timing).previousRuns(1, new Date(at.getTime() + 1))[0] ?? null;
}
