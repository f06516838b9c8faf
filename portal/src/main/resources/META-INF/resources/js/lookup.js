// The operator's one screen (issue 20): find the caller's household (part of a name, the last 4 digits of a phone or
// ID number, or an address code: residents' person search, masked, inside the caller's areas), see the household from
// every service at once (the gateway's overview: members, control status, testing, orders and their delivery state,
// medical requests, open tickets) and record the call as a ticket contact, without transferring the caller.
// Places are shown by their names, never by code.
import { get, newKey, post } from './api.js';
import { code, formatDate, formatDateTime, formatTime, t } from './i18n.js';
import { dataTable, definitionList, errorNotice, field, h, notice, section, select, submitting } from './ui.js';
import { CATEGORIES, HANDLERS, has, pager, place, placeName, segments, statusBadge as ticketBadge } from './hotline.js';
import { reason, unavailableBanner } from './resident.js';

const URGENCIES = ['life-safety', 'utilities', 'general', 'complex'];
const PHONE_CHANNELS = ['phone-12345', 'phone-community', 'phone-street'];
/** Who may read residents' places of their areas (their names make the address). */
const PLACE_READERS = ['grid-worker', 'community-staff', 'street-officer', 'district-officer', 'health-officer',
  'hotline-operator', 'platform-admin'];
/** Who may read testing's campaigns and slots of their areas (the household's test slot). */
const SLOT_READERS = ['grid-worker', 'community-staff', 'street-officer', 'district-officer', 'health-officer',
  'hotline-operator', 'platform-admin'];
/** Who may record a call on a household of their areas (the hotline's POST /contacts). */
const CALL_TAKERS = [...HANDLERS, 'grid-worker'];
const SEARCH_PAGE = 20;
const LATEST = 5;

/** The last search, kept in memory only (never on the device), so "back to the results" shows them again. */
let lastSearch = { q: '', page: 0 };

function page(title, ...content) {
  return h('div', { class: 'page' }, h('h1', {}, title), ...content);
}

function fill(el, ...children) {
  el.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
}

// ---- the address in words --------------------------------------------------------------------------------

/** The room of a household code (unit code, a dash, the room). */
function roomOf(householdCode) {
  const code = householdCode || '';
  return code.includes('-') ? code.substring(code.lastIndexOf('-') + 1) : '';
}

function unitOf(householdCode) {
  const code = householdCode || '';
  return code.includes('-') ? code.substring(0, code.lastIndexOf('-')) : '';
}

/**
 * The household's address: the names of its community, compound, building and unit with the room, when the caller
 * may read residents' places; the room alone otherwise.
 */
async function address(user, unitCode, room) {
  const roomText = room ? t('ticket.room', { room }) : '';
  if (!has(user, PLACE_READERS) || !unitCode) {
    return roomText;
  }
  const unit = await place(unitCode);
  if (!unit) {
    return roomText;
  }
  // the unit's path: city, district, street, community, compound, building, unit
  const below = segments(unit.path).slice(3);
  const names = await Promise.all(below.map(placeName));
  return names.every(Boolean) ? `${names.join(' ')} ${roomText}`.trim() : roomText;
}

// ---- search ----------------------------------------------------------------------------------------------

/** What the search would refuse or could not use, said before asking: null when the query can go. */
function problemOf(q) {
  if (!q) {
    return t('lookup.empty');
  }
  // digits only: the last 4 of a phone or ID number (an ID may end in X), or an address code of 6 or more
  if (/^[0-9Xx]+$/.test(q) && (q.length < 4 || q.length === 5)) {
    return t('lookup.tooShort');
  }
  return null;
}

/** The hits of a page grouped by household, in the API's order (by household, then name). */
function groups(items) {
  const byHousehold = new Map();
  for (const hit of items) {
    if (!byHousehold.has(hit.householdId)) {
      byHousehold.set(hit.householdId, { id: hit.householdId, code: hit.householdCode, persons: [] });
    }
    byHousehold.get(hit.householdId).persons.push(hit);
  }
  return [...byHousehold.values()];
}

