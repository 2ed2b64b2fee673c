// `npm run bench`: the export workloads (bench/exports.ts) with their floors, ratios and memory.
// `npm run bench -- service`: the Sync Service's figures instead (bench/service.ts).
// `npm run bench -- --sizes 10000,100000,300000`: the entry counts to measure (default 10000,100000).
if (process.argv[2] === 'service') {
  await import('./service.ts');
  process.exit(0);
}
const { benchExports } = await import('./exports.ts');
await benchExports();
