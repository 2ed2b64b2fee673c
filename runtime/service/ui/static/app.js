// The Sync Service's page: formats per modality, the export form, and the jobs with live
// progress (the event stream, or polling while it is down), logs and actions.

import { ApiError, createApi, plainRecord, tokenStore } from './api.js';
import { renderOptionsForm } from './options-form.js';
import { brokenPluginItem, datasetChoice, el, formatCard, jobCard, percentOf } from './render.js';

const $ = (id) => document.getElementById(id);
const api = createApi(document.body.dataset.apiBase ?? '/api/v1/sync');
const POLL_MS = 2000;
/** The newest jobs shown; older ones stay reachable through the API and `idah-plugin jobs ls`. */
const LIST_SIZE = 100;

const state = {
  datasets: [],
  formats: new Map(), // exporter id -> format
  formatsByModality: new Map(), // modality -> exporter ids
  jobs: new Map(),
  exportsByJob: new Map(),
  cards: new Map(),
  optionsForm: null,
  events: null,
  pollTimer: null,
  announcedStep: new Map(),
};

const announce = (text) => {
  $('announcer').textContent = text;
};

function notify(text, kind = 'error') {
  const box = $('notice');
  box.textContent = text;
  box.dataset.kind = kind;
  box.hidden = !text;
}

const isAuthError = (error) => error instanceof ApiError && (error.status === 401 || error.status === 403);

// ---- access token -------------------------------------------------------------------------

function refreshAuthState() {
  const hasToken = Boolean(tokenStore.get());
  $('auth-state').textContent = hasToken ? 'A token is set for this tab.' : 'No token set: requests go with the service’s auth-token cookie, if any.';
  $('auth-forget').hidden = !hasToken;
}

function openAuth(message) {
  $('auth').hidden = false;
  $('auth-toggle').setAttribute('aria-expanded', 'true');
  $('auth-message').textContent = message ?? '';
  $('auth-message').hidden = !message;
  $('token').focus();
}

$('auth-toggle').addEventListener('click', () => {
  if ($('auth').hidden) openAuth();
  else {
    $('auth').hidden = true;
    $('auth-toggle').setAttribute('aria-expanded', 'false');
  }
});
$('auth-form').addEventListener('submit', (event) => {
  event.preventDefault();
  tokenStore.set($('token').value.trim());
  $('token').value = '';
  $('auth').hidden = true;
  $('auth-toggle').setAttribute('aria-expanded', 'false');
  refreshAuthState();
  loadAll();
});
$('auth-forget').addEventListener('click', () => {
  tokenStore.set('');
  refreshAuthState();
  loadAll();
});

// ---- formats, plugins, datasets -------------------------------------------------------------

async function loadPlugins() {
  try {
    const body = await api.get('/plugins');
    const data = body?.data && !Array.isArray(body.data) ? plainRecord(body.data) : body?.data ?? body ?? {};
    const plugins = (Array.isArray(data) ? data : data.plugins ?? []).map(plainRecord);
    const failures = (body?.meta?.failures ?? data.failures ?? []).map(plainRecord);
    renderBroken(failures);
    return plugins.flatMap((plugin) => (plugin.modalities ?? []).map((modality) => (typeof modality === 'string' ? modality : modality.id)));
  } catch (error) {
    if (isAuthError(error)) throw error;
    $('broken').replaceChildren(el('li', { class: 'hint' }, `The service did not list its plugins (${error.message}).`));
    return [];
  }
}

function renderBroken(failures) {
  $('broken-count').textContent = String(failures.length);
  $('broken').replaceChildren(...(failures.length > 0 ? failures.map(brokenPluginItem) : [el('li', { class: 'hint' }, 'Every plugin loaded.')]));
}

async function loadDatasets() {
  const { records, meta } = await api.list('/datasets');
  state.datasets = records;
  const manyProjects = new Set(records.map((dataset) => dataset.project_id)).size > 1;
  const problems = (Array.isArray(meta.problems) ? meta.problems : []).map((problem) =>
    el('p', { class: 'hint' }, `Not readable: ${problem.file ?? '?'} (${problem.error ?? 'unknown error'})`));
  const box = $('dataset-choices');
  box.replaceChildren(
    ...(records.length > 0 ? records.map((dataset) => datasetChoice(dataset, manyProjects)) : [el('p', { class: 'hint' }, `No datasets${meta.data_dir ? ` in ${meta.data_dir}` : ''}.`)]),
    ...problems);
  $('datasets-all').hidden = records.length < 2;
}