/** Which number of the person four digits matched: the phone when it ends in them (the mask shows its last 4), else the ID. */
function matchOf(p, q) {
  if (!/^[0-9]{3}[0-9Xx]$/.test(q)) {
    return null;
  }
  return (p.phone || '').endsWith(q) ? t('lookup.byPhone') : t('lookup.byId');
}

function personLine(p, q) {
  const matched = matchOf(p, q);
  const facts = [
    p.phone ? t('lookup.phone', { phone: p.phone }) : t('lookup.noPhone'),
    p.idNumber ? t('lookup.idNumber', { id: p.idNumber }) : null,
    ...(p.flags || []).map((f) => code('flag', f)),
  ].filter(Boolean);
  return h('li', { dataset: { person: p.personId } }, h('strong', {}, p.name), ' ',
    matched ? [h('span', { class: 'badge' }, matched), ' '] : null,
    h('span', { class: 'hint' }, facts.join(t('list.separator'))));
}

function results(user, q, result, go) {
  if (!result.items.length) {
    return notice('info', h('p', { id: 'lookup-none' }, t('lookup.none')), h('p', {}, t('lookup.noneHint')));
  }
  const households = groups(result.items);
  return [
    h('p', { id: 'lookup-total' }, t('lookup.total', { total: result.totalItems })),
    h('ul', { class: 'cards lookup', id: 'lookup-households' }, households.map((g) => {
      const room = roomOf(g.code);
      const where = h('span', { class: 'household-address' }, room ? t('ticket.room', { room }) : t('lookup.household'));
      address(user, unitOf(g.code), room).then((text) => { if (text) { where.textContent = text; } }).catch(() => {});
      return h('li', { dataset: { household: g.id } },
        h('a', { href: `#/staff/households/${g.id}`, class: 'household-link' }, where),
        h('ul', { class: 'plain persons' }, g.persons.map((p) => personLine(p, q.toUpperCase()))),
        h('a', { class: 'btn small', href: `#/staff/households/${g.id}` }, t('lookup.open')));
    })),
    pager(result.page, result.totalPages, go, 'lookup-pager'),
  ];
}

async function lookup(params, user) {
  const input = h('input', { name: 'q', type: 'search', maxlength: 64, autocomplete: 'off', value: lastSearch.q, id: 'lookup-q' });
  const out = h('div', { id: 'lookup-results', 'aria-live': 'polite' });
  let searches = 0;
  const run = async (q, pageNo) => {
    searches += 1;
    const mine = searches; // a slower earlier search never overwrites a later one's results
    const problem = problemOf(q);
    if (problem) {
      fill(out, notice('warn', h('p', { id: 'lookup-problem' }, problem)));
      return;
    }
    lastSearch = { q, page: pageNo };
    out.setAttribute('aria-busy', 'true');
    fill(out, h('p', { class: 'loading' }, t('lookup.searching')));
    try {
      const query = new URLSearchParams({ q, page: pageNo, size: SEARCH_PAGE });
      const result = await get(`/api/residents/persons?${query}`);
      if (mine === searches) {
        fill(out, results(user, q, result, (p) => run(q, p)));
      }
    } catch (e) {
      if (mine === searches) {
        fill(out, h('p', { id: 'lookup-failed' }, t('lookup.failed')), errorNotice(e));
      }
    } finally {
      if (mine === searches) {
        out.setAttribute('aria-busy', 'false');
      }
    }
  };
  const form = h('form', { class: 'form', id: 'lookup-form', role: 'search' },
    field(t('lookup.query'), input, t('lookup.queryHint')),
    h('button', { type: 'submit', class: 'btn primary' }, t('lookup.search')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(input.value.trim(), 0);
  });
  if (lastSearch.q) {
    run(lastSearch.q, lastSearch.page);
  }
  return page(t('lookup.title'),
    h('section', { class: 'card' }, h('p', { class: 'hint' }, t('lookup.intro')), form),
    h('section', { class: 'card', id: 'lookup-section' }, h('h2', {}, t('lookup.results')), out));
}

