// Calls to the gateway. Every call sends the portal's language (the services answer problems in it) and the
// access token; an answer that is not 2xx becomes an ApiError carrying the problem's human title and detail.
import { accessToken, refresh } from './auth.js';
import { currentLang, t } from './i18n.js';

export class ApiError extends Error {
  constructor(status, problem, network = false) {
    super(problem?.detail || problem?.title || '');
    this.status = status;
    this.problem = problem || {};
    this.network = network;
  }

  /** What to tell the user: the problem's detail (or title) from the API, else a plain sentence of ours. */
  get human() {
    if (this.network) {
      return t('error.network');
    }
    if (this.status === 401) {
      return t('auth.expired');
    }
    return this.problem.detail || this.problem.title || t('error.status', { status: this.status });
  }

  get fieldErrors() {
    return Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }
}

/** One request; body is sent as JSON unless it is FormData. headers may add e.g. Idempotency-Key. */
export async function api(method, path, body, headers = {}) {
  const attempt = async () => {
    const token = await accessToken();
    const h = { Accept: 'application/json, application/problem+json', 'Accept-Language': currentLang(), ...headers };
    if (token) {
      h.Authorization = `Bearer ${token}`;
    }
    let payload;
    if (body instanceof FormData) {
      payload = body;
    } else if (body !== undefined) {
      h['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    try {
      return await fetch(path, { method, headers: h, body: payload });
    } catch (e) {
      throw new ApiError(0, null, true);
    }
  };
  let response = await attempt();
  if (response.status === 401 && (await refresh())) {
    response = await attempt();
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      data = text;
    }
  }
  if (!response.ok) {
    throw new ApiError(response.status, typeof data === 'object' ? data : null);
  }
  return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body, headers) => api('POST', path, body, headers);
export const put = (path, body, headers) => api('PUT', path, body, headers);

/** A fresh Idempotency-Key (a retried write with the same key is done once). */
export function newKey() {
  return crypto.randomUUID();
}
