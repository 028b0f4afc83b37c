/**
 * Terminal column widths: East Asian wide and full-width characters take two cells, so padding
 * by string length would misalign tables of Chinese text.
 */

/** True for code points a terminal draws two cells wide (East Asian Wide/Fullwidth, emoji). */
function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/**
 * Cells a string takes on a terminal.
 *
 * @example
 * displayWidth('张伟 ab') // 7
 */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += isWide(ch.codePointAt(0)!) ? 2 : 1;
  return w;
}

/**
 * Pads with spaces to `width` terminal cells (never truncates).
 *
 * @example
 * padCells('张伟', 6) // '张伟  '
 */
export function padCells(s: string, width: number): string {
  const w = displayWidth(s);
  return w >= width ? s : s + ' '.repeat(width - w);
}