// ---- the household's one screen -------------------------------------------------------------------------

function controlBadge(status) {
  const value = status?.status || 'normal';
  return h('span', { class: `badge status-${value}`, id: 'household-status' }, code('status', value));
}

function members(household) {
  return dataTable([t('person.name'), t('person.relation'), t('person.birthYear'), t('person.phone'), t('person.idNumber'), t('person.flags')],
    household.persons.map((p) => ({ cells: [
      p.verified === false ? [p.name, ' ', h('span', { class: 'badge' }, t('person.pending'))] : p.name,
      code('relation', p.relation), p.birthYear, p.phone || '', p.idNumber || '',
      [...(p.flags || []).map((f) => code('flag', f)),
        ...(p.declaredFlags || []).map((f) => t('person.flagPending', { flag: code('flag', f) }))].join(t('list.separator'))],
    classes: [null, null, null, 'mono', 'mono', null] })),
    { id: 'household-members' });
}

/** The test slot of the household's building in the nearest campaign from today, for those who may read slots. */
async function slotOf(unitCode) {
  const unit = await place(unitCode);
  if (!unit) {
    return null;
  }
  const campaigns = await get('/api/testing/campaigns?size=20');
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const coming = (campaigns.items || []).filter((c) => c.testDate >= today).sort((a, b) => a.testDate.localeCompare(b.testDate));
  for (const campaign of coming) {
    const slots = await get(`/api/testing/campaigns/${campaign.id}/slots`).catch(() => []);
    const slot = slots.find((s) => s.buildingCode === unit.parentCode);
    if (slot) {
      return { campaign, slot };
    }
  }
  return null;
}

function testingPart(user, testing, household) {
  const slot = has(user, SLOT_READERS) && household ? h('div', { id: 'household-slot' }, h('p', { class: 'loading' }, t('app.loading'))) : null;
  if (slot) {
    slotOf(household.unitCode).then((found) => fill(slot, found
      ? definitionList([[t('hh.campaign'), found.campaign.title],
        [t('testing.site'), found.slot.siteName],
        [t('testing.time'), h('strong', { class: 'slot-time' }, t('hh.slotTime', { date: formatDate(found.slot.startsAt),
          from: formatTime(found.slot.startsAt), to: formatTime(found.slot.endsAt) }))]])
      : h('p', {}, t('hh.noSlot')))).catch((e) => fill(slot, errorNotice(e)));
  }
  const persons = testing.persons || [];
  return [
    slot || h('p', { class: 'hint', id: 'household-slot-hidden' }, t('hh.slotHidden')),
    persons.length ? h('ul', { class: 'plain', id: 'household-tests' }, persons.map((m) => h('li', {},
      t('format.labelValue', { label: m.name, value: m.latest ? code('state', m.latest.state) : t('testing.none') }),
      m.latest?.testDate ? h('span', { class: 'hint' }, ' ', t('hh.testedOn', { date: formatDate(m.latest.testDate) })) : null)))
      : h('p', {}, t('testing.none')),
  ];
}

function suppliesPart(orders) {
  const items = [...(orders.items || [])].sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
  if (!items.length) {
    return h('p', {}, t('orders.none'));
  }
  // the delivery code is the household's own: never shown here
  return [
    h('ul', { class: 'plain', id: 'household-orders' }, items.slice(0, LATEST).map((o) => h('li', { dataset: { order: o.id } },
      h('strong', {}, t('hh.orderLine', { item: code('item', o.itemCode), quantity: o.quantity })), ' ',
      h('span', { class: 'badge' }, code('order', o.status)),
      h('div', { class: 'hint' }, t('hh.orderedAt', { time: formatDateTime(o.createdAt) }),
        o.updatedAt ? [t('list.separator'), t('hh.updatedAt', { time: formatDateTime(o.updatedAt) })] : null)))),
    items.length > LATEST ? h('p', { class: 'hint' }, t('hh.moreOrders', { shown: LATEST, total: orders.totalItems ?? items.length })) : null,
  ];
}

