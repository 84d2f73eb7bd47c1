// Password policies in Chromium (fd-plugins.md §2.15): after five wrong passwords the ppolicy overlay locks the
// account and the sign-in page says so; an administrator unlocks it in the user's "Password policy" tab.
import { describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../test/harness.ts';
import { hashSalted } from '../src/passwords/ssha.ts';
import { openPage, screenshot, signIn } from './harness.ts';
import { editorUrl, eventually, label, randomTag, restLogin, t } from './flowKit.ts';
import { useBrowserSession } from './session.ts';

const tag = randomTag();
const env = testLdap();
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const LOCKED = 'Your account is locked after too many failed sign-ins; an administrator can unlock it.';

describe('a locked account in the browser', { timeout: 120_000 }, () => {
  let userDn: string;
  let expiringDn: string;
  const uid = `locked-${tag}`;
  const expiring = `expiring-${tag}`;

  const session = useBrowserSession({
    seed: async (gateway) => {
      const S = await testSubtree('e2eppolicy');
      for (const ou of ['people', 'ppolicies']) await gateway.add(`ou=${ou},${S}`, { objectClass: 'organizationalUnit', ou });
      const policy = `cn=five-${tag},ou=ppolicies,${S}`;
      await gateway.add(policy, { objectClass: ['device', 'pwdPolicy', 'pwdPolicyChecker'], cn: `five-${tag}`, pwdAttribute: 'userPassword', pwdLockout: 'TRUE', pwdMaxFailure: '5', pwdLockoutDuration: '0' });
      userDn = `uid=${uid},ou=people,${S}`;
      await gateway.add(userDn, { objectClass: ['inetOrgPerson', 'organizationalPerson', 'person'], uid, cn: 'Lou Locked', sn: 'Locked', givenName: 'Lou', userPassword: hashSalted('Right-pass-1', 'SSHA'), pwdPolicySubentry: policy });
      // Passwords that expire 2 s after they are set, with two grace sign-ins; users may change their own.
      const short = `cn=short-${tag},ou=ppolicies,${S}`;
      await gateway.add(short, { objectClass: ['device', 'pwdPolicy'], cn: `short-${tag}`, pwdAttribute: 'userPassword', pwdMaxAge: '2', pwdGraceAuthNLimit: '2' });
      expiringDn = `uid=${expiring},ou=people,${S}`;
      await gateway.add(expiringDn, { objectClass: ['inetOrgPerson', 'organizationalPerson', 'person'], uid: expiring, cn: 'Eli Expiring', sn: 'Expiring', givenName: 'Eli', userPassword: hashSalted('Old-pass-1', 'SSHA'), pwdPolicySubentry: short });
      await gateway.add(`ou=aclroles,${S}`, { objectClass: 'organizationalUnit', ou: 'aclroles' });
      const role = `cn=self-${tag},ou=aclroles,${S}`;
      await gateway.add(role, { objectClass: ['top', 'gosaRole'], cn: `self-${tag}`, gosaAclTemplate: ['0:user/user;srw'] });
      await gateway.modify(S, [
        { operation: 'add', attribute: 'objectClass', values: ['gosaAcl'] },
        { operation: 'add', attribute: 'gosaAclEntry', values: [`0:subtree:${b64(role)}:${b64('*')}::`] },
      ]);
    },
    page: false,
  });

  it('says the account is locked, and an administrator unlocks it', async () => {
    const user = await openPage(session.browser);
    // Five wrong passwords, typed in the sign-in form.
    for (let i = 0; i < 5; i++) await expect(signIn(user, session.server.url, uid, `wrong-${i}`)).rejects.toThrow(/Invalid credentials/);
    await expect(signIn(user, session.server.url, uid, 'Right-pass-1')).rejects.toThrow(LOCKED);
    expect(await user.getByRole('alert').getByText(LOCKED).isVisible()).toBe(true);
    await screenshot(user, 'ppolicy-locked', ['light']);

    const admin = await openPage(session.browser);
    await signIn(admin, session.server.url, 'fd-admin', env.fdAdminPassword);
    await admin.goto(editorUrl(session.server.url, 'user', userDn, 'ppolicyAccount'));
    const reset = admin.getByLabel(label('ppolicy.account.pwdReset'), { exact: true });
    await reset.waitFor();
    await screenshot(admin, 'ppolicy-user-tab', ['light']);
    await reset.selectOption({ label: label('ppolicy.account.pwdReset.FALSE') });
    await admin.getByRole('button', { name: t('editor.save'), exact: true }).click();
    await eventually(async () => (await session.gateway.read(userDn, ['pwdAccountLockedTime']))?.get('pwdAccountLockedTime')).toEqual([]);

    await signIn(user, session.server.url, uid, 'Right-pass-1');
    await expect(restLogin(session.server.url, uid, 'Right-pass-1')).resolves.toBeTypeOf('string');
    await user.context().close();
    await admin.context().close();
  });

  it('sends a user whose password expired under the policy to the change page, with a grace sign-in', async () => {
    // The policy's two seconds have passed since the seed: slapd lets the bind in on a grace sign-in.
    await eventually(async () => (await session.gateway.read(expiringDn, ['pwdChangedTime']))?.get('pwdChangedTime').length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const page = await openPage(session.browser);
    await signIn(page, session.server.url, expiring, 'Old-pass-1');
    await expect.poll(() => page.getByRole('heading', { name: t('account.expiredTitle') }).isVisible()).toBe(true);
    expect(await page.getByRole('navigation', { name: t('shell.menu') }).getByRole('link').count()).toBe(0);
    await screenshot(page, 'ppolicy-expired', ['light']);
    const changedBefore = (await session.gateway.read(expiringDn, ['pwdChangedTime']))!.first('pwdChangedTime');

    await page.getByLabel(t('account.current'), { exact: true }).fill('Old-pass-1');
    await page.getByLabel(t('account.new'), { exact: true }).fill('New-pass-2');
    await page.getByLabel(t('account.again'), { exact: true }).fill('New-pass-2');
    await page.getByRole('button', { name: t('account.submit') }).click();
    await expect.poll(() => page.getByRole('heading', { name: t('account.expiredTitle') }).count(), { timeout: 10_000 }).toBe(0);
    // The overlay took the change: a new pwdChangedTime, and the grace sign-ins used are forgotten.
    const after = (await session.gateway.read(expiringDn, ['pwdChangedTime', 'pwdGraceUseTime']))!;
    expect(after.first('pwdChangedTime')).not.toBe(changedBefore);
    expect(after.get('pwdGraceUseTime')).toEqual([]);
    await page.context().close();
  });
});
