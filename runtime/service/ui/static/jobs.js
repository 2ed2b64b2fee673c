// The jobs list: records merged from replies and events, one card per job updated in place,
// the actions on a job, and the live updates (the event stream, or polling while it is down).

import { plainRecord } from './api.js';
import { $, announce, api, isAuthError, notify, openAuth, state, titleOf } from './context.js';
import { jobCard, percentOf } from './render.js';

const POLL_MS = 2000;
/** The newest jobs shown; older ones stay reachable through the API and `idah-plugin jobs ls`. */
const LIST_SIZE = 100;

/** How far along a run is: a record of the same time never moves a job back (a retry starts later). */
const STAGE = { pending: 0, running: 1 };
const stageOf = (status) => STAGE[status] ?? 2;

export function upsertJob(job) {
  const id = String(job.id);
  const before = state.jobs.get(id);
  // A reply sent before the last event (a GET racing the stream, or the POST's reply arriving
  // after the stream said the job started, in the same millisecond) must not undo it.
  if (before?.updated_at && job.updated_at) {
    const age = Date.parse(job.updated_at) - Date.parse(before.updated_at);
    if (age < 0 || (age === 0 && job.status && before.status && stageOf(job.status) < stageOf(before.status))) return before;
  }
  const merged = { ...before, ...job, id };
  state.jobs.set(id, merged);
  if (before && before.status !== merged.status) announce(`${titleOf(merged)}: ${merged.status}.`);
  return merged;
}


export async function loadJobs() {
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

export function renderJobs() {
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
    const job = upsertJob({
      id, progress: data.progress, entries_read: data.entries_read, entries_total: data.entries_total,
      ...(data.metrics ? { metrics: data.metrics } : {}), ...(data.steps ? { steps: data.steps } : {}),
    });
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

export function setConnection(mode) {
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

export function startEvents() {
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
