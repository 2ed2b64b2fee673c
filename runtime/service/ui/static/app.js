// The Sync Service's page: formats per modality, the plugins that failed, the export form and
// the jobs. This module loads what the service offers and wires the token form.

import { plainRecord, tokenStore } from './api.js';
import { $, api, isAuthError, notify, openAuth, state } from './context.js';
import { refreshFormatChoices, useFormat } from './export-form.js';
import { loadJobs, setConnection, startEvents } from './jobs.js';
import { brokenPluginItem, datasetChoice, el, formatCard } from './render.js';

// ---- access token -------------------------------------------------------------------------

function refreshAuthState() {
  const hasToken = Boolean(tokenStore.get());
  $('auth-state').textContent = hasToken ? 'A token is set for this tab.' : 'No token set: requests go with the service’s auth-token cookie, if any.';
  $('auth-forget').hidden = !hasToken;
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
