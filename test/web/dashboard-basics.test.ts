/**
 * The dashboard in a real browser against the real server: login, language switch (remembered),
 * every page's accessibility and keyboard checks with screenshots, and a user without the
 * investigate right kept out of cases, traces and evidence — in the UI and by the API.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { checkA11y, checkKeyboard } from './a11y-check.ts';
import { launchBrowser, newPage, screenshot } from './browser.ts';
import { startDashboardServer, type DashboardServer } from './dashboard-server.ts';

const INVESTIGATOR_RIGHTS = ['investigate', 'audit:read', 'read', 'posts:classify'] as const;

/** Logs in through the form and waits for the app frame. */
async function logIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/');
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill(password);
  await page.locator('form button[type="submit"]').click();
  await page.locator('nav.sidenav').waitFor();
}

/** Waits until the page's requests have been answered (no loading indicator left). */
async function settled(page: Page): Promise<void> {
  await page.locator('main h1').waitFor();
  await page.waitForSelector('[data-testid="loading"]', { state: 'detached' });
}

describe('dashboard basics', () => {
  let server: DashboardServer;
  let browser: Browser;
  let investigatorPassword: string;
  let clerkPassword: string;

  before(async () => {
    server = await startDashboardServer();
    browser = await launchBrowser();
    investigatorPassword = await server.addPerson('ines', INVESTIGATOR_RIGHTS, null);
    clerkPassword = await server.addPerson('carl', ['read'], null);
    await server.checkpoint();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('the login page is accessible and refuses a wrong password', async (t) => {
    const { page } = await newPage(t, browser, server.url, 'zh-CN');
    await page.goto('/');
    await page.locator('#login-username').waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    assert.deepEqual(await checkA11y(page), []);
    assert.deepEqual(await checkKeyboard(page), []);
    await screenshot(page, 'login');
    await page.locator('#login-username').fill('ines');
    await page.locator('#login-password').fill('not the password');
    await page.locator('form button[type="submit"]').click();
    const alert = page.locator('form [role="alert"]');
    await alert.waitFor();
    assert.equal(await alert.textContent(), '用户名或密码错误。');
  });

  test('log in, see the overview, switch language (remembered), log out', async (t) => {
    const { page } = await newPage(t, browser, server.url, 'zh-CN');
    await logIn(page, 'ines', investigatorPassword);
    await settled(page);
    assert.equal(await page.locator('main h1').textContent(), '概览');
    assert.equal(await page.getByTestId('current-user').textContent(), 'ines');
    // Switch to English with the keyboard-operable select.
    await page.getByTestId('language').selectOption('en');
    await page.locator('main h1', { hasText: 'Overview' }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal(await page.evaluate("localStorage.getItem('piguard.lang')"), 'en');
    await page.reload();
    await settled(page);
    assert.equal(await page.locator('main h1').textContent(), 'Overview');
    assert.equal(
      await page.locator('nav.sidenav a[aria-current="page"]').textContent(),
      'Overview',
    );
    // And back to Chinese.
    await page.getByTestId('language').selectOption('zh-CN');
    await page.locator('main h1', { hasText: '概览' }).waitFor();
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.locator('#login-username').waitFor();
    const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status);
    assert.equal(me, 401);
  });

  test('every page passes the accessibility and keyboard checks (screenshots saved)', async (t) => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const { page, context } = await newPage(t, browser, server.url, lang);
      await context.addInitScript(`localStorage.setItem('piguard.lang', '${lang}')`);
      await logIn(page, 'ines', investigatorPassword);
      const links = await page
        .locator('nav.sidenav a')
        .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      assert.deepEqual(links, [
        '/',
        '/alerts',
        '/trace',
        '/complaints',
        '/cases',
        '/canaries',
        '/customers',
        '/audit',
        '/posts',
      ]);
      for (const href of links) {
        await page.locator(`nav.sidenav a[href="${href}"]`).click();
        await settled(page);
        assert.equal(
          await page.locator('nav.sidenav a[aria-current="page"]').getAttribute('href'),
          href,
        );
        // The new page's heading has the focus (screen readers announce it).
        if (href !== '/')
          assert.equal(await page.evaluate('document.activeElement?.tagName'), 'H1');
        const name = href === '/' ? 'overview' : href.slice(1);
        await screenshot(page, `${name}-${lang}`);
        assert.deepEqual(await checkA11y(page), [], `${lang} ${href}`);
        assert.deepEqual(await checkKeyboard(page), [], `${lang} ${href}`);
      }
    }
  });

  test('the audit page verifies the log', async (t) => {
    const { page } = await newPage(t, browser, server.url, 'en');
    await logIn(page, 'ines', investigatorPassword);
    await page.goto('/audit');
    await settled(page);
    assert.match(
      (await page.getByTestId('checkpoint-note').textContent()) ?? '',
      /piguard\.test\/web-e2e\n\d+\n/,
    );
    await page.getByRole('button', { name: 'Verify now' }).click();
    const result = page.getByTestId('verify-result');
    await result.waitFor();
    assert.match((await result.textContent()) ?? '', /The log is intact/);
  });

  test('the posts monitor labels pasted posts and shows the contacts', async (t) => {
    const { page } = await newPage(t, browser, server.url, 'en');
    await logIn(page, 'ines', investigatorPassword);
    await page.goto('/posts');
    await settled(page);
    await page
      .getByLabel('Posts', { exact: true })
      .fill(
        '出售全国车主资料，四件套，质量保证，量大从优，加V：car_demo01\n今天天气不错，一起去公园散步吧',
      );
    await page.getByRole('button', { name: 'Classify 2 posts' }).click();
    const results = page.getByTestId('posts-results');
    await results.waitFor();
    const rows = results.locator('tbody tr');
    assert.equal(await rows.count(), 2);
    assert.match((await rows.nth(0).textContent()) ?? '', /Trades PI.*wechat:car_demo01/);
    assert.match((await rows.nth(1).textContent()) ?? '', /Other/);
    assert.deepEqual(await checkA11y(page), []);
    await screenshot(page, 'posts-result');
  });

  test('without the investigate right: no cases, traces or evidence in the UI, 403 from the API', async (t) => {
    const { page } = await newPage(t, browser, server.url, 'en');
    await logIn(page, 'carl', clerkPassword);
    await settled(page);
    const links = await page
      .locator('nav.sidenav a')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(links, ['/', '/customers']);
    assert.match((await page.locator('main').textContent()) ?? '', /no investigator rights/);
    for (const path of ['/cases', '/cases/1', '/trace', '/trace/1', '/alerts', '/alerts/1']) {
      await page.goto(path);
      await page.locator('main h1').waitFor();
      assert.equal(await page.locator('main h1').textContent(), 'Not permitted', path);
      assert.deepEqual(await checkA11y(page), [], path);
    }
    // The API refuses on its own, whatever the UI shows.
    // (A string, not a function: tsx's helpers do not exist in the page.)
    const statuses = await page.evaluate(`(async () => {
      const get = async (u) => (await fetch(u)).status;
      const post = async (u, body) =>
        (await fetch(u, { method: 'POST', headers: { 'x-piguard-csrf': '1', 'content-type': 'text/csv' }, body })).status;
      return {
        cases: await get('/api/v1/cases'),
        case: await get('/api/v1/cases/1'),
        evidence: await get('/api/v1/cases/1/evidence'),
        traces: await post('/api/v1/traces', 'name,phone\\n'),
        trace: await get('/api/v1/traces/1'),
        alerts: await get('/api/v1/alerts'),
      };
    })()`);
    assert.deepEqual(statuses, {
      cases: 403,
      case: 403,
      evidence: 403,
      traces: 403,
      trace: 403,
      alerts: 403,
    });
  });
});
