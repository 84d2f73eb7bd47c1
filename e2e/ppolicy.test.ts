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
const LOCKED = 'Your account is locked after too many failed sign-ins; an administrator can unlock it.';

describe('a locked account in the browser', { timeout: 120_000 }, () => {
  let userDn: string;
  const uid = `locked-${tag}`;

  const session = useBrowserSession({
    seed: async (gateway) => {
      const S = await testSubtree('e2eppolicy');
      for (const ou of ['people', 'ppolicies']) await gateway.add(`ou=${ou},${S}`, { objectClass: 'organizationalUnit', ou });
      const policy = `cn=five-${tag},ou=ppolicies,${S}`;
      await gateway.add(policy, { objectClass: ['device', 'pwdPolicy', 'pwdPolicyChecker'], cn: `five-${tag}`, pwdAttribute: 'userPassword', pwdLockout: 'TRUE', pwdMaxFailure: '5', pwdLockoutDuration: '0' });
      userDn = `uid=${uid},ou=people,${S}`;
      await gateway.add(userDn, { objectClass: ['inetOrgPerson', 'organizationalPerson', 'person'], uid, cn: 'Lou Locked', sn: 'Locked', givenName: 'Lou', userPassword: hashSalted('Right-pass-1', 'SSHA'), pwdPolicySubentry: policy });
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
});
