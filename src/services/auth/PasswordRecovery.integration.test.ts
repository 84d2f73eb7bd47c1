// Password recovery by mail against the run's slapd and a real SMTP server on loopback: the address rules, the token
// entry FusionDirectory reads, the mails, the reset, and the answers that never tell whether an address exists.
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../../../test/harness.ts';
import { startMailSink, type MailSink, type ReceivedMail } from '../../../test/mailSink.ts';
import { buildApp } from '../../http/buildApp.ts';
import { registerRoutes } from '../../http/registerRoutes.ts';
import { buildRestV1Setup } from '../../http/rest-v1/buildRestV1Setup.ts';
import { RECOVERY_REQUESTED } from '../../http/ui-api/recoveryApi.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';
import { hashSalted, lockPassword } from '../../passwords/index.ts';
import { AclPolicy } from '../acl/AclPolicy.ts';
import { Mailer } from '../mail/Mailer.ts';
import { SiteConfig } from '../SiteConfig.ts';
import { PasswordRecovery, type PasswordRecoveryOptions, type RecoveryRequestOutcome } from './PasswordRecovery.ts';

const env = testLdap();
const tag = randomBytes(3).toString('hex');
const SALT = `salt-${tag}-SomethingSecret`;
const LINK_BASE = 'https://idm.example.org';
const PASSWORD = 'Old-secret 1';
let gateway: LdapGateway;
let sink: MailSink;
let people: string;

/** The recovery settings of the tests (FusionDirectory's defaults for the texts, with the test's salt). */
const settings = (extra: Record<string, string> = {}): Record<string, string[]> =>
  Object.fromEntries(
    Object.entries({
      fdPasswordRecoveryActivated: 'TRUE',
      fdPasswordRecoveryEmail: 'idm-noreply@example.org',
      fdPasswordRecoveryValidity: '10',
      fdPasswordRecoverySalt: SALT,
      fdPasswordRecoveryMailSubject: `Password recovery link ${tag}`,
      fdPasswordRecoveryMailBody: 'Hello,\n\nHere is your information: \n - Login : %s\n - Link : %s\n\nThis link is only valid for 10 minutes.',
      fdPasswordRecoveryMail2Subject: `Your password was changed ${tag}`,
      fdPasswordRecoveryMail2Body: 'Hello,\n\nYour password has been changed.\nYour login is still %s.',
      ...extra,
    }).map(([k, v]) => [k, [v]]),
  );

function recovery(extra: Record<string, string> = {}, options: Partial<PasswordRecoveryOptions> = {}): PasswordRecovery {
  return new PasswordRecovery({
    gateway,
    config: new SiteConfig(env.baseDN, settings(extra)),
    access: new AclPolicy({ gateway, baseDN: env.baseDN, ignoreAclDN: env.fdAdminDN }),
    mailer: new Mailer({ transport: 'smtp', host: sink.host, port: sink.port, secure: false, startTLS: false, tlsVerify: true, timeoutMs: 5000 }),
    ...options,
  });
}

/** A user under the test's people with a known password; `extra` adds object classes and attributes. */
async function user(name: string, extra: { objectClass?: string[]; [attribute: string]: string | string[] | undefined } = {}): Promise<{ uid: string; dn: string }> {
  const uid = `rcv-${name}-${tag}`;
  const dn = `uid=${uid},${people}`;
  const { objectClass = [], ...attributes } = extra;
  await gateway.add(dn, {
    objectClass: ['inetOrgPerson', 'organizationalPerson', 'person', ...objectClass],
    uid,
    cn: uid,
    sn: name,
    userPassword: hashSalted(PASSWORD, 'SSHA'),
    ...(attributes as Record<string, string | string[]>),
  });
  return { uid, dn };
}

const address = (name: string) => `${name}.${tag}@recovery.example.org`;

/** The mails received since `from`, once `count` of them are there. */
async function mailsFrom(from: number, count = 1): Promise<ReceivedMail[]> {
  await sink.waitFor(from + count);
  return sink.received.slice(from, from + count);
}

