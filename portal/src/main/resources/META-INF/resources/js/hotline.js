// Tickets (工单) of the hotline: the resident's own tickets and a form to open one; for hotline operators, community
// staff and officers the queue of their areas (earliest deadline first), one ticket with its contacts and timeline and
// every step of handling it (claim, reply, wait / resume, resolve, callback, reassign, merge and undo), the callback
// queue. Places are shown by their names (from residents' places, when the caller may read them), never by code.
import { get, newKey, post } from './api.js';
import { code, formatDateTime, t } from './i18n.js';
import { button, dataTable, definitionList, errorNotice, field, h, notice, section, select, submitting, timeline } from './ui.js';

export const CATEGORIES = ['supplies', 'medical', 'testing', 'care', 'housing-utilities', 'other'];
const STATUSES = ['open', 'waiting', 'resolved', 'closed', 'merged'];
const LADDER = ['community', 'street', 'district', 'city'];
/** Who handles tickets of their areas (the service's TicketAccess.HANDLERS). */
export const HANDLERS = ['hotline-operator', 'community-staff', 'street-officer', 'district-officer', 'platform-admin'];
/** Who may look households up (residents' person search): hotline operators and the staff of their areas. */
export const LOOKUP = ['hotline-operator', 'grid-worker', 'community-staff', 'street-officer', 'district-officer', 'health-officer'];
/** Who may read a ticket's text on request, each read audited (not a platform admin). */
const REVEALERS = ['hotline-operator', 'community-staff', 'street-officer', 'district-officer'];
/** Timeline entries whose note is a person's own words (the others are the service's English sentences). */
const OWN_WORDS = ['reply'];
const MY_PAGE = 10;
const QUEUE_PAGE = 20;

/** Replaces an element's children: arrays flattened, null and false left out (replaceChildren would write them as text). */
function fill(el, ...children) {
  el.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
}

function page(title, ...content) {
  return h('div', { class: 'page' }, h('h1', {}, title), ...content);
}

export const has = (user, roles) => user.roles.some((r) => roles.includes(r));

// ---- place names -----------------------------------------------------------------------------------------

const places = new Map();

/** A place from residents ({code, name, level, parentCode, path}, cached per page load); null when the caller may not read it. */
export function place(placeCode) {
  if (!places.has(placeCode)) {
    places.set(placeCode, get(`/api/residents/places/${encodeURIComponent(placeCode)}`).catch(() => null));
  }
  return places.get(placeCode);
}

/** A place's name from residents (cached); null when the caller may not read it. */
export function placeName(placeCode) {
  return place(placeCode).then((p) => (p ? p.name : null));
}

export function segments(path) {
  return (path || '').split('/').filter(Boolean);
}

/** The code of a level's place on a household's path (city, district, street, community). */
function levelCode(path, level) {
  return segments(path)[3 - LADDER.indexOf(level)];
}

/**
 * The household's address in words: compound, building and unit names with the room, as far as the caller may read
 * the names; the room alone otherwise. A service that sends {@code address} is taken at its word.
 */
async function address(ticket) {
  if (ticket.address) {
    return ticket.address;
  }
  const room = (ticket.householdCode || '').split('-').pop();
  const below = segments(ticket.placePath).slice(4);
  const parts = await Promise.all(below.map(placeName));
  const known = parts.filter(Boolean);
  const roomText = room ? t('ticket.room', { room }) : '';
  return known.length === below.length && known.length ? `${known.join(' ')} ${roomText}`.trim() : roomText;
}

/** Who owns the ticket now: the level in words and, when known, that place's name. */
async function owner(level, placeCode) {
  const name = placeCode ? await placeName(placeCode) : null;
  return name ? t('ticket.ownerNamed', { level: code('level', level), name }) : code('level', level);
}

export function asyncText(promise, attrs = {}) {
  const span = h('span', attrs);
  promise.then((text) => { span.textContent = text; }).catch(() => {});
  return span;
}

export function statusBadge(status) {
  return h('span', { class: `badge tstatus-${status}` }, code('tstatus', status));
}

