// The server serves the SPA; a signed-out browser gets the sign-in page, and signing in through it works.
import { describe, expect, it } from 'vitest';
import { testLdap } from '../test/harness.ts';
import { catalogues } from '../web/src/i18n/messages/index.ts';
import { checkAccessibility, openPage, screenshot, signIn } from './harness.ts';
import { useBrowserSession } from './session.ts';

const t = (key: string): string => catalogues.en[key] ?? `missing message ${key}`;

describe('the web UI shell', { timeout: 60_000 }, () => {

  const session = useBrowserSession();

  it('serves the single-page app at / and at its own paths', async () => {
    for (const at of ['/', '/lists/users']) {
      const res = await fetch(`${session.server.url}${at}`);
      expect(res.status, at).toBe(200);
      expect(res.headers.get('content-type'), at).toMatch(/^text\/html/);
      const html = await res.text();
      expect(html, at).toContain('<div id="root"></div>');
      expect(html, at).toMatch(/<script type="module"[^>]* src="\/assets\/index-[\w-]+\.js"/);
    }
  });

  it('shows the sign-in page to a signed-out browser, without script errors', async () => {
    const sessionCall = session.page.waitForResponse((r) => r.url().endsWith('/ui/api/session'));
    await session.page.goto(session.server.url);
    // Signed out: the session call answers 401, and the app renders the sign-in form.
    expect((await sessionCall).status()).toBe(401);
    await session.page.getByRole('heading', { level: 1, name: t('signin.title') }).waitFor();
    const form = session.page.getByRole('main').locator('form');
    expect(await form.getByLabel(t('signin.username'), { exact: true }).getAttribute('autocomplete')).toBe('username');
    expect(await form.getByLabel(t('signin.password'), { exact: true }).getAttribute('type')).toBe('password');
    expect(await form.getByRole('button', { name: t('signin.submit'), exact: true }).isEnabled()).toBe(true);
    expect(await session.page.title()).toContain(t('common.product'));
    expect(await session.page.locator('html').getAttribute('lang')).toBe('en');
    expect(session.pageErrors).toEqual([]);
    await screenshot(session.page, 'sign-in');
  });

  it('has no serious or critical accessibility violation on the sign-in page', async () => {
    expect(await checkAccessibility(session.page)).toEqual([]);
  });

  it('refuses a wrong password on the sign-in page, and signs the administrator in', async () => {
    const env = testLdap();
    const other = await openPage(session.browser);
    try {
      await expect(signIn(other, session.server.url, 'fd-admin', 'not-the-password')).rejects.toThrow(/signing in as fd-admin was refused: \S/);
      await signIn(other, session.server.url, 'fd-admin', env.fdAdminPassword);
      // Signed in at /, the app opens the first list of the menu.
      await expect.poll(() => new URL(other.url()).pathname).toMatch(/^\/lists\/\w+$/);
    } finally {
      await other.context().close();
    }
  });
});
