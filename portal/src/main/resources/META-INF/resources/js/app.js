// The portal: boot, sign-in state, navigation by role, language and text size, the session-expired notice.
import * as auth from './auth.js';
import { applyI18n, currentLang, loadBundles, otherLang, setLang, t } from './i18n.js';
import { h, notice } from './ui.js';
import { residentRoutes } from './resident.js';
import { staffRoutes } from './staff.js';
import { HANDLERS, LOOKUP, hotlineRoutes } from './hotline.js';
import { lookupRoutes } from './lookup.js';
import { hospitalRoutes } from './hospital.js';
import { queue } from './queue.js';

const STAFF = ['grid-worker', 'community-staff', 'street-officer', 'district-officer', 'health-officer', 'platform-admin'];
/** Who sees the ticket queue (the hotline's handlers and grid workers); hotline operators see only the hotline's pages. */
const TICKET_QUEUE = [...HANDLERS, 'grid-worker'];
const SIZE = 'lifeline.largeText';

const routes = { ...residentRoutes, ...staffRoutes, ...hotlineRoutes, ...lookupRoutes, ...hospitalRoutes };

function isStaff(user) {
  return user && user.roles.some((r) => STAFF.includes(r));
}

function navLinks(user) {
  const links = [];
  if (user.roles.includes('resident')) {
    links.push(['#/', 'nav.home'], ['#/testing', 'nav.testing'], ['#/orders', 'nav.orders'], ['#/medical', 'nav.medical'],
      ['#/tickets', 'nav.tickets'], ['#/volunteer', 'nav.volunteer'], ['#/pass', 'nav.pass']);
  }
  if (user.roles.includes('volunteer')) {
    links.push(['#/volunteer', 'nav.volunteer'], ['#/pass', 'nav.pass']);
  }
  if (isStaff(user)) {
    links.push(['#/staff', 'nav.staff']);
  }
  if (user.roles.includes('hospital-staff')) {
    links.push(['#/hospital', 'nav.hospital']);
  }
  // finding the caller's household comes first for whoever answers the phone
  if (user.roles.some((r) => LOOKUP.includes(r))) {
    links.push(['#/staff/lookup', 'nav.lookup']);
  }
  if (isStaff(user)) {
    links.push(['#/staff/survey', 'nav.survey'], ['#/staff/care', 'nav.care'],
      ['#/staff/coverage', 'nav.coverage'], ['#/staff/deliveries', 'nav.deliveries'], ['#/staff/escalations', 'nav.escalations'],
      ['#/staff/import', 'nav.import'], ['#/staff/mode', 'nav.mode']);
  }
  if (user.roles.some((r) => TICKET_QUEUE.includes(r))) {
    links.push(['#/staff/tickets', 'nav.ticketQueue']);
  }
  if (user.roles.some((r) => HANDLERS.includes(r))) {
    links.push(['#/staff/callbacks', 'nav.callbacks']);
  }
  const seen = new Set();
  return links.filter(([href]) => !seen.has(href) && seen.add(href));
}

function renderChrome() {
  applyI18n();
  document.title = t('app.name');
  const langButton = document.getElementById('lang-toggle');
  langButton.textContent = t('app.switchTo');
  langButton.lang = otherLang();
  const user = auth.user();
  document.getElementById('sign-out').hidden = !user;
  const nav = document.getElementById('nav');
  nav.hidden = !user;
  nav.setAttribute('aria-label', t('nav.label'));
  if (user) {
    const current = location.hash || '#/';
    nav.replaceChildren(h('ul', {}, navLinks(user).map(([href, key]) => h('li', {},
      h('a', { href, 'aria-current': current === href ? 'page' : null }, t(key))))));
  }
  queue.render();
}

function match(hash) {
  const path = (hash || '#/').replace(/^#/, '') || '/';
  for (const [pattern, render] of Object.entries(routes)) {
    const names = [];
    const regex = new RegExp(`^${pattern.replace(/:(\w+)/g, (m, name) => { names.push(name); return '([^/]+)'; })}$`);
    const m = path.match(regex);
    if (m) {
      return { render, params: Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1])])) };
    }
  }
  return null;
}

