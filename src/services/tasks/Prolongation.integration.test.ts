// Account prolongation with a reminder token, on FusionDirectory-shaped reminder tasks and users in the real
// directory: the state or Posix expiry moved forward, the lock following the state, one answer for every refusal.
import { execFile } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../../../test/harness.ts';
import { loadFixture } from '../../../test/ldifFixture.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';
import { Registry } from '../../model/Registry.ts';
import { hashSalted } from '../../passwords/ssha.ts';
import { configurationPlugin } from '../../plugins/configuration/index.ts';
import { corePlugin } from '../../plugins/core/index.ts';
import { posixPlugin } from '../../plugins/posix/index.ts';
import { supannPlugin } from '../../plugins/supann/index.ts';
import { SuperAdministratorPolicy } from '../AccessPolicy.ts';
import { ObjectService } from '../objects/ObjectService.ts';
import { SiteConfig } from '../SiteConfig.ts';
import { Prolongation, PROLONGATION_REFUSED } from './Prolongation.ts';
import { ReminderTokens } from './tokens.ts';

const env = testLdap();
const PASSWORD = 'prolong-secret';
const tag = randomBytes(3).toString('hex');
let clock = new Date('2026-11-27T10:00:00Z');
let gateway: LdapGateway;
let base: string;
let tokens: ReminderTokens;
let prolongation: Prolongation;
let service: ObjectService;

const uidOf = (name: string) => `rm-${name}-${tag}`;
const userDn = (name: string) => `uid=${uidOf(name)},ou=people,${base}`;
const task = (name: string) => `rm-${name}-${tag}`;
const read = async (name: string) => (await gateway.read(userDn(name), ['supannRessourceEtatDate', 'supannRessourceEtat', 'shadowExpire', 'userPassword']))!;

async function canBind(dn: string): Promise<boolean> {
  try {
    await promisify(execFile)('ldapwhoami', ['-x', '-H', env.url, '-D', dn, '-w', PASSWORD]);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword }, poolSize: 4 });
  base = await testSubtree('prolongation');
  await loadFixture(gateway, 'fd-reminder.ldif', {
    BASE: base,
    TAG: tag,
    PASSWORD: hashSalted(PASSWORD, 'SSHA'),
    UIDNUMBER: String(83300 + randomInt(100)),
    SHADOW: String(Date.UTC(2026, 11, 7) / 86_400_000),
  });
  // An account the life cycle expired and locked.
  await gateway.add(userDn('expired'), {
    objectClass: ['inetOrgPerson', 'organizationalPerson', 'person', 'eduPerson', 'supannPerson'],
    uid: uidOf('expired'),
    cn: 'Ed Expired',
    sn: 'Expired',
    mail: `${uidOf('expired')}@example.org`,
    eduPersonPrincipalName: `${uidOf('expired')}@univ.example.org`,
    userPassword: hashSalted(PASSWORD, 'SSHA').replace('}', '}!'),
    supannRessourceEtatDate: '{COMPTE}I:SupannExpire:20261126:20261226',
    supannRessourceEtat: '{COMPTE}I:SupannExpire',
  });
  service = new ObjectService({ gateway, registry: new Registry([corePlugin, posixPlugin, configurationPlugin, supannPlugin]), config: new SiteConfig(base, {}), access: new SuperAdministratorPolicy(gateway, env.baseDN) });
  const admin = { dn: env.fdAdminDN };
  tokens = new ReminderTokens({ gateway, baseDN: base, now: () => clock });
  prolongation = new Prolongation({
    gateway,
    baseDN: base,
    now: () => clock,
    limits: { failedPerClient: 5 },
    hooks: { refreshUser: async (dn) => void (await service.save(admin, await service.open(admin, 'user', dn))) },
  });
});
afterAll(() => gateway.close());

