// Forgotten password, in Chromium: ask for a link on the sign-in page, read the mail the loopback SMTP server got,
// open the link, choose a new password (tripping over the confirmation first), and sign in with it.
import { describe, expect, it } from 'vitest';
import { testSubtree } from '../test/harness.ts';
import { startMailSink, type MailSink } from '../test/mailSink.ts';
import { checkAccessibility, openPage, screenshot, signIn, startTrousseau, type RunningTrousseau } from './harness.ts';
import { focused, randomTag, seedUser, t } from './flowKit.ts';
import { useBrowserSession } from './session.ts';

const tag = randomTag();

describe('password recovery by mail in the browser', { timeout: 90_000 }, () => {
  let plain: RunningTrousseau;
  let sink: MailSink;
  const user = { uid: `lin-${tag}`, mail: `lin.${tag}@recovery.example.org`, password: `Old-${tag}-secret`, newPassword: `New-${tag}-Secret!` };
  let userDn = '';

  const session = useBrowserSession({
    seed: async (gateway) => {
      const department = await testSubtree('e2e-recovery');
      userDn = await seedUser(gateway, department, { uid: user.uid, givenName: 'Lin', sn: `Recovery${tag}`, password: user.password });
      await gateway.modify(userDn, [
        { operation: 'add', attribute: 'objectClass', values: ['gosaMailAccount'] },
        { operation: 'add', attribute: 'mail', values: [user.mail] },
      ]);
      sink = await startMailSink();
    },
    server: () => ({
      smtp: { transport: 'smtp', host: sink.host, port: sink.port, secure: false, startTLS: false, tlsVerify: true, timeoutMs: 5000 },
      settings: { fdPasswordRecoveryActivated: 'TRUE', fdPasswordRecoveryEmail: 'idm@example.org', fdPasswordRecoverySalt: `salt-${tag}`, fdPasswordRecoveryMailSubject: `Recovery ${tag}` },
    }),
    afterStart: async () => {
      plain = await startTrousseau();
    },
    afterClose: async () => {
      await plain?.close();
      await sink?.close();
    },
  });

  it('offers "Forgot your password?" only where recovery by mail works', async () => {
    const other = await openPage(session.browser);
    await other.goto(plain.url);
    await other.getByRole('heading', { level: 1, name: t('signin.title') }).waitFor();
    // The sign-in page asked the server; give its answer time to arrive before checking the link is absent.
    await other.waitForLoadState('networkidle');
    expect(await other.getByRole('link', { name: t('recovery.forgot') }).count()).toBe(0);
    await other.context().close();
  });

  it('mails a link from the request page, and the link sets a new password to sign in with', async () => {
    await session.page.goto(session.server.url);
    await session.page.getByRole('link', { name: t('recovery.forgot'), exact: true }).click();
    await session.page.getByRole('heading', { level: 1, name: t('recovery.title') }).waitFor();
    expect(new URL(session.page.url()).pathname).toBe('/recovery');

    // Nothing typed: the error is said on the field, which keeps the focus.
    const send = session.page.getByRole('button', { name: t('recovery.send'), exact: true });
    await send.click();
    await session.page.getByRole('alert').filter({ hasText: t('recovery.emailRequired') }).waitFor();
    const email = session.page.getByLabel(t('recovery.email'), { exact: true });
    expect(await focused(session.page)).toMatchObject({ id: await email.getAttribute('id'), invalid: 'true' });

    await email.fill(user.mail);
    await screenshot(session.page, 'recovery-request');
    expect(await checkAccessibility(session.page)).toEqual([]);
    await email.press('Enter');
    await session.page.getByRole('status').filter({ hasText: t('recovery.sent') }).waitFor();
    expect(await session.page.getByRole('heading', { level: 1 }).innerText()).toBe(t('recovery.sentTitle'));

    const [mail] = await sink.waitFor(1);
    expect(mail!.to).toEqual([user.mail]);
    expect(mail!.from).toBe('idm@example.org');
    expect(mail!.subject).toBe(`Recovery ${tag}`);
    const link = /https?:\/\/\S+/.exec(mail!.text)![0];
    expect(link.startsWith(`${session.server.url}/recovery?uniq=`)).toBe(true);

    await session.page.goto(link);
    await session.page.getByRole('heading', { level: 1, name: t('recovery.newTitle') }).waitFor();
    await session.page.getByText(t('recovery.newIntro', { login: user.uid })).waitFor();
    expect(await session.page.getByText(t('recovery.newIntro', { login: user.uid })).count()).toBe(1);
    const password1 = session.page.getByLabel(t('recovery.password1'), { exact: true });
    const password2 = session.page.getByLabel(t('recovery.password2'), { exact: true });
    await password1.fill(user.newPassword);
    await password2.fill(`${user.newPassword}x`);
    await session.page.getByRole('button', { name: t('recovery.save'), exact: true }).click();
    await session.page.getByRole('alert').filter({ hasText: t('recovery.mismatch') }).waitFor();
    expect(await focused(session.page)).toMatchObject({ id: await password2.getAttribute('id'), invalid: 'true' });
    await screenshot(session.page, 'recovery-reset-mismatch');
    expect(await checkAccessibility(session.page)).toEqual([]);

    await password2.fill(user.newPassword);
    await password2.press('Enter');
    await session.page.getByRole('status').filter({ hasText: t('recovery.done') }).waitFor();
    expect(await session.page.getByRole('heading', { level: 1 }).innerText()).toBe(t('recovery.doneTitle'));
    const [, confirmation] = await sink.waitFor(2);
    expect(confirmation!.to).toEqual([user.mail]);
    expect(confirmation!.text).toContain(user.uid);

    await session.page.getByRole('link', { name: t('recovery.signIn'), exact: true }).click();
    await session.page.getByRole('heading', { level: 1, name: t('signin.title') }).waitFor();
    await signIn(session.page, session.server.url, user.uid, user.newPassword);
    await session.gateway.bindAs(userDn, user.newPassword);

    // The link has been used: opened again, it says so and offers a new one.
    const again = await openPage(session.browser);
    await again.goto(link);
    await again.getByRole('heading', { level: 1, name: t('recovery.invalidTitle') }).waitFor();
    await again.getByRole('link', { name: t('recovery.askAgain') }).waitFor();
    expect(await again.getByRole('link', { name: t('recovery.askAgain') }).count()).toBe(1);
    await again.context().close();
    expect(session.pageErrors).toEqual([]);
  });

  it('speaks French on the recovery pages when the browser does', async () => {
    const french = await openPage(session.browser, { locale: 'fr-FR' });
    await french.goto(`${session.server.url}/recovery`);
    await french.getByRole('heading', { level: 1, name: 'Réinitialiser votre mot de passe' }).waitFor();
    await french.getByLabel('Adresse électronique', { exact: true }).waitFor();
    expect(await french.getByLabel('Adresse électronique', { exact: true }).count()).toBe(1);
    await french.context().close();
  });
});
