// The staff console: door-to-door survey (kept and retried when a submit fails), care list, untested list and
// coverage per building as a chart, delivery board, escalations, register import with progress and error
// report, emergency mode of my areas.
import { ApiError, get, post, put } from './api.js';
import { accessToken } from './auth.js';
import { code, currentLang, formatDateTime, t } from './i18n.js';
import { dataTable, definitionList, errorNotice, field, h, notice, section, select, submitting } from './ui.js';
import { queue } from './queue.js';
import { LOOKUP } from './hotline.js';

const SYMPTOMS = ['fever', 'cough', 'sore-throat', 'breathing-difficulty', 'fatigue', 'other'];

function page(title, ...content) {
  return h('div', { class: 'page' }, h('h1', {}, title), ...content);
}

function dashboard(params, user) {
  const tiles = [['#/staff/lookup', 'nav.lookup', 'staff.lookupText'], ['#/staff/survey', 'nav.survey', 'staff.surveyText'], ['#/staff/care', 'nav.care', 'staff.careText'],
    ['#/staff/coverage', 'nav.coverage', 'staff.coverageText'], ['#/staff/deliveries', 'nav.deliveries', 'staff.deliveriesText'],
    ['#/staff/escalations', 'nav.escalations', 'staff.escalationsText'], ['#/staff/import', 'nav.import', 'staff.importText'],
    ['#/staff/mode', 'nav.mode', 'staff.modeText'], ['#/staff/tickets', 'nav.ticketQueue', 'staff.ticketsText'],
    ['#/staff/callbacks', 'nav.callbacks', 'staff.callbacksText']];
  return page(t('staff.title'),
    h('p', {}, t('staff.hello', { name: user.name, areas: user.areas.join(t('list.separator')) || '—' })),
    h('ul', { class: 'tiles' }, tiles.filter(([href]) => href !== '#/staff/lookup' || user.roles.some((r) => LOOKUP.includes(r))).map(([href, title, text]) => h('li', {}, h('a', { href, class: 'tile' }, h('strong', {}, t(title)), h('span', {}, t(text)))))));
}

// ---- door-to-door survey -------------------------------------------------------------------------------

function visitForm(round, households, onSaved) {
  const visited = h('fieldset', { class: 'checks two' }, h('legend', {}, t('survey.visited')),
    h('label', { class: 'check' }, h('input', { type: 'radio', name: 'visited', value: 'true', checked: true }), t('survey.yes')),
    h('label', { class: 'check' }, h('input', { type: 'radio', name: 'visited', value: 'false' }), t('survey.no')));
  const reason = field(t('survey.reason'), select('notVisitedReason', [['', t('survey.reasonPick')],
    ...['nobody-home', 'refused', 'other'].map((r) => [r, code('notVisited', r)])], ''));
  const symptoms = h('fieldset', { class: 'checks two' }, h('legend', {}, t('survey.symptoms')),
    SYMPTOMS.map((s) => h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'symptoms', value: s }), code('symptom', s))));
  const form = h('form', { class: 'form', id: 'survey-form' },
    field(t('survey.household'), select('householdId', households.map((x) => [x.householdId, x.code]), households[0]?.householdId)),
    visited, reason, symptoms,
    h('fieldset', { class: 'checks two' }, h('legend', {}, t('survey.needs')),
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'oxygen' }), t('survey.oxygen')),
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'wheelchair' }), t('survey.wheelchair')),
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'chemotherapy' }), t('survey.chemotherapy'))),
    field(t('survey.medication'), h('input', { name: 'dailyMedication', maxlength: 500 })),
    field(t('survey.phone'), h('input', { name: 'contactPhone', type: 'tel', inputmode: 'tel' })),
    field(t('survey.supplies'), h('textarea', { name: 'suppliesNeeds', rows: 2, maxlength: 1000 })),
    h('button', { type: 'submit', class: 'btn primary big' }, t('survey.submit')));
  // the reason only matters for a closed door: shown only then
  const showReason = () => { reason.hidden = form.querySelector('input[name=visited]:checked')?.value !== 'false'; };
  visited.addEventListener('change', showReason);
  showReason();
  submitting(form, async (data, out) => {
    const isVisited = data.get('visited') === 'true';
    const body = { householdId: data.get('householdId'), visited: isVisited };
    if (!isVisited) {
      body.notVisitedReason = data.get('notVisitedReason') || null;
    }
    const symptomsPicked = data.getAll('symptoms');
    if (symptomsPicked.length) {
      body.symptoms = symptomsPicked;
    }
    if (data.get('contactPhone')) {
      body.contactPhone = data.get('contactPhone').trim();
    }
    if (data.get('suppliesNeeds')) {
      body.suppliesNeeds = data.get('suppliesNeeds');
    }
    if (data.get('oxygen') || data.get('wheelchair') || data.get('chemotherapy') || data.get('dailyMedication')) {
      body.specialNeeds = { oxygen: !!data.get('oxygen'), wheelchair: !!data.get('wheelchair'), chemotherapy: !!data.get('chemotherapy'),
        dailyMedication: data.get('dailyMedication') || null };
    }
    const label = households.find((x) => x.householdId === body.householdId)?.code;
    const outcome = await queue.send(`/api/residents/surveys/${round.id}/visits`, body, label);
    out.replaceChildren(outcome.sent
      ? notice('ok', h('p', { id: 'survey-sent' }, t('survey.sent', { household: label })))
      : notice('warn', h('p', { id: 'survey-kept' }, t('survey.kept', { household: label })), h('p', {}, outcome.error.human)));
    if (outcome.sent) {
      form.reset();
      showReason();
      onSaved();
    }
  });
  return form;
}

