// The hospital's admissions desk (issue 21): hospital staff see the patients sent to their hospital, read each one
// whole with the first-contact rule, and accept, refuse (with a reason), record the arrival and the admission.
// Everything comes from medical's /api/medical/admissions; another hospital's patient is not found (404).
import { get, post } from './api.js';
import { code, formatDateTime, t } from './i18n.js';
import { button, definitionList, errorNotice, field, h, notice, section, select, submitting, timeline } from './ui.js';

const REASONS = ['no-bed', 'no-department', 'infection-control', 'no-pcr-result', 'other'];

function page(title, ...content) {
  return h('div', { class: 'page' }, h('h1', {}, title), ...content);
}

async function desk() {
  return page(t('hospital.title'), section(t('hospital.patients'), async () => {
    const list = await get('/api/medical/admissions?size=50');
    if (!list.items.length) {
      return h('p', {}, t('hospital.none'));
    }
    return h('ul', { class: 'cards', id: 'hospital-patients' }, list.items.map((r) => h('li', {},
      h('a', { href: `#/hospital/${r.id}` }, code('category', r.category)), ' ',
      h('span', { class: `badge sev-${r.severity}` }, code('severity', r.severity)), ' ',
      h('span', { class: 'badge' }, code('mstatus', r.status)),
      h('div', { class: 'hint' }, t('hospital.raisedAt', { time: formatDateTime(r.raisedAt) })))));
  }, { id: 'hospital-desk' }));
}

/** This hospital's open offer of the request (the last one that is not refused or withdrawn). */
function ours(view) {
  const offers = (view.hospitals || []).filter((o) => !['refused', 'withdrawn'].includes(o.state));
  return offers[offers.length - 1] || null;
}

async function patient({ id }) {
  const actions = h('div', { id: 'hospital-actions' });
  const body = section(t('hospital.patient'), async () => {
    const admission = await get(`/api/medical/admissions/${id}`);
    const view = admission.request;
    const r = view.request;
    const offer = ours(view);
    renderActions(actions, id, offer);
    return [
      notice(admission.infectionControl ? 'warn' : 'info', h('p', { id: 'hospital-rule' }, admission.rule)),
      definitionList([
        [t('medical.category'), code('category', r.category)],
        [t('medical.severity'), h('span', { class: `badge sev-${r.severity}` }, code('severity', r.severity))],
        [t('hospital.offer'), h('strong', { id: 'hospital-offer-state' }, offer ? code('ostate', offer.state) : '')],
        [t('medical.description'), view.details.description],
        [t('medical.contactName'), view.details.contactName || t('hospital.noContact')],
        [t('medical.contactPhone'), view.details.contactPhone || t('hospital.noContact')],
        [t('hospital.test'), admission.testStatus],
        view.assignment ? [t('hospital.transport'), `${code('transport', view.assignment.transportKind)} ${view.assignment.vehicle}`] : null,
      ]),
      h('h3', {}, t('timeline.title')),
      timeline(view.timeline.map((e) => ({ when: formatDateTime(e.at), what: code('mtl', e.kind),
        who: e.level ? code('level', e.level) : '' }))),
    ];
  }, { id: 'hospital-patient' });
  return page(t('hospital.patient'), body, actions, h('p', {}, h('a', { href: '#/hospital' }, t('app.back'))));
}

function renderActions(container, id, offer) {
  if (!offer || offer.state === 'admitted') {
    container.replaceChildren();
    return;
  }
  const out = h('div', { class: 'form-result', 'aria-live': 'polite' });
  const act = (path) => async () => {
    out.replaceChildren();
    try {
      await post(`/api/medical/admissions/${id}/${path}`);
      window.dispatchEvent(new HashChangeEvent('hashchange')); // show the patient again, as the service now has them
    } catch (error) {
      out.replaceChildren(errorNotice(error));
    }
  };
  const buttons = [];
  if (offer.state === 'offered') {
    buttons.push(button(t('hospital.accept'), act('accept'), { id: 'hospital-accept', class: 'btn primary' }));
  }
  if (offer.state !== 'arrived') {
    buttons.push(button(t('hospital.arrived'), act('arrived'), { id: 'hospital-arrived' }));
  }
  buttons.push(button(t('hospital.admitted'), act('admitted'), { id: 'hospital-admitted' }));
  const refuse = submitting(h('form', { class: 'form', id: 'hospital-refuse' },
    h('p', { class: 'hint' }, t('hospital.refuseHint')),
    field(t('hospital.reason'), select('reason', REASONS.map((r) => [r, code('refusal', r)]), 'no-bed')),
    field(t('hospital.note'), h('input', { name: 'note', maxlength: 500 })),
    h('button', { type: 'submit', class: 'btn danger' }, t('hospital.refuse'))), async (data, result) => {
    const answer = await post(`/api/medical/admissions/${id}/refuse`, { reason: data.get('reason'), note: data.get('note') || null });
    container.replaceChildren(notice(answer.violation ? 'warn' : 'info', h('p', { id: 'hospital-refused' },
      t(answer.violation ? 'hospital.refusedViolation' : 'hospital.refused'))),
    h('p', {}, h('a', { href: '#/hospital' }, t('app.back'))));
    result.replaceChildren();
  });
  container.replaceChildren(h('section', { class: 'card' }, h('h2', {}, t('hospital.actions')),
    h('div', { class: 'actions' }, buttons), out, refuse));
}

export const hospitalRoutes = {
  '/hospital': desk,
  '/hospital/:id': patient,
};
