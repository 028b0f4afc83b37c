/**
 * The pages of the navigation and the right each needs. The same list guards the routes in
 * app.tsx, so a page hidden from the menu cannot be reached by typing its URL either.
 */
import type { Right } from './api/types.ts';

export interface NavItem {
  to: string;
  label: string;
  right?: Right;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/', label: 'nav.overview' },
  { to: '/alerts', label: 'nav.alerts', right: 'investigate' },
  { to: '/trace', label: 'nav.trace', right: 'investigate' },
  { to: '/complaints', label: 'nav.complaints', right: 'investigate' },
  { to: '/cases', label: 'nav.cases', right: 'investigate' },
  { to: '/canaries', label: 'nav.canaries', right: 'investigate' },
  { to: '/customers', label: 'nav.customers', right: 'read' },
  { to: '/audit', label: 'nav.audit', right: 'audit:read' },
  { to: '/posts', label: 'nav.posts', right: 'posts:classify' },
];