/** The link of a recovery mail, and its parameters. */
function linkOf(mail: ReceivedMail): { link: string; token: string; login: string; email: string } {
  const link = /https?:\/\/\S+/.exec(mail.text)![0];
  const q = new URL(link).searchParams;
  return { link, token: q.get('uniq')!, login: q.get('login')!, email: q.get('email_address')! };
}

/** What FusionDirectory stores for a token, computed here independently: {SHA} base64(sha1(salt.token.salt)). */
const fdHash = (token: string, salt = SALT) => `{SHA}${createHash('sha1').update(`${salt}${token}${salt}`).digest('base64')}`;
const tokenDn = (login: string) => `ou=${login},ou=recovery,ou=fusiondirectory,${env.baseDN}`;

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
  sink = await startMailSink();
  const base = await testSubtree('recovery');
  people = `ou=people,${base}`;
  await gateway.add(people, { objectClass: 'organizationalUnit', ou: 'people' });
});

afterAll(async () => {
  await sink?.close();
  await gateway?.close();
});

describe('password recovery by mail', () => {
  it('mails the link to the address of the account, and stores the token as FusionDirectory does', async () => {
    const jane = await user('jane', { objectClass: ['gosaMailAccount'], mail: address('jane') });
    const before = sink.received.length;
    const startedAt = Math.floor(Date.now() / 1000);
    const outcome = await recovery().requestByMail(address('jane'), { ip: '192.0.2.1', linkBase: `${LINK_BASE}/` });
    expect(outcome).toMatchObject({ sent: true, login: jane.uid, email: address('jane') });
    const [mail] = await mailsFrom(before);
    expect(mail!.from).toBe('idm-noreply@example.org');
    expect(mail!.headers.from).toBe('idm-noreply@example.org');
    expect(mail!.to).toEqual([address('jane')]);
    expect(mail!.subject).toBe(`Password recovery link ${tag}`);
    const { link, token, login, email } = linkOf(mail!);
    expect(token).toMatch(/^[ABCDEFGHKLMNOPQRSTWXYZabcdefghjkmnpqrstwxyz1-9]{57}$/);
    expect(link).toBe(`${LINK_BASE}/recovery?uniq=${token}&login=${encodeURIComponent(jane.uid)}&email_address=${encodeURIComponent(address('jane'))}`);
    expect([login, email]).toEqual([jane.uid, address('jane')]);
    expect(mail!.text.trimEnd()).toBe(`Hello,\n\nHere is your information: \n - Login : ${jane.uid}\n - Link : ${link}\n\nThis link is only valid for 10 minutes.`);
    expect(JSON.stringify(outcome)).not.toContain(token);

    const entry = (await gateway.read(tokenDn(jane.uid), ['objectClass', 'ou', 'userPassword', 'description']))!;
    expect(entry.dn.toLowerCase()).toBe(tokenDn(jane.uid).toLowerCase());
    expect(entry.get('objectClass').map((c) => c.toLowerCase())).toContain('organizationalunit');
    expect(entry.get('ou')).toEqual([jane.uid]);
    expect(entry.get('userPassword')).toEqual([fdHash(token)]);
    const expiry = Number(entry.first('description'));
    expect(expiry).toBeGreaterThanOrEqual(startedAt + 600);
    expect(expiry).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 600);
  });

  it('finds an account by its alternate address only when the configuration says so', async () => {
    const alt = await user('alt', { objectClass: ['gosaMailAccount'], mail: address('alt-main'), gosaMailAlternateAddress: address('alt-other') });
    expect(await recovery().requestByMail(address('alt-other'), { linkBase: LINK_BASE })).toMatchObject({ sent: false, reason: 'unknownAddress' });
    const before = sink.received.length;
    expect(await recovery({ fdPasswordRecoveryUseAlternate: 'TRUE' }).requestByMail(address('alt-other'), { linkBase: LINK_BASE })).toMatchObject({ sent: true, login: alt.uid });
    const [mail] = await mailsFrom(before);
    expect(mail!.to).toEqual([address('alt-other')]);
    expect(linkOf(mail!).email).toBe(address('alt-other'));
  });

  it('finds an account by its private address (personal tab) when fdPrivateEmailPasswordRecovery is on', async () => {
    const priv = await user('priv', { objectClass: ['fdPersonalInfo'], fdPrivateMail: address('priv-home') });
    expect(await recovery().requestByMail(address('priv-home'), { linkBase: LINK_BASE })).toMatchObject({ sent: false, reason: 'unknownAddress' });
    const before = sink.received.length;
    expect(await recovery({ fdPrivateEmailPasswordRecovery: 'TRUE' }).requestByMail(address('priv-home'), { linkBase: LINK_BASE })).toMatchObject({ sent: true, login: priv.uid });
    expect((await mailsFrom(before))[0]!.to).toEqual([address('priv-home')]);
  });

  it('finds an account by its SupAnn personal or backup address when SupAnn is installed', async () => {
    const sup = await user('sup', { objectClass: ['supannPerson'], supannMailPerso: address('sup-perso'), supannMailPrive: `{SECOURS}${address('sup-backup')}` });
    expect(await recovery().requestByMail(address('sup-perso'), { linkBase: LINK_BASE })).toMatchObject({ sent: false, reason: 'unknownAddress' });
    const withSupann = recovery({}, { supann: true });
    const before = sink.received.length;
    expect(await withSupann.requestByMail(address('sup-perso'), { linkBase: LINK_BASE })).toMatchObject({ sent: true, login: sup.uid });
    expect(await withSupann.requestByMail(address('sup-backup'), { linkBase: LINK_BASE })).toMatchObject({ sent: true, login: sup.uid });
    expect((await mailsFrom(before, 2)).map((m) => m.to[0])).toEqual([address('sup-perso'), address('sup-backup')]);
    expect(await recovery({ supannPasswordRecovery: 'FALSE' }, { supann: true }).requestByMail(address('sup-perso'), { linkBase: LINK_BASE })).toMatchObject({ sent: false, reason: 'unknownAddress' });
  });

  it('sets the new password with the link, mails the confirmation, and spends the link', async () => {
    const bob = await user('bob', { objectClass: ['gosaMailAccount'], mail: address('bob') });
    const service = recovery();
    const before = sink.received.length;
    await service.requestByMail(address('bob'), { ip: '192.0.2.2', linkBase: LINK_BASE });
    const { token, login, email } = linkOf((await mailsFrom(before))[0]!);
    expect(await service.checkToken(login, token, { ip: '192.0.2.2' })).toBe(true);
    // Another last letter (a random token may well end with any given one).
    const altered = `${token.slice(0, -1)}${token.endsWith('x') ? 'y' : 'x'}`;
    expect(await service.checkToken(login, altered, { ip: '192.0.2.2' })).toBe(false);

    const mismatch = service.resetPassword({ login, token, password1: 'New-secret 2', password2: 'New-secret 3' }, { email, ip: '192.0.2.2' });
    await expect(mismatch).rejects.toMatchObject({ code: 'value.invalid', attribute: 'userPassword' });
    const outcome = await service.resetPassword({ login, token, password1: 'New-secret 2', password2: 'New-secret 2' }, { email, ip: '192.0.2.2' });
    expect(outcome).toMatchObject({ login: bob.uid, confirmation: 'sent' });
    await gateway.bindAs(bob.dn, 'New-secret 2');
    await expect(gateway.bindAs(bob.dn, PASSWORD)).rejects.toThrow();
    // The method of the stored password stays the user's.
    expect((await gateway.read(bob.dn, ['userPassword']))!.first('userPassword')).toMatch(/^\{SSHA\}/);

    const [confirmation] = await mailsFrom(before + 1);
    expect(confirmation!.to).toEqual([address('bob')]);
    expect(confirmation!.from).toBe('idm-noreply@example.org');
    expect(confirmation!.subject).toBe(`Your password was changed ${tag}`);
    expect(confirmation!.text.trimEnd()).toBe(`Hello,\n\nYour password has been changed.\nYour login is still ${bob.uid}.`);

    expect(await service.checkToken(login, token)).toBe(false);
    await expect(service.resetPassword({ login, token, password1: 'Other-secret 4', password2: 'Other-secret 4' }, { email })).rejects.toMatchObject({ code: 'value.invalid', attribute: 'token' });
  });

  it('confirms to the user’s own address when the link’s address is not his', async () => {
    const carl = await user('carl', { objectClass: ['gosaMailAccount'], mail: address('carl') });
    const service = recovery();
    const before = sink.received.length;
    await service.requestByMail(address('carl'), { linkBase: LINK_BASE });
    const { token, login } = linkOf((await mailsFrom(before))[0]!);
    await service.resetPassword({ login, token, password1: 'New-secret 5', password2: 'New-secret 5' }, { email: 'someone-else@example.org' });
    expect((await mailsFrom(before + 1))[0]!.to).toEqual([address('carl')]);
    await gateway.bindAs(carl.dn, 'New-secret 5');
  });

  it('refuses an expired link', async () => {
    await user('late', { objectClass: ['gosaMailAccount'], mail: address('late') });
    let now = Date.now();
    const service = recovery({ fdPasswordRecoveryValidity: '1' }, { now: () => now });
    const before = sink.received.length;
    await service.requestByMail(address('late'), { linkBase: LINK_BASE });
    const { token, login } = linkOf((await mailsFrom(before))[0]!);
    expect(await service.checkToken(login, token)).toBe(true);
    now += 61_000;
    expect(await service.checkToken(login, token)).toBe(false);
    await expect(service.resetPassword({ login, token, password1: 'New-secret 6', password2: 'New-secret 6' }, { email: address('late') })).rejects.toMatchObject({
      code: 'value.invalid',
      message: 'This token is invalid',
      attribute: 'token',
    });
  });

  it('accepts a token FusionDirectory stored, and FusionDirectory’s REST reset keeps its link', async () => {
    const fd = await user('fd', { objectClass: ['gosaMailAccount'], mail: address('fd') });
    // As FusionDirectory's recovery.php writes it (fd-core.md §3.9): 57 characters of its alphabet, the salted SHA.
    const token = 'ABCDEFGHKLMNOPQRSTWXYZabcdefghjkmnpqrstwxyz123456789ABCDE';
    await gateway.add(tokenDn(fd.uid), { objectClass: 'organizationalUnit', ou: fd.uid, userPassword: fdHash(token), description: String(Math.floor(Date.now() / 1000) + 600) });
    const service = recovery();
    expect(await service.checkToken(fd.uid, token)).toBe(true);
    expect(await recovery({ fdPasswordRecoverySalt: 'another salt' }).checkToken(fd.uid, token)).toBe(false);
    await service.resetPassword({ login: fd.uid, token, password1: 'New-secret 7', password2: 'New-secret 7' });
    await gateway.bindAs(fd.dn, 'New-secret 7');
    // REST's PUT /recovery is FusionDirectory's: no mail, and the token stays until it expires.
    expect(await service.checkToken(fd.uid, token)).toBe(true);
  });

  it('issues REST tokens through the same storage, and they work on the reset page', async () => {
    const rest = await user('rest', { objectClass: ['gosaMailAccount'], mail: address('rest') });
    const service = recovery();
    const issued = await service.issueToken({ dn: env.fdAdminDN }, address('rest'));
    expect(issued.login).toBe(rest.uid);
    expect((await gateway.read(tokenDn(rest.uid), ['userPassword']))!.get('userPassword')).toEqual([fdHash(issued.token)]);
    expect(await service.checkToken(rest.uid, issued.token)).toBe(true);
    await expect(service.issueToken({ dn: env.fdAdminDN }, address('nobody'))).rejects.toMatchObject({ message: `There is no account using email "${address('nobody')}"` });
  });

  it('sends nothing for an unknown address, an address of two accounts, or a locked account, and says why in the outcome only', async () => {
    await user('twin1', { objectClass: ['gosaMailAccount'], mail: address('twins') });
    await user('twin2', { objectClass: ['fdPersonalInfo'], fdPrivateMail: address('twins') });
    await user('locked', { objectClass: ['gosaMailAccount'], mail: address('locked'), userPassword: lockPassword(hashSalted(PASSWORD, 'SSHA')) });
    const service = recovery({ fdPrivateEmailPasswordRecovery: 'TRUE' });
    const before = sink.received.length;
    const outcomes: RecoveryRequestOutcome[] = [];
    for (const a of [address('nobody'), address('twins'), address('locked')]) outcomes.push(await service.requestByMail(a, { linkBase: LINK_BASE }));
    expect(outcomes.map((o) => (o.sent ? 'sent' : o.reason))).toEqual(['unknownAddress', 'severalAccounts', 'locked']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sink.received.length).toBe(before);
    expect(await gateway.read(tokenDn(`rcv-locked-${tag}`), ['1.1'])).toBeNull();
  });

  it('limits requests per address and per client, and wrong links per client, sending nothing over the limits', async () => {
    await user('busy', { objectClass: ['gosaMailAccount'], mail: address('busy') });
    const service = recovery();
    const before = sink.received.length;
    const reasons: string[] = [];
    for (let i = 0; i < 4; i++) {
      const o = await service.requestByMail(address('busy'), { ip: `198.51.100.${i}`, linkBase: LINK_BASE });
      reasons.push(o.sent ? 'sent' : o.reason);
    }
    expect(reasons).toEqual(['sent', 'sent', 'sent', 'throttled']);
    // The address's own case does not get around its limit.
    expect(await service.requestByMail(address('busy').toUpperCase(), { linkBase: LINK_BASE })).toMatchObject({ sent: false, reason: 'throttled' });
    await mailsFrom(before, 3);

    const client = '203.0.113.9';
    const other = recovery();
    await user('other', { objectClass: ['gosaMailAccount'], mail: address('other') });
    for (let i = 0; i < 10; i++) expect(await other.requestByMail(address(`unknown${i}`), { ip: client, linkBase: LINK_BASE })).toMatchObject({ reason: 'unknownAddress' });
    expect(await other.requestByMail(address('other'), { ip: client, linkBase: LINK_BASE })).toMatchObject({ sent: false, reason: 'throttled', detail: `too many requests from ${client}` });
    expect(await other.requestByMail(address('other'), { ip: '203.0.113.10', linkBase: LINK_BASE })).toMatchObject({ sent: true });
    await mailsFrom(before, 4);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sink.received.length).toBe(before + 4);

    const { token, login } = linkOf(sink.received[before + 3]!);
    for (let i = 0; i < 10; i++) expect(await other.checkToken(login, `wrong-${i}`, { ip: client })).toBe(false);
    await expect(other.checkToken(login, token, { ip: client })).rejects.toMatchObject({ code: 'value.invalid', message: expect.stringMatching(/Too many invalid recovery links/) });
    await expect(other.resetPassword({ login, token, password1: 'New-secret 8', password2: 'New-secret 8' }, { email: address('other'), ip: client })).rejects.toMatchObject({ code: 'value.invalid' });
    expect(await other.checkToken(login, token, { ip: '203.0.113.10' })).toBe(true);
  });

  it('is unavailable, clearly, without a mail server or when recovery is off', () => {
    const withoutMail = new PasswordRecovery({ gateway, config: new SiteConfig(env.baseDN, settings()), access: new AclPolicy({ gateway, baseDN: env.baseDN }) });
    expect(withoutMail.availability()).toEqual({ activated: true, mail: false, available: false });
    expect(() => withoutMail.requestByMail(address('jane'), { linkBase: LINK_BASE })).toThrow(/no mail server is configured for this directory/);
    const off = recovery({ fdPasswordRecoveryActivated: 'FALSE' });
    expect(off.availability()).toEqual({ activated: false, mail: true, available: false });
    expect(() => off.requestByMail(address('jane'), { linkBase: LINK_BASE })).toThrow(/not activated/);
    expect(() => recovery().requestByMail('not an address', { linkBase: LINK_BASE })).toThrow(/Give an e-mail address/);
  });
});

