// Resident pages: my household (overview with the unavailable parts), add a member, my PCR slot and check-in
// QR codes with results, supplies orders with their timeline and delivery code, urgent medical help with its
// timeline, volunteer registration and my pass as a QR code.
import { get, newKey, post } from './api.js';
import { code, formatDate, formatDateTime, formatTime, t } from './i18n.js';
import { dataTable, definitionList, errorNotice, field, h, notice, section, select, submitting, timeline } from './ui.js';
import { qrImage } from './qr.js';

const RELATIONS = ['householder', 'spouse', 'child', 'parent', 'grandparent', 'grandchild', 'sibling', 'other-relative', 'tenant', 'other'];
const FLAGS = ['living-alone-over-70', 'disabled', 'pregnant', 'dialysis', 'chronic-illness', 'child-without-guardian', 'bedridden'];
const CATEGORIES = ['labour-pregnancy', 'dialysis', 'chemotherapy', 'chest-pain-stroke', 'child-fever', 'chronic-medication', 'mental-health', 'other'];
const PASS_KEY = 'lifeline.pass';
const STAFF_NOTES = ['acknowledged', 'en_route', 'resolved', 'cancelled'];

let householdPromise = null;

/** The resident's household (id, code), asked once per page load. */
export function myHousehold() {
  if (!householdPromise) {
    householdPromise = get('/api/residents/households/mine').catch((e) => { householdPromise = null; throw e; });
  }
  return householdPromise;
}

function page(title, ...content) {
  return h('div', { class: 'page' }, h('h1', {}, title), ...content);
}

function statusBadge(status) {
  const value = status?.status || 'normal';
  return h('span', { class: `badge status-${value}` }, code('status', value));
}

export function unavailableBanner(unavailable) {
  if (!unavailable?.length) {
    return null;
  }
  return notice('warn', h('p', { id: 'degraded' }, t('degraded.title')),
    h('ul', { class: 'degraded-parts' }, unavailable.map((u) => h('li', { dataset: { part: u.part } },
      t('degraded.part', { part: code('part', u.part), reason: reason(u) })))),
    h('p', {}, t('degraded.rest')));
}

export function reason(u) {
  if (u.reason?.startsWith('answered')) {
    return t('reason.answered', { status: u.status });
  }
  return code('reason', u.reason);
}

function members(household) {
  return dataTable([t('person.name'), t('person.relation'), t('person.birthYear'), t('person.idNumber'), t('person.flags')],
    household.persons.map((p) => ({ cells: [
      p.verified === false ? [p.name, ' ', h('span', { class: 'badge' }, t('person.pending'))] : p.name,
      code('relation', p.relation), p.birthYear, p.idNumber,
      // what a resident declared counts once community staff verify it (待核实 until then)
      [...(p.flags || []).map((f) => code('flag', f)),
        ...(p.declaredFlags || []).map((f) => t('person.flagPending', { flag: code('flag', f) }))].join(t('list.separator'))],
    classes: [null, null, null, 'mono', null] })),
    { id: 'members' });
}

