// LDAP injection in every search field of the web interface's API and REST v1 (issue 8, the security test file):
// each field given filter syntax (`*)(uid=*`, `admin)(|(uid=*`, an escaped `\2a`, NUL, a lone `*` where the field is
// no wildcard search, over-long text) finds no more than a control search finds, answers invalid input with the
// shared error object (never a 500), and writes nothing. Password recovery by mail under brute force lives here too:
// the limits per address and per client, with mails counted at a real SMTP server on loopback.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/buildApp.ts';
import { registerRoutes } from '../../src/http/registerRoutes.ts';
import { buildRestV1Setup } from '../../src/http/rest-v1/buildRestV1Setup.ts';
import { RECOVERY_REQUESTED } from '../../src/http/ui-api/recoveryApi.ts';
import { LdapGateway } from '../../src/ldap/LdapGateway.ts';
import { hashSalted } from '../../src/passwords/ssha.ts';
import { installedPlugins } from '../../src/plugins/index.ts';
import { LoginThrottle } from '../../src/services/auth/LoginThrottle.ts';
import { SiteConfig } from '../../src/services/SiteConfig.ts';
import { testLdap, testSubtree } from '../harness.ts';
import { startMailSink, type MailSink } from '../mailSink.ts';

const env = testLdap();
const tag = randomBytes(3).toString('hex');
const UA = 'trousseau-injection-tests/1.0';
const DOMAIN = `inj-${tag}.example.org`;
const SALT = `salt-${tag}-NotTheDefault`;
/** uidNumbers of this file: 91100–91999 (the shared slapd's `unique` overlay spans the whole tree). */
const UID_NUMBER = 91100 + Math.floor(Math.random() * 800);

let app: FastifyInstance;
let gateway: LdapGateway;
let sink: MailSink;
let subtree: string;
let people: string;
let admin: { cookie: string; csrf: string };
let restToken: string;
const victims = ['alice', 'bob', 'carol'].map((name) => ({ uid: `inj${name}${tag}`, mail: `${name}@${DOMAIN}` }));
const dnOf = (uid: string) => `uid=${uid},${people}`;

/** Filter syntax and malformed values, as an attacker types them in a field. */
const PAYLOADS = ['*)(uid=*', 'admin)(|(uid=*', `${victims[0]!.uid})(|(uid=*`, '*)(|(objectClass=*', '\\2a', 'x\u0000y', '*', `*${tag}*`, 'x'.repeat(5000)];

const call = (options: InjectOptions): Promise<LightMyRequestResponse> => app.inject({ ...options, headers: { 'user-agent': UA, ...(options.headers ?? {}) } } as InjectOptions);
const get = (url: string) => call({ method: 'GET', url, headers: { cookie: admin.cookie } });
const q = (params: Record<string, string | string[]>) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const x of Array.isArray(v) ? v : [v]) s.append(k, x);
  return s.toString();
};

