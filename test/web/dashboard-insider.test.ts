/**
 * The investigator's path end to end, in a real browser against the real server on a small
 * simulated insurer with one slow exfiltrator and the list he leaked, among other insiders (a bulk
 * export, off-hours scraping) and benign surprises (a renewal campaign, an internal audit, a new
 * hire) (src/sim): the insider is
 * among the top alerts; his alert shows his daily activity against the peer band; uploading the
 * leaked list names him with a false-accusation probability; a case opened from the alert gives
 * an evidence bundle that `piguard evidence verify` accepts; the language switch works on the
 * way. Screenshots of each step go to test-artifacts/web/ (and, with
 * PIGUARD_UPDATE_DOC_IMAGES=1, the README's to docs/img/).
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { COMMANDS } from '../../src/cli/commands.ts';
import { runCli } from '../helpers/run-cli.ts';
import { checkA11y } from './a11y-check.ts';
import { launchBrowser, newPage, screenshot } from './browser.ts';
import { startDashboardServer, type DashboardServer } from './dashboard-server.ts';

const DOC_IMAGES = process.env['PIGUARD_UPDATE_DOC_IMAGES'] === '1';
const DOC_IMG_DIR = join(process.cwd(), 'docs', 'img');

interface Truth {
  scenarios: Array<{ kind: string; actor: string }>;
  leaks: Array<{ file: string; sources: Array<{ actor: string; rows: number }> }>;
}

/** Runs the CLI on the test's database; fails the test with stderr when it fails. */
function cli(env: NodeJS.ProcessEnv, cwd: string, args: string[]): string {
  const r = runCli(args, { env, cwd });
  assert.equal(r.status, 0, `piguard ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

async function settled(page: Page): Promise<void> {
  await page.locator('main h1').waitFor();
  await page.waitForSelector('[data-testid="loading"]', { state: 'detached' });
}

describe('the investigator finds the insider, traces the leak and exports evidence', () => {
  let server: DashboardServer;
  let browser: Browser;
  let page: Page;
  let truth: Truth;
  let insider: string;
  let leakFile: string;
  let simDir: string;
  let traceUrl: string;
  let customerId: string;

  before(async () => {
    server = await startDashboardServer({
      seed: async (_dbUrl, env, dir) => {
        simDir = join(dir, 'sim');
        cli(env, dir, [
          'sim',
          '--out',
          simDir,
          '--customers',
          '1500',
          '--staff',
          '30',
          '--months',
          '3',
          '--seed',
          '5',
          '--scenarios',
          'slow_exfiltration,bulk_export,off_hours_scraping,renewal_campaign,audit,new_hire',
        ]);
        // Staff give watch its peer groups; the events carry role and branch too, so a staff file
        // the policy does not fully map (a job title it does not know) is reported, not fatal.
        const staff = runCli(['import', 'staff', join(simDir, 'staff.csv')], { env, cwd: dir });
        if (staff.status !== 0) console.log(`# import staff: ${staff.stderr.trim()}`);
        // One call-centre employee of our own, for the masked read below.
        const ownStaff = join(dir, 'own-staff.csv');
        writeFileSync(
          ownStaff,
          '员工编号,岗位,机构,团队,入职日期,离职日期\nW9001,客服专员,上海分公司,上海客服中心,2020-01-01,\n',
        );
        cli(env, dir, ['import', 'staff', ownStaff]);
        cli(env, dir, ['import', 'customers', join(simDir, 'customers.csv')]);
        cli(env, dir, ['import', 'events', join(simDir, 'events.jsonl')]);
        // Watch stores the alerts the overview and alert pages show. (Outside CI a checkout
        // without the watch command still runs the trace and case tests; the alert tests fail.)
        if (process.env['CI'] === 'true' || COMMANDS.some((c) => c.name === 'watch'))
          cli(env, dir, ['watch', '--format', 'jsonl']);
      },
    });
    truth = JSON.parse(readFileSync(join(simDir, 'truth.json'), 'utf8')) as Truth;
    const exfiltrator = truth.scenarios.find((s) => s.kind === 'slow_exfiltration');
    assert.ok(exfiltrator, 'the simulation has a slow exfiltrator');
    insider = exfiltrator.actor;
    const leak = truth.leaks.find((l) => l.sources.some((s) => s.actor === insider));
    assert.ok(leak, 'the simulation leaked a list of the insider');
    leakFile = join(simDir, leak.file);
    const password = await server.addPerson('ines', ['investigate', 'audit:read', 'read']);
    await server.checkpoint();
    browser = await launchBrowser();
    ({ page } = await newPage(null, browser, server.url, 'zh-CN'));
    await page.goto('/');
    await page.locator('#login-username').fill('ines');
    await page.locator('#login-password').fill(password);
    await page.locator('form button[type="submit"]').click();
    await page.locator('nav.sidenav').waitFor();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('the insider is among the top alerts on the overview', async () => {
    await settled(page);
    const top = page.getByTestId('top-actors');
    await top.waitFor();
    const actors = await top.locator('tbody tr td:first-child').allTextContents();
    assert.ok(actors.slice(0, 5).includes(insider), `${insider} in top 5 of ${actors.join(',')}`);
    assert.ok((await page.locator('[data-testid="alerts-chart"] svg path').count()) > 0);
    assert.deepEqual(await checkA11y(page), []);
    await screenshot(page, 'insider-overview');
  });

  test("the insider's alert shows the activity chart against the peer band, and the reasons", async () => {
    const row = page.getByTestId('top-actors').locator('tbody tr', { hasText: insider });
    await row.locator('td').last().locator('a').click();
    await settled(page);
    assert.match((await page.locator('main h1').textContent()) ?? '', new RegExp(insider));
    const chart = page.getByTestId('activity-chart');
    await chart.waitFor();
    // Four series drawn (band base, band, peer median, the actor): several SVG paths.
    assert.ok((await chart.locator('svg path').count()) >= 4);
    assert.ok((await page.getByTestId('alert-reasons').locator('li').count()) > 0);
    assert.deepEqual(await checkA11y(page), []);
    await screenshot(page, 'insider-alert');
  });

  test('a case opened from the alert carries the alert', async () => {
    await page.getByRole('button', { name: '对此人员立案' }).click();
    await page.waitForURL(/\/cases\/[^/]+$/);
    await settled(page);
    assert.match((await page.getByTestId('case-facts').textContent()) ?? '', new RegExp(insider));
    const items = page.getByTestId('case-items').locator('tbody tr');
    assert.equal(await items.count(), 1);
    assert.match((await items.first().textContent()) ?? '', /告警/);
    assert.deepEqual(await checkA11y(page), []);
    await screenshot(page, 'insider-alert-case');
  });

  test("the insider's and a customer's access timelines show who read what, when and why", async () => {
    await page.getByTestId('case-facts').getByRole('link', { name: insider }).click();
    await settled(page);
    assert.match((await page.locator('main h1').textContent()) ?? '', new RegExp(insider));
    const rows = page.getByTestId('timeline').locator('tbody tr');
    assert.ok((await rows.count()) > 0);
    assert.match((await page.getByTestId('timeline').textContent()) ?? '', /C\d+/);
    assert.deepEqual(await checkA11y(page), []);
    await screenshot(page, 'insider-actor');
    // A customer he touched: the insider is among those who accessed them.
    const customer = page.getByTestId('timeline').locator('tbody a[href^="/customers/"]').first();
    customerId = (await customer.textContent()) ?? '';
    await customer.click();
    await settled(page);
    assert.match((await page.locator('main h1').textContent()) ?? '', new RegExp(customerId));
    const accessors = await page
      .getByTestId('timeline')
      .locator('tbody a[href^="/actors/"]')
      .allTextContents();
    assert.ok(accessors.includes(insider), accessors.join(','));
    assert.deepEqual(await checkA11y(page), []);
    await screenshot(page, 'insider-customer');
  });

  test('a call-centre employee reads that customer masked by policy, and the read is audited', async (t) => {
    const password = await server.addPerson('cc', ['read'], 'W9001');
    const { page: cc } = await newPage(t, browser, server.url, 'zh-CN');
    await cc.goto('/');
    await cc.locator('#login-username').fill('cc');
    await cc.locator('#login-password').fill(password);
    await cc.locator('form button[type="submit"]').click();
    await cc.locator('nav.sidenav').waitFor();
    // No investigator pages for a clerk.
    assert.deepEqual(
      await cc.locator('nav.sidenav a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
      ['/', '/customers'],
    );
    await cc.goto(`/customers/${encodeURIComponent(customerId)}`);
    await settled(cc);
    await cc.getByLabel('目的').fill('customer_service');
    await cc.getByRole('button', { name: '查询' }).click();
    const record = cc.getByTestId('customer-record');
    await record.waitFor();
    const shown = (await record.textContent()) ?? '';
    // The customer's real name and phone, from the simulator's file, never reach the page.
    const csv = readFileSync(join(simDir, 'customers.csv'), 'utf8').split('\n');
    const header = (csv[0] ?? '').replace('\ufeff', '').split(',');
    const row = (csv.find((l) => l.startsWith(`${customerId},`)) ?? '').split(',');
    const name = row[header.indexOf('姓名')] ?? '';
    const phone = row[header.indexOf('手机')] ?? '';
    assert.ok(name.length > 1 && phone.length === 11, 'the customer is in the file');
    const page = (await cc.locator('body').textContent()) ?? '';
    assert.ok(!page.includes(name), 'name shown in clear');
    assert.ok(!page.includes(phone), 'phone shown in clear');
    assert.ok(shown.includes(`${name.slice(0, 1)}*`), `masked name in ${shown}`);
    assert.ok(
      shown.includes(`${phone.slice(0, 3)}****${phone.slice(7)}`),
      `masked phone in ${shown}`,
    );
    assert.match(shown, /客户编号/);
    assert.match((await cc.locator('main').textContent()) ?? '', /审计条目 #\d+/);
    assert.deepEqual(await checkA11y(cc), []);
    await screenshot(cc, 'customer-read-masked');
  });

  test('uploading the leaked list names the insider with a false-accusation probability', async () => {
    await page.locator('nav.sidenav a[href="/trace"]').click();
    await settled(page);
    await page.getByTestId('trace-file').setInputFiles(leakFile);
    await page.locator('main form button[type="submit"]').click();
    const suspects = page.getByTestId('suspects');
    await suspects.waitFor();
    const first = suspects.locator('tbody tr').first();
    assert.equal(await first.locator('td').first().textContent(), insider);
    const shown = (await first.getByTestId('probability').textContent()) ?? '';
    const p = (await first.getByTestId('probability').getAttribute('data-value')) ?? '';
    const value = Number(p);
    // Shown as "1.2 × 10" with the exponent as a superscript.
    assert.match(shown, /^\d(\.\d)? × 10-\d+$/);
    assert.ok(value < 0.01, `probability ${p}`);
    assert.match(page.url(), /\/trace\/[^/]+$/);
    traceUrl = new URL(page.url()).pathname;
    assert.deepEqual(await checkA11y(page), []);
    await screenshot(page, 'insider-trace');
    if (DOC_IMAGES) await screenshot(page, 'trace', join(DOC_IMG_DIR, 'trace.png'));
  });

  test('a case opened from the trace gives an evidence bundle that verifies offline', async () => {
    await page.getByRole('button', { name: `以此溯源结果对 ${insider} 立案` }).click();
    await page.waitForURL(/\/cases\/[^/]+$/);
    await settled(page);

    assert.match((await page.getByTestId('case-facts').textContent()) ?? '', new RegExp(insider));
    assert.match((await page.getByTestId('case-items').textContent()) ?? '', /溯源/);
    assert.deepEqual(await checkA11y(page), []);
    await screenshot(page, 'insider-case');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('evidence-download').click(),
    ]);
    const file = join(server.dir, 'evidence.json');
    await download.saveAs(file);
    const verify = runCli(['evidence', 'verify', file], { env: server.env, cwd: server.dir });
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
    // The bundle is the insider's.
    const bundle = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    assert.match(JSON.stringify(bundle).slice(0, 20000), new RegExp(insider));
  });

  test('switching the language re-renders in English and is remembered', async () => {
    await page.getByTestId('language').selectOption('en');
    await page
      .getByTestId('evidence-download')
      .filter({ hasText: 'Download evidence bundle' })
      .waitFor();
    await page.reload();
    await settled(page);
    assert.match((await page.locator('main h1').textContent()) ?? '', /^Case: /);
    // The stored trace reloads from its URL, now in English.
    await page.goto(traceUrl);
    await settled(page);
    await page.getByTestId('suspects').waitFor();
    assert.equal(
      await page.getByTestId('suspects').locator('thead th').nth(4).textContent(),
      'False-accusation probability',
    );
    assert.equal(
      await page
        .getByTestId('suspects')
        .locator('tbody tr')
        .first()
        .locator('td')
        .first()
        .textContent(),
      insider,
    );
    await screenshot(page, 'insider-trace-en');
    // Back in Chinese, the overview now counts the two open cases.
    await page.getByTestId('language').selectOption('zh-CN');
    await page.locator('nav.sidenav a[href="/"]').click();
    await settled(page);
    assert.equal(await page.getByTestId('open-cases').textContent(), '2');
    await screenshot(page, 'insider-overview-cases');
    if (DOC_IMAGES) await screenshot(page, 'overview', join(DOC_IMG_DIR, 'overview.png'));
  });
});
