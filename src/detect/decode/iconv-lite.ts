/**
 * iconv-lite, loaded on first use. Nearly every file is UTF-8, which the WHATWG TextDecoder
 * decodes; iconv-lite (GB18030, UTF-16) costs ~15–20 ms of CPU to load, which every
 * `piguard scan` process and scan worker paid at start for files it never needed it for.
 */
import { createRequire } from 'node:module';
import type * as Iconv from 'iconv-lite';

type IconvLite = typeof Iconv;

let loaded: IconvLite | undefined;

/**
 * The iconv-lite module, loaded (synchronously) the first time it is asked for.
 *
 * @example
 * iconvLite().decode(bytes, 'gb18030')
 */
export function iconvLite(): IconvLite {
  loaded ??= createRequire(import.meta.url)('iconv-lite') as IconvLite;
  return loaded;
}
