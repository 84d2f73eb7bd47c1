// The orchestrator's DSA sign-in and refresh-token whitelist against the run's slapd: password schemes checked by a
// bind as the DSA, escaped lookups, the fdJWT entry FusionDirectory's orchestrator reads, rotation and revocation.
import { createHmac, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../../../test/harness.ts';
import { Secret } from '../../config/Secret.ts';
import { AppError } from '../../errors/AppError.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';
import { hashPassword } from '../../passwords/index.ts';
import { hashSalted } from '../../passwords/ssha.ts';
import { verifyToken } from './jwt.ts';
import { OrchestratorAuth } from './OrchestratorAuth.ts';

const env = testLdap();
const KEY = `whitelist-key-${randomBytes(6).toString('hex')}`;
const PASSWORD = 'Dsa secret 42!';
let gateway: LdapGateway;
let base: string;
let dsaBase: string;
let now = new Date();
let auth: OrchestratorAuth;

async function addDsa(cn: string, userPassword: string, parent = dsaBase): Promise<string> {
  const dn = `cn=${cn},${parent}`;
  await gateway.add(dn, { objectClass: ['organizationalRole', 'simpleSecurityObject'], cn, userPassword });
  return dn;
}

/** The error an auth call fails with, as `<code>: <message>`. */
async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof AppError) return `${e.code}: ${e.message}`;
    throw e;
  }
  return 'succeeded';
}

const hmacHex = (token: string) => createHmac('sha256', KEY).update(token).digest('hex');

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
  base = await testSubtree('orch-auth');
  dsaBase = `ou=dsa,${base}`;
  await gateway.add(dsaBase, { objectClass: 'organizationalUnit', ou: 'dsa' });
  await addDsa('orchestrator', hashSalted(PASSWORD, 'SSHA'));
  auth = new OrchestratorAuth({ gateway, baseDN: base, config: { secretKey: new Secret(KEY), tokenExpiry: 300, refreshExpiry: 3600 }, now: () => now });
});

afterAll(async () => {
  await gateway?.close();
});

describe('DSA sign-in', () => {
  it('checks the password by a bind, whatever scheme slapd knows', async () => {
    const schemes: Array<[string, string]> = [
      ['ssha512', hashSalted(PASSWORD, 'SSHA512')],
      ['crypt', (await hashPassword('crypt/sha-512', PASSWORD))!],
      ['crypt-lower', (await hashPassword('crypt/sha-512', PASSWORD))!.replace('{CRYPT}', '{crypt}')],
      ['md5', (await hashPassword('md5', PASSWORD))!],
      ['sha', (await hashPassword('sha', PASSWORD))!],
      ['smd5', (await hashPassword('smd5', PASSWORD))!],
      ['argon2', (await hashPassword('argon2', PASSWORD))!],
      ['plain', PASSWORD],
    ];
    for (const [name, hash] of schemes) {
      const dn = await addDsa(`dsa-${name}`, hash);
      const { account, tokens } = await auth.login(`dsa-${name}`, PASSWORD);
      expect({ name, dn: account.dn, sub: verifyToken(tokens.access_token, KEY, now).sub }).toEqual({ name, dn, sub: `dsa-${name}-jwt` });
      expect(await failure(auth.login(`dsa-${name}`, `${PASSWORD}x`)), name).toBe('auth.failed: invalid authentication');
    }
  });

  it('refuses unknown DSAs, empty passwords, and filter metacharacters in the login', async () => {
    expect(await failure(auth.login('nobody', PASSWORD))).toBe('auth.failed: invalid authentication');
    expect(await failure(auth.login('orchestrator', ''))).toBe('auth.failed: invalid authentication');
    // Unescaped, `*` would match the first DSA of the branch (FusionDirectory's filter is `(|(cn=<login>))`).
    expect(await failure(auth.login('*', PASSWORD))).toBe('auth.failed: invalid authentication');
    expect(await failure(auth.login('orch*', PASSWORD))).toBe('auth.failed: invalid authentication');
    expect(await failure(auth.login('orchestrator)(cn=*', PASSWORD))).toBe('auth.failed: invalid authentication');
  });

  it('removes every "-jwt" from the login, as the PHP orchestrator does', async () => {
    const { account } = await auth.login('orchestrator-jwt', PASSWORD);
    expect(account).toMatchObject({ cn: 'orchestrator', subject: 'orchestrator-jwt', tokenEntryDn: `cn=orchestrator-jwt,${dsaBase}` });
  });

  it('finds DSAs in sub-branches and stores their token entry beside them', async () => {
    await gateway.add(`ou=robots,${dsaBase}`, { objectClass: 'organizationalUnit', ou: 'robots' });
    await addDsa('cron-robot', hashSalted(PASSWORD), `ou=robots,${dsaBase}`);
    const { account } = await auth.login('cron-robot', PASSWORD);
    expect(account.tokenEntryDn).toBe(`cn=cron-robot-jwt,ou=robots,${dsaBase}`);
    expect(await gateway.read(account.tokenEntryDn, ['cn'])).not.toBeNull();
  });

  it('refuses a login that names several DSAs', async () => {
    await gateway.add(`ou=twins,${dsaBase}`, { objectClass: 'organizationalUnit', ou: 'twins' });
    await addDsa('twin', hashSalted(PASSWORD));
    await addDsa('twin', hashSalted(PASSWORD), `ou=twins,${dsaBase}`);
    expect(await failure(auth.login('twin', PASSWORD))).toBe('auth.failed: invalid authentication');
  });
});