/** A refusal of bad input: 4xx with the shared error object (code, message, and the field when one is named). */
function expectRefused(res: LightMyRequestResponse, label: string, attribute?: string): void {
  expect(res.statusCode, `${label}: ${res.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, `${label}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
  const body = res.json<{ code: string; message: string; attribute?: string }>();
  expect(typeof body.code, label).toBe('string');
  expect(typeof body.message, label).toBe('string');
  if (attribute) expect(body.attribute, label).toBe(attribute);
}

/** What the subtree holds, entry by entry (its entryCSN changes with any write). */
async function snapshot(): Promise<Map<string, string>> {
  const entries = await gateway.searchAll(subtree, { filter: '(objectClass=*)', attributes: ['entryCSN'] });
  return new Map(entries.map((e) => [e.dn.toLowerCase(), e.first('entryCSN') ?? '']));
}

/** The recovery token entries FusionDirectory's recovery reads, for the victims. */
async function recoveryTokens(): Promise<string[]> {
  const out = [];
  for (const v of victims) if (await gateway.read(`ou=${v.uid},ou=recovery,ou=fusiondirectory,${env.baseDN}`, ['ou'])) out.push(v.uid);
  return out;
}

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
  sink = await startMailSink();
  // The directory's own configuration (audit on), with password recovery by mail switched on.
  const loadConfig = (g: LdapGateway, baseDN: string): Promise<SiteConfig> =>
    SiteConfig.load(g, baseDN, {
      fdPasswordRecoveryActivated: 'TRUE',
      fdPasswordRecoveryEmail: `noreply@${DOMAIN}`,
      fdPasswordRecoverySalt: SALT,
      fdPasswordRecoveryValidity: '10',
      fdPasswordRecoveryMailSubject: `Recovery ${tag}`,
      fdPasswordRecoveryMailBody: 'Login: %s\nLink: %s\n',
    });
  const setup = await buildRestV1Setup({
    directories: [{ name: 'default', base: env.baseDN, gateway, smtp: { transport: 'smtp', host: sink.host, port: sink.port, secure: false, startTLS: false, tlsVerify: true, timeoutMs: 5000 } }],
    sessionKey: randomBytes(32),
    plugins: installedPlugins,
    // Sign-in delays are recorded, not slept.
    throttle: new LoginThrottle({ sleep: async () => undefined }),
    loadConfig,
  });
  app = await buildApp({ logLevel: false, register: (a) => registerRoutes(a, { setup, webRoot: '/nonexistent' }) });
  subtree = await testSubtree('injection');
  people = `ou=people,${subtree}`;
  await gateway.add(people, { objectClass: 'organizationalUnit', ou: 'people' });
  for (const [i, v] of victims.entries()) {
    await gateway.add(dnOf(v.uid), {
      objectClass: ['inetOrgPerson', 'organizationalPerson', 'person', 'posixAccount', 'gosaMailAccount'],
      uid: v.uid,
      cn: `Victim ${v.uid}`,
      sn: 'Victim',
      givenName: v.uid,
      mail: v.mail,
      uidNumber: String(UID_NUMBER + i),
      gidNumber: String(UID_NUMBER),
      homeDirectory: `/home/${v.uid}`,
      userPassword: hashSalted(`Pw-${randomBytes(6).toString('hex')}`, 'SSHA'),
    });
  }
  const res = await call({ method: 'POST', url: '/ui/api/session', payload: { username: 'fd-admin', password: env.fdAdminPassword } });
  expect(res.statusCode, res.body).toBe(200);
  const set = res.headers['set-cookie'];
  admin = { cookie: ((Array.isArray(set) ? set[0] : set) ?? '').split(';')[0]!, csrf: res.json<{ csrf: string }>().csrf };
  const rest = await call({ method: 'POST', url: '/rest.php/v1/login', payload: { user: 'fd-admin', password: env.fdAdminPassword } });
  expect(rest.statusCode, rest.body).toBe(200);
  restToken = rest.json<string>();
});
afterAll(async () => {
  await app?.close();
  await sink?.close();
  await gateway?.close();
});