function overdue(ticket) {
  return ['open'].includes(ticket.status) && ticket.resolveDue && new Date(ticket.resolveDue) < new Date();
}

/** Prev / next for a page of the API (page from 0), with "page n of m". */
export function pager(current, totalPages, go, id) {
  if (totalPages <= 1) {
    return null;
  }
  return h('nav', { class: 'pager', id, 'aria-label': t('pager.label') },
    button(t('pager.prev'), () => go(current - 1), { disabled: current <= 0, class: 'btn small', 'data-page': 'prev' }),
    h('span', {}, t('pager.of', { page: current + 1, pages: totalPages })),
    button(t('pager.next'), () => go(current + 1), { disabled: current + 1 >= totalPages, class: 'btn small', 'data-page': 'next' }));
}

// ---- resident: my tickets --------------------------------------------------------------------------------

function ticketForm(onDone) {
  const form = h('form', { class: 'form', id: 'ticket-form' },
    field(t('ticket.category'), select('category', CATEGORIES.map((c) => [c, code('tcat', c)]), 'supplies')),
    field(t('ticket.text'), h('textarea', { name: 'text', rows: 3, required: true, maxlength: 4000 }), t('ticket.textHint')),
    h('button', { type: 'submit', class: 'btn primary' }, t('ticket.submit')));
  let key = newKey();
  submitting(form, async (data, out) => {
    const result = await post('/api/hotline/my/contacts', { category: data.get('category'), text: data.get('text') },
      { 'Idempotency-Key': key });
    key = newKey();
    const tk = result.ticket;
    out.replaceChildren(notice('ok', h('p', { id: 'ticket-sent' }, result.merged
      ? t('ticket.addedTo', { category: code('tcat', tk.category), count: tk.contactsCount })
      : t('ticket.opened', { category: code('tcat', tk.category) }))));
    form.querySelector('textarea').value = '';
    onDone();
  });
  return form;
}

function myList(tickets, start) {
  if (!tickets.length) {
    return h('p', {}, t('ticket.noneMine'));
  }
  return h('ul', { class: 'cards', id: 'my-ticket-list' }, tickets.slice(start, start + MY_PAGE).map((tk) => h('li', { dataset: { ticket: tk.id } },
    h('a', { href: `#/tickets/${tk.id}` }, t('ticket.named', { category: code('tcat', tk.category) })), ' ', statusBadge(tk.status),
    h('div', { class: 'hint' }, t('ticket.contacts', { count: tk.contactsCount }), t('list.separator'),
      t('ticket.openedAt', { time: formatDateTime(tk.openedAt) }),
      tk.resolvedAt ? [t('list.separator'), t('ticket.resolvedAt', { time: formatDateTime(tk.resolvedAt) })] : null))));
}

async function myTickets() {
  const listBody = h('div', { id: 'my-tickets-body' });
  let start = 0;
  const load = async () => {
    fill(listBody, h('p', { class: 'loading' }, t('app.loading')));
    try {
      const tickets = await get('/api/hotline/my/tickets');
      const pages = Math.ceil(tickets.length / MY_PAGE);
      const draw = () => fill(listBody, myList(tickets, start),
        pager(start / MY_PAGE, pages, (p) => { start = p * MY_PAGE; draw(); }, 'my-tickets-pager') || '');
      draw();
    } catch (e) {
      fill(listBody, errorNotice(e));
    }
  };
  load();
  return page(t('ticket.mineTitle'),
    section(t('ticket.new'), async () => [h('p', { class: 'hint' }, t('ticket.newHint')), ticketForm(() => { start = 0; load(); })],
      { id: 'ticket-new' }),
    h('section', { class: 'card', id: 'my-tickets' }, h('h2', {}, t('ticket.mine')), listBody));
}

function contactsList(contacts) {
  return h('ol', { class: 'plain', id: 'ticket-contacts' }, contacts.map((k) => h('li', {},
    h('strong', {}, code('channel', k.channel)), ' ', h('span', { class: 'hint' }, formatDateTime(k.at)),
    h('div', { class: k.masked ? 'hint' : '' }, k.masked ? t('ticket.textMasked') : k.text))));
}