async function loadFormats(modalities) {
  state.formats.clear();
  state.formatsByModality.clear();
  await Promise.all(modalities.map(async (modality) => {
    const { records } = await api.list(`/exports/formats?modalities[]=${encodeURIComponent(modality)}`);
    state.formatsByModality.set(modality, records.map((format) => format.exporter));
    for (const format of records) state.formats.set(format.exporter, format);
  }));
  const container = $('formats');
  const sections = [...state.formatsByModality].sort(([a], [b]) => a.localeCompare(b)).map(([modality, ids]) =>
    el('section', { class: 'modality', 'aria-labelledby': `modality-${modality}` },
      el('h3', { id: `modality-${modality}` }, modality, el('span', { class: 'count' }, ` ${ids.length} format${ids.length === 1 ? '' : 's'}`)),
      ids.length > 0
        ? el('div', { class: 'format-grid' }, ids.map((id) => formatCard(state.formats.get(id), useFormat)))
        : el('p', { class: 'hint' }, 'No exporter serves this modality.')));
  container.replaceChildren(...(sections.length > 0 ? sections : [el('p', { class: 'hint' }, 'No modality known yet: no datasets and no plugin declaring one.')]));
  refreshFormatChoices();
}

function useFormat(format) {
  const select = $('format');
  if (![...select.options].some((option) => option.value === format.exporter)) {
    for (const box of document.querySelectorAll('#dataset-choices input')) box.checked = false;
    refreshFormatChoices();
  }
  select.value = format.exporter;
  selectFormat();
  $('start').scrollIntoView({ block: 'start' });
  select.focus();
}

// ---- the export form -----------------------------------------------------------------------

const chosenDatasets = () => [...document.querySelectorAll('#dataset-choices input:checked')].map((box) => state.datasets.find((dataset) => dataset.id === box.value)).filter(Boolean);

function refreshFormatChoices() {
  const chosen = chosenDatasets();
  const modalities = chosen.length > 0 ? [...new Set(chosen.map((dataset) => dataset.modality))] : [...state.formatsByModality.keys()];
  // A format fits when it serves every chosen dataset's modality.
  const fitting = [...state.formats.values()].filter((format) => modalities.every((modality) => state.formatsByModality.get(modality)?.includes(format.exporter)) || chosen.length === 0);
  const select = $('format');
  const previous = select.value;
  select.replaceChildren(el('option', { value: '' }, fitting.length > 0 ? 'Choose a format…' : 'No format fits these datasets'),
    ...fitting.map((format) => el('option', { value: format.exporter }, `${format.name} (${format.plugin})`)));
  select.value = fitting.some((format) => format.exporter === previous) ? previous : '';
  selectFormat();
}

function selectFormat() {
  const format = state.formats.get($('format').value);
  $('format-description').textContent = format ? `${format.description} (plugin ${format.plugin}, ${format.exporter})` : '';
  state.optionsForm = format ? renderOptionsForm($('options-fields'), format.options_schema ?? format.options ?? null) : null;
  $('options').hidden = !format;
}

function fieldError(id, message) {
  const box = $(id);
  box.textContent = message ?? '';
  box.hidden = !message;
}

/** `/options/a/b` or `options.a: …` -> `a`; null when the error is about the whole request. */
function optionFieldOf(error) {
  const pointer = error.source?.pointer ?? '';
  const fromPointer = /^\/options\/([^/]+)/.exec(pointer);
  if (fromPointer) return decodeURIComponent(fromPointer[1]);
  const fromText = /^options\.([A-Za-z0-9_-]+)/.exec(error.detail ?? '');
  return fromText ? fromText[1] : null;
}

/** The lines of a detail that name fields, one error per line. */
function splitErrors(errors) {
  return errors.flatMap((error) => {
    const lines = String(error.detail ?? '').split('\n').map((line) => line.trim()).filter((line) => /^options\./.test(line));
    return lines.length > 1 ? lines.map((detail) => ({ ...error, detail })) : [error];
  });
}

