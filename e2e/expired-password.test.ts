// An expired password in Chromium (fd-core.md §3.5): signing in leads to the password change and nothing else; once
// it is changed, the usual menu comes back in the same session.
import { describe, expect, it } from 'vitest';
import { testSubtree } from '../test/harness.ts';
import { hashSalted } from '../src/passwords/ssha.ts';
import { checkAccessibility, openPage, screenshot, signIn } from './harness.ts';
import { randomTag, restLogin, t } from './flowKit.ts';
import { useBrowserSession } from './session.ts';

const tag = randomTag();
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const today = Math.floor(Date.now() / 86_400_000);

describe('an expired password in the browser', { timeout: 120_000 }, () => {
  const uid = `expired-${tag}`;

  const session = useBrowserSession({
    seed: async (gateway) => {
      const S = await testSubtree('e2eexpired');
      for (const ou of ['people', 'aclroles']) await gateway.add(`ou=${ou},${S}`, { objectClass: 'organizationalUnit', ou });
      // FusionDirectory's editownpwd and editowninfos roles for everyone in this subtree.
      const role = `cn=self-${tag},ou=aclroles,${S}`;
      await gateway.add(role, { objectClass: ['top', 'gosaRole'], cn: `self-${tag}`, gosaAclTemplate: ['0:user/user;srw,user/posixAccount;srw'] });
      await gateway.modify(S, [
        { operation: 'add', attribute: 'objectClass', values: ['gosaAcl'] },
        { operation: 'add', attribute: 'gosaAclEntry', values: [`0:subtree:${b64(role)}:${b64('*')}::`] },
      ]);
      await gateway.add(`uid=${uid},ou=people,${S}`, {
        objectClass: ['inetOrgPerson', 'organizationalPerson', 'person', 'posixAccount', 'shadowAccount'],
        uid,
        cn: 'Eva Expired',
        sn: 'Expired',
        givenName: 'Eva',
        uidNumber: '75201',
        gidNumber: '75201',
        homeDirectory: `/home/${uid}`,
        userPassword: hashSalted('Old-pass-1', 'SSHA'),
        shadowLastChange: String(today - 100),
        shadowMax: '30',
      });
    },
    server: { settings: { fdHandleExpiredAccounts: 'TRUE' } },
    page: false,
  });

  it('asks for a new password at sign-in, offers nothing else, then lets the user in', async () => {
    await expect(restLogin(session.server.url, uid, 'Old-pass-1')).rejects.toThrow();
    const page = await openPage(session.browser);
    await signIn(page, session.server.url, uid, 'Old-pass-1');
    await expect.poll(() => page.getByRole('heading', { name: t('account.expiredTitle') }).isVisible()).toBe(true);
    // No menu entry leads elsewhere.
    const menu = page.getByRole('navigation', { name: t('shell.menu') });
    expect(await menu.getByRole('link').count()).toBe(0);
    await screenshot(page, 'expired-password');
    expect((await checkAccessibility(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

    await page.getByLabel(t('account.current'), { exact: true }).fill('Old-pass-1');
    await page.getByLabel(t('account.new'), { exact: true }).fill('New-pass-2');
    await page.getByLabel(t('account.again'), { exact: true }).fill('New-pass-2');
    await page.getByRole('button', { name: t('account.submit') }).click();
    // The usual frame comes back: "My account" is in the menu, the expired page is gone.
    await expect.poll(() => page.getByRole('heading', { name: t('account.expiredTitle') }).count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => menu.getByRole('link').count()).toBeGreaterThan(0);
    await expect(restLogin(session.server.url, uid, 'New-pass-2')).resolves.toBeTypeOf('string');
    await page.context().close();
  });
});
