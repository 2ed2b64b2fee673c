// What the page's modules share: the API, the page's state, and the ways to tell the user.

import { ApiError, createApi } from './api.js';

export const $ = (id) => document.getElementById(id);
export const api = createApi(document.body.dataset.apiBase ?? '/api/v1/sync');

export const state = {
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

export const announce = (text) => {
  $('announcer').textContent = text;
};

export function notify(text, kind = 'error') {
  const box = $('notice');
  box.textContent = text;
  box.dataset.kind = kind;
  box.hidden = !text;
}

export const isAuthError = (error) => error instanceof ApiError && (error.status === 401 || error.status === 403);

/** Shows the token form, with why it is needed. */
export function openAuth(message) {
  $('auth').hidden = false;
  $('auth-toggle').setAttribute('aria-expanded', 'true');
  $('auth-message').textContent = message ?? '';
  $('auth-message').hidden = !message;
  $('token').focus();
}

export const titleOf = (job) => state.formats.get(job.arguments?.exporter)?.name ?? job.arguments?.exporter ?? `job ${job.id}`;