function showSubmitErrors(errors) {
  const byField = new Map();
  const general = [];
  for (const error of splitErrors(errors)) {
    const field = optionFieldOf(error);
    const message = String(error.detail ?? error.title ?? 'invalid').replace(/^options\.[A-Za-z0-9_.-]+:\s*/, '');
    if (field && state.optionsForm?.fieldNames.includes(field)) byField.set(field, byField.has(field) ? `${byField.get(field)}; ${message}` : message);
    else if (/^\/dataset_ids/.test(error.source?.pointer ?? '')) fieldError('datasets-error', message);
    else general.push(error.detail ?? error.title);
  }
  const first = state.optionsForm?.showErrors(byField);
  fieldError('form-error', general.length > 0 ? general.join('\n') : byField.size > 0 ? 'Some options are not valid: see the messages beside them.' : '');
  (first ?? $('format')).focus();
}

$('dataset-choices').addEventListener('change', () => {
  fieldError('datasets-error', '');
  refreshFormatChoices();
});
$('datasets-all').addEventListener('click', () => {
  const boxes = [...document.querySelectorAll('#dataset-choices input')];
  const all = boxes.every((box) => box.checked);
  for (const box of boxes) box.checked = !all;
  refreshFormatChoices();
});
$('format').addEventListener('change', () => {
  fieldError('format-error', '');
  selectFormat();
});

$('export-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  fieldError('form-error', '');
  fieldError('datasets-error', '');
  fieldError('format-error', '');
  state.optionsForm?.clearErrors();
  const datasets = chosenDatasets();
  const exporter = $('format').value;
  if (datasets.length === 0) fieldError('datasets-error', 'Choose at least one dataset.');
  if (!exporter) fieldError('format-error', 'Choose a format.');
  const { options, problems } = state.optionsForm?.read() ?? { options: {}, problems: new Map() };
  if (problems.size > 0) state.optionsForm.showErrors(problems);
  if (datasets.length === 0 || !exporter || problems.size > 0) {
    fieldError('form-error', 'The export was not started: see the messages above.');
    return;
  }
  const projects = [...new Set(datasets.map((dataset) => dataset.project_id).filter((id) => id != null))];
  if (projects.length > 1) {
    fieldError('datasets-error', `One export reads one project: these datasets come from ${projects.join(', ')}.`);
    fieldError('form-error', 'The export was not started: see the messages above.');
    return;
  }
  const body = { dataset_ids: datasets.map((dataset) => dataset.id), exporter, options, ...(projects.length === 1 ? { project_id: projects[0] } : {}) };
  const button = $('start-button');
  button.disabled = true;
  try {
    const created = await api.post('/exports/export', body);
    const exportRecord = plainRecord(created?.data);
    const job = (created?.included ?? []).map(plainRecord).find((record) => record.type?.endsWith('jobs'));
    if (job) upsertJob(job);
    if (exportRecord?.job_id) state.exportsByJob.set(String(exportRecord.job_id), exportRecord);
    renderJobs();
    announce(`Export started: ${state.formats.get(exporter)?.name ?? exporter}.`);
    notify(`Export started (job ${job?.id ?? exportRecord?.job_id ?? '?'}).`, 'ok');
    if (!job) await loadJobs();
  } catch (error) {
    if (isAuthError(error)) openAuth(error.message);
    else if (error instanceof ApiError) showSubmitErrors(error.errors);
    else fieldError('form-error', error.message);
  } finally {
    button.disabled = false;
  }
});

// ---- jobs ----------------------------------------------------------------------------------

function upsertJob(job) {
  const id = String(job.id);
  const before = state.jobs.get(id);
  // A reply sent before the last event (a GET racing the stream) must not undo it.
  if (before?.updated_at && job.updated_at && Date.parse(job.updated_at) < Date.parse(before.updated_at)) return before;
  const merged = { ...before, ...job, id };
  state.jobs.set(id, merged);
  if (before && before.status !== merged.status) announce(`${titleOf(merged)}: ${merged.status}.`);
  return merged;
}

const titleOf = (job) => state.formats.get(job.arguments?.exporter)?.name ?? job.arguments?.exporter ?? `job ${job.id}`;

