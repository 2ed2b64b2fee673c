/**
 * SQL for linking entries to medias rows, shared by the medias reads and the dataset counts.
 * Both expressions read the `entries` columns `metadata` and `media_url` (and `resource` below).
 */

/** The entry's resource as its record has it, when that is a string. */
export const ENTRY_RESOURCE_SQL = `CASE WHEN json_type(metadata, '$."Resource"') = 'VARCHAR' THEN json_extract_string(metadata, '$."Resource"') END`;

/** The medias-table id of an entry's media: its `local:<id>`, else its resource (IDAH's row id). */
export const LINKED_MEDIA_ID_SQL = `CASE WHEN starts_with(media_url, 'local:') THEN substr(media_url, 7) ELSE resource END`;