describe('account prolongation', () => {
  it('moves the SupAnn state forward from its old end date and spends the token', async () => {
    const { token } = await tokens.issue(uidOf('soon'), userDn('soon'), 15);
    expect(await prolongation.checkLink(token, task('prolong'))).toEqual({ valid: true, task: task('prolong') });
    const result = await prolongation.prolong({ token, task: task('prolong'), login: uidOf('soon'), method: 'uid' });
    expect(result).toEqual({ task: task('prolong'), endDate: '2027-12-15', state: '{COMPTE}A:SupannActif:20261215:20271215' });
    const entry = await read('soon');
    expect(entry.get('supannRessourceEtatDate')).toEqual(['{COMPTE}A:SupannActif:20261215:20271215']);
    expect(entry.get('supannRessourceEtat')).toEqual(['{COMPTE}A:SupannActif']);
    expect(await gateway.read(`cn=${uidOf('soon')},ou=tokens,${base}`, ['cn'])).toBeNull();
    // Once only.
    expect(await prolongation.checkLink(token, task('prolong'))).toEqual({ valid: false });
    await expect(prolongation.prolong({ token, task: task('prolong'), login: uidOf('soon'), method: 'uid' })).rejects.toMatchObject({ code: 'value.invalid', message: PROLONGATION_REFUSED });
  });

  it('reactivates an expired account and unlocks its password, found by its EPPN', async () => {
    expect(await canBind(userDn('expired'))).toBe(false);
    const { token } = await tokens.issue(uidOf('expired'), userDn('expired'), 15);
    const result = await prolongation.prolong({ token, task: task('prolong'), login: `${uidOf('expired')}@univ.example.org`, method: 'EPPN' });
    expect(result.state).toBe('{COMPTE}A:SupannActif:20261226:20271226');
    const entry = await read('expired');
    expect(entry.first('userPassword')).toMatch(/^\{SSHA\}[^!]/);
    expect(entry.get('supannRessourceEtat')).toEqual(['{COMPTE}A:SupannActif']);
    expect(await canBind(userDn('expired'))).toBe(true);
  });

  it('adds the task’s days to shadowExpire for a Posix task', async () => {
    const before = Number((await read('posix')).first('shadowExpire'));
    const { token } = await tokens.issue(uidOf('posix'), userDn('posix'), 23);
    const result = await prolongation.prolong({ token, task: task('posix'), login: `${uidOf('posix')}@example.org`, method: 'mail' });
    expect(result).toEqual({ task: task('posix'), posixEndDate: '2027-03-07' });
    expect(Number((await read('posix')).first('shadowExpire'))).toBe(before + 90);
  });

  it('gives one answer to a wrong token, an unknown login, another user’s login and an expired token, writing nothing', async () => {
    const { token } = await tokens.issue(uidOf('far'), userDn('far'), 15);
    const before = { far: await read('far'), past: await read('past') };
    const attempts = [
      { token: `${token}x`, task: task('prolong'), login: uidOf('far'), method: 'uid' },
      { token, task: task('prolong'), login: 'nobody-at-all', method: 'uid' },
      { token, task: task('prolong'), login: uidOf('past'), method: 'uid' },
      { token, task: task('plain'), login: uidOf('far'), method: 'uid' },
    ];
    const limited = new Prolongation({ gateway, baseDN: base, now: () => clock });
    for (const attempt of attempts) await expect(limited.prolong(attempt, { ip: '192.0.2.1' })).rejects.toMatchObject({ code: 'value.invalid', message: PROLONGATION_REFUSED });
    clock = new Date(clock.getTime() + 16 * 86_400_000);
    try {
      await expect(limited.prolong({ token, task: task('prolong'), login: uidOf('far'), method: 'uid' })).rejects.toMatchObject({ message: PROLONGATION_REFUSED });
    } finally {
      clock = new Date('2026-11-27T10:00:00Z');
    }
    expect(await read('far')).toEqual(before.far);
    expect(await read('past')).toEqual(before.past);
    // The token is still there for its owner.
    expect((await tokens.check(uidOf('far'), token))?.userDn).toBe(userDn('far'));
  });

  it('refuses a client after too many wrong attempts, even with a good link', async () => {
    const { token } = await tokens.issue(uidOf('far'), userDn('far'), 15);
    for (let i = 0; i < 5; i++) await expect(prolongation.prolong({ token: 'wrong', task: task('prolong'), login: uidOf('far'), method: 'uid' }, { ip: '198.51.100.7' })).rejects.toThrow(PROLONGATION_REFUSED);
    await expect(prolongation.prolong({ token, task: task('prolong'), login: uidOf('far'), method: 'uid' }, { ip: '198.51.100.7' })).rejects.toThrow(/Too many invalid prolongation attempts/);
    expect(await prolongation.checkLink(token, task('prolong'), { ip: '198.51.100.7' }).catch((e: Error) => e.message)).toMatch(/Too many/);
    // Another client is not affected.
    expect((await prolongation.prolong({ token, task: task('prolong'), login: uidOf('far'), method: 'uid' }, { ip: '198.51.100.8' })).endDate).toBe('2028-05-31');
  });

  it('checks the method and the login before anything else', async () => {
    await expect(prolongation.prolong({ token: 'x', task: task('prolong'), login: 'a', method: 'cn' })).rejects.toMatchObject({ attribute: 'method' });
    await expect(prolongation.prolong({ token: 'x', task: task('prolong'), login: ' ', method: 'uid' })).rejects.toMatchObject({ attribute: 'login' });
  });
});
