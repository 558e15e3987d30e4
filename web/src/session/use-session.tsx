import { useSyncExternalStore, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { currentSession, subscribeToSession, type Session } from './session-store.ts';

export const useSession = (): Session | null => useSyncExternalStore(subscribeToSession, currentSession);

/** Where sign-in sends the user back to: the address they opened without a session. */
export interface ReturnTo {
  from?: string;
}

/** A screen for signed-in staff only: without a session, /signin, and back here after signing in. */
export const RequireSession = ({ children }: { children: ReactNode }) => {
  const session = useSession();
  const location = useLocation();
  if (!session) return <Navigate to="/signin" replace state={{ from: `${location.pathname}${location.search}` } satisfies ReturnTo} />;
  return children;
};