describe('LDAP injection in the search fields of the web interface', () => {
  let before: Map<string, string>;
  beforeAll(async () => {
    before = await snapshot();
  });
  afterAll(async () => {
    // Nothing any of these requests did wrote to the directory.
    expect(await snapshot()).toEqual(before);
    expect(await recoveryTokens()).toEqual([]);
  });

  it('the object picker finds what the typed text matches, nothing more', async () => {
    const pick = (text: string) => get(`/ui/api/pick?${q({ types: 'user', q: text, limit: '100' })}`);
    const control = await pick(victims[0]!.uid);
    expect(control.statusCode, control.body).toBe(200);
    expect(control.json<{ items: Array<{ dn: string }> }>().items.map((i) => i.dn)).toEqual([dnOf(victims[0]!.uid)]);
    for (const payload of PAYLOADS) {
      const res = await pick(payload);
      if (res.statusCode !== 200) {
        expectRefused(res, `pick ${JSON.stringify(payload.slice(0, 40))}`, 'q');
        continue;
      }
      // No victim's searched attributes contain these characters: a picker that finds one read them as a filter.
      const dns = res.json<{ items: Array<{ dn: string }> }>().items.map((i) => i.dn.toLowerCase());
      expect(dns.filter((dn) => dn.endsWith(people.toLowerCase())), `pick ${JSON.stringify(payload.slice(0, 40))}`).toEqual([]);
    }
    // Types are names, not filters.
    expectRefused(await get(`/ui/api/pick?${q({ types: '*)(objectClass=*', q: 'a' })}`), 'pick types', 'types');
  });

  it('list rows: the value filters, types, tabs, sort, base, dates and columns take values, not filter syntax', async () => {
    const rows = (params: Record<string, string | string[]>) => get(`/ui/api/lists/users/rows?${q({ base: people, scope: 'sub', ...params })}`);
    const dnsOf = (res: LightMyRequestResponse) => res.json<{ rows: Array<{ dn: string }> }>().rows.map((r) => r.dn);
    // Control: the value filter on uid finds that one user.
    const control = await rows({ 'f.uid': victims[1]!.uid });
    expect(control.statusCode, control.body).toBe(200);
    expect(dnsOf(control)).toEqual([dnOf(victims[1]!.uid)]);
    expect(dnsOf(await rows({}))).toHaveLength(victims.length);
    for (const payload of PAYLOADS) {
      const label = JSON.stringify(payload.slice(0, 40));
      for (const params of [{ 'f.uid': payload }, { 'f.mail': payload }, { q: payload }] as Array<Record<string, string>>) {
        const res = await rows(params);
        if (res.statusCode === 200) expect(dnsOf(res), `${Object.keys(params)[0]} ${label}`).toEqual([]);
        else expectRefused(res, `${Object.keys(params)[0]} ${label}`);
      }
      // Names of attributes, types and tabs, a base, dates, selected DNs: refused or matching nothing, never read as filter text.
      for (const params of [{ [`f.${payload}`]: 'x' }, { types: payload }, { tabs: payload }, { sort: payload }, { base: payload }, { 'from.shadowExpire': payload }, { dn: payload }] as Array<Record<string, string>>) {
        const res = await rows(params);
        const key = Object.keys(params)[0]!;
        if (res.statusCode === 200) expect(dnsOf(res), `${key} ${label}`).toEqual([]);
        else expectRefused(res, `${key.slice(0, 20)} ${label}`);
      }
      const cols = await rows({ cols: JSON.stringify([{ kind: 'Column', attributes: payload }]) });
      if (cols.statusCode !== 200) expectRefused(cols, `cols ${label}`);
    }
    // A value filter on an attribute the list does not have is refused or finds nothing; a base outside the directory is refused.
    const outside = await rows({ base: 'dc=evil,dc=example' });
    expectRefused(outside, 'base outside', 'base');
  });

  it('the department tree and the nomenclature typeahead refuse or ignore filter syntax', async () => {
    for (const payload of PAYLOADS) {
      const label = JSON.stringify(payload.slice(0, 40));
      const departments = await get(`/ui/api/departments?${q({ list: payload })}`);
      expectRefused(departments, `departments ${label}`);
      // A list name of letters is looked up (an unknown one has no choices); anything else is refused.
      const list = await get(`/ui/api/choices?${q({ list: payload, q: 'a' })}`);
      if (/^[a-z]+$/i.test(payload)) expect(list.json(), `choices list ${label}`).toEqual({ choices: [], total: 0 });
      else expectRefused(list, `choices list ${label}`, 'list');
    }
    const control = await get(`/ui/api/choices?${q({ list: 'affiliation', q: '', limit: '200' })}`);
    expect(control.statusCode, control.body).toBe(200);
    const all = control.json<{ total: number }>().total;
    expect(all).toBeGreaterThan(0);
    for (const payload of PAYLOADS) {
      for (const params of [{ q: payload }, { value: payload }, { q: 'a', type: payload, sector: payload }] as Array<Record<string, string>>) {
        const res = await get(`/ui/api/choices?${q({ list: 'affiliation', limit: '200', ...params })}`);
        const label = `choices ${Object.keys(params).join('+')} ${JSON.stringify(payload.slice(0, 40))}`;
        expect(res.statusCode, `${label}: ${res.body.slice(0, 200)}`).toBe(200);
        expect(res.json<{ total: number }>().total, label).toBe(0);
      }
    }
  });

  it('the audit page searches author, object and type for the exact value, and refuses a bad action or DN', async () => {
    // Control: the administrator's sign-in above is an event of his.
    const mine = await get(`/ui/api/audit?${q({ author: env.fdAdminDN, action: 'security', limit: '5' })}`);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json<{ events: unknown[] }>().events.length).toBeGreaterThan(0);
    for (const payload of PAYLOADS) {
      const label = JSON.stringify(payload.slice(0, 40));
      for (const field of ['author', 'object', 'type']) {
        const res = await get(`/ui/api/audit?${q({ [field]: payload, limit: '20' })}`);
        // Only events whose field is that very text (a failed sign-in typed with it, say), never a pattern's matches.
        const property = field === 'type' ? 'objectType' : field;
        if (res.statusCode === 200) for (const e of res.json<{ events: Array<Record<string, string>> }>().events) expect(e[property], `${field} ${label}`).toBe(payload);
        else expectRefused(res, `${field} ${label}`, field);
        const csv = await get(`/ui/api/audit.csv?${q({ [field]: payload })}`);
        if (csv.statusCode === 200) for (const line of csv.body.trim().split('\r\n').slice(1)) expect(line, `csv ${field} ${label}`).toContain(payload);
        else expectRefused(csv, `csv ${field} ${label}`, field);
      }
      expectRefused(await get(`/ui/api/audit?${q({ action: payload })}`), `action ${label}`, 'action');
      expectRefused(await get(`/ui/api/audit/event?${q({ dn: payload })}`), `event ${label}`, 'dn');
      expectRefused(await get(`/ui/api/audit/security?${q({ dn: payload })}`), `security ${label}`, 'dn');
    }
    // A DN with filter characters in its value is a DN that does not exist, not a filter.
    const fake = await get(`/ui/api/audit/security?${q({ dn: `uid=*,${people}` })}`);
    expect(fake.statusCode, fake.body).toBe(404);
    expect(fake.json()).toMatchObject({ code: 'object.not_found' });
    // Over-long text is refused with the field named.
    expectRefused(await get(`/ui/api/audit?${q({ author: 'a'.repeat(1001) })}`), 'long author', 'author');
  });

  it('the task dashboard refuses anything but its known types, statuses and task DNs', async () => {
    for (const payload of PAYLOADS) {
      const label = JSON.stringify(payload.slice(0, 40));
      expectRefused(await get(`/ui/api/tasks/dashboard?${q({ type: payload })}`), `type ${label}`, 'type');
      expectRefused(await get(`/ui/api/tasks/dashboard?${q({ status: payload })}`), `status ${label}`, 'status');
      expectRefused(await get(`/ui/api/tasks/dashboard?${q({ master: payload })}`), `master ${label}`, 'master');
    }
  });

  it('the mail-template preview and the ACL explanation take DNs, and a DN with filter characters names nobody', async () => {
    const preview = (user: string) =>
      call({ method: 'POST', url: '/ui/api/mailTemplates/preview', payload: { user, template: { subject: 'Hi', body: 'Hello %s' } }, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf } });
    const control = await preview(dnOf(victims[0]!.uid));
    expect(control.statusCode, control.body).toBe(200);
    for (const payload of PAYLOADS) {
      const label = JSON.stringify(payload.slice(0, 40));
      expectRefused(await preview(payload), `preview ${label}`, 'user');
      expectRefused(await get(`/ui/api/acl/explain?${q({ user: payload, dn: people })}`), `explain user ${label}`, 'user');
      expectRefused(await get(`/ui/api/acl/explain?${q({ dn: payload })}`), `explain dn ${label}`, 'dn');
    }
    for (const dn of [`uid=*,${people}`, `uid=*)(uid=*,${people}`, `uid=${victims[0]!.uid}\\2a,${people}`]) {
      const p = await preview(dn);
      expectRefused(p, `preview ${dn}`);
      expect(p.json()).toMatchObject({ code: 'object.not_found', attribute: 'user' });
      // Nothing of the victim the DN resembles (his name) comes back.
      expect(p.body).not.toContain('Victim');
      const explained = await get(`/ui/api/acl/explain?${q({ user: dn, dn: people })}`);
      expect(explained.statusCode, explained.body).toBe(404);
      expect(explained.json()).toMatchObject({ code: 'object.not_found', attribute: 'user' });
    }
  });
});