function timelineOf(view) {
  return h('div', { id: 'ticket-timeline' }, timeline(view.timeline.map((e) => ({
    when: formatDateTime(e.at), what: code('ttl', e.kind), who: e.level ? code('level', e.level) : '',
    note: OWN_WORDS.includes(e.kind) ? e.note : null }))));
}

function followUpForm(id, onDone) {
  const form = h('form', { class: 'form', id: 'follow-up-form' },
    field(t('ticket.rating'), select('rating', [5, 4, 3, 2, 1].map((r) => [String(r), t(`rating.${r}`)]), '5')),
    field(t('ticket.comment'), h('input', { name: 'comment', maxlength: 1000 })),
    h('button', { type: 'submit', class: 'btn primary' }, t('ticket.rate')));
  submitting(form, async (data) => {
    await post(`/api/hotline/tickets/${id}/follow-up`, { rating: Number(data.get('rating')), comment: data.get('comment') || null });
    onDone();
  });
  return form;
}

async function myTicket({ id }) {
  const body = h('div');
  const load = async () => {
    const view = await get(`/api/hotline/tickets/${id}`);
    const tk = view.ticket;
    fill(body, 
      definitionList([
        [t('ticket.category'), code('tcat', tk.category)],
        [t('ticket.status'), h('strong', { id: 'ticket-status' }, code('tstatus', tk.status))],
        [t('ticket.owner'), asyncText(owner(tk.level, tk.levelCode))],
        [t('ticket.contactsCount'), String(tk.contactsCount)],
        tk.status === 'open' || tk.status === 'waiting' ? [t('ticket.resolveDue'), formatDateTime(tk.resolveDue)] : null,
        view.resolution ? [t('ticket.resolution'), h('span', { id: 'ticket-resolution' }, view.resolution)] : null,
        view.followUp ? [t('ticket.rating'), t(`rating.${view.followUp.rating}`)] : null,
      ]),
      h('h3', {}, t('ticket.contactsTitle')), contactsList(view.contacts),
      h('h3', {}, t('timeline.title')), timelineOf(view),
      tk.status === 'resolved' && !view.followUp ? [h('h3', {}, t('ticket.followUp')), followUpForm(id, () => load().catch(() => {}))] : null);
    return body;
  };
  return page(t('ticket.one'), section(t('ticket.one'), load, { id: 'ticket-detail' }),
    h('p', {}, h('a', { href: '#/tickets' }, t('app.back'))));
}

// ---- staff: the queue ------------------------------------------------------------------------------------