async function home() {
  const mine = await myHousehold().catch((e) => e);
  if (mine instanceof Error) {
    return page(t('home.title'), errorNotice(mine));
  }
  const overviewPromise = get(`/api/households/${mine.id}/overview`);
  const degraded = h('div', { id: 'degraded-slot' });
  overviewPromise.then((o) => degraded.replaceChildren(unavailableBanner(o.unavailable) || '')).catch(() => {});
  const part = (name) => overviewPromise.then((o) => {
    if (o.parts[name] === undefined) {
      const missing = o.unavailable.find((u) => u.part === name);
      throw Object.assign(new Error(), { human: t('degraded.section', { part: code('part', name), reason: missing ? reason(missing) : '' }) });
    }
    return o.parts[name];
  });
  return page(t('home.title'), degraded,
    section(t('household.title'), async () => {
      const household = await part('residents');
      return [
        definitionList([
          [t('household.code'), h('span', { class: 'mono' }, household.code)],
          [t('household.status'), statusBadge(household.status)],
          household.status?.reason ? [t('household.reason'), household.status.reason] : null,
          household.status?.since ? [t('household.since'), formatDateTime(household.status.since)] : null,
          household.status?.until ? [t('household.until'), formatDateTime(household.status.until)] : null,
        ]),
        h('h3', {}, t('household.members')), members(household),
        h('p', {}, h('a', { class: 'btn', href: '#/household/add' }, t('household.add'))),
      ];
    }, { id: 'household' }),
    section(t('testing.title'), async () => {
      const testing = await part('testing');
      return [h('ul', { class: 'plain' }, (testing.persons || []).map((m) => h('li', {}, t('format.labelValue', { label: m.name, value: m.latest ? code('state', m.latest.state) : t('testing.none') })))),
      h('a', { class: 'btn', href: '#/testing' }, t('testing.open'))];
    }, { id: 'testing-part' }),
    section(t('orders.title'), async () => {
      const orders = await part('supplies');
      const items = orders.items || [];
      return [items.length ? h('ul', { class: 'plain' }, items.slice(0, 5).map((o) => h('li', {},
        h('a', { href: `#/orders/${o.id}` }, `${code('item', o.itemCode)} × ${o.quantity}`), ' ', h('span', { class: 'badge' }, code('order', o.status)))))
        : h('p', {}, t('orders.none')), h('a', { class: 'btn', href: '#/orders' }, t('orders.open'))];
    }, { id: 'supplies-part' }),
    section(t('medical.title'), async () => {
      const requests = await part('medical');
      return [requests.length ? h('ul', { class: 'plain' }, requests.slice(0, 5).map((r) => h('li', {},
        h('a', { href: `#/medical/${r.id}` }, code('category', r.category)), ' ', h('span', { class: 'badge' }, code('mstatus', r.status)))))
        : h('p', {}, t('medical.none')), h('a', { class: 'btn danger', href: '#/medical' }, t('medical.ask'))];
    }, { id: 'medical-part' }));
}

function addMember() {
  const flags = h('fieldset', { class: 'checks' }, h('legend', {}, t('person.flags')),
    FLAGS.map((f) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'flags', value: f }), code('flag', f))));
  const form = h('form', { class: 'form', novalidate: true },
    field(t('person.name'), h('input', { name: 'name', required: true, autocomplete: 'name', maxlength: 100 })),
    field(t('person.idNumber'), h('input', { name: 'idNumber', required: true, inputmode: 'text', maxlength: 18, autocomplete: 'off' }), t('person.idHint')),
    field(t('person.phone'), h('input', { name: 'phone', type: 'tel', inputmode: 'tel', autocomplete: 'tel' })),
    field(t('person.relation'), select('relation', RELATIONS.map((r) => [r, code('relation', r)]), 'child')),
    flags,
    h('button', { type: 'submit', class: 'btn primary' }, t('household.addSubmit')));
  const key = newKey();
  submitting(form, async (data, out) => {
    const mine = await myHousehold();
    const body = { name: data.get('name'), idNumber: data.get('idNumber').trim().toUpperCase(), relation: data.get('relation'),
      flags: data.getAll('flags') };
    if (data.get('phone')) {
      body.phone = data.get('phone').trim();
    }
    const person = await post(`/api/residents/households/${mine.id}/persons`, body, { 'Idempotency-Key': key });
    out.replaceChildren(notice('ok', t('household.added', { name: person.name })));
    location.hash = '#/';
  });
  return page(t('household.add'), form);
}