describe('LDAP injection in REST v1', () => {
  const rest = (options: InjectOptions) => call({ ...options, headers: { 'session-token': restToken, ...(options.headers ?? {}) } });

  it('a filter is ANDed with the type and a broken one is a 400; base and attrs are checked', async () => {
    const list = (params: Record<string, string>) => rest({ method: 'GET', url: `/rest.php/v1/objects/user?${q({ base: people, ...params })}` });
    const control = await list({ filter: `(uid=${victims[2]!.uid})` });
    expect(control.statusCode, control.body).toBe(200);
    expect(Object.keys(control.json<Record<string, unknown>>())).toEqual([dnOf(victims[2]!.uid)]);
    // A filter that would match anything still lists users only (the branch itself is no user).
    const widened = await list({ filter: '(|(objectClass=*)(ou=*))' });
    expect(widened.statusCode, widened.body).toBe(200);
    expect(Object.keys(widened.json<Record<string, unknown>>()).sort()).toEqual(victims.map((v) => dnOf(v.uid)).sort());
    for (const payload of PAYLOADS) {
      const label = JSON.stringify(payload.slice(0, 40));
      // Not a filter (not in parentheses, unbalanced, NUL): the REST error array with a message, never a 500.
      const res = await list({ filter: payload });
      expect(res.statusCode, `filter ${label}: ${res.body.slice(0, 200)}`).toBe(400);
      const body = res.json<Array<{ message: string }>>();
      expect(body[0]!.message, label).toMatch(/filter/i);
      for (const params of [{ base: payload }, { attrs: payload }, { [`attrs[${payload}]`]: '1' }, { scope: payload }, { sort: payload }] as Array<Record<string, string>>) {
        const r = await list(params);
        const key = Object.keys(params)[0]!.slice(0, 20);
        // Each is a name or a DN, checked before any search: FusionDirectory's error array, never a 500.
        expect(r.statusCode, `${key} ${label}: ${r.body.slice(0, 200)}`).toBe(400);
        expect(r.json<Array<{ message: string }>>()[0]!.message, `${key} ${label}`).toBeTruthy();
      }
    }
  });

  it('the sign-in and the recovery-token request take a login and an address, not a filter', async () => {
    for (const payload of PAYLOADS) {
      const label = JSON.stringify(payload.slice(0, 40));
      const login = await call({ method: 'POST', url: '/rest.php/v1/login', payload: { user: payload, password: 'x' } });
      expect(login.statusCode, `login ${label}`).toBe(401);
      // GET /recovery issues a token for THE account of an address: a pattern must match none.
      for (const email of [payload, `${payload}@${DOMAIN}`, `*@${DOMAIN}`]) {
        const res = await rest({ method: 'GET', url: `/rest.php/v1/recovery?${q({ email })}` });
        expect(res.statusCode, `recovery ${JSON.stringify(email.slice(0, 40))}: ${res.body.slice(0, 200)}`).toBe(400);
      }
    }
    expect(await recoveryTokens()).toEqual([]);
  });
});