async function queue(params, user) {
  const state = { status: 'open', category: '', page: 0 };
  const body = h('div', { id: 'ticket-queue-body' });
  const statusPick = select('status', STATUSES.map((s) => [s, code('tstatus', s)]), state.status);
  const categoryPick = select('category', [['', t('ticket.allCategories')], ...CATEGORIES.map((c) => [c, code('tcat', c)])], '');
  const load = async () => {
    body.setAttribute('aria-busy', 'true');
    fill(body, h('p', { class: 'loading' }, t('app.loading')));
    try {
      const query = new URLSearchParams({ status: state.status, page: state.page, size: QUEUE_PAGE });
      if (state.category) {
        query.set('category', state.category);
      }
      const result = await get(`/api/hotline/tickets?${query}`);
      if (!result.items.length) {
        fill(body, h('p', { id: 'ticket-queue-empty' }, t('ticket.queueEmpty')));
        return;
      }
      fill(body, h('p', {}, t('ticket.queueTotal', { total: result.totalItems })),
        dataTable([t('ticket.category'), t('ticket.status'), t('ticket.address'), t('ticket.owner'), t('ticket.contactsCount'), t('ticket.resolveDue')],
          result.items.map((tk) => ({ attrs: { class: overdue(tk) ? 'overdue' : '', 'data-ticket': tk.id }, cells: [
            [h('a', { href: `#/staff/tickets/${tk.id}` }, code('tcat', tk.category)), ' ', h('span', { class: 'hint' }, code('urgency', tk.urgency))],
            [statusBadge(tk.status), tk.claimedBy ? h('div', { class: 'hint' }, t('ticket.claimed')) : null],
            asyncText(address(tk)), asyncText(owner(tk.level, tk.levelCode)),
            String(tk.contactsCount),
            [formatDateTime(tk.resolveDue), overdue(tk) ? h('span', { class: 'badge warn' }, t('ticket.overdue')) : null]] })),
          { id: 'ticket-queue' }),
        pager(state.page, result.totalPages, (p) => { state.page = p; load(); }, 'ticket-queue-pager') || '');
    } catch (e) {
      fill(body, errorNotice(e));
    } finally {
      body.setAttribute('aria-busy', 'false');
    }
  };
  statusPick.addEventListener('change', () => { state.status = statusPick.value; state.page = 0; load(); });
  categoryPick.addEventListener('change', () => { state.category = categoryPick.value; state.page = 0; load(); });
  load();
  return page(t('ticket.queueTitle'),
    // an operator's console starts here: finding the caller's household is the first thing of a call
    has(user, LOOKUP) ? h('p', { class: 'lookup-start' }, h('a', { class: 'btn primary big', id: 'queue-lookup', href: '#/staff/lookup' }, t('lookup.start'))) : null,
    h('section', { class: 'card filters' }, field(t('ticket.status'), statusPick), field(t('ticket.category'), categoryPick)),
    h('section', { class: 'card', id: 'ticket-queue-section' }, h('h2', {}, t('ticket.queueHint')), body),
    has(user, HANDLERS) ? h('p', {}, h('a', { class: 'btn', href: '#/staff/callbacks' }, t('nav.callbacks'))) : null);
}

// ---- staff: one ticket -----------------------------------------------------------------------------------

/** A small form for one step: fields, a submit button, the call; on success the ticket is shown again. */
function stepForm(id, label, fields, call, kind = 'primary') {
  const form = h('form', { class: 'form step', id },
    ...fields, h('button', { type: 'submit', class: `btn ${kind}` }, label));
  submitting(form, async (data) => { await call(data); });
  return form;
}

