// Sign-in with Keycloak: authorization code + PKCE (S256) against the public client lifeline-portal.
// Tokens live in this module's memory only (never in localStorage or sessionStorage); during the redirect
// to Keycloak only the PKCE verifier, the state and the page to come back to are kept in sessionStorage.
// A reload signs in again through Keycloak's own session cookie (no password asked while it lasts).
const FLOW = 'lifeline.auth.flow';
const SIGNED_IN = 'lifeline.auth.signedIn';
let config;
let tokens = null; // {access, refresh, idToken, expiresAt, refreshExpiresAt}
let refreshing = null;
let expiredListener = () => {};

function b64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(size = 32) {
  return b64url(crypto.getRandomValues(new Uint8Array(size)));
}

export function decodeJwt(token) {
  const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const json = decodeURIComponent(Array.from(atob(part), (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''));
  return JSON.parse(json);
}

export async function init() {
  const response = await fetch('/portal-config.json', { cache: 'no-cache' });
  config = await response.json();
  const params = new URLSearchParams(location.search);
  if (params.has('code') || params.has('error')) {
    return finishSignIn(params);
  }
  return false;
}

function endpoint(name) {
  return `${config.authUrl}/protocol/openid-connect/${name}`;
}

function redirectUri() {
  return `${location.origin}/`;
}

/** Goes to Keycloak's login page; comes back to the current page. */
export async function signIn(locale) {
  const verifier = randomString(48);
  const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const state = randomString(16);
  sessionStorage.setItem(FLOW, JSON.stringify({ verifier, state, back: location.hash || '#/' }));
  const url = new URL(endpoint('auth'));
  url.search = new URLSearchParams({
    client_id: config.clientId, response_type: 'code', scope: 'openid', redirect_uri: redirectUri(),
    state, code_challenge: challenge, code_challenge_method: 'S256', ui_locales: locale,
  }).toString();
  location.assign(url.toString());
}

async function finishSignIn(params) {
  const flow = JSON.parse(sessionStorage.getItem(FLOW) || 'null');
  sessionStorage.removeItem(FLOW);
  history.replaceState(null, '', `/${flow?.back || '#/'}`);
  if (!flow || params.get('state') !== flow.state || params.has('error')) {
    return false;
  }
  const response = await fetch(endpoint('token'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', client_id: config.clientId, code: params.get('code'),
      redirect_uri: redirectUri(), code_verifier: flow.verifier,
    }),
  });
  if (!response.ok) {
    return false;
  }
  keep(await response.json());
  sessionStorage.setItem(SIGNED_IN, '1');
  return true;
}

function keep(answer) {
  const now = Date.now();
  tokens = {
    access: answer.access_token,
    refresh: answer.refresh_token,
    idToken: answer.id_token || tokens?.idToken,
    expiresAt: now + (answer.expires_in || 300) * 1000,
    refreshExpiresAt: now + (answer.refresh_expires_in || 0) * 1000,
  };
}

/** Was this tab signed in before a reload? Then Keycloak's session signs it in again without a password. */
export function wasSignedIn() {
  return sessionStorage.getItem(SIGNED_IN) === '1';
}

export function isSignedIn() {
  return tokens !== null;
}

export function onExpired(listener) {
  expiredListener = listener;
}

/** The access token, refreshed first when it has less than 30 s left; null when the session is over. */
export async function accessToken() {
  if (!tokens) {
    return null;
  }
  if (Date.now() < tokens.expiresAt - 30000) {
    return tokens.access;
  }
  return (await refresh()) ? tokens.access : null;
}

/** Uses the refresh token; on failure the session is over (the UI says so and offers to sign in again). */
export async function refresh() {
  if (!tokens?.refresh) {
    expire();
    return false;
  }
  if (!refreshing) {
    refreshing = (async () => {
      try {
        const response = await fetch(endpoint('token'), {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: 'refresh_token', client_id: config.clientId, refresh_token: tokens.refresh }),
        });
        if (!response.ok) {
          expire();
          return false;
        }
        keep(await response.json());
        return true;
      } catch (e) {
        return false; // offline: keep the tokens, the caller's request fails as a network error
      } finally {
        refreshing = null;
      }
    })();
  }
  return refreshing;
}

function expire() {
  tokens = null;
  sessionStorage.removeItem(SIGNED_IN);
  expiredListener();
}

/** The signed-in user: name, roles, areas, household code (from the access token's claims). */
export function user() {
  if (!tokens) {
    return null;
  }
  const claims = decodeJwt(tokens.access);
  return {
    subject: claims.sub,
    username: claims.preferred_username,
    name: claims.name || claims.preferred_username,
    roles: claims.realm_access?.roles || [],
    areas: claims.areas || [],
    household: claims.household || null,
  };
}

/** Ends the Keycloak session too, then comes back to the portal's start page. */
export function signOut() {
  const idToken = tokens?.idToken;
  tokens = null;
  sessionStorage.removeItem(SIGNED_IN);
  const url = new URL(endpoint('logout'));
  const params = { client_id: config.clientId, post_logout_redirect_uri: redirectUri() };
  if (idToken) {
    params.id_token_hint = idToken;
  }
  url.search = new URLSearchParams(params).toString();
  location.assign(url.toString());
}
