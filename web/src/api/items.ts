/**
 * Lists arrive either as `{items,total}` pages or as bare arrays; pages read both the same way.
 */
import type { Page } from './types.ts';

/**
 * @example
 * itemsOf({ items: [1], total: 9 }) // { items: [1], total: 9 }
 * itemsOf([1, 2]) // { items: [1, 2], total: 2 }
 */
export function itemsOf<T>(x: Page<T> | T[] | undefined | null): Page<T> {
  if (x === undefined || x === null) return { items: [], total: 0 };
  if (Array.isArray(x)) return { items: x, total: x.length };
  return { items: Array.isArray(x.items) ? x.items : [], total: x.total ?? 0 };
}
