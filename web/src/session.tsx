/**
 * Who is logged in. The session itself is the server's HttpOnly cookie; the app only keeps the
 * answer of `GET /auth/me` to decide what to show. Hiding a page is a courtesy — the API refuses
 * on its own.
 */
import { createContext, useContext } from 'react';
import type { Me, Right } from './api/types.ts';

export interface Session {
  me: Me;
  logout(): Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

/**
 * The logged-in principal (pages are only rendered inside a session).
 *
 * @example
 * const { me } = useSession();
 */
export function useSession(): Session {
  const s = useContext(SessionContext);
  if (s === null) throw new Error('useSession outside a session');
  return s;
}

/**
 * Whether the principal holds a right.
 *
 * @example
 * if (hasRight(me, 'investigate')) showCases();
 */
export function hasRight(me: Me, right: Right): boolean {
  return me.rights.includes(right);
}