async function survey() {
  const progress = h('div', { id: 'survey-progress' });
  const content = h('div');
  const rounds = await get('/api/residents/surveys?size=20').catch((e) => e);
  if (rounds instanceof ApiError) {
    return page(t('survey.title'), errorNotice(rounds));
  }
  const open = rounds.items.filter((r) => !r.closedAt);
  if (!open.length) {
    return page(t('survey.title'), notice('info', t('survey.noRound')));
  }
  const picker = select('round', open.map((r) => [r.id, t('format.withCode', { name: r.title, code: r.areaCode })]), open[0].id);
  const showProgress = async (round) => {
    try {
      const p = await get(`/api/residents/surveys/${round.id}/progress`);
      progress.replaceChildren(h('p', {}, t('survey.progress', { visited: p.visited, total: p.total, attempted: p.attemptedNotVisited })),
        h('progress', { max: p.total || 1, value: p.visited, 'aria-label': t('survey.progressLabel') }));
    } catch (e) {
      progress.replaceChildren(errorNotice(e));
    }
  };
  const load = async () => {
    const round = open.find((r) => r.id === picker.value);
    content.replaceChildren(h('p', { class: 'loading' }, t('app.loading')));
    showProgress(round);
    try {
      const unvisited = await get(`/api/residents/surveys/${round.id}/unvisited?size=200`);
      content.replaceChildren(unvisited.items.length ? visitForm(round, unvisited.items, () => { showProgress(round); })
        : notice('ok', t('survey.allDone')));
    } catch (e) {
      content.replaceChildren(errorNotice(e));
    }
  };
  picker.addEventListener('change', load);
  load();
  const failed = queue.failedEntries();
  return page(t('survey.title'),
    h('section', { class: 'card' }, field(t('survey.round'), picker), progress,
      h('p', { class: 'hint' }, t('survey.offlineHint'))),
    failed.length ? notice('error', h('p', {}, t('queue.failedList')), h('ul', {}, failed.map((f) => h('li', {}, t('format.labelValue', { label: f.label, value: f.failed }), ' ',
      h('button', { type: 'button', class: 'btn small', onclick: () => { queue.discard(f.key); location.reload(); } }, t('queue.discard')))))) : null,
    h('section', { class: 'card' }, h('h2', {}, t('survey.visit')), content));
}

// ---- care list -------------------------------------------------------------------------------------------

async function care() {
  return page(t('care.title'), section(t('care.title'), async () => {
    const list = await get('/api/residents/care-list?size=100');
    if (!list.items.length) {
      return h('p', {}, t('care.none'));
    }
    return dataTable([t('person.name'), t('person.birthYear'), t('household.code'), t('person.flags'), t('care.lastContact')],
      list.items.map((e) => ({ attrs: { class: e.overdue ? 'overdue' : '' }, classes: [null, null, 'mono', null, null], cells: [
        [e.name, e.overdue ? h('span', { class: 'badge warn' }, t('care.overdue')) : null], e.birthYear, e.householdCode,
        (e.flags || []).map((f) => code('flag', f)).join(t('list.separator')),
        e.lastContact ? t('format.labelValue', { label: formatDateTime(e.lastContact.at || e.lastContact.contactedAt), value: code('outcome', e.lastContact.outcome) }) : t('care.never')] })),
      { id: 'care-list' });
  }, { id: 'care' }));
}

// ---- coverage and untested -------------------------------------------------------------------------------

