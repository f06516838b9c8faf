// Message bundles (i18n/zh-CN.json, i18n/en.json). zh-CN is the default; the choice is kept on the device.
// Every user-facing string comes from a bundle: t('key', {name: value}) fills {name} placeholders.
const LANGS = ['zh-CN', 'en'];
const KEY = 'lifeline.lang';
let lang = LANGS.includes(localStorage.getItem(KEY)) ? localStorage.getItem(KEY) : 'zh-CN';
const bundles = {};

export async function loadBundles() {
  await Promise.all(LANGS.map(async (l) => {
    const response = await fetch(`/i18n/${l}.json`, { cache: 'no-cache' });
    bundles[l] = await response.json();
  }));
}

export function currentLang() {
  return lang;
}

export function otherLang() {
  return lang === 'zh-CN' ? 'en' : 'zh-CN';
}

export function setLang(next) {
  lang = LANGS.includes(next) ? next : 'zh-CN';
  localStorage.setItem(KEY, lang);
  document.documentElement.lang = lang;
}

/** The message for key in the current language (falls back to zh-CN, then the key itself). */
export function t(key, params = {}) {
  const text = bundles[lang]?.[key] ?? bundles['zh-CN']?.[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (params[name] === undefined || params[name] === null ? '' : String(params[name])));
}

/** Like t, but undefined when the bundle has no such key (for codes coming from the API). */
export function tOpt(key, params) {
  return bundles[lang]?.[key] === undefined ? undefined : t(key, params);
}

/** A code from the API shown in words when the bundle knows it (status.sealed), else the code itself. */
export function code(prefix, value) {
  if (value === null || value === undefined || value === '') {
    return '';
  }
  return tOpt(`${prefix}.${value}`) ?? String(value);
}

/** Fills elements marked data-i18n (text) and data-i18n-label (aria-label) under root. */
export function applyI18n(root = document) {
  root.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-label]').forEach((el) => { el.setAttribute('aria-label', t(el.dataset.i18nLabel)); });
}

export function formatDateTime(value) {
  if (!value) {
    return '';
  }
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));
}

export function formatDate(value) {
  if (!value) {
    return '';
  }
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium' }).format(new Date(value));
}

export function formatTime(value) {
  if (!value) {
    return '';
  }
  return new Intl.DateTimeFormat(lang, { timeStyle: 'short' }).format(new Date(value));
}
