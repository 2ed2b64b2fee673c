/**
 * SQL for linking entries to medias rows, shared by the medias reads and the dataset counts.
 * Both expressions read the `entries` columns `metadata` and `media_url` (and `resource` below).
 */

const VALID_METADATA = `CASE WHEN json_valid(metadata) THEN metadata END`;

/** The entry's resource as its record has it, when that is a string (NULL when the metadata is not JSON). */
export const ENTRY_RESOURCE_SQL = `CASE WHEN json_type(${VALID_METADATA}, '$."Resource"') = 'VARCHAR' THEN json_extract_string(${VALID_METADATA}, '$."Resource"') END`;

/** The medias-table id of an entry's media: its `local:<id>`, else its resource (IDAH's row id). */
export const LINKED_MEDIA_ID_SQL = `CASE WHEN starts_with(media_url, 'local:') THEN substr(media_url, 7) ELSE resource END`;
