// The export form: datasets, the formats that fit them, the chosen format's options, and the
// service's answer (a job, or every problem put beside the field it is about).

import { ApiError, plainRecord } from './api.js';
import { $, announce, api, isAuthError, notify, openAuth, state } from './context.js';
import { loadJobs, renderJobs, upsertJob } from './jobs.js';
import { renderOptionsForm } from './options-form.js';
import { el } from './render.js';

export function useFormat(format) {
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

const chosenDatasets = () => [...document.querySelectorAll('#dataset-choices input:checked')].map((box) => state.datasets.find((dataset) => dataset.id === box.value)).filter(Boolean);

export function refreshFormatChoices() {
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