function medicalPart(requests) {
  if (!requests.length) {
    return h('p', {}, t('medical.none'));
  }
  return h('ul', { class: 'plain', id: 'household-medical' }, requests.slice(0, LATEST).map((r) => h('li', {},
    h('strong', {}, code('category', r.category)), ' ', h('span', { class: `badge sev-${r.severity}` }, code('severity', r.severity)), ' ',
    h('span', { class: 'badge' }, code('mstatus', r.status)),
    h('div', { class: 'hint' }, t('hh.raisedAt', { time: formatDateTime(r.raisedAt) }), t('list.separator'),
      t('hh.medicalLevel', { level: code('level', r.level) })),
    r.nextDeadline ? h('div', { class: 'hint' }, t('medical.deadline', { stage: code('stage', r.nextDeadline.stage), time: formatDateTime(r.nextDeadline.dueAt) })) : null)));
}

function ticketsPart(tickets) {
  if (!tickets.length) {
    return h('p', { id: 'household-no-tickets' }, t('hh.noTickets'));
  }
  return h('ul', { class: 'plain', id: 'household-tickets' }, tickets.map((tk) => h('li', { dataset: { ticket: tk.id } },
    h('a', { href: `#/staff/tickets/${tk.id}` }, code('tcat', tk.category)), ' ', ticketBadge(tk.status), ' ',
    h('span', { class: 'hint' }, code('urgency', tk.urgency)),
    h('div', { class: 'hint' }, t('ticket.contacts', { count: tk.contactsCount }), t('list.separator'),
      t('ticket.openedAt', { time: formatDateTime(tk.openedAt) }), t('list.separator'),
      t('hh.resolveDue', { time: formatDateTime(tk.resolveDue) })))));
}

/** The channel a call comes in on, by who takes it: 12345 for operators, the street's line for officers, else the community's. */
function channelFor(user) {
  if (user.roles.includes('hotline-operator')) {
    return 'phone-12345';
  }
  return has(user, ['street-officer', 'district-officer']) ? 'phone-street' : 'phone-community';
}

function callForm(householdId, user, onDone) {
  const form = h('form', { class: 'form', id: 'call-form' },
    field(t('call.category'), select('category', CATEGORIES.map((c) => [c, code('tcat', c)]), 'supplies')),
    field(t('call.urgency'), select('urgency', URGENCIES.map((u) => [u, code('urgency', u)]), 'general')),
    field(t('call.channel'), select('channel', PHONE_CHANNELS.map((c) => [c, code('channel', c)]), channelFor(user))),
    field(t('call.callerPhone'), h('input', { name: 'callerPhone', type: 'tel', inputmode: 'tel', maxlength: 32, autocomplete: 'off' }),
      t('call.callerPhoneHint')),
    field(t('call.text'), h('textarea', { name: 'text', rows: 3, required: true, maxlength: 4000 }), t('call.textHint')),
    h('button', { type: 'submit', class: 'btn primary big' }, t('call.submit')));
  // one key per call: a retry of the same call (the answer lost, the network down) sends the same key and is done
  // once; a changed form or the next call gets a new one
  let pending = null;
  submitting(form, async (data, out) => {
    const body = { householdId, category: data.get('category'), urgency: data.get('urgency'), channel: data.get('channel'),
      text: data.get('text').trim() };
    if (data.get('callerPhone').trim()) {
      body.callerPhone = data.get('callerPhone').trim();
    }
    const json = JSON.stringify(body);
    if (!pending || pending.json !== json) {
      pending = { json, key: newKey() };
    }
    const result = await post('/api/hotline/contacts', body, { 'Idempotency-Key': pending.key });
    pending = null;
    const tk = result.ticket;
    fill(out, notice('ok',
      h('p', { id: 'call-result' }, result.merged ? t('call.merged', { count: tk.contactsCount }) : t('call.opened')),
      h('p', {}, h('a', { id: 'call-ticket', href: `#/staff/tickets/${tk.id}` }, t('call.openTicket', { category: code('tcat', tk.category) })))));
    form.querySelector('textarea').value = '';
    form.querySelector('input[name=callerPhone]').value = '';
    out.querySelector('.notice')?.focus();
    onDone();
  });
  return form;
}

