// A scheduler pass in a process of its own, for the multi-process schedule tests:
//   node bin/run-ts.js test/support/schedule-ticker-process.ts '<json config>'
// Waits for `startAt`, then calls fireDue at each instant `repeat` times, prints the slots it
// created as one JSON line, and exits 0.
import { openJobStore, type JobStoreLocation } from '../../runtime/queue/open-job-store.ts';

interface TickerConfig {
  store: JobStoreLocation;
  instants: string[];
  repeat: number;
  startAt: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as TickerConfig;
const store = await openJobStore(config.store);
const created: string[] = [];
await new Promise((resolve) => setTimeout(resolve, Math.max(0, config.startAt - Date.now())));
for (const instant of config.instants) {
  for (let round = 0; round < config.repeat; round += 1) {
    for (const fired of await store.schedules.fireDue(new Date(instant))) created.push(`${fired.schedule_id}@${fired.slot}`);
  }
}
await store.close();
process.stdout.write(`${JSON.stringify(created)}\n`);
