import { DEFAULT_UPD_FLAVOR, UPD_METADATA_KEYS, UPD_SCHEMA_TYPE, UPD_SCHEMA_VERSION } from './schema.ts';

/** What a UPD file says about itself in its `metadata` table. */
export interface UpdFileMetadataOptions {
  /** The tool that built the file, e.g. "idah-plugin upd 0.1.0". */
  builtBy: string;
  /** Defaults to "Vanilla". */
  flavor?: string;
  /** Email of the actor or URL of the organisation that authored the file. */
  authoredBy?: string;
}

/**
 * Metadata values are JSON text (RFC §3.2: `'"Universal Portable Dataset"'`), so strings are
 * written JSON-encoded.
 */
export const encodeMetadataValue = (value: string): string => JSON.stringify(value);

/**
 * Reads a metadata value: JSON text as the RFC asks, or the bare text some tools write.
 * A JSON number reads as its text (`0.2` -> "0.2").
 */
export function decodeMetadataValue(text: string): string {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
  } catch {
    // Not JSON: a bare value.
  }
  return text;
}

/** The metadata rows of a new file, as [key, JSON value] pairs. */
export function fileMetadataRows(options: UpdFileMetadataOptions): Array<[string, string]> {
  const rows: Array<[string, string]> = [
    [UPD_METADATA_KEYS.schemaType, UPD_SCHEMA_TYPE],
    [UPD_METADATA_KEYS.schemaVersion, UPD_SCHEMA_VERSION],
    [UPD_METADATA_KEYS.schemaBuiltBy, options.builtBy],
    [UPD_METADATA_KEYS.schemaFlavor, options.flavor ?? DEFAULT_UPD_FLAVOR],
  ];
  if (options.authoredBy !== undefined) rows.push([UPD_METADATA_KEYS.authoredBy, options.authoredBy]);
  return rows.map(([key, value]) => [key, encodeMetadataValue(value)]);
}