describe('password recovery under attack', () => {
  const post = (url: string, payload: unknown, remoteAddress: string) =>
    app.inject({ method: 'POST', url, payload: payload as InjectOptions['payload'], remoteAddress, headers: { 'user-agent': UA, 'content-type': 'application/json' } });
  const mailsTo = (address: string) => sink.received.filter((m) => m.to.includes(address));
  const settle = () => new Promise((resolve) => setTimeout(resolve, 400));
  /** Waits (up to 5 s) until `count` mails reached the address, then a moment more for any extra one. */
  async function mailsReaching(address: string, count: number) {
    for (let i = 0; i < 50 && mailsTo(address).length < count; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    await settle();
    return mailsTo(address);
  }

  it('a recovery request with filter syntax in the address mails no one', async () => {
    const before = sink.received.length;
    const addresses = [`*@${DOMAIN}`, `*)(mail=*@${DOMAIN}`, `${victims[0]!.mail})(|(mail=*`, `alice*@${DOMAIN}`, `\\2a@${DOMAIN}`, `a\u0000@${DOMAIN}`, `${'x'.repeat(300)}@${DOMAIN}`, '*', 'x'.repeat(5000)];
    for (const [i, email] of addresses.entries()) {
      const res = await post('/ui/api/recovery/request', { email }, `198.51.100.${10 + i}`);
      // The same neutral answer as for a real address, or the shared error for what is not an address.
      if (res.statusCode === 202) expect(res.json()).toEqual({ message: RECOVERY_REQUESTED });
      else expectRefused(res, `request ${JSON.stringify(email.slice(0, 40))}`, 'email');
    }
    await settle();
    expect(sink.received.length).toBe(before);
    expect(await recoveryTokens()).toEqual([]);
  });

  it('many requests for one address send at most three mails, many from one client at most ten, each answered the same', async () => {
    const victim = victims[1]!;
    const answers = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const res = await post('/ui/api/recovery/request', { email: victim.mail }, `198.51.100.${100 + i}`);
      answers.add(`${res.statusCode} ${res.body}`);
    }
    expect(await mailsReaching(victim.mail, 3)).toHaveLength(3);
    // One client asking for many addresses (unknown ones count too): after ten, even a real one gets no mail.
    const client = '198.51.100.200';
    for (let i = 0; i < 10; i++) {
      const res = await post('/ui/api/recovery/request', { email: `nobody-${i}@${DOMAIN}` }, client);
      answers.add(`${res.statusCode} ${res.body}`);
    }
    const third = victims[2]!;
    const refused = await post('/ui/api/recovery/request', { email: third.mail }, client);
    answers.add(`${refused.statusCode} ${refused.body}`);
    await settle();
    expect(mailsTo(third.mail)).toHaveLength(0);
    // The same address from another client is mailed: the limit was the client's.
    await post('/ui/api/recovery/request', { email: third.mail }, '198.51.100.201');
    expect(await mailsReaching(third.mail, 1)).toHaveLength(1);
    // Every answer was the same: none told which address exists or which request was over the limit.
    expect([...answers]).toEqual([`202 ${JSON.stringify({ message: RECOVERY_REQUESTED })}`]);
  });

  it('guessing recovery tokens is refused, audited, and stopped after ten tries even with the right token', async () => {
    const victim = victims[0]!;
    await post('/ui/api/recovery/request', { email: victim.mail }, '198.51.100.50');
    const [mail] = await mailsReaching(victim.mail, 1);
    const token = /uniq=([^&\s]+)/.exec(mail!.text)![1]!;
    const guesser = '198.51.100.66';
    for (let i = 0; i < 10; i++) {
      const guess = randomBytes(20).toString('hex');
      const res = i % 2 === 0 ? await post('/ui/api/recovery/check', { login: victim.uid, token: guess }, guesser) : await post('/ui/api/recovery/reset', { login: victim.uid, token: guess, password1: 'Guessed-1 pw', password2: 'Guessed-1 pw' }, guesser);
      if (i % 2 === 0) expect(res.json(), `try ${i}`).toEqual({ valid: false });
      else expectRefused(res, `reset try ${i}`, 'token');
    }
    // Filter characters in the login or the token find no token either.
    for (const login of ['*', `${victim.uid.slice(0, 5)}*`, `${victim.uid})(ou=*`, `${victim.uid}\u0000x`]) {
      expect((await post('/ui/api/recovery/check', { login, token: '*' }, '198.51.100.67')).json()).toEqual({ valid: false });
    }
    // Over the limit: even the right token is refused from that client, with the shared error.
    const stopped = await post('/ui/api/recovery/check', { login: victim.uid, token }, guesser);
    expectRefused(stopped, 'right token after ten wrong');
    expect(stopped.json<{ message: string }>().message).toMatch(/too many/i);
    // From elsewhere the link still works: the victim is not locked out by the attacker.
    expect((await post('/ui/api/recovery/check', { login: victim.uid, token }, '198.51.100.68')).json()).toEqual({ valid: true });
    // Each wrong token is in the audit trail as a security event on the login, with the client's address.
    const events = await gateway.searchAll(env.baseDN, {
      filter: `(&(objectClass=fdAuditEvent)(fdAuditAction=security)(fdAuditObjectType=recovery failure)(fdAuditObject=${victim.uid}))`,
      attributes: ['fdAuditAuthorIP', 'fdAuditAuthorDN', 'fdAuditResult'],
    });
    expect(events.filter((e) => e.first('fdAuditAuthorIP') === guesser)).toHaveLength(10);
    expect(events.every((e) => /invalid/i.test(e.first('fdAuditResult') ?? ''))).toBe(true);
    expect(events.map((e) => e.first('fdAuditResult') ?? '').join(' ')).not.toContain(token);
    // And the victim's Security panel shows them.
    const panel = await get(`/ui/api/audit/security?${q({ dn: dnOf(victim.uid) })}`);
    expect(panel.json<{ events: Array<{ objectType: string; authorIp: string }> }>().events.filter((e) => e.objectType === 'recovery failure' && e.authorIp === guesser).length).toBeGreaterThanOrEqual(10);
  });
});