async function testing() {
  return page(t('testing.title'), section(t('testing.slots'), async () => {
    const me = await get('/api/testing/me');
    if (!me.campaigns?.length) {
      return h('p', {}, t('testing.noCampaign'));
    }
    return me.campaigns.map((c) => h('article', { class: 'campaign' },
      h('h3', {}, c.title),
      definitionList([
        [t('testing.date'), formatDate(c.testDate)],
        [t('testing.site'), c.slot ? c.slot.siteName : t('testing.noSlot')],
        c.slot ? [t('testing.time'), h('strong', { class: 'slot-time' }, `${formatTime(c.slot.startsAt)} – ${formatTime(c.slot.endsAt)}`)] : null,
      ]),
      h('ul', { class: 'members-qr' }, c.members.map((m) => h('li', { class: 'member' },
        h('h4', {}, m.name),
        h('p', { class: `state state-${m.state || 'not-tested'}` }, t('format.labelValue', { label: t('testing.state'), value: code('state', m.state || 'not-tested') })),
        m.atHome ? notice('info', t('testing.atHome')) : null,
        m.checkInCode ? qrImage(m.checkInCode, t('testing.qrAlt', { name: m.name })) : null,
        m.checkInCode ? h('p', { class: 'hint' }, t('testing.qrHint')) : null)))));
  }, { id: 'my-testing' }));
}

function orderForm(catalogue, householdId) {
  const form = h('form', { class: 'form', id: 'order-form' },
    field(t('orders.item'), select('itemCode', catalogue.map((i) => [i.code, code('item', i.code)]), catalogue[0]?.code)),
    field(t('orders.quantity'), h('input', { name: 'quantity', type: 'number', min: 1, max: 20, value: 1, inputmode: 'numeric', required: true })),
    h('button', { type: 'submit', class: 'btn primary' }, t('orders.place')));
  let key = newKey();
  submitting(form, async (data) => {
    const order = await post('/api/supplies/orders', { householdId, itemCode: data.get('itemCode'), quantity: Number(data.get('quantity')) },
      { 'Idempotency-Key': key });
    key = newKey();
    location.hash = `#/orders/${order.id}`;
  });
  return form;
}

async function orders() {
  const mine = await myHousehold().catch((e) => e);
  if (mine instanceof Error) {
    return page(t('orders.title'), errorNotice(mine));
  }
  return page(t('orders.title'),
    section(t('orders.new'), async () => orderForm(await get('/api/supplies/catalogue'), mine.id), { id: 'order-new' }),
    section(t('orders.mine'), async () => {
      const list = await get(`/api/supplies/households/${mine.id}/orders?size=50`);
      if (!list.items.length) {
        return h('p', {}, t('orders.none'));
      }
      return h('ul', { class: 'cards', id: 'order-list' }, list.items.map((o) => h('li', {},
        h('a', { href: `#/orders/${o.id}` }, `${code('item', o.itemCode)} × ${o.quantity}`), ' ',
        h('span', { class: 'badge' }, code('order', o.status)), h('div', { class: 'hint' }, formatDateTime(o.createdAt)))));
    }, { id: 'order-mine' }));
}

async function order({ id }) {
  const detail = h('div');
  const load = async () => {
    const [o, tl] = await Promise.all([get(`/api/supplies/orders/${id}`), get(`/api/supplies/orders/${id}/timeline`)]);
    const confirm = h('form', { class: 'form', id: 'delivery-form' },
      field(t('orders.code'), h('input', { name: 'code', inputmode: 'numeric', maxlength: 12, required: true, autocomplete: 'one-time-code' })),
      h('button', { type: 'submit', class: 'btn primary' }, t('orders.confirm')));
    submitting(confirm, async (data, out) => {
      await post(`/api/supplies/orders/${id}/delivery`, { code: data.get('code').trim() });
      out.replaceChildren(notice('ok', t('orders.delivered')));
      detail.replaceChildren(await render());
    });
    return [
      definitionList([
        [t('orders.item'), `${code('item', o.itemCode)} × ${o.quantity}`],
        [t('orders.status'), h('strong', { id: 'order-status' }, code('order', o.status))],
        o.deliveryCode ? [t('orders.deliveryCode'), h('strong', { class: 'mono big-code', id: 'delivery-code' }, o.deliveryCode)] : null,
      ]),
      o.deliveryCode && o.status !== 'delivered' ? h('p', { class: 'hint' }, t('orders.codeHint')) : null,
      h('h3', {}, t('timeline.title')),
      // the service's detail is an English sentence for operators; the step, who and when say it in the user's language
      timeline(tl.entries.map((e) => ({ when: formatDateTime(e.at), what: code('otl', e.kind), who: e.actorRole ? code('role', e.actorRole) : '' }))),
      o.status !== 'delivered' ? confirm : null,
    ];
  };
  const render = async () => h('div', {}, ...(await load()));
  return page(t('orders.one'), section(t('orders.one'), async () => { detail.replaceChildren(await render()); return detail; }, { id: 'order-detail' }),
    h('p', {}, h('a', { href: '#/orders' }, t('app.back'))));
}

