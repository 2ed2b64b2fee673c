// DOM building blocks and the pieces of the page that only depend on data: format cards,
// broken plugins, dataset choices, and one job's card (built once, then updated in place so
// focus and open logs survive every progress tick).

/** `el('p', { class: 'x', onclick }, 'text', child)`: attributes false/null/undefined are left out. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false || child === '') continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function formatBytes(size) {
  if (typeof size !== 'number' || !Number.isFinite(size)) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = size;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

export function formatTime(text) {
  if (!text) return '';
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? String(text) : date.toLocaleString();
}

export const percentOf = (progress) => Math.max(0, Math.min(100, Math.floor((Number(progress) || 0) * 100)));

/** A short, readable outline of an options schema: `name: type = default`. */
function optionSummary(name, schema) {
  const choices = schema.enum ?? (schema.anyOf ?? []).filter((variant) => 'const' in variant).map((variant) => variant.const);
  const type = choices.length > 0 ? choices.map((choice) => JSON.stringify(choice)).join(' | ') : [schema.type ?? 'any'].flat().join(' | ');
  return el('li', {},
    el('code', {}, name), ` ${type}`,
    schema.default !== undefined ? el('span', { class: 'default' }, ` = ${JSON.stringify(schema.default)}`) : '',
    schema.description ? el('span', { class: 'hint' }, ` — ${schema.description}`) : '');
}

export function formatCard(format, onUse) {
  const properties = Object.entries(format.options_schema?.properties ?? {});
  return el('article', { class: 'format', 'data-exporter': format.exporter },
    el('h4', {}, format.name),
    el('p', { class: 'format-meta' }, 'plugin ', el('strong', {}, format.plugin ?? '?'), ' · ', el('code', {}, format.exporter)),
    el('p', {}, format.description || 'No description.'),
    properties.length > 0
      ? el('details', {}, el('summary', {}, `Options (${properties.length})`), el('ul', { class: 'option-list' }, properties.map(([name, schema]) => optionSummary(name, schema))))
      : el('p', { class: 'hint' }, 'No options.'),
    el('button', { type: 'button', class: 'secondary', onclick: () => onUse(format) }, 'Use this format'));
}

export function brokenPluginItem(failure) {
  return el('li', { class: 'broken' },
    el('h3', {}, failure.plugin, failure.code ? el('code', { class: 'code' }, failure.code) : ''),
    failure.dir ? el('p', { class: 'hint' }, failure.dir) : '',
    el('pre', { class: 'cause' }, failure.message ?? failure.detail ?? 'no cause given'));
}

export function datasetChoice(dataset, showProject = false) {
  const id = `dataset-${dataset.id}`;
  const count = typeof dataset.entries_count === 'number' ? `${dataset.entries_count} entries` : '';
  const project = showProject && dataset.project_id != null ? `project ${dataset.project_id}` : '';
  return el('div', { class: 'field-check' },
    el('input', { type: 'checkbox', id, name: 'dataset_ids', value: dataset.id, 'data-modality': dataset.modality ?? '' }),
    el('label', { for: id }, el('span', {}, dataset.name ?? dataset.id), el('span', { class: 'hint' }, ` ${[project, dataset.modality, count].filter(Boolean).join(' · ')}`)));
}

/** `12 entries/s, about 20 s left`, from the entries read since the run started. */
function rateAndEta(startedAt, read, total) {
  const seconds = (Date.now() - Date.parse(startedAt)) / 1000;
  if (!(seconds > 1) || typeof read !== 'number' || read <= 0) return '';
  const rate = read / seconds;
  const left = typeof total === 'number' && total > read ? (total - read) / rate : null;
  const leftText = left === null ? '' : left < 90 ? `, about ${Math.ceil(left)} s left` : `, about ${Math.ceil(left / 60)} min left`;
  return `${rate >= 10 ? Math.round(rate) : rate.toFixed(1)} entries/s${leftText}`;
}

const ACTIVE = new Set(['pending', 'running']);
const SKIPPED_SHOWN = 50;
const RETRYABLE = new Set(['errored', 'cancelled']);

