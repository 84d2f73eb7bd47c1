import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../../../test/harness.ts';
import { AppError } from '../../errors/AppError.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';
import { EditLocks } from './EditLocks.ts';

const env = testLdap();
let gateway: LdapGateway;
let base: string;
let locks: EditLocks;
const alice = 'uid=alice,ou=people,dc=test,dc=trousseau';
const bob = 'uid=bob,ou=people,dc=test,dc=trousseau';

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
  // A base of our own: its lock branch does not exist yet, so the first lock creates it.
  base = await testSubtree('locks');
  locks = new EditLocks({ gateway, baseDN: base, lifetimeSeconds: 1800 });
});
afterAll(() => gateway.close());

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected a refusal');
}

describe('edit locks', () => {
  it('writes the lock entry exactly as FusionDirectory does, creating the branch', async () => {
    const dn = `uid=jdoe,ou=people,${base}`;
    const lock = await locks.acquire(dn, alice);
    const md5 = createHash('md5').update(dn).digest('hex');
    expect(lock.entryDn).toBe(`cn=${md5},ou=locks,ou=fusiondirectory,${base}`);
    const entry = (await gateway.read(lock.entryDn, ['*']))!;
    expect(entry.get('objectClass')).toEqual(['fdLockEntry']);
    expect(entry.first('cn')).toBe(md5);
    expect(entry.first('fdUserDn')).toBe(alice);
    expect(Buffer.from(entry.first('fdObjectDn')!, 'base64').toString()).toBe(dn);
    expect(entry.first('fdLockTimestamp')).toMatch(/^\d{10}(\d{2}){0,2}Z$/);
    await locks.release(lock);
    expect(await gateway.read(lock.entryDn, ['1.1'])).toBeNull();
  });

  it('refuses a second writer, even the same user, naming the owner', async () => {
    const dn = `uid=busy,ou=people,${base}`;
    const lock = await locks.acquire(dn, alice);
    const err = await refusal(locks.acquire(dn, bob));
    expect(err.code).toBe('lock.taken');
    expect(err.message).toBe(`Cannot get a lock on ${dn}. It has been locked by ${alice}.`);
    expect(err.dn).toBe(dn);
    expect(err.details).toEqual({ author: alice });
    expect((await refusal(locks.acquire(dn, alice))).code).toBe('lock.taken');
    await locks.release(lock);
    await locks.release(await locks.acquire(dn, bob));
  });

  it('lets exactly one of two racing writers win', async () => {
    const dn = `uid=race,ou=people,${base}`;
    const results = await Promise.allSettled([locks.acquire(dn, alice), locks.acquire(dn, bob), locks.acquire(dn, alice)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const won = results.find((r): r is PromiseFulfilledResult<Awaited<ReturnType<EditLocks['acquire']>>> => r.status === 'fulfilled')!;
    await locks.release(won.value);
  });

  it('honours a lock FusionDirectory wrote under another spelling of the entry name, and removes stale ones', async () => {
    const dn = `uid=fdlocked,ou=people,${base}`;
    const foreign = `cn=somethingelse,${locks.branch}`;
    await gateway.add(foreign, { objectClass: 'fdLockEntry', cn: 'somethingelse', fdUserDn: bob, fdObjectDn: Buffer.from(dn).toString('base64'), fdLockTimestamp: '202001011200Z' });
    // Old lock: stale after 1800 s, removed when met.
    await locks.release(await locks.acquire(dn, alice));
    expect(await gateway.read(foreign, ['1.1'])).toBeNull();
    const never = new EditLocks({ gateway, baseDN: base, lifetimeSeconds: 0 });
    await gateway.add(foreign, { objectClass: 'fdLockEntry', cn: 'somethingelse', fdUserDn: bob, fdObjectDn: Buffer.from(dn).toString('base64'), fdLockTimestamp: '202001011200Z' });
    expect((await refusal(never.acquire(dn, alice))).details).toEqual({ author: bob });
    await gateway.delete(foreign);
  });

  it('releases the lock when the work fails, and hands back its result when it succeeds', async () => {
    const dn = `uid=work,ou=people,${base}`;
    await expect(locks.withLock(dn, alice, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await locks.locksOn(dn)).toEqual([]);
    expect(await locks.withLock(dn, alice, async () => 42)).toBe(42);
  });

  it('removes every lock of a user', async () => {
    await locks.acquire(`uid=a1,${base}`, bob);
    await locks.acquire(`uid=a2,${base}`, bob);
    const kept = await locks.acquire(`uid=a3,${base}`, alice);
    expect(await locks.releaseAllOf(bob)).toBe(2);
    expect(await locks.locksOn(`uid=a3,${base}`)).toHaveLength(1);
    await locks.release(kept);
  });
});
