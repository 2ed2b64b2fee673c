// The floor: DuckDB alone streaming the same annotation rows into JS values, nothing else.
// Usage: measure-floor.ts <file.upd>. Prints one JSON line.
import { DuckDBInstance } from '@duckdb/node-api';
import { printFigures, startPhase } from './process-figures.ts';

const [updPath] = process.argv.slice(2);
if (!updPath) throw new Error('usage: measure-floor.ts <file.upd>');
const phase = startPhase();
const instance = await DuckDBInstance.create(updPath, { access_mode: 'READ_ONLY' });
const connection = await instance.connect();
const result = await connection.stream(
  'SELECT a.id, a.entry_id, a.shape_type, a.shape_args, a.category, a.properties, a.metadata FROM annotations a JOIN entries e ON e.id = a.entry_id ORDER BY a.entry_id, a.id',
);
let rows = 0;
let characters = 0;
for (;;) {
  const chunk = await result.fetchChunk();
  if (!chunk || chunk.rowCount === 0) break;
  const columns = chunk.getColumns();
  rows += chunk.rowCount;
  // Touch every value so the floor pays for the conversion the source pays for.
  for (const column of columns) for (const value of column) characters += typeof value === 'string' ? value.length : 1;
}
connection.closeSync();
instance.closeSync();
printFigures(phase.figures({ rows, characters }));
