import type { Hono } from 'hono';
import { requirePermission } from '../auth/authenticate.ts';
import type { CatalogDataset } from '../datasets/upd-catalog.ts';
import { DATASET_TYPE } from '../http/json-api.ts';
import { type ListSpec, MAX_PAGE_SIZE, parseListQuery } from '../http/list-query.ts';
import { jsonApi } from '../http/respond.ts';
import type { ServiceContext, ServiceEnv } from '../service-context.ts';

const ATTRIBUTES = ['project_id', 'dataset_id', 'name', 'modality', 'entries_count', 'annotations_count', 'medias_count', 'file'] as const;

export const DATASETS_LIST: ListSpec = {
  filters: ['id', 'project_id', 'modality', 'name'],
  ordered: [],
  sorts: ['id', 'name', 'project_id', 'modality', 'entries_count'],
  included: [],
  fields: { [DATASET_TYPE]: ATTRIBUTES },
};

function matches(dataset: CatalogDataset, filter: Record<string, unknown>): boolean {
  return Object.entries(filter).every(([key, value]) => {
    const field = key.replace(/__in$/, '') as keyof CatalogDataset;
    const allowed = Array.isArray(value) ? value.map(String) : [String(value)];
    return allowed.includes(String(dataset[field]));
  });
}

function compare(sort: string | undefined) {
  const keys = (sort ?? 'id').split(',').map((key) => ({ field: key.replace(/^-/, '') as keyof CatalogDataset, sign: key.startsWith('-') ? -1 : 1 }));
  return (a: CatalogDataset, b: CatalogDataset) => {
    for (const { field, sign } of keys) {
      const left = a[field];
      const right = b[field];
      const order = typeof left === 'number' && typeof right === 'number' ? left - right : String(left).localeCompare(String(right));
      if (order !== 0) return order * sign;
    }
    return 0;
  };
}

/**
 * `GET /datasets`: the datasets of the UPD files under the data folder, as `dataset:datasets`
 * (id `<project_id>:<dataset id>`, `project_id` the file's path without `.upd`). Files that are
 * not readable UPD are listed in `meta.problems`.
 */
export function registerDatasets(api: Hono<ServiceEnv>, context: ServiceContext): void {
  api.get('/datasets', async (c) => {
    requirePermission(c, 'read', 'sync:exports');
    const { query, fields } = parseListQuery(c.req.queries(), DATASETS_LIST);
    const { projects, problems } = await context.catalog.scan();
    const all = projects.flatMap((project) => project.datasets).filter((dataset) => matches(dataset, query.filter ?? {}));
    all.sort(compare(query.sort));
    const size = query.page?.size ?? MAX_PAGE_SIZE;
    const number = query.page?.number ?? 1;
    const wantedFields = fields[DATASET_TYPE];
    const data = all.slice((number - 1) * size, number * size).map(({ id, ...attributes }) => ({
      type: DATASET_TYPE,
      id,
      attributes: wantedFields ? Object.fromEntries(Object.entries(attributes).filter(([name]) => wantedFields.includes(name))) : attributes,
    }));
    return jsonApi(c, { data, meta: { count: all.length, page: { number, size }, more: number * size < all.length, data_dir: context.catalog.root, problems } });
  });
}