describe('refresh-token whitelist', () => {
  it('stores the HMAC of the refresh token in the fdJWT entry FusionDirectory reads, one token per DSA', async () => {
    now = new Date('2030-01-01T00:00:00Z');
    const first = await auth.login('orchestrator', PASSWORD);
    const entry = await gateway.read(`cn=orchestrator-jwt,${dsaBase}`, ['objectClass', 'cn', 'fdRefreshToken', 'fdRefreshTokenExpiry']);
    expect(entry?.get('objectClass')).toEqual(['fdJWT']);
    expect(entry?.get('cn')).toEqual(['orchestrator-jwt']);
    expect(entry?.get('fdRefreshToken')).toEqual([hmacHex(first.tokens.refresh_token)]);
    expect(entry?.get('fdRefreshTokenExpiry')).toEqual([String(Date.parse('2030-01-01T00:00:00Z') / 1000 + 3600)]);
    // A second login replaces the token (add fails, replace): the first refresh token is off the whitelist.
    now = new Date('2030-01-01T00:01:00Z');
    const second = await auth.login('orchestrator', PASSWORD);
    const after = await gateway.read(`cn=orchestrator-jwt,${dsaBase}`, ['fdRefreshToken']);
    expect(after?.get('fdRefreshToken')).toEqual([hmacHex(second.tokens.refresh_token)]);
    expect(await failure(auth.refresh(first.tokens.refresh_token))).toBe('value.invalid: invalid token (not on whitelist)');
  });

  it('rotates on refresh: the new hash replaces the old one, and the old token works once', async () => {
    now = new Date('2030-02-01T00:00:00Z');
    const { tokens } = await auth.login('orchestrator', PASSWORD);
    now = new Date('2030-02-01T00:00:10Z');
    const renewed = await auth.refresh(tokens.refresh_token);
    expect(renewed.tokens.refresh_token).not.toBe(tokens.refresh_token);
    expect(verifyToken(renewed.tokens.access_token, KEY, now)).toMatchObject({ sub: 'orchestrator-jwt', kind: 'access', exp: Date.parse('2030-02-01T00:00:10Z') / 1000 + 300 });
    const entry = await gateway.read(`cn=orchestrator-jwt,${dsaBase}`, ['fdRefreshToken', 'fdRefreshTokenExpiry']);
    expect(entry?.get('fdRefreshToken')).toEqual([hmacHex(renewed.tokens.refresh_token)]);
    expect(entry?.get('fdRefreshTokenExpiry')).toEqual([String(Date.parse('2030-02-01T00:00:10Z') / 1000 + 3600)]);
    expect(await failure(auth.refresh(tokens.refresh_token))).toBe('value.invalid: invalid token (not on whitelist)');
  });

  it('retires the old token even when the refresh comes in the second the token was issued', async () => {
    now = new Date('2030-02-15T00:00:00Z');
    const { tokens } = await auth.login('orchestrator', PASSWORD);
    const renewed = await auth.refresh(tokens.refresh_token);
    expect(renewed.tokens.refresh_token).not.toBe(tokens.refresh_token);
    expect(await failure(auth.refresh(tokens.refresh_token))).toBe('value.invalid: invalid token (not on whitelist)');
    expect((await auth.refresh(renewed.tokens.refresh_token)).tokens.refresh_token).not.toBe(renewed.tokens.refresh_token);
  });

  it('lets only one of two simultaneous refreshes with the same token through', async () => {
    now = new Date('2030-03-01T00:00:00Z');
    const { tokens } = await auth.login('orchestrator', PASSWORD);
    now = new Date('2030-03-01T00:00:05Z');
    const outcomes = await Promise.all([failure(auth.refresh(tokens.refresh_token)), failure(auth.refresh(tokens.refresh_token))]);
    expect(outcomes.sort()).toEqual(['succeeded', 'value.invalid: invalid token (not on whitelist)']);
  });

  it('refuses access tokens, expired and foreign tokens at refresh', async () => {
    now = new Date('2030-04-01T00:00:00Z');
    const { tokens } = await auth.login('orchestrator', PASSWORD);
    expect(await failure(auth.refresh(tokens.access_token))).toBe('value.invalid: invalid token');
    const other = new OrchestratorAuth({ gateway, baseDN: base, config: { secretKey: new Secret('another-key-0123456789'), tokenExpiry: 300, refreshExpiry: 3600 }, now: () => now });
    expect(await failure(other.refresh(tokens.refresh_token))).toBe('value.invalid: invalid token');
    now = new Date('2030-04-01T01:00:01Z');
    expect(await failure(auth.refresh(tokens.refresh_token))).toBe('value.invalid: invalid token');
  });

  it('refuses the refresh token of a DSA that was deleted', async () => {
    now = new Date('2030-05-01T00:00:00Z');
    const dn = await addDsa('short-lived', hashSalted(PASSWORD));
    const { tokens } = await auth.login('short-lived', PASSWORD);
    await gateway.delete(dn);
    expect(await failure(auth.refresh(tokens.refresh_token))).toBe('auth.failed: invalid authentication');
    expect(await failure(auth.authenticateBearer(tokens.access_token))).toBe('auth.failed: invalid authentication');
  });

  it('logs out by removing the hash, keeping the entry; a second logout finds nothing', async () => {
    now = new Date('2030-06-01T00:00:00Z');
    const { tokens } = await auth.login('orchestrator', PASSWORD);
    expect(await auth.logout(tokens.refresh_token)).toBe(true);
    const entry = await gateway.read(`cn=orchestrator-jwt,${dsaBase}`, ['cn', 'fdRefreshToken']);
    expect(entry?.get('cn')).toEqual(['orchestrator-jwt']);
    expect(entry?.get('fdRefreshToken')).toEqual([]);
    expect(await auth.logout(tokens.refresh_token)).toBe(false);
    expect(await failure(auth.refresh(tokens.refresh_token))).toBe('value.invalid: invalid token (not on whitelist)');
  });

  it('accepts only access tokens as bearer', async () => {
    now = new Date('2030-07-01T00:00:00Z');
    const { tokens } = await auth.login('orchestrator', PASSWORD);
    expect((await auth.authenticateBearer(tokens.access_token)).cn).toBe('orchestrator');
    expect(await failure(auth.authenticateBearer(tokens.refresh_token))).toBe('auth.failed: invalid token type');
    now = new Date('2030-07-01T00:05:01Z');
    expect(await failure(auth.authenticateBearer(tokens.access_token))).toBe('auth.failed: token has expired');
  });
});
