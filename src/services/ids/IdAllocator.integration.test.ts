import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap } from '../../../test/harness.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';
import { SiteConfig } from '../SiteConfig.ts';
import { IdAllocator } from './IdAllocator.ts';

const env = testLdap();
let gateway: LdapGateway;
let base: string;
const config = { fdUidNumberBase: ['51100'], fdGidNumberBase: ['51100'] };

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword }, poolSize: 8 });
  // A base of its own, so the counter entry (ou=idmap,<base>) belongs to this file; numbers from 51100 up, because
  // the test directory's unique overlay keeps uidNumber unique across every test file.
  base = `o=ids-${Date.now()},${env.baseDN}`;
  await gateway.add(base, { objectClass: ['organization'], o: base.slice(2, base.indexOf(',')) });
  await gateway.add(`ou=people,${base}`, { objectClass: 'organizationalUnit', ou: 'people' });
  for (const [uid, n] of [['ida', '51500'], ['idb', '51200'], ['idnobody', '65534']] as const) {
    await gateway.add(`uid=${uid},ou=people,${base}`, { objectClass: ['inetOrgPerson', 'posixAccount'], uid, cn: uid, sn: uid, uidNumber: n, gidNumber: '100', homeDirectory: `/home/${uid}` });
  }
});
afterAll(() => gateway.close());

describe('id allocation', () => {
  it('starts above every number in use (65534 aside) and never goes back', async () => {
    const ids = new IdAllocator(gateway, new SiteConfig(base, config));
    expect(await ids.next('uidNumber')).toBe(51501);
    expect(await ids.next('uidNumber')).toBe(51502);
    // Freeing the highest number does not make it available again.
    await gateway.delete(`uid=ida,ou=people,${base}`);
    expect(await ids.next('uidNumber')).toBe(51503);
    const pool = (await gateway.read(ids.poolDN, ['uidNumber', 'objectClass']))!;
    expect(pool.first('uidNumber')).toBe('51504');
  });

  it('gives 100 concurrent claims 100 distinct numbers', async () => {
    const ids = new IdAllocator(gateway, new SiteConfig(base, config));
    const claimed = await Promise.all(Array.from({ length: 100 }, () => ids.next('gidNumber')));
    expect(new Set(claimed).size).toBe(100);
    expect(Math.min(...claimed)).toBe(51101);
    expect(Math.max(...claimed)).toBe(51200);
  });

  it('skips a number someone set by hand, and refuses when the range is exhausted', async () => {
    const ids = new IdAllocator(gateway, new SiteConfig(base, config));
    const next = Number((await gateway.read(ids.poolDN, ['uidNumber']))!.first('uidNumber'));
    await gateway.add(`uid=idforced,ou=people,${base}`, { objectClass: ['inetOrgPerson', 'posixAccount'], uid: 'idforced', cn: 'f', sn: 'f', uidNumber: String(next), gidNumber: '100', homeDirectory: '/home/f' });
    expect(await ids.next('uidNumber')).toBe(next + 1);
    const tight = new IdAllocator(gateway, new SiteConfig(base, { ...config, fdUidNumberBase: [`51100-${next}`] }));
    await expect(tight.next('uidNumber')).rejects.toThrow(/No uidNumber is left/);
  });
});
