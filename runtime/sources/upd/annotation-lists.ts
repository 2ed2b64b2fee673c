import type { AnnotationRecord, EntryRecord, JsonValue } from '../../records.ts';
import { annotationOfValues, rowToAnnotation } from '../../upd/mapping.ts';
import { parseJsonColumn } from '../../upd/mapping/column-values.ts';
import { MAX_JSON_DEPTH, nestingDepth } from '../../upd/mapping/json-limits.ts';
import type { RecordLists } from '../data-source.ts';
import type { AnnotationFilter } from '../filters.ts';
import { readRecord } from '../invalid-record.ts';
import { compareCodePoints, entriesCondition } from './batch-keys.ts';
import { annotationFilterConditions } from './filter-sql.ts';
import { allOf, SqlParams } from './sql-params.ts';
import { queryTextRows } from './text-rows.ts';
import type { UpdDatabase } from './upd-database.ts';

export type AnnotationLayout = 'category' | 'annotation';

/** Marks a record handed out (a duplicate id...), as the source decides. */
export type MarkRecord = (record: AnnotationRecord) => AnnotationRecord;

/** Cells longer than this go as JSON strings that JS parses alone, with the usual size checks and errors. */
const INLINE_CELL_CHARACTERS = 1_000_000;

/**
 * Whether a JSON cell goes into the entry's JSON text as it is: when DuckDB finds it valid (one
 * complete value, so it cannot change the text's structure) and not too long. Otherwise it goes
 * as a JSON string that JS parses alone, with the usual checks and errors. NULL and '' read as {}.
 * How deep an inlined cell nests is checked in JS, only for entries with a cell longer than the
 * depth limit (shorter cells cannot nest deeper): counting brackets in SQL cost more than the read.
 */
const inlineSql = (text: string) => `(${text} IS NULL OR ${text} = '' OR (strlen(${text}) <= ${INLINE_CELL_CHARACTERS} AND json_valid(${text})))`;

const cellSql = (text: string, inline: string) => `CASE WHEN ${inline} THEN coalesce(nullif(${text}, ''), '{}') ELSE to_json(${text}) END`;

const inlinedLength = (text: string, inline: string) => `CASE WHEN ${inline} THEN coalesce(strlen(${text}), 0) ELSE 0 END`;

const quotedText = (column: string) => `to_json(coalesce(CAST(${column} AS VARCHAR), ''))`;

/**
 * One row per entry: its annotations as one JSON text, `[[id, shape_type, args, category,
 * properties, metadata, quoted], ...]`, where `quoted` has bit 1, 2, 4 set for args, properties,
 * metadata given as JSON strings, and the length of its longest inlined cell. One value per entry
 * crosses the binding and one JSON.parse reads it, against seven values and three parses per
 * annotation row by row. The rows are put in id order in JS: ordering inside the aggregate costs
 * DuckDB more than the whole rest of the read.
 */
function perEntrySql(layout: AnnotationLayout, where: string): string {
  const label = layout === 'category' ? 'properties' : 'annotation';
  const category = layout === 'category' ? quotedText('category') : `'null'`;
  return `WITH cells AS (
      SELECT entry_id, id, shape_type, ${category} AS category_json,
             CAST(shape_args AS VARCHAR) AS args, CAST(${label} AS VARCHAR) AS label, CAST(metadata AS VARCHAR) AS meta
      FROM annotations WHERE ${where}
    ), checked AS (
      SELECT *, ${inlineSql('args')} AS args_inline, ${inlineSql('label')} AS label_inline, ${inlineSql('meta')} AS meta_inline FROM cells
    )
    SELECT entry_id, '[' || string_agg(concat('[', ${quotedText('id')}, ',', ${quotedText('shape_type')}, ',', ${cellSql('args', 'args_inline')}, ',',
      category_json, ',', ${cellSql('label', 'label_inline')}, ',', ${cellSql('meta', 'meta_inline')}, ',',
      (NOT args_inline)::INTEGER + 2 * (NOT label_inline)::INTEGER + 4 * (NOT meta_inline)::INTEGER, ']'), ',') || ']',
      max(greatest(${inlinedLength('args', 'args_inline')}, ${inlinedLength('label', 'label_inline')}, ${inlinedLength('meta', 'meta_inline')}))
    FROM checked GROUP BY entry_id`;
}

