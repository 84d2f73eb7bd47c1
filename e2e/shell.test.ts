// The server serves the SPA; a signed-out browser gets the sign-in page, and signing in through it works.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { testLdap } from '../test/harness.ts';
import { catalogues } from '../web/src/i18n/messages/index.ts';
import { checkAccessibility, launchBrowser, openPage, screenshot, signIn, startTrousseau, type RunningTrousseau } from './harness.ts';

const t = (key: string): string => catalogues.en[key] ?? `missing message ${key}`;

describe('the web UI shell', { timeout: 60_000 }, () => {
  let server: RunningTrousseau;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startTrousseau();
    browser = await launchBrowser();
    page = await openPage(browser);
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('serves the single-page app at / and at its own paths', async () => {
    for (const at of ['/', '/lists/users']) {
      const res = await fetch(`${server.url}${at}`);
      expect(res.status, at).toBe(200);
      expect(res.headers.get('content-type'), at).toMatch(/^text\/html/);
      const html = await res.text();
      expect(html, at).toContain('<div id="root"></div>');
      expect(html, at).toMatch(/<script type="module"[^>]* src="\/assets\/index-[\w-]+\.js"/);
    }
  });

  it('shows the sign-in page to a signed-out browser, without script errors', async () => {
    const session = page.waitForResponse((r) => r.url().endsWith('/ui/api/session'));
    await page.goto(server.url);
    // Signed out: the session call answers 401, and the app renders the sign-in form.
    expect((await session).status()).toBe(401);
    await page.getByRole('heading', { level: 1, name: t('signin.title') }).waitFor();
    const form = page.getByRole('main').locator('form');
    expect(await form.getByLabel(t('signin.username'), { exact: true }).getAttribute('autocomplete')).toBe('username');
    expect(await form.getByLabel(t('signin.password'), { exact: true }).getAttribute('type')).toBe('password');
    expect(await form.getByRole('button', { name: t('signin.submit'), exact: true }).isEnabled()).toBe(true);
    expect(await page.title()).toContain(t('common.product'));
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(pageErrors).toEqual([]);
    await screenshot(page, 'sign-in');
  });

  it('has no serious or critical accessibility violation on the sign-in page', async () => {
    expect(await checkAccessibility(page)).toEqual([]);
  });

  it('refuses a wrong password on the sign-in page, and signs the administrator in', async () => {
    const env = testLdap();
    const other = await openPage(browser);
    try {
      await expect(signIn(other, server.url, 'fd-admin', 'not-the-password')).rejects.toThrow(/signing in as fd-admin was refused: \S/);
      await signIn(other, server.url, 'fd-admin', env.fdAdminPassword);
      // Signed in at /, the app opens the first list of the menu.
      await expect.poll(() => new URL(other.url()).pathname).toMatch(/^\/lists\/\w+$/);
    } finally {
      await other.context().close();
    }
  });
});