function coverageChart(coverage) {
  const rows = coverage.buildings;
  const width = 640;
  const bar = 26;
  const height = rows.length * (bar + 10) + 10;
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('class', 'chart');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', 'coverage-caption');
  rows.forEach((b, i) => {
    const y = 10 + i * (bar + 10);
    const pct = b.counts.expected ? b.counts.tested / b.counts.expected : 0;
    const add = (tag, attrs, text) => {
      const el = document.createElementNS(ns, tag);
      Object.entries(attrs).forEach(([k, v]) => el.setAttribute(k, v));
      if (text !== undefined) {
        el.textContent = text;
      }
      svg.appendChild(el);
    };
    add('text', { x: 0, y: y + bar * 0.7, class: 'label' }, b.buildingName || b.buildingCode);
    add('rect', { x: 140, y, width: 380, height: bar, class: 'track' });
    add('rect', { x: 140, y, width: Math.round(380 * pct), height: bar, class: pct >= 1 ? 'done' : 'fill' });
    add('text', { x: 530, y: y + bar * 0.7, class: 'value' }, `${b.counts.tested}/${b.counts.expected}`);
  });
  return h('figure', {}, svg, h('figcaption', { id: 'coverage-caption' }, t('coverage.caption')));
}

async function coverage() {
  const body = h('div');
  const campaigns = await get('/api/testing/campaigns?size=50').catch((e) => e);
  if (campaigns instanceof ApiError) {
    return page(t('coverage.title'), errorNotice(campaigns));
  }
  const items = campaigns.items || campaigns;
  if (!items.length) {
    return page(t('coverage.title'), notice('info', t('coverage.none')));
  }
  const picker = select('campaign', items.map((c) => [c.id, t('format.withCode', { name: c.title, code: c.testDate })]), items[0].id);
  const load = () => body.replaceChildren(
    section(t('coverage.perBuilding'), async () => {
      const c = await get(`/api/testing/campaigns/${picker.value}/coverage`);
      return [h('p', {}, t('coverage.total', { tested: c.total.tested, expected: c.total.expected, untested: c.total.untested })),
        coverageChart(c),
        dataTable([t('coverage.building'), t('coverage.tested'), t('coverage.untested')],
          c.buildings.map((b) => ({ cells: [b.buildingName || b.buildingCode, b.counts.tested, b.counts.untested] })))];
    }, { id: 'coverage-chart' }),
    section(t('coverage.untestedList'), async () => {
      const u = await get(`/api/testing/campaigns/${picker.value}/untested?size=30`);
      if (!u.items.length) {
        return h('p', {}, t('coverage.allTested'));
      }
      return [h('p', {}, t('coverage.showing', { shown: u.items.length, total: u.totalItems })),
        h('ul', { class: 'plain', id: 'untested' }, u.items.map((p) => h('li', {}, p.name, ' ', h('span', { class: 'mono hint' }, p.householdCode),
          p.atHome ? h('span', { class: 'badge' }, t('coverage.atHome')) : null)))];
    }, { id: 'untested-list' }));
  picker.addEventListener('change', load);
  load();
  return page(t('coverage.title'), h('section', { class: 'card' }, field(t('coverage.campaign'), picker)), body);
}

// ---- delivery board --------------------------------------------------------------------------------------

async function deliveries() {
  const columns = ['waiting', 'allocated', 'confirmed', 'at-gate', 'out-for-delivery', 'delivered'];
  return page(t('deliveries.title'), h('div', { class: 'board' }, columns.map((status) => section(code('order', status), async () => {
    const list = await get(`/api/supplies/orders?status=${status}&size=50`);
    if (!list.items.length) {
      return h('p', { class: 'hint' }, t('deliveries.empty'));
    }
    return h('ul', { class: 'plain' }, list.items.map((o) => h('li', {}, h('span', { class: 'mono' }, o.householdCode), ' ',
      `${code('item', o.itemCode)} × ${o.quantity}`)));
  }, { level: 2 }))));
}

// ---- escalations -----------------------------------------------------------------------------------------

async function escalations(params, user) {
  return page(t('escalations.title'), section(t('escalations.open'), async () => {
    const list = await get('/api/medical/requests?open=true&size=100');
    if (!list.items.length) {
      return h('p', {}, t('escalations.none'));
    }
    return h('ul', { class: 'cards', id: 'escalation-list' }, list.items.map((r) => {
      const mine = user.areas.includes(r.levelCode);
      return h('li', { class: mine ? 'mine' : '' },
        h('strong', {}, code('category', r.category)), ' ', h('span', { class: `badge sev-${r.severity}` }, code('severity', r.severity)), ' ',
        h('span', { class: 'badge' }, code('mstatus', r.status)),
        h('div', {}, t('escalations.level', { level: code('level', r.level), code: r.levelCode || '' }), mine ? h('strong', {}, ` · ${t('escalations.mine')}`) : null),
        r.nextDeadline ? h('div', { class: 'hint' }, t('medical.deadline', { stage: code('stage', r.nextDeadline.stage), time: formatDateTime(r.nextDeadline.dueAt) })) : null,
        h('div', { class: 'mono hint' }, r.householdCode));
    }));
  }, { id: 'escalations' }));
}

