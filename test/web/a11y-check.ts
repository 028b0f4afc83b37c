/**
 * A small axe-style accessibility check run inside the page (no network, no dependency): form
 * controls have labels, buttons and links have names, images have text alternatives, headings
 * start at one h1 and never skip a level going down, no positive tabindex, exactly one main
 * landmark, navigation landmarks are named when there are several, ids referenced by ARIA exist
 * and ids are unique, the document has a language, tables have captions or labels.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

/** One failed rule, with a short description of the element. */
export interface A11yViolation {
  rule: string;
  element: string;
}

const AUDIT_SOURCE = readFileSync(new URL('./a11y-audit.browser.js', import.meta.url), 'utf8');

async function install(page: Page): Promise<void> {
  await page.evaluate(AUDIT_SOURCE);
}

/**
 * Runs the checks on the page as it is now.
 *
 * @example
 * assert.deepEqual(await checkA11y(page), []);
 */
export async function checkA11y(page: Page): Promise<A11yViolation[]> {
  await install(page);
  return (await page.evaluate('window.__piguardA11y.audit()')) as A11yViolation[];
}

/**
 * Checks that Tab moves through the page's controls without getting stuck, reaches them all
 * (up to maxTabs), and that each focused element shows a visible focus indicator.
 *
 * @example
 * assert.deepEqual(await checkKeyboard(page), []);
 */
export async function checkKeyboard(page: Page, maxTabs = 60): Promise<A11yViolation[]> {
  await install(page);
  const out: A11yViolation[] = [];
  await page.evaluate('window.__piguardA11y.resetFocus()');
  const reached = new Set<string>();
  let withoutIndicator = 0;
  let exits = 0;
  let last = '';
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press('Tab');
    const info = (await page.evaluate('window.__piguardA11y.focusInfo()')) as {
      key: string;
      indicator: boolean;
    } | null;
    // Tab starts where the focus last was; past the last control it leaves the page once and
    // then comes back at the first. Stop at the second exit or when a control comes round again.
    if (info === null) {
      if (++exits > 1) break;
      continue;
    }
    // A date input takes one Tab per field (year, month, day) while staying the active element.
    if (info.key === last) continue;
    last = info.key;
    if (reached.has(info.key)) break;
    reached.add(info.key);
    if (!info.indicator) withoutIndicator++;
  }
  if (withoutIndicator > 0)
    out.push({ rule: 'focus-visible', element: `${withoutIndicator} focused without indicator` });
  const focusable = (await page.evaluate('window.__piguardA11y.focusableCount()')) as number;
  if (reached.size < Math.min(focusable, maxTabs))
    out.push({ rule: 'keyboard-reach', element: `${reached.size} of ${focusable} reached by Tab` });
  return out;
}
