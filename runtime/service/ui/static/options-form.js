// An exporter's options as a form, generated from the JSON Schema the service publishes
// (zod's `io: 'input'` schema): defaults filled in, each field labelled and described, and
// each server validation message shown beside its field.

import { el } from './render.js';

const isPrimitive = (value) => value === null || ['string', 'number', 'boolean'].includes(typeof value);

/** The choices of an enum or of an `anyOf` of constants, or null. */
function choicesOf(schema) {
  if (Array.isArray(schema.enum) && schema.enum.every(isPrimitive)) return schema.enum;
  const variants = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(variants) && variants.every((variant) => 'const' in variant && isPrimitive(variant.const))) {
    return variants.map((variant) => variant.const);
  }
  return null;
}

const typesOf = (schema) => (Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []);

/** How one property is edited: select, checkbox, number, text, list (comma-separated) or JSON. */
export function fieldKind(schema) {
  if (choicesOf(schema)) return 'choice';
  const types = typesOf(schema);
  if (types.length === 1 && types[0] === 'boolean') return 'boolean';
  if (types.length === 1 && (types[0] === 'integer' || types[0] === 'number')) return 'number';
  if (types.length === 1 && types[0] === 'string') return 'text';
  if (types.length === 1 && types[0] === 'array' && ['string', 'number', 'integer'].includes(schema.items?.type)) return 'list';
  return 'json';
}

const choiceLabel = (value) => (value === '\t' ? 'tab (\\t)' : typeof value === 'string' ? value : JSON.stringify(value));

function controlFor(kind, schema, id, name) {
  const initial = schema.default;
  if (kind === 'choice') {
    const select = el('select', { id, name });
    choicesOf(schema).forEach((choice, index) => {
      select.append(el('option', { value: String(index), selected: Object.is(choice, initial) }, choiceLabel(choice)));
    });
    return select;
  }
  if (kind === 'boolean') return el('input', { id, name, type: 'checkbox', checked: initial === true });
  if (kind === 'number') {
    return el('input', {
      id, name, type: 'number', inputmode: schema.type === 'integer' ? 'numeric' : 'decimal',
      step: schema.type === 'integer' ? '1' : 'any', min: schema.minimum, max: schema.maximum,
      value: typeof initial === 'number' ? String(initial) : '',
    });
  }
  if (kind === 'text') return el('input', { id, name, type: 'text', value: typeof initial === 'string' ? initial : '', autocomplete: 'off' });
  if (kind === 'list') {
    return el('input', { id, name, type: 'text', value: Array.isArray(initial) ? initial.join(', ') : '', autocomplete: 'off' });
  }
  return el('textarea', { id, name, rows: '2', spellcheck: 'false' }, initial === undefined ? '' : JSON.stringify(initial));
}

function hintFor(kind, schema) {
  const parts = [];
  if (schema.description) parts.push(schema.description);
  if (kind === 'list') parts.push('Comma-separated; empty for none.');
  if (kind === 'json') parts.push('JSON; empty for the default.');
  if (kind === 'number' && (schema.minimum !== undefined || schema.maximum !== undefined)) {
    parts.push(`From ${schema.minimum ?? '−∞'} to ${schema.maximum ?? '∞'}.`);
  }
  return parts.map((part) => (/[.!?]$/.test(part) ? part : `${part}.`)).join(' ');
}

function readField(field) {
  const { kind, control, schema } = field;
  if (kind === 'boolean') return { value: control.checked };
  if (kind === 'choice') return { value: choicesOf(schema)[Number(control.value)] };
  const text = control.value.trim();
  if (kind === 'number') {
    if (control.validity.badInput) return { problem: 'expected a number' };
    return text === '' ? {} : { value: Number(text) };
  }
  if (text === '') return {};
  if (kind === 'text') return { value: control.value };
  if (kind === 'list') {
    const items = text.split(',').map((item) => item.trim()).filter(Boolean);
    return { value: schema.items.type === 'string' ? items : items.map(Number) };
  }
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { problem: `expected JSON: ${error.message}` };
  }
}

/**
 * Renders the form for `schema` into `container` (emptied first); returns
 * `{ read() -> { options, problems }, showErrors(byField), clearErrors(), fieldNames }`.
 */
export function renderOptionsForm(container, schema, idPrefix = 'option') {
  container.replaceChildren();
  const properties = schema && typeof schema.properties === 'object' ? schema.properties : {};
  const required = new Set(Array.isArray(schema?.required) ? schema.required : []);
  const fields = new Map();
  for (const [name, property] of Object.entries(properties)) {
    const kind = fieldKind(property);
    const id = `${idPrefix}-${name}`;
    const control = controlFor(kind, property, id, name);
    const hint = hintFor(kind, property);
    const hintId = `${id}-hint`;
    const errorId = `${id}-error`;
    control.setAttribute('aria-describedby', hint ? `${hintId} ${errorId}` : errorId);
    if (required.has(name) && property.default === undefined) control.setAttribute('aria-required', 'true');
    const error = el('p', { id: errorId, class: 'field-error', hidden: true });
    const label = el('label', { for: id }, name, required.has(name) && property.default === undefined ? el('span', { class: 'required' }, ' (required)') : '');
    const row = kind === 'boolean'
      ? el('div', { class: 'field field-check' }, control, label, hint ? el('p', { id: hintId, class: 'hint' }, hint) : '', error)
      : el('div', { class: 'field' }, label, hint ? el('p', { id: hintId, class: 'hint' }, hint) : '', control, error);
    container.append(row);
    fields.set(name, { kind, control, schema: property, error });
  }
  if (fields.size === 0) container.append(el('p', { class: 'hint' }, 'This format takes no options.'));

  const clearErrors = () => {
    for (const field of fields.values()) {
      field.error.hidden = true;
      field.error.textContent = '';
      field.control.removeAttribute('aria-invalid');
    }
  };
  const showErrors = (byField) => {
    clearErrors();
    let first;
    for (const [name, message] of byField) {
      const field = fields.get(name);
      if (!field) continue;
      field.error.textContent = field.error.textContent ? `${field.error.textContent} ${message}` : message;
      field.error.hidden = false;
      field.control.setAttribute('aria-invalid', 'true');
      first ??= field.control;
    }
    return first;
  };
  const read = () => {
    const options = {};
    const problems = new Map();
    for (const [name, field] of fields) {
      const { value, problem } = readField(field);
      if (problem) problems.set(name, problem);
      else if (value !== undefined) options[name] = value;
    }
    return { options, problems };
  };
  return { read, showErrors, clearErrors, fieldNames: [...fields.keys()] };
}