/** How many built lists are kept: a few entries worked on at once (Query.map's concurrency) reuse theirs. */
const RECENT_LISTS = 4;

type PackedRow = [string, string, JsonValue, string | null, JsonValue, JsonValue, number];

/**
 * The annotations of a batch of entries, each entry's list built when it is asked for (an
 * exporter that never reads annotations pays for no parse). Only the lists of the last few
 * entries asked for are kept (RECENT_LISTS: an exporter asking twice for an entry it works on,
 * one at a time or a few at once, gets the same records); an older entry's is built again from
 * its text. Keeping every list for the batch kept ~10,000 records
 * alive until the batch ended, so each survived the young-generation collections and was
 * promoted: the GC cost more than the parse. Lists read row by row (an odd entry) are kept.
 */
export class UpdAnnotationLists implements RecordLists<AnnotationRecord> {
  readonly #texts: Map<string, string>;
  /** Entries with an inlined cell long enough to nest past the depth limit. */
  readonly #deepCandidates: Set<string>;
  /** Lists read again row by row: rare, and a read is dearer than keeping them. */
  readonly #reread = new Map<string, Promise<AnnotationRecord[]>>();
  /** The last lists built, oldest first. */
  readonly #recent = new Map<string, AnnotationRecord[]>();
  readonly #layout: AnnotationLayout;
  readonly #mark: MarkRecord;
  readonly #readRowByRow: (entryId: string) => Promise<AnnotationRecord[]>;

  constructor(
    texts: Map<string, string>,
    deepCandidates: Set<string>,
    layout: AnnotationLayout,
    mark: MarkRecord,
    reread: (entryId: string) => Promise<AnnotationRecord[]>,
  ) {
    this.#texts = texts;
    this.#deepCandidates = deepCandidates;
    this.#layout = layout;
    this.#mark = mark;
    this.#readRowByRow = reread;
  }

  get(entryId: string): AnnotationRecord[] | Promise<AnnotationRecord[]> {
    const recent = this.#recent.get(entryId);
    if (recent !== undefined) return recent;
    const reread = this.#reread.get(entryId);
    if (reread !== undefined) return reread;
    const list = this.#build(entryId);
    if (Array.isArray(list)) {
      if (this.#recent.size >= RECENT_LISTS) this.#recent.delete(this.#recent.keys().next().value!);
      this.#recent.set(entryId, list);
    } else {
      this.#reread.set(entryId, list);
    }
    return list;
  }

  #build(entryId: string): AnnotationRecord[] | Promise<AnnotationRecord[]> {
    const text = this.#texts.get(entryId);
    if (text === undefined) return [];
    // The packing adds two levels (the list, the row); strings are skipped, so quoted cells count for nothing.
    if (this.#deepCandidates.has(entryId) && nestingDepth(text, MAX_JSON_DEPTH + 2) > MAX_JSON_DEPTH + 2) return this.#readRowByRow(entryId);
    let rows: PackedRow[];
    try {
      rows = JSON.parse(text) as PackedRow[];
    } catch {
      // DuckDB accepted a cell JSON.parse refuses (NaN, a trailing comma): read this entry row by row.
      return this.#readRowByRow(entryId);
    }
    inIdOrder(rows);
    const records: AnnotationRecord[] = new Array(rows.length);
    for (let index = 0; index < rows.length; index += 1) records[index] = this.#mark(this.#record(entryId, rows[index]!));
    return records;
  }

  #record(entryId: string, row: PackedRow): AnnotationRecord {
    const [id, shapeType, args, category, properties, metadata, quoted] = row;
    const column = this.#layout === 'category' ? 'properties' : 'annotation';
    try {
      if (quoted === 0) return annotationOfValues(id, entryId, shapeType, args, category, properties, metadata, column);
      const parsed = (value: JsonValue, bit: number, name: string) =>
        quoted & bit ? parseJsonColumn(value as string, { column: `annotations.${name}`, row: 'annotation', id }) : value;
      return annotationOfValues(id, entryId, shapeType, parsed(args, 1, 'shape_args'), category, parsed(properties, 2, column), parsed(metadata, 4, 'metadata'), column);
    } catch (error) {
      // The usual stand-in for a bad record, or the error rethrown when it is no record problem.
      return readRecord(
        () => {
          throw error;
        },
        (): AnnotationRecord => ({ id, entry_id: entryId, dimensions: { type: shapeType }, annotation: {}, metadata: {} }),
        { table: 'annotations', id },
      );
    }
  }
}

