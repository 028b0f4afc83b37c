/**
 * Canonical standard base64 (RFC 4648 §4, with padding). Node's decoder skips stray characters
 * and accepts missing padding; a signed format must not, or two spellings of one value would both
 * pass and garbage around a hash would go unnoticed.
 */

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decodes canonical base64; returns undefined for anything else (wrong alphabet, missing padding,
 * non-zero padding bits).
 *
 * @example
 * decodeBase64Strict('AAE='); // <Buffer 00 01>
 * decodeBase64Strict('AAE');  // undefined
 */
export function decodeBase64Strict(text: string): Buffer | undefined {
  if (!BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  // Rejects non-canonical trailing bits (e.g. 'AAF=' decodes like 'AAE=').
  return bytes.toString('base64') === text ? bytes : undefined;
}
