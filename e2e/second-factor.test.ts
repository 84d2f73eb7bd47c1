// Second factors in Chromium (issue 8): enrol a TOTP app (the test computes codes from the secret), sign in with
// password + code, a reused code refused; recovery codes once each; a security key through Chromium's virtual
// authenticator (DevTools WebAuthn domain) registered in "My account" and used to sign in.
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
const PASSWORD = 'Plain-pass-1';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

describe('second factors in the browser', { timeout: 180_000 }, () => {
  let origin: string;
  let people: string;

  /** WebAuthn needs a host name, not an IP address: the app is reached as localhost. */
  const at = (path = '/') => `${origin}${path}`;

  async function seedUser(name: string): Promise<string> {
    const uid = `${name}-${tag}`;
    await session.gateway.add(`uid=${uid},${people}`, {
      objectClass: ['inetOrgPerson', 'organizationalPerson', 'person', 'posixAccount'],
      uid,
      cn: `Sam ${name}`,
      sn: name,
      givenName: 'Sam',
      uidNumber: String(86100 + randomInt(0, 899)),
      gidNumber: '86100',
      homeDirectory: `/home/${uid}`,
      userPassword: hashSalted(PASSWORD, 'SSHA'),
    });
    return uid;
  }

  /** Types the login and password; resolves when the app is shown or the second step is asked. */
  async function passwordStep(page: Page, uid: string): Promise<void> {
    await page.goto(at('/'));
    await page.getByLabel(t('signin.username'), { exact: true }).fill(uid);
    await page.getByLabel(t('signin.password'), { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: t('signin.submit'), exact: true }).click();
    await page.getByRole('heading', { name: t('secondFactor.stepTitle'), exact: true, level: 1 }).waitFor();
  }

  const signedIn = (page: Page) => page.getByRole('button', { name: t('shell.signOut') }).or(page.getByRole('link', { name: t('shell.signOut') })).first().waitFor({ timeout: 10_000 });

  async function proveWithCode(page: Page, method: 'totp' | 'recovery', code: string): Promise<'signed-in' | string> {
    const radio = page.getByRole('radio', { name: t(`secondFactor.method.${method}`) });
    if ((await radio.count()) > 0) await radio.check();
    await page.getByLabel(t(method === 'totp' ? 'secondFactor.totpCode' : 'secondFactor.recoveryCode'), { exact: true }).fill(code);
    await page.getByRole('button', { name: t('secondFactor.verify'), exact: true }).click();
    const outcome = await Promise.race([
      signedIn(page).then(() => 'signed-in' as const),
      page.getByRole('alert').waitFor().then(async () => (await page.getByRole('alert').innerText()).trim()),
    ]);
    return outcome;
  }

  const session = useBrowserSession({
    seed: async (gateway) => {
      const S = await testSubtree('e2esecondfactor');
      people = `ou=people,${S}`;
      for (const ou of ['people', 'aclroles']) await gateway.add(`ou=${ou},${S}`, { objectClass: 'organizationalUnit', ou });
      const role = `cn=self-${tag},ou=aclroles,${S}`;
      await gateway.add(role, { objectClass: ['top', 'gosaRole'], cn: `self-${tag}`, gosaAclTemplate: ['0:user/user;srw,user/posixAccount;srw'] });
      await gateway.modify(S, [
        { operation: 'add', attribute: 'objectClass', values: ['gosaAcl'] },
        { operation: 'add', attribute: 'gosaAclEntry', values: [`0:subtree:${b64(role)}:${b64('*')}::`] },
      ]);
    },
    afterStart: async ({ server }) => {
      origin = server.url.replace('127.0.0.1', 'localhost');
    },
    page: false,
  });

  it('TOTP: enrol with the QR code secret, then password + code; a reused code and recovery codes used twice are refused', async () => {
    const uid = await seedUser('totp');
    const page = await openPage(session.browser);
    await page.goto(at('/'));
    await page.getByLabel(t('signin.username'), { exact: true }).fill(uid);
    await page.getByLabel(t('signin.password'), { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: t('signin.submit'), exact: true }).click();
    await signedIn(page);
    await page.goto(at('/account'));
    await page.getByRole('button', { name: t('secondFactor.addTotp') }).click();
    const secret = (await page.getByTestId('totp-secret').innerText()).trim();
    expect(await page.locator('img.second-factor-qr').getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    const totp = new OTPAuth.TOTP({ secret, issuer: 'localhost', label: uid });
    await page.getByLabel(t('secondFactor.firstCode'), { exact: true }).fill(totp.generate());
    await page.locator('form.second-factor-enrol').getByRole('button', { name: t('secondFactor.save'), exact: true }).click();
    await page.getByText(`localhost — ${uid}`).waitFor();
    await page.getByRole('button', { name: t('secondFactor.newRecovery') }).click();
    await page.getByTestId('recovery-codes').waitFor();
    const codes = (await page.getByTestId('recovery-codes').locator('code').allInnerTexts()).map((c) => c.trim());
    expect(codes).toHaveLength(8);
    await screenshot(page, 'second-factors-account');
    expect((await checkAccessibility(page, { include: ['.second-factors'] })).filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    await page.context().close();

    // Password, then a code of the app (the next period's: the enrolment spent the current one).
    const code = totp.generate({ timestamp: Date.now() + 30_000 });
    const second = await openPage(session.browser);
    await passwordStep(second, uid);
    await screenshot(second, 'second-factor-step');
    expect(await proveWithCode(second, 'totp', code)).toBe('signed-in');
    await second.context().close();
    // The same code again: refused.
    const replay = await openPage(session.browser);
    await passwordStep(replay, uid);
    expect(await proveWithCode(replay, 'totp', code)).not.toBe('signed-in');
    // A recovery code: once.
    expect(await proveWithCode(replay, 'recovery', codes[0]!)).toBe('signed-in');
    await replay.context().close();
    const again = await openPage(session.browser);
    await passwordStep(again, uid);
    expect(await proveWithCode(again, 'recovery', codes[0]!)).not.toBe('signed-in');
    await again.context().close();
  });

  it('a security key: registered with the virtual authenticator, then used to sign in', async () => {
    const uid = await seedUser('key');
    const page = await openPage(session.browser);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'usb', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    await page.goto(at('/'));
    await page.getByLabel(t('signin.username'), { exact: true }).fill(uid);
    await page.getByLabel(t('signin.password'), { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: t('signin.submit'), exact: true }).click();
    await signedIn(page);
    await page.goto(at('/account'));
    await page.getByLabel(t('secondFactor.keyName'), { exact: true }).fill('Virtual key');
    await page.getByRole('button', { name: t('secondFactor.addKey') }).click();
    await page.getByText('Virtual key — localhost').waitFor();
    const stored = (await session.gateway.read(`uid=${uid},${people}`, ['fdWebauthnRegistrations']))!.get('fdWebauthnRegistrations');
    expect(stored).toHaveLength(1);
    expect(JSON.parse(stored[0]!)).toMatchObject({ rpId: 'localhost', signatureCounter: expect.any(Number) });

    // Signed out (cookies gone), same browser and authenticator: password, then the key.
    await page.context().clearCookies();
    await passwordStep(page, uid);
    await page.getByRole('button', { name: t('secondFactor.useKey') }).click();
    await signedIn(page);
    await page.context().close();
  });
});