async function loadJobs() {
  const [jobs, exports] = await Promise.allSettled([
    api.list(`/jobs?sort=-created_at&page[size]=${LIST_SIZE}`),
    api.list(`/exports?sort=-created_at&page[size]=${LIST_SIZE}`),
  ]);
  if (jobs.status === 'rejected') throw jobs.reason;
  const seen = new Set();
  for (const job of jobs.value.records) {
    upsertJob(job);
    seen.add(String(job.id));
  }
  for (const id of [...state.jobs.keys()]) if (!seen.has(id)) state.jobs.delete(id);
  if (exports.status === 'fulfilled') {
    state.exportsByJob.clear();
    for (const record of exports.value.records) if (record.job_id != null) state.exportsByJob.set(String(record.job_id), record);
  }
  renderJobs();
}

/** Refreshes one job's card (a progress tick), or the whole list when the job is new. */
function renderJob(id) {
  const card = state.cards.get(id);
  const job = state.jobs.get(id);
  if (!card || !job) return renderJobs();
  card.update(job, state.exportsByJob.get(id), titleOf(job));
}

function renderJobs() {
  const list = $('jobs');
  const ordered = [...state.jobs.values()].sort((a, b) => String(b.created_at ?? b.id).localeCompare(String(a.created_at ?? a.id)) || String(b.id).localeCompare(String(a.id)));
  for (const [id, card] of state.cards) {
    if (!state.jobs.has(id)) {
      card.node.remove();
      state.cards.delete(id);
    }
  }
  ordered.forEach((job, index) => {
    let card = state.cards.get(job.id);
    if (!card) {
      card = jobCard(job.id, actions);
      state.cards.set(job.id, card);
    }
    card.update(job, state.exportsByJob.get(job.id), titleOf(job));
    if (list.children[index] !== card.node) list.insertBefore(card.node, list.children[index] ?? null);
  });
  $('jobs-empty').hidden = ordered.length > 0;
  const active = ordered.filter((job) => job.status === 'pending' || job.status === 'running').length;
  $('jobs-count').textContent = active > 0 ? `${ordered.length} (${active} active)` : String(ordered.length);
}

async function act(verb, run) {
  notify('');
  try {
    await run();
  } catch (error) {
    if (isAuthError(error)) openAuth(error.message);
    notify(`Could not ${verb}: ${error.message}`);
  }
}

async function refreshJob(id) {
  const body = await api.get(`/jobs/${encodeURIComponent(id)}`);
  upsertJob(plainRecord(body?.data ?? body));
  if (state.jobs.get(id)?.status === 'completed' && !state.exportsByJob.get(id)?.filename) {
    const { records } = await api.list(`/exports?filter[job_id]=${encodeURIComponent(id)}`);
    if (records[0]) state.exportsByJob.set(id, records[0]);
  }
  renderJobs();
}

const actions = {
  download: (job, exportRecord) => act('download', () => api.download(`/exports/${encodeURIComponent(exportRecord.id)}/download`, exportRecord.filename)),
  cancel: (job) => act('cancel', async () => {
    await api.post(`/jobs/${encodeURIComponent(job.id)}/cancel`);
    announce(`${titleOf(job)}: cancel requested.`);
    await refreshJob(job.id);
  }),
  retry: (job) => act('retry', async () => {
    await api.post(`/jobs/${encodeURIComponent(job.id)}/retry`);
    announce(`${titleOf(job)}: retried.`);
    await refreshJob(job.id);
  }),
  // The service deletes a finished job with its exports and their files.
  remove: (job) => act('delete', async () => {
    await api.delete(`/jobs/${encodeURIComponent(job.id)}`);
    state.jobs.delete(job.id);
    state.exportsByJob.delete(job.id);
    renderJobs();
    announce(`${titleOf(job)}: deleted.`);
    $('jobs-heading').focus();
  }),
  loadLogs: (job) => act('load the log', async () => {
    // From now on the stream's lines are kept too, so none falls between the read and the stream.
    const card = state.cards.get(job.id);
    if (card) card.logLines ??= new Map();
    const { records } = await api.list(`/jobs/${encodeURIComponent(job.id)}/logs?limit=10000`);
    showLogLines(job.id, records);
  }),
};

