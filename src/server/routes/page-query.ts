/**
 * Server-side paging shared by the list routes, with the conventions of `GET /alerts`:
 * `?page=` (1-based, default 1) and `?pageSize=` (default 50, at most 500 — a larger value is a
 * 400 from the schema, so one request can never ask the database for an unbounded list).
 * Paged answers carry `total` (rows matching the filters), `page` and `pageSize` next to the
 * route's own array key, which holds the one page.
 */

/** Largest page a client may ask for. */
export const MAX_PAGE_SIZE = 500;
/** Page size when the client does not say. */
export const DEFAULT_PAGE_SIZE = 50;

/** JSON-schema properties for the querystring (spread into the route's `properties`). */
export const PAGE_QUERY_PROPERTIES = {
  page: { type: 'integer', minimum: 1, default: 1, description: '1-based page number' },
  pageSize: {
    type: 'integer',
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    default: DEFAULT_PAGE_SIZE,
    description: `rows per page (at most ${MAX_PAGE_SIZE})`,
  },
} as const;

/** JSON-schema properties of the answer (spread into the 200 schema's `properties`). */
export const PAGE_RESPONSE_PROPERTIES = {
  total: { type: 'integer', description: 'rows matching the filters, over all pages' },
  page: { type: 'integer' },
  pageSize: { type: 'integer' },
} as const;

/** The paging part of a querystring. */
export interface PageQuery {
  page?: number;
  pageSize?: number;
}

/** One page as SQL wants it. */
export interface PageWindow {
  page: number;
  pageSize: number;
  /** Rows to skip: `(page - 1) * pageSize`. */
  offset: number;
}

/**
 * The page asked for, with the defaults applied and the size clamped (the schema already
 * refuses out-of-range values over HTTP; the clamp keeps direct callers within bounds too).
 *
 * @example
 * pageWindow({ page: 3, pageSize: 20 }) // { page: 3, pageSize: 20, offset: 40 }
 * pageWindow({}) // { page: 1, pageSize: 50, offset: 0 }
 */
export function pageWindow(q: PageQuery): PageWindow {
  const pageSize = Math.min(
    MAX_PAGE_SIZE,
    Math.max(1, Math.floor(q.pageSize ?? DEFAULT_PAGE_SIZE)),
  );
  const page = Math.max(1, Math.floor(q.page ?? 1));
  return { page, pageSize, offset: (page - 1) * pageSize };
}