/** A job's card with its buttons; `update(job, exportRecord)` refreshes it in place. */
export function jobCard(jobId, actions) {
  const title = el('h3', { id: `job-${jobId}-title` });
  const badge = el('span', { class: 'badge' });
  const bar = el('progress', { max: '100', value: '0', 'aria-labelledby': `job-${jobId}-title` });
  const percent = el('span', { class: 'percent' });
  const meta = el('p', { class: 'job-meta' });
  const error = el('p', { class: 'job-error', hidden: true });
  const skippedCount = el('summary', {});
  const skippedList = el('ul', { class: 'skipped-list', tabindex: '0', 'aria-label': 'Skipped items' });
  const skipped = el('details', { class: 'job-skipped', hidden: true }, skippedCount, skippedList);
  const metrics = el('dl', { class: 'metrics', hidden: true });
  const download = el('button', { type: 'button', class: 'primary', hidden: true }, 'Download');
  const cancel = el('button', { type: 'button', hidden: true }, 'Cancel');
  const retry = el('button', { type: 'button', hidden: true }, 'Retry');
  const remove = el('button', { type: 'button', class: 'danger', hidden: true }, 'Delete');
  const logsToggle = el('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': `job-${jobId}-logs` }, 'Logs');
  const logs = el('pre', { id: `job-${jobId}-logs`, class: 'logs', hidden: true, tabindex: '0', 'aria-label': 'Log' });
  let current = { job: null, exportRecord: null };

  download.addEventListener('click', () => actions.download(current.job, current.exportRecord));
  cancel.addEventListener('click', () => actions.cancel(current.job));
  retry.addEventListener('click', () => actions.retry(current.job));
  remove.addEventListener('click', () => actions.remove(current.job, current.exportRecord));
  logsToggle.addEventListener('click', () => {
    const open = logs.hidden;
    logs.hidden = !open;
    logsToggle.setAttribute('aria-expanded', String(open));
    if (open) actions.loadLogs(current.job, logs);
  });

  const node = el('li', { class: 'job', 'data-job-id': jobId },
    el('div', { class: 'job-head' }, title, badge),
    el('div', { class: 'job-progress' }, bar, percent),
    meta, error, skipped, metrics,
    el('div', { class: 'actions' }, download, cancel, retry, remove, logsToggle),
    logs);

  function update(job, exportRecord, formatName) {
    current = { job, exportRecord };
    const status = job.status ?? 'pending';
    const datasets = job.arguments?.dataset_ids;
    const datasetText = Array.isArray(datasets) ? `${datasets.length} dataset${datasets.length === 1 ? '' : 's'}` : datasets === 'all' ? 'all datasets' : '';
    title.textContent = [formatName ?? job.arguments?.exporter ?? 'export', datasetText].filter(Boolean).join(' · ');
    badge.textContent = status;
    badge.className = `badge badge-${status}`;
    node.dataset.status = status;
    const value = status === 'completed' ? 100 : percentOf(job.progress);
    bar.value = value;
    percent.textContent = `${value}%`;
    const read = job.entries_read ?? job.progress_detail?.entries_read;
    const total = job.entries_total ?? job.progress_detail?.entries_total;
    const fileGone = exportRecord && ((exportRecord.status && exportRecord.status !== 'active') || exportRecord.deleted_at);
    meta.textContent = [
      `job ${job.id}`,
      job.created_at ? `created ${formatTime(job.created_at)}` : '',
      typeof read === 'number' && typeof total === 'number' ? `${read} / ${total} entries` : '',
      status === 'running' ? rateAndEta(job.started_at, read, total) : '',
      job.attempt > 1 ? `attempt ${job.attempt}${job.max_attempts ? ` of ${job.max_attempts}` : ''}` : '',
      job.retry_count ? `rescheduled ${job.retry_count}×` : '',
      exportRecord?.filename ? `${exportRecord.filename}${exportRecord.size != null ? ` (${formatBytes(exportRecord.size)})` : ''}` : '',
      fileGone ? `file ${exportRecord.status === 'expired' ? 'expired' : 'deleted'}` : exportRecord?.expires_at ? `expires ${formatTime(exportRecord.expires_at)}` : '',
    ].filter(Boolean).join(' · ');
    error.hidden = !job.error;
    error.textContent = job.error ? `${job.error_code ? `${job.error_code}: ` : ''}${job.error}` : '';
    const skippedTotal = job.skipped_total ?? (Array.isArray(job.skipped) ? job.skipped.length : 0);
    skipped.hidden = !skippedTotal;
    skippedCount.textContent = skippedTotal ? `${skippedTotal} item${skippedTotal === 1 ? '' : 's'} skipped` : '';
    const listed = Array.isArray(job.skipped) ? job.skipped.slice(0, SKIPPED_SHOWN) : [];
    const skippedKey = `${listed.length}/${skippedTotal}`;
    if (skippedList.dataset.key !== skippedKey) {
      skippedList.dataset.key = skippedKey;
      skippedList.replaceChildren(...listed.map((item) => el('li', {}, el('code', {}, [item.dataset_id, item.entry_id, item.annotation_id].filter(Boolean).join(' / ')), ` ${item.reason}`)),
        skippedTotal > listed.length ? el('li', { class: 'hint' }, `and ${skippedTotal - listed.length} more (see the job record)`) : '');
    }
    const metricEntries = job.metrics && typeof job.metrics === 'object' ? Object.entries(job.metrics) : [];
    metrics.hidden = metricEntries.length === 0;
    metrics.replaceChildren(...metricEntries.flatMap(([key, value]) => [el('dt', {}, key), el('dd', {}, typeof value === 'object' ? JSON.stringify(value) : String(value))]));
    const downloadable = status === 'completed' && exportRecord && exportRecord.filename && !fileGone;
    download.hidden = !downloadable;
    download.textContent = downloadable ? `Download ${exportRecord.filename}` : 'Download';
    cancel.hidden = !ACTIVE.has(status) || Boolean(job.cancel_requested_at);
    retry.hidden = !RETRYABLE.has(status);
    remove.hidden = ACTIVE.has(status);
  }

  return { node, update, get logs() { return logs; } };
}
