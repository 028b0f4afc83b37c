/**
 * HTML → PDF through headless Chromium (playwright-core driving the system's /usr/bin/chromium).
 * The page gets no network (every request is aborted) and no JavaScript: reports are static and
 * a hostile value that somehow escaped escaping still could not run or phone home.
 */
import { PiguardError } from '../core/errors.ts';

/** Chromium used unless PIGUARD_CHROMIUM names another. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/**
 * Renders a self-contained HTML document as an A4 PDF.
 *
 * @example
 * writeFileSync('CASE-1.pdf', await renderPdf(renderCaseReport(source, 'en')));
 */
export async function renderPdf(
  htmlText: string,
  options: { executablePath?: string } = {},
): Promise<Buffer> {
  // Loaded on demand: most commands never render a PDF.
  const { chromium } = await import('playwright-core');
  const executablePath =
    options.executablePath ?? (process.env['PIGUARD_CHROMIUM'] || DEFAULT_CHROMIUM);
  let browser;
  try {
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  } catch (err) {
    throw new PiguardError(
      `cannot start Chromium at ${executablePath} (${(err as Error).message.split('\n')[0]}); set PIGUARD_CHROMIUM`,
    );
  }
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const p = await context.newPage();
    await p.route('**/*', (route) => route.abort());
    await p.setContent(htmlText, { waitUntil: 'load' });
    const pdf = await p.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    await context.close();
    return pdf;
  } finally {
    await browser.close();
  }
}
