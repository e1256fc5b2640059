import { useSyncExternalStore } from 'react';

/**
 * Whether the server took our session. It starts as "unknown" and becomes "signed-out" the first time an API call
 * answers 401 (no cookie, or a cookie from an older token); the app then shows the token form instead of the page.
 */
type SessionState = 'unknown' | 'signed-out';

let state: SessionState = 'unknown';
const listeners = new Set<() => void>();

export function markSignedOut(): void {
  if (state === 'signed-out') return;
  state = 'signed-out';
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSessionState(): SessionState {
  return useSyncExternalStore(subscribe, () => state);
}

/** The server sets the cookie when a page is opened with ?token= and redirects back to it without the token. */
export function signInWith(token: string): void {
  const url = new URL(window.location.href);
  url.searchParams.set('token', token.trim());
  window.location.assign(url.toString());
}