function medicalForm() {
  const yesNo = (name, label) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name }), label);
  const form = h('form', { class: 'form', id: 'medical-form' },
    notice('warn', t('medical.call120')),
    field(t('medical.category'), select('category', CATEGORIES.map((c) => [c, code('category', c)]), 'other')),
    field(t('medical.description'), h('textarea', { name: 'description', rows: 3, required: true, maxlength: 2000 })),
    h('fieldset', { class: 'checks' }, h('legend', {}, t('medical.questions')),
      yesNo('notConscious', t('medical.q.notConscious')), yesNo('breathingDifficulty', t('medical.q.breathing')),
      yesNo('bleeding', t('medical.q.bleeding'))),
    field(t('medical.contactName'), h('input', { name: 'contactName', required: true, autocomplete: 'name', maxlength: 100 })),
    field(t('medical.contactPhone'), h('input', { name: 'contactPhone', type: 'tel', required: true, inputmode: 'tel', autocomplete: 'tel' })),
    h('button', { type: 'submit', class: 'btn danger big' }, t('medical.submit')));
  const key = newKey();
  submitting(form, async (data) => {
    const answers = { conscious: !data.get('notConscious'), breathingDifficulty: !!data.get('breathingDifficulty'), bleeding: !!data.get('bleeding') };
    const view = await post('/api/medical/requests', {
      category: data.get('category'), description: data.get('description'),
      contact: { name: data.get('contactName'), phone: data.get('contactPhone').trim() }, answers,
    }, { 'Idempotency-Key': key });
    location.hash = `#/medical/${view.request.id}`;
  });
  return form;
}

async function medical() {
  return page(t('medical.title'),
    section(t('medical.ask'), async () => medicalForm(), { id: 'medical-new' }),
    section(t('medical.mine'), async () => {
      const list = await get('/api/medical/requests?open=false&size=20');
      if (!list.items.length) {
        return h('p', {}, t('medical.none'));
      }
      return h('ul', { class: 'cards' }, list.items.map((r) => h('li', {},
        h('a', { href: `#/medical/${r.id}` }, code('category', r.category)), ' ', h('span', { class: `badge sev-${r.severity}` }, code('severity', r.severity)),
        ' ', h('span', { class: 'badge' }, code('mstatus', r.status)), h('div', { class: 'hint' }, formatDateTime(r.raisedAt)))));
    }, { id: 'medical-mine' }));
}

async function medicalRequest({ id }) {
  return page(t('medical.one'), section(t('medical.one'), async () => {
    const view = await get(`/api/medical/requests/${id}`);
    const r = view.request;
    return [
      definitionList([
        [t('medical.category'), code('category', r.category)],
        [t('medical.severity'), h('span', { class: `badge sev-${r.severity}` }, code('severity', r.severity))],
        [t('medical.status'), h('strong', { id: 'medical-status' }, code('mstatus', r.status))],
        [t('medical.level'), code('level', r.level)],
        r.nextDeadline ? [t('medical.nextDeadline'), t('medical.deadline', { stage: code('stage', r.nextDeadline.stage), time: formatDateTime(r.nextDeadline.dueAt) })] : null,
        view.assignment ? [t('medical.hospital'), view.assignment.hospitalName] : null,
      ]),
      h('h3', {}, t('timeline.title')),
      h('div', { id: 'medical-timeline' }, timeline(view.timeline.map((e) => ({
        // notes of raising and escalating are the service's English sentences; staff's own notes are shown as written
        when: formatDateTime(e.at), what: code('mtl', e.kind), who: e.level ? code('level', e.level) : '',
        note: STAFF_NOTES.includes(e.kind) ? e.note : null })))),
    ];
  }, { id: 'medical-detail' }), h('p', {}, h('a', { href: '#/medical' }, t('app.back'))));
}

