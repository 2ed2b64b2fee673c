// `npm run bench`: the export workloads (bench/exports.ts), the host zip (bench/host-zip.ts) and the
// UPD writer (bench/upd-writer.ts), each with its floors, ratios and memory.
// `npm run bench -- service`: the Sync Service's figures instead (bench/service.ts).
// `npm run bench -- --sizes 10000,100000,300000`: the entry counts to measure (default 10000,100000);
// `--workloads json,coco,host-zip` runs only those (json, csv, coco, yolo, host-zip, upd-writer);
// `--floors-at 100000`: the one size the floors and minimal writers run at (bench/exports.ts).
if (process.argv[2] === 'service') {
  await import('./service.ts');
  process.exit(0);
}
// `npm run bench -- startup`: the CLI's start-up times as ratios to node's own (bench/startup.ts).
if (process.argv[2] === 'startup') {
  await import('./startup.ts');
  process.exit(0);
}
// `npm run bench -- unique-names`: output names for many same-named images (bench/unique-names.ts).
if (process.argv[2] === 'unique-names') {
  await import('./unique-names.ts');
  process.exit(0);
}

const { benchExports, workloadNamesAsked } = await import('./exports.ts');
await benchExports();

// Host zip against Info-ZIP, and the UPD writer against DuckDB's own insert (each prints its own
// ratios), unless `--workloads` leaves them out.
const asked = workloadNamesAsked();
if (asked.includes('host-zip')) await import('./host-zip.ts');
if (asked.includes('upd-writer')) await import('./upd-writer.ts');