// ---- register import -------------------------------------------------------------------------------------

function upload(file, onProgress) {
  return accessToken().then((token) => new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/residents/imports');
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Accept-Language', currentLang());
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) { onProgress(Math.round((e.loaded / e.total) * 100)); } };
    xhr.onload = () => {
      let data = null;
      try {
        data = JSON.parse(xhr.responseText);
      } catch (e) {
        data = null;
      }
      return xhr.status >= 200 && xhr.status < 300 ? resolve(data) : reject(new ApiError(xhr.status, data));
    };
    xhr.onerror = () => reject(new ApiError(0, null, true));
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  }));
}

async function importPage() {
  const bar = h('progress', { max: 100, value: 0, id: 'import-progress', 'aria-label': t('import.progress') });
  const state = h('p', { id: 'import-state', role: 'status' });
  const report = h('div', { id: 'import-report' });
  const form = h('form', { class: 'form' },
    field(t('import.file'), h('input', { type: 'file', name: 'file', accept: '.csv,.xlsx', required: true }), t('import.hint')),
    h('button', { type: 'submit', class: 'btn primary' }, t('import.start')), bar, state, report);
  submitting(form, async (data) => {
    report.replaceChildren();
    state.textContent = t('import.uploading');
    const job = await upload(data.get('file'), (pct) => { bar.value = pct; state.textContent = t('import.uploadingPct', { pct }); });
    let current = job;
    while (current.status === 'queued' || current.status === 'running') {
      bar.value = current.percent || 0;
      state.textContent = t('import.running', { phase: code('phase', current.phase), pct: current.percent || 0 });
      await new Promise((r) => { setTimeout(r, 1000); });
      current = await get(`/api/residents/imports/${job.id}`);
    }
    bar.value = 100;
    state.textContent = current.status === 'done'
      ? t('import.done', { accepted: current.rowsAccepted, rejected: current.rowsRejected })
      : t('import.failed', { reason: current.failure || '' });
    if (current.rowsRejected > 0) {
      const errors = await get(`/api/residents/imports/${job.id}/errors?size=100`);
      const download = h('button', { type: 'button', class: 'btn', onclick: async () => {
        const token = await accessToken();
        const response = await fetch(`/api/residents/imports/${job.id}/errors.csv`, { headers: { Authorization: `Bearer ${token}`, 'Accept-Language': currentLang() } });
        const url = URL.createObjectURL(await response.blob());
        h('a', { href: url, download: `import-errors-${job.id}.csv` }).click();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
      } }, t('import.report'));
      report.replaceChildren(h('h3', {}, t('import.errors')), dataTable([t('import.line'), t('import.field'), t('import.message')],
        errors.items.map((e) => ({ cells: [e.line, e.field, e.message] }))), download);
    }
  });
  return page(t('import.title'), h('section', { class: 'card' }, form));
}

// ---- emergency mode --------------------------------------------------------------------------------------

async function mode(params, user) {
  if (!user.areas.length) {
    return page(t('mode.title'), notice('info', t('mode.noArea')));
  }
  return page(t('mode.title'), ...user.areas.map((area) => section(t('mode.area', { area }), async () => {
    const m = await get(`/api/cogovernance/areas/${area}/mode`);
    const next = { normal: ['emergency'], emergency: ['recovery'], recovery: ['normal', 'emergency'] }[m.mode] || [];
    const form = h('form', { class: 'form' },
      field(t('mode.next'), select('mode', next.map((x) => [x, code('mode', x)]), next[0])),
      field(t('mode.reason'), h('input', { name: 'reason', required: true, maxlength: 500 })),
      h('button', { type: 'submit', class: 'btn danger' }, t('mode.change')));
    submitting(form, async (data, out) => {
      const changed = await put(`/api/cogovernance/areas/${area}/mode`, { mode: data.get('mode'), reason: data.get('reason') });
      out.replaceChildren(notice('ok', t('mode.changed', { mode: code('mode', changed.mode || data.get('mode')) })));
    });
    return [definitionList([[t('mode.current'), h('strong', { class: `mode-${m.mode}` }, code('mode', m.mode))],
      m.reason ? [t('mode.reason'), m.reason] : null, m.changedAt ? [t('mode.since'), formatDateTime(m.changedAt)] : null]),
    user.roles.some((r) => ['community-staff', 'street-officer', 'district-officer', 'platform-admin'].includes(r)) ? form : null];
  })));
}

export const staffRoutes = {
  '/staff': dashboard,
  '/staff/survey': survey,
  '/staff/care': care,
  '/staff/coverage': coverage,
  '/staff/deliveries': deliveries,
  '/staff/escalations': escalations,
  '/staff/import': importPage,
  '/staff/mode': mode,
};
