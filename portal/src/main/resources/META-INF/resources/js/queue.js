// The survey's outbox on the device: a visit whose submit fails for a reason that may pass (no network, the
// service unavailable or busy, the session over) is kept in localStorage with its Idempotency-Key and sent
// again when the browser is back online, every 20 s, and on "send now". The same key makes a retry that
// reached the server before count once. A refusal that will not pass (400, 403, 404, 422) is not kept: the
// form shows the API's message so the grid worker can correct it. Nothing is dropped silently.
//
// The outbox belongs to one user: it is kept under that user's subject (lifeline.survey.queue.<sub>), so on a
// shared phone another user neither sees nor sends it with their own token. Signing out clears it; with
// entries still waiting the portal first says so and offers to send them (see app.js). An expired session
// keeps it for the same user's next sign-in. A queue from before it had an owner cannot be given to anyone:
// it is removed at start.
import { api, ApiError } from './api.js';
import { isSignedIn, user } from './auth.js';
import { t } from './i18n.js';
import { h } from './ui.js';

const PREFIX = 'lifeline.survey.queue';
const listeners = new Set();
let timer = null;
let flushing = null;
let owner = null; // the subject of the user signed in in this tab; kept when the session expires

function storageKey() {
  const current = user();
  if (current) {
    owner = current.subject;
  }
  return owner ? `${PREFIX}.${owner}` : null;
}

function load() {
  const key = storageKey();
  if (!key) {
    return [];
  }
  try {
    return JSON.parse(localStorage.getItem(key) || '[]');
  } catch (e) {
    return [];
  }
}

function save(items) {
  const key = storageKey();
  if (!key) {
    return;
  }
  if (items.length) {
    localStorage.setItem(key, JSON.stringify(items));
  } else {
    localStorage.removeItem(key);
  }
  queue.render();
  listeners.forEach((l) => l(items.length));
}

function retryable(error) {
  return error instanceof ApiError && (error.network || error.status === 401 || error.status === 409
    || error.status === 429 || error.status >= 500);
}

export const queue = {
  size() {
    return load().length;
  },

  onChange(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },

  /**
   * Sends a write now; answers {sent: true, result} or {sent: false} when it was kept for later. Throws the
   * API's error when the server refused it for good.
   */
  async send(path, body, label) {
    const entry = { key: crypto.randomUUID(), path, body, label, savedAt: new Date().toISOString() };
    try {
      const result = await api('POST', path, body, { 'Idempotency-Key': entry.key });
      return { sent: true, result };
    } catch (error) {
      if (!retryable(error)) {
        throw error;
      }
      save([...load(), entry]);
      return { sent: false, error };
    }
  },

  /** Tries every kept write once, oldest first; stops at the first that still cannot go. */
  async flush() {
    if (flushing || !isSignedIn()) {
      return flushing;
    }
    flushing = (async () => {
      for (const entry of load()) {
        try {
          await api('POST', entry.path, entry.body, { 'Idempotency-Key': entry.key });
          save(load().filter((e) => e.key !== entry.key));
        } catch (error) {
          if (retryable(error)) {
            break;
          }
          // refused for good: keep it visible as failed rather than losing it
          save(load().map((e) => (e.key === entry.key ? { ...e, failed: error.human } : e)));
        }
      }
    })().finally(() => { flushing = null; });
    return flushing;
  },

  start() {
    localStorage.removeItem(PREFIX); // the shared queue of earlier versions: nobody's to send
    window.addEventListener('online', () => this.flush());
    if (!timer) {
      timer = setInterval(() => { if (this.size() > 0) { this.flush(); } }, 20000);
    }
    this.flush();
  },

  /** The footer's counter: how many visits wait to be sent, with a button to send them now. */
  render() {
    const el = document.getElementById('queue-status');
    if (!el) {
      return;
    }
    const items = load();
    const waiting = items.filter((e) => !e.failed).length;
    const failed = items.filter((e) => e.failed);
    if (items.length === 0) {
      el.replaceChildren();
      return;
    }
    el.replaceChildren(...[
      waiting ? h('span', { id: 'queue-count', class: 'queue' }, t('queue.waiting', { count: waiting })) : null,
      failed.length ? h('span', { class: 'queue failed' }, t('queue.failed', { count: failed.length })) : null,
      waiting ? h('button', { type: 'button', class: 'btn small', id: 'queue-send', onclick: () => this.flush() }, t('queue.sendNow')) : null,
    ].filter(Boolean));
  },

  failedEntries() {
    return load().filter((e) => e.failed);
  },

  discard(key) {
    save(load().filter((e) => e.key !== key));
  },

  /** At sign-out: this user's kept entries leave the device. */
  clear() {
    const key = storageKey();
    if (key) {
      localStorage.removeItem(key);
    }
    owner = null;
    queue.render();
  },
};
