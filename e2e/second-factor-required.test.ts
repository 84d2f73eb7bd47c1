// A second factor required by a role (trousseau.yaml secondFactor.requiredFor) in Chromium: a member without a factor
// signs in to the forced enrolment page (whatever page he asks for), enrols an authentication app with the secret
// shown, lands in the portal; signed out, the next sign-in asks for the code.
import { randomInt } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { testSubtree } from '../test/harness.ts';
import { hashSalted } from '../src/passwords/ssha.ts';
import { checkAccessibility, openPage, screenshot } from './harness.ts';
import { randomTag, t } from './flowKit.ts';
import { useBrowserSession } from './session.ts';

const tag = randomTag();
const PASSWORD = 'Required-pass-1';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

describe('a second factor required by a role, in the browser', { timeout: 180_000 }, () => {
  let origin: string;
  let uid: string;
  const roleName = `admins-${tag}`;
  let role = '';

  const at = (path = '/') => `${origin}${path}`;
  const forcedHeading = (page: Page) => page.getByRole('heading', { name: t('secondFactor.required.title'), level: 1 });

  async function passwordStep(page: Page): Promise<void> {
    await page.goto(at('/'));
    await page.getByLabel(t('signin.username'), { exact: true }).fill(uid);
    await page.getByLabel(t('signin.password'), { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: t('signin.submit'), exact: true }).click();
  }

  const session = useBrowserSession({
    seed: async (gateway) => {
      const S = await testSubtree('e2esecondfactorrequired');
      for (const ou of ['people', 'roles', 'aclroles']) await gateway.add(`ou=${ou},${S}`, { objectClass: 'organizationalUnit', ou });
      const self = `cn=self-${tag},ou=aclroles,${S}`;
      await gateway.add(self, { objectClass: ['top', 'gosaRole'], cn: `self-${tag}`, gosaAclTemplate: ['0:user/user;srw,user/posixAccount;srw'] });
      await gateway.modify(S, [
        { operation: 'add', attribute: 'objectClass', values: ['gosaAcl'] },
        { operation: 'add', attribute: 'gosaAclEntry', values: [`0:subtree:${b64(self)}:${b64('*')}::`] },
      ]);
      uid = `req-${tag}`;
      const dn = `uid=${uid},ou=people,${S}`;
      await gateway.add(dn, {
        objectClass: ['inetOrgPerson', 'organizationalPerson', 'person', 'posixAccount'],
        uid,
        cn: 'Robin Required',
        sn: 'Required',
        givenName: 'Robin',
        uidNumber: String(90900 + randomInt(0, 99)),
        gidNumber: '90900',
        homeDirectory: `/home/${uid}`,
        userPassword: hashSalted(PASSWORD, 'SSHA'),
      });
      role = `cn=${roleName},ou=roles,${S}`;
      await gateway.add(role, { objectClass: 'organizationalRole', cn: roleName, roleOccupant: dn });
    },
    server: () => ({ secondFactor: { requiredFor: [role] } }),
    // The TOTP issuer is the host name: the app is reached as localhost, as a person would.
    afterStart: async ({ server }) => {
      origin = server.url.replace('127.0.0.1', 'localhost');
    },
    page: false,
  });

  it('forces the enrolment of an app, then lets the user in; the next sign-in asks for its code', async () => {
    const page = await openPage(session.browser);
    await passwordStep(page);
    await forcedHeading(page).waitFor();
    // The page says why, names the role, and has the focus on its title.
    await page.getByText(t('secondFactor.required.text')).waitFor();
    await page.getByRole('listitem').filter({ hasText: roleName }).waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { tagName: string } | null } }).document.activeElement?.tagName)).toBe('H1');
    await screenshot(page, 'second-factor-required');
    expect((await checkAccessibility(page, { include: ['main'] })).filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

    // Another page of the portal asked for directly: still the enrolment page.
    await page.goto(at('/lists/users'));
    await forcedHeading(page).waitFor();

    await page.getByRole('button', { name: t('secondFactor.addTotp') }).click();
    const secret = (await page.getByTestId('totp-secret').innerText()).trim();
    const totp = new OTPAuth.TOTP({ secret, issuer: 'localhost', label: uid });
    await page.getByLabel(t('secondFactor.firstCode'), { exact: true }).fill(totp.generate());
    await page.locator('form.second-factor-enrol').getByRole('button', { name: t('secondFactor.save'), exact: true }).click();
    // Enrolled: the portal itself (the users list he asked for), without the enrolment page.
    await page.getByRole('navigation').getByRole('link').first().waitFor();
    await forcedHeading(page).waitFor({ state: 'detached' });
    await page.waitForURL(/\/lists\/users/);
    // "My account" tells him why he cannot remove his last app.
    await page.goto(at('/account'));
    await page.getByTestId('second-factor-required-note').filter({ hasText: roleName }).waitFor();

    await page.getByRole('button', { name: t('shell.signOut') }).or(page.getByRole('link', { name: t('shell.signOut') })).first().click();
    await page.getByLabel(t('signin.username'), { exact: true }).waitFor();

    // Signed out: the password is followed by the code (the next period's: the enrolment spent the current one).
    await passwordStep(page);
    await page.getByRole('heading', { name: t('secondFactor.stepTitle'), exact: true, level: 1 }).waitFor();
    await page.getByLabel(t('secondFactor.totpCode'), { exact: true }).fill(totp.generate({ timestamp: Date.now() + 30_000 }));
    await page.getByRole('button', { name: t('secondFactor.verify'), exact: true }).click();
    await page.getByRole('button', { name: t('shell.signOut') }).or(page.getByRole('link', { name: t('shell.signOut') })).first().waitFor();
    await page.getByRole('navigation').getByRole('link').first().waitFor();
    expect(await forcedHeading(page).count()).toBe(0);
    await page.context().close();
  });
});