async function volunteer(params, user) {
  return page(t('volunteer.title'), section(t('volunteer.title'), async () => {
    if (user.roles.includes('volunteer')) {
      const me = await get('/api/cogovernance/volunteers/me').catch((e) => (e.status === 404 ? null : Promise.reject(e)));
      if (me) {
        return definitionList([[t('volunteer.name'), me.name], [t('volunteer.status'), code('vstatus', me.status)],
          [t('volunteer.home'), me.homeAreaCode]]);
      }
    }
    const skills = ['driver', 'medical', 'translator', 'counselling', 'it'];
    const form = h('form', { class: 'form', id: 'volunteer-form' },
      h('p', {}, t('volunteer.intro')),
      field(t('volunteer.name'), h('input', { name: 'name', required: true, autocomplete: 'name' })),
      field(t('person.phone'), h('input', { name: 'phone', type: 'tel', required: true, inputmode: 'tel' })),
      h('fieldset', { class: 'checks' }, h('legend', {}, t('volunteer.skills')),
        skills.map((s) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'skills', value: s }), code('skill', s)))),
      field(t('volunteer.availability'), h('input', { name: 'availability' })),
      field(t('volunteer.home'), h('input', { name: 'homeAreaCode', required: true, inputmode: 'numeric', value: user.areas[0] || '' }), t('volunteer.homeHint')),
      h('button', { type: 'submit', class: 'btn primary' }, t('volunteer.submit')));
    submitting(form, async (data, out) => {
      await post('/api/cogovernance/volunteers', { name: data.get('name'), phone: data.get('phone'), skills: data.getAll('skills'),
        availability: data.get('availability'), homeAreaCode: data.get('homeAreaCode') });
      out.replaceChildren(notice('ok', t('volunteer.done')));
    });
    return form;
  }, { id: 'volunteer' }));
}

async function pass() {
  const show = h('div', { id: 'pass-show' });
  const render = async () => {
    const token = localStorage.getItem(PASS_KEY);
    if (!token) {
      show.replaceChildren(h('p', {}, t('pass.none')));
      return;
    }
    let verdict = null;
    try {
      verdict = await post('/api/cogovernance/passes/verification', { token, checkpointCode: '' });
    } catch (e) {
      verdict = null; // offline: the QR code still shows; the guard's phone verifies it offline
    }
    show.replaceChildren(
      verdict ? definitionList([[t('pass.holder'), verdict.holderName], [t('pass.verdict'), h('strong', {}, code('verdict', verdict.verdict))],
        verdict.validUntil ? [t('pass.until'), formatDateTime(verdict.validUntil)] : null]) : notice('info', t('pass.offline')),
      qrImage(token, t('pass.qrAlt'), 4),
      h('button', { type: 'button', class: 'btn', onclick: () => { localStorage.removeItem(PASS_KEY); render(); } }, t('pass.remove')));
  };
  const form = h('form', { class: 'form' },
    field(t('pass.token'), h('textarea', { name: 'token', rows: 3, required: true }), t('pass.tokenHint')),
    h('button', { type: 'submit', class: 'btn primary' }, t('pass.keep')));
  submitting(form, async (data) => {
    localStorage.setItem(PASS_KEY, data.get('token').trim());
    await render();
  });
  await render();
  return page(t('pass.title'), h('section', { class: 'card' }, show), h('section', { class: 'card' }, h('h2', {}, t('pass.add')), form));
}

export const residentRoutes = {
  '/': home,
  '/household/add': addMember,
  '/testing': testing,
  '/orders': orders,
  '/orders/:id': order,
  '/medical': medical,
  '/medical/:id': medicalRequest,
  '/volunteer': volunteer,
  '/pass': pass,
};
