/**
 * Headless Chromium for the dashboard tests: Debian's /usr/bin/chromium driven by
 * playwright-core (no browser download). Screenshots go to test-artifacts/web/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env['PIGUARD_CHROMIUM'] ?? '/usr/bin/chromium';
export const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'web');

/**
 * @example
 * const browser = await launchBrowser();
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * A fresh browser context (own cookies and localStorage) on the server, closed after the test.
 *
 * @example
 * const { page } = await newPage(t, browser, server.url, 'en');
 */
export async function newPage(
  t: TestContext | null,
  browser: Browser,
  baseURL: string,
  locale = 'zh-CN',
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL,
    locale,
    viewport: { width: 1280, height: 860 },
    // Investigators read times in China Standard Time; screenshots show what they would see.
    timezoneId: 'Asia/Shanghai',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  // Fail loudly on script errors in the page.
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t?.after(async () => {
    await context.close();
    if (errors.length > 0) throw new Error(`errors in the page: ${errors.join('; ')}`);
  });
  return { context, page };
}

/**
 * Saves a full-page screenshot as test-artifacts/web/NAME.png.
 *
 * @example
 * await screenshot(page, 'overview');
 */
export async function screenshot(page: Page, name: string, path?: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path ?? join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