function localInput(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

async function staffTicket({ id }, user) {
  const body = h('div');
  const result = h('div', { class: 'form-result', id: 'ticket-action-result', role: 'status' });
  let reveal = false;
  // a step: the call, then the ticket shown again with what was done; a refusal is shown in the API's words (by the
  // step's own form, or above the steps for a button)
  const act = async (path, payload, done, inForm = true) => {
    result.replaceChildren();
    try {
      await post(`/api/hotline/${path}`, payload);
    } catch (e) {
      if (inForm) {
        throw e;
      }
      result.replaceChildren(errorNotice(e));
      return;
    }
    result.replaceChildren(notice('ok', h('p', { id: 'ticket-done' }, done)));
    await load().catch((e) => result.replaceChildren(errorNotice(e)));
  };
  const load = async () => {
    const view = await get(`/api/hotline/tickets/${id}${reveal ? '?reveal=true' : ''}`);
    const tk = view.ticket;
    const handler = has(user, HANDLERS);
    const live = tk.status === 'open' || tk.status === 'waiting';
    const steps = [];
    if (handler && live) {
      if (!tk.claimedBy) {
        steps.push(h('div', { class: 'step' }, button(t('ticket.claim'), () => act(`tickets/${id}/claim`, undefined, t('ticket.claimedDone'), false),
          { id: 'ticket-claim', class: 'btn primary' })));
      }
      steps.push(stepForm('reply-form', t('ticket.reply'), [field(t('ticket.replyText'), h('textarea', { name: 'text', rows: 2, required: true, maxlength: 1000 }))],
        (d) => act(`tickets/${id}/reply`, { text: d.get('text') }, t('ticket.replied'))));
      if (tk.status === 'open') {
        steps.push(stepForm('wait-form', t('ticket.wait'), [field(t('ticket.waitReason'), h('input', { name: 'reason', required: true, maxlength: 500 }))],
          (d) => act(`tickets/${id}/wait`, { reason: d.get('reason') }, t('ticket.waiting')), ''));
      } else {
        steps.push(h('div', { class: 'step' }, button(t('ticket.resume'), () => act(`tickets/${id}/resume`, undefined, t('ticket.resumed'), false),
          { id: 'ticket-resume' })));
      }
      steps.push(stepForm('resolve-form', t('ticket.resolve'), [field(t('ticket.summary'), h('textarea', { name: 'summary', rows: 2, required: true, maxlength: 2000 }))],
        (d) => act(`tickets/${id}/resolve`, { summary: d.get('summary') }, t('ticket.resolvedDone'))));
      steps.push(stepForm('callback-form', t('ticket.scheduleCallback'), [
        field(t('ticket.callbackDue'), h('input', { name: 'dueAt', type: 'datetime-local', required: true, value: localInput(new Date(Date.now() + 3600000)) })),
        field(t('ticket.callbackNote'), h('input', { name: 'note', maxlength: 500 }))],
      (d) => act(`tickets/${id}/callbacks`, { dueAt: new Date(d.get('dueAt')).toISOString(), note: d.get('note') || null }, t('ticket.callbackScheduled')), ''));
      const owners = LADDER.filter((l) => l !== tk.level).map((l) => [l, levelCode(tk.placePath, l)]).filter(([, c]) => c);
      const ownerPick = select('owner', owners.map(([l, c]) => [c, code('level', l)]), owners[0]?.[1]);
      owners.forEach(([l, c], i) => placeName(c).then((n) => { if (n) { ownerPick.options[i].textContent = t('ticket.ownerNamed', { level: code('level', l), name: n }); } }));
      steps.push(stepForm('reassign-form', t('ticket.reassign'), [field(t('ticket.newOwner'), ownerPick)],
        (d) => act(`tickets/${id}/reassign`, { owner: d.get('owner') }, t('ticket.reassigned')), ''));
      const others = (await get(`/api/hotline/households/${tk.householdId}/tickets`).catch(() => [])).filter((o) => o.id !== tk.id);
      if (others.length) {
        steps.push(stepForm('merge-form', t('ticket.merge'), [field(t('ticket.mergeInto'), select('into', others.map((o) => [o.id,
          t('ticket.mergeTarget', { category: code('tcat', o.category), time: formatDateTime(o.openedAt), count: o.contactsCount })]), others[0].id),
        t('ticket.mergeHint'))], (d) => act(`tickets/${id}/merge`, { into: d.get('into') }, t('ticket.merged')), ''));
      }
    }
    if (handler && tk.status === 'merged') {
      steps.push(h('div', { class: 'step' }, notice('info', t('ticket.mergedInto')),
        h('a', { class: 'btn', href: `#/staff/tickets/${tk.mergedInto}` }, t('ticket.openMerged')), ' ',
        button(t('ticket.unmerge'), () => act(`tickets/${id}/unmerge`, undefined, t('ticket.unmerged'), false), { id: 'ticket-unmerge' })));
    }
    const callbacks = view.callbacks.length ? dataTable([t('ticket.callbackDue'), t('ticket.callbackNote'), t('ticket.status'), ''],
      view.callbacks.map((cb) => ({ cells: [formatDateTime(cb.dueAt), cb.note || '', code('cbstatus', cb.status),
        cb.status === 'scheduled' && handler ? button(t('callbacks.done'), () => act(`callbacks/${cb.id}/done`, undefined, t('callbacks.doneDone'), false), { class: 'btn small' }) : ''] })),
      { id: 'ticket-callbacks' }) : h('p', { class: 'hint' }, t('ticket.noCallbacks'));
    fill(body, 
      definitionList([
        [t('ticket.category'), [code('tcat', tk.category), ' ', h('span', { class: 'hint' }, code('urgency', tk.urgency))]],
        [t('ticket.status'), h('strong', { id: 'ticket-status' }, code('tstatus', tk.status))],
        [t('ticket.address'), asyncText(address(tk))],
        [t('ticket.owner'), asyncText(owner(tk.level, tk.levelCode), { id: 'ticket-owner' })],
        [t('ticket.contactsCount'), h('span', { id: 'ticket-contacts-count' }, String(tk.contactsCount))],
        [t('ticket.openedAtLabel'), formatDateTime(tk.openedAt)],
        live && !tk.firstResponseAt ? [t('ticket.firstResponseDue'), formatDateTime(tk.firstResponseDue)] : null,
        live ? [t('ticket.resolveDue'), [formatDateTime(tk.resolveDue), overdue(tk) ? h('span', { class: 'badge warn' }, t('ticket.overdue')) : null]] : null,
        tk.claimedBy ? [t('ticket.claimedBy'), tk.claimedBy === user.username ? t('ticket.claimedByMe') : t('ticket.claimed')] : null,
        view.resolution ? [t('ticket.resolution'), view.resolution] : null,
        view.followUp ? [t('ticket.rating'), t(`rating.${view.followUp.rating}`)] : null,
        (view.links || []).length ? [t('ticket.links'), h('ul', { class: 'plain', id: 'ticket-links' }, view.links.map((l) =>
          h('li', {}, code('tlink', l.kind), ' ', h('span', { class: 'hint' }, code('tlinkhow', l.how), ' ', formatDateTime(l.at)))))] : null,
      ]),
      h('h3', {}, t('ticket.contactsTitle')), contactsList(view.contacts),
      view.textMasked && has(user, REVEALERS) ? button(t('ticket.reveal'), () => { reveal = true; load().catch((e) => result.replaceChildren(errorNotice(e))); },
        { id: 'ticket-reveal' }) : null,
      view.textMasked && has(user, REVEALERS) ? h('p', { class: 'hint' }, t('ticket.revealHint')) : null,
      h('h3', {}, t('ticket.callbacksTitle')), callbacks,
      h('h3', {}, t('timeline.title')), timelineOf(view),
      steps.length ? [h('h3', {}, t('ticket.steps')), result, h('div', { class: 'steps' }, steps)] : result);
    return body;
  };
  return page(t('ticket.one'), section(t('ticket.one'), load, { id: 'ticket-detail' }),
    h('p', {}, h('a', { href: '#/staff/tickets' }, t('ticket.backToQueue'))));
}

// ---- staff: the callback queue ---------------------------------------------------------------------------

async function callbacks() {
  const body = h('div');
  const load = async () => {
    const list = await get('/api/hotline/callbacks?limit=200');
    if (!list.length) {
      fill(body, h('p', { id: 'callbacks-empty' }, t('callbacks.none')));
      return body;
    }
    fill(body, dataTable([t('ticket.callbackDue'), t('ticket.callbackNote'), t('ticket.one'), ''],
      list.map((cb) => ({ attrs: { class: new Date(cb.dueAt) < new Date() ? 'overdue' : '' }, cells: [formatDateTime(cb.dueAt), cb.note || '',
        h('a', { href: `#/staff/tickets/${cb.ticketId}` }, t('callbacks.openTicket')),
        button(t('callbacks.done'), async (event) => {
          event.target.disabled = true;
          try {
            await post(`/api/hotline/callbacks/${cb.id}/done`);
            await load();
          } catch (e) {
            body.prepend(errorNotice(e));
            event.target.disabled = false;
          }
        }, { class: 'btn small' })] })), { id: 'callback-list' }));
    return body;
  };
  return page(t('callbacks.title'), section(t('callbacks.queue'), load, { id: 'callbacks' }));
}

export const hotlineRoutes = {
  '/tickets': myTickets,
  '/tickets/:id': myTicket,
  '/staff/tickets': queue,
  '/staff/tickets/:id': staffTicket,
  '/staff/callbacks': callbacks,
};