async function household({ id }, user) {
  const overview = get(`/api/households/${encodeURIComponent(id)}/overview`);
  const degraded = h('div', { id: 'degraded-slot' });
  overview.then((o) => fill(degraded, unavailableBanner(o.unavailable))).catch(() => {});
  // a part the overview could not get blanks its own section; when the overview itself fails (the household is not
  // the caller's to see, or residents cannot answer), the household section says why in the API's words
  const part = (name) => overview.then((o) => {
    if (o.parts[name] === undefined) {
      const missing = (o.unavailable || []).find((u) => u.part === name);
      throw Object.assign(new Error(), { human: t('degraded.section', { part: code('part', name), reason: missing ? reason(missing) : '' }) });
    }
    return o.parts[name];
  }, (e) => {
    throw name === 'residents' ? e : Object.assign(new Error(), { human: t('hh.notLoaded') });
  });
  const residents = part('residents').catch(() => null);
  const where = h('strong', { id: 'household-address' }, t('app.loading'));
  const ticketsBody = h('div', { id: 'tickets-body' });
  const refreshTickets = () => get(`/api/hotline/households/${encodeURIComponent(id)}/tickets`)
    .then((list) => fill(ticketsBody, ticketsPart(list))).catch((e) => fill(ticketsBody, errorNotice(e)));
  const takesCalls = has(user, CALL_TAKERS);
  return page(t('hh.title'), degraded,
    h('p', {}, h('a', { href: '#/staff/lookup' }, t('lookup.back')),
      takesCalls ? [' ', h('button', { type: 'button', class: 'btn small', id: 'jump-to-call',
        onclick: () => document.querySelector('#call-form select')?.focus() }, t('call.jump'))] : null),
    section(t('hh.household'), async () => {
      const hh = await part('residents');
      address(user, hh.unitCode, hh.room).then((text) => { where.textContent = text || t('hh.noAddress'); })
        .catch(() => { where.textContent = t('hh.noAddress'); });
      return [
        definitionList([
          [t('ticket.address'), where],
          [t('household.status'), controlBadge(hh.status)],
          hh.status?.reason ? [t('household.reason'), hh.status.reason] : null,
          hh.status?.since ? [t('household.since'), formatDateTime(hh.status.since)] : null,
          hh.status?.until ? [t('household.until'), formatDateTime(hh.status.until)] : null,
        ]),
        h('h3', {}, t('household.members')), members(hh),
      ];
    }, { id: 'household-part' }),
    section(t('hh.tickets'), async () => {
      // the body stays the same element, so a recorded call can show the tickets again in place
      await part('hotline').then((list) => fill(ticketsBody, ticketsPart(list))).catch((e) => fill(ticketsBody, errorNotice(e)));
      return ticketsBody;
    }, { id: 'tickets-part' }),
    section(t('orders.title'), async () => suppliesPart(await part('supplies')), { id: 'supplies-part' }),
    section(t('medical.title'), async () => medicalPart(await part('medical')), { id: 'medical-part' }),
    section(t('testing.title'), async () => testingPart(user, await part('testing'), await residents), { id: 'testing-part' }),
    takesCalls ? section(t('call.title'), async () => {
      await part('residents'); // a household the caller may not see takes no call
      return [h('p', { class: 'hint' }, t('call.hint')), callForm(id, user, refreshTickets)];
    }, { id: 'record-call' }) : null);
}

export const lookupRoutes = {
  '/staff/lookup': lookup,
  '/staff/households/:id': household,
};
