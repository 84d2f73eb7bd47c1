// The audit trail in Chromium (fd-plugins.md §2.14): fd-admin changes a user in the editor, the audit page (from the
// menu) finds the event by author and by object and shows the changed value; a password change shows hidden; the
// user's Security panel lists a failed sign-in and a sign-in with the origin address; events FusionDirectory 1.5 wrote
// (JSON) and older ones (attribute names) display; the CSV export downloads the search.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../test/harness.ts';
import { fixtureRecords } from '../test/ldifFixture.ts';
import { checkAccessibility, openPage, screenshot, signIn } from './harness.ts';
import { editorUrl, eventually, label, randomTag, seedUser, t } from './flowKit.ts';
import { useBrowserSession } from './session.ts';

const env = testLdap();
const tag = randomTag();

describe('the audit trail in the browser', { timeout: 180_000 }, () => {
  // A private audit branch (fdAuditRDN for this server only): other test files write to ou=audit.
  const auditRdn = `ou=audit-e2e-${tag}`;
  let branch = '';
  const user = { uid: `aud-${tag}`, givenName: 'Inès', sn: `Journal${tag}`, password: `Pw-${tag}-${randomTag()}`, dn: '' };
  const title = `Ingénieure ${tag}`;

  const session = useBrowserSession({
    seed: async (gateway) => {
      const department = await testSubtree('e2e-audit');
      branch = `${auditRdn},${env.baseDN}`;
      user.dn = await seedUser(gateway, department, user);
    },
    server: { settings: { fdAuditRDN: auditRdn } },
    afterClose: async (gateway) => {
      if (!branch) return;
      for (const e of await gateway.searchAll(branch, { scope: 'one', attributes: ['1.1'] }).catch(() => [])) await gateway.delete(e.dn).catch(() => {});
      await gateway.delete(branch).catch(() => {});
    },
  });

  /** Search the audit page with the given filters (labels as a person reads them). */
  async function search(filters: Partial<Record<'author' | 'object' | 'type', string>>): Promise<void> {
    for (const name of ['author', 'object', 'type'] as const) await session.page.getByLabel(t(`audit.filter.${name}`), { exact: true }).fill(filters[name] ?? '');
    await session.page.getByRole('button', { name: t('audit.search'), exact: true }).click();
  }

  const rows = () => session.page.getByRole('table').first().locator('tbody tr');
  const rowTexts = async () => (await rows().allInnerTexts()).map((r) => r.replace(/\s+/g, ' '));

  it('signs the user in once with a wrong password, then rightly', async () => {
    const own = await openPage(session.browser);
    try {
      await expect(signIn(own, session.server.url, user.uid, 'not-the-password')).rejects.toThrow(/refused/);
      await signIn(own, session.server.url, user.uid, user.password);
    } finally {
      await own.context().close();
    }
  });

  async function save(): Promise<void> {
    await session.page.getByRole('button', { name: t('editor.save'), exact: true }).click();
    const saved = session.page.getByRole('status').filter({ hasText: t('editor.saved') });
    await saved.or(session.page.locator('.error-summary')).first().waitFor();
    if (!(await saved.isVisible())) throw new Error(`not saved: ${await session.page.locator('.error-summary').innerText()}`);
  }

  it('records the title, then the password, fd-admin gives the user in the editor', async () => {
    await signIn(session.page, session.server.url, 'fd-admin', env.fdAdminPassword);
    await session.page.goto(editorUrl(session.server.url, 'user', user.dn));
    const field = session.page.getByLabel(label('user.title'), { exact: true });
    await field.fill(title);
    await field.press('Enter');
    await save();
    user.password = `Nw-${tag}-${randomTag()}`;
    await session.page.getByLabel(t('editor.password.new'), { exact: true }).fill(user.password);
    await session.page.getByLabel(t('editor.password.again'), { exact: true }).fill(user.password);
    await save();
  });

  it('finds the change on the audit page by author and by object, with the new value in the detail', async () => {
    const menu = session.page.getByRole('navigation', { name: t('shell.menu') });
    await menu.getByRole('link', { name: label('audit.menu'), exact: true }).click();
    await session.page.getByRole('heading', { level: 1, name: t('audit.title') }).waitFor();

    // fd-admin's own sign-in is there too: his two modifications of the user are found by author…
    const modifications = async () => (await rowTexts()).filter((r) => r.includes(t('audit.action.modify')));
    await search({ author: env.fdAdminDN });
    await eventually(async () => (await modifications()).filter((r) => r.includes(user.dn)).length).toBe(2);
    expect((await rowTexts()).some((r) => r.includes(t('audit.action.security')) && r.includes('fd-admin'))).toBe(true);
    // …and by object, with his sign-ins (by login) not among them.
    await search({ object: user.dn });
    await eventually(rowTexts).toEqual([expect.stringContaining(env.fdAdminDN), expect.stringContaining(env.fdAdminDN)]);
    // Newest first: the password, then the title.
    await rows().nth(1).getByRole('button').first().click();
    const detail = session.page.getByRole('dialog', { name: t('audit.detail.title') });
    await detail.waitFor();
    const changes = detail.getByRole('table', { name: t('audit.detail.changes') });
    expect(await changes.getByRole('row', { name: /title/ }).innerText()).toContain(title);
    await screenshot(session.page, 'audit-detail');
    expect(await checkAccessibility(session.page)).toEqual([]);
    await detail.getByRole('button', { name: t('common.close'), exact: true }).click();
    await detail.waitFor({ state: 'detached' });

    // The password change: the value is never stored.
    await rows().nth(0).getByRole('button').first().click();
    await detail.waitFor();
    const password = await detail.getByRole('table', { name: t('audit.detail.changes') }).getByRole('row', { name: /userPassword/ }).innerText();
    expect(password).toContain('Value not stored by policy');
    expect(password).not.toContain(user.password);
    await session.page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
  });

  it("lists the user's failed sign-in and sign-in with the origin address in his Security panel", async () => {
    await session.page.goto(editorUrl(session.server.url, 'user', user.dn));
    const panel = session.page.locator('details.security-panel');
    await panel.locator('summary').click();
    const table = panel.getByRole('table');
    await table.waitFor();
    const texts = (await table.locator('tbody tr').allInnerTexts()).map((r) => r.replace(/\s+/g, ' '));
    expect(texts.filter((r) => r.includes(t('audit.kind.loginFailure')) && r.includes('127.0.0.1'))).toHaveLength(1);
    expect(texts.filter((r) => r.startsWith(t('audit.kind.login')) && r.includes('127.0.0.1') && r.includes('Logged in successfully'))).toHaveLength(1);
    expect(texts.filter((r) => r.includes(t('audit.kind.password')))).toHaveLength(1);
    await screenshot(session.page, 'audit-security-panel');
    expect(await checkAccessibility(session.page)).toEqual([]);
  });

  it('shows the events FusionDirectory wrote, in its 1.5 JSON format and the older one', async () => {
    const fdUser = { uid: `audfd-${tag}`, dn: '' };
    fdUser.dn = `uid=${fdUser.uid},ou=people,${env.baseDN}`;
    // The events only: the server made the branch already.
    const records = fixtureRecords('fd-audit.ldif', { 'ou=audit,BASE': branch, USERDN: fdUser.dn, USERUID: fdUser.uid, ADMINDN: env.fdAdminDN, BASE: env.baseDN });
    for (const r of records.filter((r) => r.attributes.objectClass?.includes('fdAuditEvent'))) await session.gateway.add(r.dn, r.attributes);
    await session.page.goto(`${session.server.url}/audit`);
    await session.page.getByRole('heading', { level: 1, name: t('audit.title') }).waitFor();
    await search({ object: fdUser.dn });
    await eventually(async () => (await rowTexts()).length).toBe(4);
    const detail = session.page.getByRole('dialog', { name: t('audit.detail.title') });

    // 1.5: one JSON string, non-ASCII escaped.
    await rows().filter({ hasText: 'plugin/user' }).getByRole('button').first().click();
    await detail.waitFor();
    const changes = detail.getByRole('table', { name: t('audit.detail.changes') });
    expect(await changes.getByRole('row', { name: /^title/ }).innerText()).toContain('Ingénieure');
    expect(await changes.getByRole('row', { name: /userPassword/ }).innerText()).toContain('Value not stored by policy');
    await session.page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });

    // Before 1.5: the attribute names.
    await rows().filter({ hasText: 'user/user' }).getByRole('button').first().click();
    await detail.waitFor();
    expect(await detail.innerText()).toContain(`${t('audit.detail.attributes')} userPassword, sn`);
    await session.page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });

    // The login-based events (object = uid) show in the Security panel through the user's uid.
    await search({ object: fdUser.uid });
    await eventually(async () => (await rowTexts()).length).toBe(2);
    const texts = await rowTexts();
    expect(texts.some((r) => r.includes('login failure') && r.includes('192.0.2.99'))).toBe(true);
    expect(texts.some((r) => r.includes('Logged in successfully') && r.includes('192.0.2.10'))).toBe(true);
    await screenshot(session.page, 'audit-page');
    expect(await checkAccessibility(session.page)).toEqual([]);
  });

  it('exports the search as CSV', async () => {
    await search({ object: user.dn });
    await eventually(async () => (await rowTexts()).length).toBeGreaterThan(1);
    const [download] = await Promise.all([session.page.waitForEvent('download'), session.page.getByRole('link', { name: t('audit.export'), exact: true }).click()]);
    expect(download.suggestedFilename()).toBe('audit.csv');
    const text = readFileSync((await download.path())!, 'utf8');
    const lines = text.trim().split(/\r\n/);
    expect(lines[0]).toBe('time,action,author,authorIp,objectType,object,attributes,result,dn');
    expect(lines.slice(1).every((l) => l.includes(user.dn))).toBe(true);
    expect(lines.some((l) => l.includes(env.fdAdminDN) && l.includes('title'))).toBe(true);
    expect(text).not.toContain(user.password);
    expect(session.pageErrors).toEqual([]);
  });
});
