// Small DOM helpers. Text always goes in as text nodes (never innerHTML), so data from the API cannot
// become markup.
import { t } from './i18n.js';

let ids = 0;

/** h('p', {class: 'x', onclick: fn}, 'text', child, [children]) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.substring(2), value);
    } else if (name === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (value === true) {
      el.setAttribute(name, '');
    } else {
      el.setAttribute(name, value);
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function uid(prefix = 'f') {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** A labelled form field; input is an element (input, select, textarea) that gets the label's id. */
export function field(label, input, hint) {
  const id = input.id || uid();
  input.id = id;
  const hintEl = hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null;
  if (hintEl) {
    input.setAttribute('aria-describedby', hintEl.id);
  }
  return h('div', { class: 'field' }, h('label', { for: id }, label), input, hintEl);
}

export function select(name, options, value) {
  return h('select', { name }, options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
}

/** A plain message box; kind: info, ok, warn, error. Errors are announced to screen readers. */
export function notice(kind, ...content) {
  return h('div', { class: `notice ${kind}`, role: kind === 'error' || kind === 'warn' ? 'alert' : 'status' }, ...content);
}

/** The API's human message, with its field errors listed. */
export function errorNotice(error) {
  const fields = error.fieldErrors || [];
  return notice('error', h('p', {}, error.human || String(error.message || error)),
    fields.length ? h('ul', {}, fields.map((f) => h('li', {}, f.message))) : null);
}

/**
 * A section of a page that loads on its own: while loading it says so; if its call fails only this section
 * shows the failure in plain words (the rest of the page keeps working).
 */
export function section(title, load, { id, level = 2 } = {}) {
  const body = h('div', { class: 'section-body' }, h('p', { class: 'loading' }, t('app.loading')));
  const el = h('section', { class: 'card', id, 'aria-busy': 'true' }, h(`h${level}`, {}, title), body);
  Promise.resolve().then(load).then((content) => {
    body.replaceChildren(...[content].flat().filter(Boolean));
  }).catch((error) => {
    body.replaceChildren(errorNotice(error));
  }).finally(() => el.setAttribute('aria-busy', 'false'));
  return el;
}

export function button(text, onclick, attrs = {}) {
  return h('button', { type: 'button', class: 'btn', onclick, ...attrs }, text);
}

/** Disables a form's submit button while fn runs; shows fn's error (the API's message) in the form. */
export function submitting(form, fn) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const submit = form.querySelector('[type=submit]');
    const out = form.querySelector('.form-result') || form.appendChild(h('div', { class: 'form-result' }));
    out.replaceChildren();
    if (submit) {
      submit.disabled = true;
    }
    try {
      await fn(new FormData(form), out);
    } catch (error) {
      out.replaceChildren(errorNotice(error));
      out.querySelector('.notice')?.focus();
    } finally {
      if (submit) {
        submit.disabled = false;
      }
    }
  });
  return form;
}

export function definitionList(rows) {
  return h('dl', { class: 'facts' }, rows.filter(Boolean).map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

export function timeline(entries) {
  return h('ol', { class: 'timeline' }, entries.map((e) => h('li', {}, h('span', { class: 'when' }, e.when), ' ',
    h('strong', { class: 'what' }, e.what), e.who ? h('span', { class: 'who' }, ` · ${e.who}`) : null,
    e.note ? h('div', { class: 'note' }, e.note) : null)));
}

/**
 * A table with header cells; on a phone each row becomes a card whose cells carry their column's name
 * (data-label, shown by the stylesheet), so five columns stay readable at 360 px.
 */
export function dataTable(headers, rows, attrs = {}) {
  return h('table', { class: 'table', ...attrs },
    h('thead', {}, h('tr', {}, headers.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows.map((row) => h('tr', row.attrs || {}, row.cells.map((cell, i) => h('td', { 'data-label': headers[i], class: row.classes?.[i] }, cell))))));
}