describe('the web interface’s recovery routes', () => {
  let app: FastifyInstance;
  const logs: string[] = [];

  beforeAll(async () => {
    const setup = await buildRestV1Setup({
      directories: [{ name: 'default', base: env.baseDN, gateway, smtp: { transport: 'smtp', host: sink.host, port: sink.port, secure: false, startTLS: false, tlsVerify: true, timeoutMs: 5000 } }],
      sessionKey: randomBytes(32),
      loadConfig: async (_g, baseDN) => new SiteConfig(baseDN, settings({ fdPrivateEmailPasswordRecovery: 'TRUE' })),
    });
    app = await buildApp({ logLevel: 'info', logStream: { write: (line: string) => void logs.push(line) }, register: (a) => registerRoutes(a, { setup, webRoot: '/nonexistent' }) });
  });
  afterAll(() => app?.close());

  const post = (url: string, payload: unknown, remoteAddress: string) =>
    app.inject({ method: 'POST', url, payload: payload as InjectOptions['payload'], remoteAddress, headers: { host: 'trousseau.test:8080', 'content-type': 'application/json' } });

  it('answers every request for a mail the same, sends only the one that finds a single unlocked account, and logs no token', async () => {
    await user('web-twin1', { objectClass: ['gosaMailAccount'], mail: address('web-twins') });
    await user('web-twin2', { objectClass: ['gosaMailAccount'], mail: address('web-twins') });
    await user('web-locked', { objectClass: ['gosaMailAccount'], mail: address('web-locked'), userPassword: lockPassword(hashSalted(PASSWORD, 'SSHA')) });
    const dana = await user('web-dana', { objectClass: ['gosaMailAccount'], mail: address('web-dana') });
    const before = sink.received.length;
    const answers = [];
    for (const [i, a] of [address('web-nobody'), address('web-twins'), address('web-locked'), address('web-dana')].entries()) {
      const res = await post('/ui/api/recovery/request', { email: a }, `192.0.2.${100 + i}`);
      answers.push({ status: res.statusCode, body: res.body, type: res.headers['content-type'] });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toEqual({ status: 202, body: JSON.stringify({ message: RECOVERY_REQUESTED }), type: 'application/json; charset=utf-8' });
    const [mail] = await mailsFrom(before);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sink.received.length).toBe(before + 1);
    expect(mail!.to).toEqual([address('web-dana')]);
    const { link, token } = linkOf(mail!);
    // Without http.publicUrl the link leads back to where the request came.
    expect(link.startsWith(`http://trousseau.test:8080/recovery?uniq=${token}&login=${dana.uid}&`)).toBe(true);

    const reset = await post('/ui/api/recovery/reset', { login: dana.uid, token, password1: 'Web-secret 9', password2: 'Web-secret 9', email: address('web-dana') }, '192.0.2.104');
    expect(reset.statusCode, reset.body).toBe(204);
    await gateway.bindAs(dana.dn, 'Web-secret 9');
    await mailsFrom(before + 1);

    const text = logs.join('');
    expect(text).toMatch(/password recovery: nothing sent to .*web-nobody.*no account uses this address/);
    expect(text).toMatch(/password recovery: nothing sent to .*web-twins.*2 accounts use this address/);
    expect(text).toMatch(/password recovery: nothing sent to .*web-locked.*the account is locked/);
    expect(text).toMatch(new RegExp(`password recovery: link mailed to ${address('web-dana').replace(/\./g, '\\.')} for ${dana.uid}`));
    expect(text).toMatch(/password recovery: password of .* changed with a mailed link/);
    expect(text).not.toContain(token);
    expect(text).not.toContain('Web-secret 9');
  });

  it('tells signed-out pages whether recovery is offered, and refuses what is not JSON', async () => {
    const availability = await app.inject({ method: 'GET', url: '/ui/api/recovery' });
    expect(availability.json()).toEqual({ directories: [{ name: 'default', available: true }] });
    const form = await app.inject({ method: 'POST', url: '/ui/api/recovery/request', payload: JSON.stringify({ email: address('web-dana') }), headers: { 'content-type': 'text/plain' } });
    expect(form.statusCode).toBe(400);
    expect(form.json()).toMatchObject({ code: 'value.invalid', message: 'Send the request as JSON (Content-Type: application/json).' });
    expect((await post('/ui/api/recovery/request', { email: address('x'), directory: 'nope' }, '192.0.2.200')).json()).toMatchObject({ code: 'value.invalid', attribute: 'directory' });
    expect((await post('/ui/api/recovery/check', { login: 'x' }, '192.0.2.200')).json()).toMatchObject({ code: 'value.invalid', attribute: 'token' });
  });
});
