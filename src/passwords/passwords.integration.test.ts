// slapd itself accepts a bind against every value the slapd-verifiable methods write, refuses a wrong password,
// and refuses the right one once the value carries FusionDirectory's lock mark.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../../test/harness.ts';
import { InvalidCredentialsError } from '../ldap/errors.ts';
import { LdapGateway } from '../ldap/LdapGateway.ts';
import { lockPassword, planUserLock, unlockPassword } from './locking.ts';
import { PASSWORD_METHOD_NAMES, type PasswordMethodName } from './PasswordMethod.ts';
import { passwordMethods } from './passwordMethods.ts';

const env = testLdap();
const PASSWORD = 'Grüße, 2 €!';
let ldap: LdapGateway;
let base: string;

const verifiable = PASSWORD_METHOD_NAMES.filter((name) => passwordMethods[name].slapdVerifiable);
const userDn = (name: PasswordMethodName): string => `uid=pw-${name.replace(/[^a-z0-9]/g, '-')},${base}`;

async function addUser(dn: string, userPassword: string | null): Promise<void> {
  const uid = /^uid=([^,]+)/.exec(dn)![1]!;
  await ldap.add(dn, {
    objectClass: ['inetOrgPerson', 'organizationalPerson', 'person'],
    uid,
    cn: uid,
    sn: uid,
    ...(userPassword === null ? {} : { userPassword }),
  });
}

async function setPassword(dn: string, value: string): Promise<void> {
  await ldap.modify(dn, [{ operation: 'replace', attribute: 'userPassword', values: [value] }]);
}

async function binds(dn: string, password: string): Promise<boolean> {
  try {
    await ldap.bindAs(dn, password);
    return true;
  } catch (error) {
    if (error instanceof InvalidCredentialsError) return false;
    throw error;
  }
}

beforeAll(async () => {
  ldap = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
  base = await testSubtree('passwords');
});

afterAll(async () => {
  await ldap.close();
});

describe('slapd checks every slapd-verifiable method at bind', () => {
  it('covers every method except sasl and empty', () => {
    expect(PASSWORD_METHOD_NAMES.filter((name) => !verifiable.includes(name))).toEqual(['empty', 'sasl']);
  });

  it.each(verifiable)('%s: the right password binds, a wrong one does not, a locked value refuses both', async (name) => {
    const method = passwordMethods[name];
    const dn = userDn(name);
    const stored = (await method.hash(PASSWORD))!;
    await addUser(dn, stored);

    expect(await binds(dn, PASSWORD)).toBe(true);
    expect(await binds(dn, `x${PASSWORD}`)).toBe(false); // a change in the first 8 bytes: standard DES reads no more
    expect(await binds(dn, 'Grusse, 2 E!')).toBe(false);

    if (!method.lockable) return; // clear
    await setPassword(dn, method.lock(stored));
    expect(await binds(dn, PASSWORD)).toBe(false);
    await setPassword(dn, method.unlock(method.lock(stored))!);
    expect(await binds(dn, PASSWORD)).toBe(true);
  });

  it('accepts the costs a caller may choose (SHA-512 rounds, blowfish cost, enhanced-DES count, argon2 parameters)', async () => {
    const variants: [string, string | null][] = [
      ['rounds', await passwordMethods['crypt/sha-512'].hash(PASSWORD, { rounds: 12000 })],
      ['cost', await passwordMethods['crypt/blowfish'].hash(PASSWORD, { rounds: 5 })],
      ['count', await passwordMethods['crypt/enhanced-des'].hash(PASSWORD, { rounds: 5000 })],
      ['argon', await passwordMethods.argon2.hash(PASSWORD, { argon2: { memoryCost: 4096, timeCost: 2, parallelism: 2 } })],
    ];
    for (const [label, stored] of variants) {
      const dn = `uid=pw-cost-${label},${base}`;
      await addUser(dn, stored);
      expect([label, await binds(dn, PASSWORD)]).toEqual([label, true]);
      expect([label, await binds(dn, 'wrong')]).toEqual([label, false]);
    }
  });
});

describe('locking a user as FusionDirectory does', () => {
  it('a user locked without a password ({CRYPT}!) cannot bind, and unlocking removes the value', async () => {
    const dn = `uid=pw-empty-locked,${base}`;
    await addUser(dn, lockPassword(null));
    expect(await binds(dn, '!')).toBe(false);
    expect(await binds(dn, PASSWORD)).toBe(false);
    const plan = planUserLock('unlock', '{CRYPT}!');
    await ldap.modify(dn, plan.changes);
    const entry = await ldap.read(dn, ['userPassword']);
    expect(entry?.has('userPassword')).toBe(false);
  });

  it('a lock plan written in one modify locks the bind, its unlock plan restores it', async () => {
    const dn = `uid=pw-plan,${base}`;
    const stored = (await passwordMethods.ssha.hash(PASSWORD))!;
    await addUser(dn, stored);
    const locked = planUserLock('lock', stored);
    await ldap.modify(dn, locked.changes);
    expect(await binds(dn, PASSWORD)).toBe(false);
    await ldap.modify(dn, planUserLock('unlock', locked.userPassword).changes);
    expect(unlockPassword(locked.userPassword)).toBe(stored);
    expect(await binds(dn, PASSWORD)).toBe(true);
  });
});