let navigation = 0;

async function route() {
  navigation += 1;
  const mine = navigation;
  renderChrome();
  const main = document.getElementById('main');
  const user = auth.user();
  if (!user) {
    main.replaceChildren(welcome());
    return;
  }
  let hash = location.hash || '#/';
  if (hash === '#/' && !user.roles.includes('resident') && isStaff(user)) {
    hash = '#/staff';
  } else if (hash === '#/' && user.roles.includes('hospital-staff')) {
    hash = '#/hospital'; // a hospital's console is its admissions desk
  } else if (hash === '#/' && user.roles.includes('hotline-operator')) {
    hash = '#/staff/tickets'; // a hotline operator's console is the ticket queue
  }
  const found = match(hash);
  const page = found ? await found.render(found.params, user) : notice('warn', t('app.notFound'));
  if (mine !== navigation) {
    return; // the user went on to another page while this one loaded: never overwrite it
  }
  main.replaceChildren(page);
  const heading = main.querySelector('h1');
  if (heading) {
    document.title = `${heading.textContent} · ${t('app.name')}`;
  }
  main.focus({ preventScroll: true });
}

function welcome() {
  return h('div', { class: 'welcome' },
    h('h1', {}, t('welcome.title')),
    h('p', { class: 'lead' }, t('welcome.text')),
    h('button', { type: 'button', class: 'btn primary big', id: 'sign-in', onclick: () => auth.signIn(currentLang()) }, t('auth.signIn')),
    h('p', { class: 'hint' }, t('welcome.emergency')));
}

function sessionExpired() {
  const banner = document.getElementById('banner');
  banner.replaceChildren(notice('warn', h('p', { id: 'session-expired' }, t('auth.expired')),
    h('button', { type: 'button', class: 'btn primary', onclick: () => auth.signIn(currentLang()) }, t('auth.signInAgain'))));
  document.getElementById('sign-out').hidden = true;
}

/** Signs out; survey entries still on the device are named first, with the choice to send them or clear them. */
function signOut() {
  const pending = queue.size();
  if (pending === 0) {
    queue.clear();
    auth.signOut();
    return;
  }
  const banner = document.getElementById('banner');
  banner.replaceChildren(notice('warn', h('p', { id: 'sign-out-pending' }, t('queue.signOutPending', { count: pending })),
    h('button', { type: 'button', class: 'btn primary', id: 'sign-out-send',
      onclick: async () => { await queue.flush(); banner.replaceChildren(); if (queue.size() === 0) { signOut(); } } }, t('queue.sendNow')),
    h('button', { type: 'button', class: 'btn', id: 'sign-out-discard',
      onclick: () => { queue.clear(); auth.signOut(); } }, t('queue.discardAndSignOut')),
    h('button', { type: 'button', class: 'btn', id: 'sign-out-stay', onclick: () => banner.replaceChildren() }, t('queue.stay'))));
}

async function boot() {
  await loadBundles();
  setLang(currentLang());
  if (localStorage.getItem(SIZE) === '1') {
    document.documentElement.classList.add('large');
  }
  document.getElementById('lang-toggle').addEventListener('click', () => {
    setLang(otherLang());
    route();
  });
  const size = document.getElementById('size-toggle');
  size.setAttribute('aria-pressed', String(localStorage.getItem(SIZE) === '1'));
  size.addEventListener('click', () => {
    const large = document.documentElement.classList.toggle('large');
    localStorage.setItem(SIZE, large ? '1' : '0');
    size.setAttribute('aria-pressed', String(large));
  });
  document.getElementById('sign-out').addEventListener('click', signOut);
  auth.onExpired(sessionExpired);
  const signedIn = await auth.init();
  if (!signedIn && auth.wasSignedIn()) {
    auth.signIn(currentLang()); // reload: Keycloak's session cookie signs the tab in again
    return;
  }
  queue.start();
  window.addEventListener('hashchange', route);
  await route();
  document.body.dataset.ready = 'true';
}

boot();
