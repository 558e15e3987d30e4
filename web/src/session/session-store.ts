/**
 * The staff session: the token lives in memory and in this tab's sessionStorage (so a reload keeps
 * it, and closing the tab forgets it), never in a URL, a cookie or localStorage. Signing out, an
 * answer of 401, or the token's own expiry clears it; the router then leads to /signin.
 */
export interface SessionUser {
  id: string;
  email: string;
  role: 'owner' | 'admin' | 'manager' | 'agent' | 'viewer';
  name: string;
}

export interface Session {
  token: string;
  tenantSlug: string;
  user: SessionUser;
  /** Milliseconds since the epoch at which the token stops working (its `exp`). */
  expiresAt: number;
}

const STORED = 'dossier.session';
let current: Session | null = readStored();
let expiryTimer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<() => void>();

function readStored(): Session | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(STORED) ?? 'null') as Session | null;
    return stored && stored.expiresAt > Date.now() ? stored : null;
  } catch {
    return null;
  }
}

const changed = () => {
  clearTimeout(expiryTimer);
  // setTimeout holds at most 2^31-1 ms; a token lives an hour.
  if (current) expiryTimer = setTimeout(() => endSession(), Math.min(current.expiresAt - Date.now(), 2 ** 31 - 1));
  for (const listener of listeners) listener();
};

/** When a session token stops working: its `exp` claim (a JWT's payload is readable, not secret). */
export const tokenExpiry = (token: string): number => {
  try {
    const payload = token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
    const { exp } = JSON.parse(atob(payload)) as { exp?: number };
    if (typeof exp === 'number') return exp * 1000;
  } catch {
    // Not a JWT we can read: trust the API's 401 alone.
  }
  return Number.MAX_SAFE_INTEGER;
};

export const currentSession = (): Session | null => current;

export const startSession = (session: Session): void => {
  current = session;
  sessionStorage.setItem(STORED, JSON.stringify(session));
  changed();
};

export const endSession = (): void => {
  current = null;
  sessionStorage.removeItem(STORED);
  changed();
};

export const subscribeToSession = (listener: () => void): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

if (current) changed();