/** Sorts rows by id (as DuckDB orders VARCHARs) unless they already are: usually they come in table order, which is id order. */
function inIdOrder(rows: PackedRow[]): void {
  for (let index = 1; index < rows.length; index += 1) {
    if (compareCodePoints(rows[index - 1]![0], rows[index]![0]) > 0) {
      rows.sort((a, b) => compareCodePoints(a[0], b[0]));
      return;
    }
  }
}

/**
 * Reads the batch's annotations, one JSON text per entry; nothing is parsed yet. `consecutive`:
 * the entries are every entry of the file in their id range, which is then all the query names.
 */
export async function readAnnotationLists(
  database: UpdDatabase,
  entries: readonly EntryRecord[],
  filter: AnnotationFilter,
  mark: MarkRecord,
  consecutive = false,
): Promise<UpdAnnotationLists> {
  const layout = database.info.annotationColumns;
  const texts = new Map<string, string>();
  const deepCandidates = new Set<string>();
  if (entries.length > 0) {
    const params = new SqlParams();
    const conditions = [entriesCondition(entries, 'entry_id', params, consecutive), ...annotationFilterConditions(filter, params, '', layout)];
    const [entryIds = [], lists = [], longest = []] = await database.query(perEntrySql(layout, allOf(conditions)), params);
    for (let row = 0; row < entryIds.length; row += 1) {
      texts.set(entryIds[row] as string, lists[row] as string);
      if (Number(longest[row]) > MAX_JSON_DEPTH) deepCandidates.add(entryIds[row] as string);
    }
  }
  return new UpdAnnotationLists(texts, deepCandidates, layout, mark, (entryId) => readEntryRowByRow(database, entryId, filter, mark));
}

const ANNOTATION_COLUMNS: Record<AnnotationLayout, readonly string[]> = {
  category: ['id', 'entry_id', 'shape_type', 'shape_args', 'category', 'properties', 'metadata'],
  annotation: ['id', 'entry_id', 'shape_type', 'shape_args', 'annotation', 'metadata'],
};

/** One entry's annotations as text rows, each cell parsed alone: for an entry whose JSON text JS refused. */
async function readEntryRowByRow(database: UpdDatabase, entryId: string, filter: AnnotationFilter, mark: MarkRecord): Promise<AnnotationRecord[]> {
  const layout = database.info.annotationColumns;
  const params = new SqlParams();
  const conditions = [`entry_id = ${params.text(entryId)}`, ...annotationFilterConditions(filter, params, '', layout)];
  const rows = await queryTextRows(database, { columns: ANNOTATION_COLUMNS[layout], from: `FROM annotations WHERE ${allOf(conditions)}`, orderBy: 'id' }, params);
  return rows.map((row) => {
    const [id, entry_id, shape_type, shape_args] = row as [string, string, string, string];
    const read = () =>
      rowToAnnotation(
        layout === 'annotation'
          ? { id, entry_id, shape_type, shape_args, annotation: row[4]!, metadata: row[5]! }
          : { id, entry_id, shape_type, shape_args, category: row[4]!, properties: row[5]!, metadata: row[6]! },
      );
    const standIn = (): AnnotationRecord => ({ id, entry_id, dimensions: { type: shape_type }, annotation: {}, metadata: {} });
    return mark(readRecord(read, standIn, { table: 'annotations', id }));
  });
}