/**
 * Lines from the log route and from the event stream meet here, once each, in the order they
 * happened (`at`; a worker may store a run's buffered lines after its own), then `seq`.
 */
function showLogLines(jobId, lines) {
  const card = state.cards.get(String(jobId));
  if (!card) return;
  card.logLines ??= new Map();
  for (const line of lines) card.logLines.set(line.seq ?? `${line.at}-${line.message}`, line);
  const ordered = [...card.logLines.values()].sort((a, b) => String(a.at ?? '').localeCompare(String(b.at ?? '')) || (Number(a.seq) || 0) - (Number(b.seq) || 0));
  card.logs.textContent = ordered.length > 0 ? ordered.map(logLine).join('\n') : 'No log lines.';
}

const logLine = (entry) => `${entry.at ?? entry.time ?? ''} ${String(entry.level ?? 'info').padEnd(5)} ${entry.message ?? ''}`.trim();

// ---- live updates --------------------------------------------------------------------------

function onEvent({ event, data }) {
  if (!data || typeof data !== 'object') return;
  if (event === 'status' || event === 'job') {
    const job = upsertJob(plainRecord(data.job ?? data.data ?? data));
    if (job.status === 'completed' && !state.exportsByJob.get(job.id)?.filename) refreshJob(job.id).catch(() => {});
    renderJobs();
  } else if (event === 'progress') {
    const id = String(data.job_id ?? data.id);
    if (!state.jobs.has(id)) return void refreshJob(id).catch(() => {});
    const job = upsertJob({ id, progress: data.progress, entries_read: data.entries_read, entries_total: data.entries_total });
    const step = Math.floor(percentOf(job.progress) / 25);
    if (step > (state.announcedStep.get(id) ?? 0)) {
      state.announcedStep.set(id, step);
      announce(`${titleOf(job)}: ${percentOf(job.progress)}%.`);
    }
    renderJob(id);
  } else if (event === 'export') {
    const record = plainRecord(data);
    if (record?.job_id != null) state.exportsByJob.set(String(record.job_id), record);
    renderJobs();
  } else if (event === 'log') {
    const card = state.cards.get(String(data.job_id));
    if (card?.logLines) showLogLines(data.job_id, [data]);
  }
}

function setConnection(mode) {
  const labels = { live: 'Live updates', polling: `Polling every ${POLL_MS / 1000} s`, offline: 'Not connected' };
  $('connection').textContent = labels[mode];
  $('connection').dataset.mode = mode;
}

function startPolling() {
  if (state.pollTimer) return;
  setConnection('polling');
  state.pollTimer = setInterval(() => loadJobs().catch(() => setConnection('offline')), POLL_MS);
}

function stopPolling() {
  clearInterval(state.pollTimer);
  state.pollTimer = null;
}

function startEvents() {
  state.events?.close();
  state.events = api.events({
    onEvent,
    onState: (mode) => {
      if (mode === 'live') {
        stopPolling();
        setConnection('live');
        loadJobs().catch(() => {});
      } else startPolling();
    },
  });
}

// ---- start ---------------------------------------------------------------------------------

async function loadAll() {
  notify('');
  $('jobs-empty').textContent = 'No exports yet.';
  try {
    const [, pluginModalities] = await Promise.all([loadDatasets(), loadPlugins(), loadJobs()]);
    const modalities = [...new Set([...state.datasets.map((dataset) => dataset.modality), ...pluginModalities].filter(Boolean))];
    await loadFormats(modalities);
    startEvents();
  } catch (error) {
    setConnection('offline');
    const why = isAuthError(error) ? 'Waiting for an access token.' : 'The service could not be reached.';
    $('dataset-choices').replaceChildren(el('p', { class: 'hint' }, why));
    $('format').replaceChildren(el('option', { value: '' }, why));
    $('formats').replaceChildren(el('p', { class: 'hint' }, why));
    $('broken').replaceChildren(el('li', { class: 'hint' }, why));
    $('jobs-empty').textContent = why;
    if (isAuthError(error)) openAuth(`The service asks for a token (${error.message}).`);
    else notify(`Could not reach the service: ${error.message}`);
  }
}

refreshAuthState();
loadAll();
