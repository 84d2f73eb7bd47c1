// Second factors against the run's slapd: the values FusionDirectory reads (fdTOTPTokens, fdWebauthnRecoveryCode,
// fdWebauthnRegistrations), TOTP codes accepted once, recovery codes single use, the objectClass coming and going.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../../../test/harness.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';
import { LoginThrottle } from '../auth/LoginThrottle.ts';
import { SiteConfig } from '../SiteConfig.ts';
import { coseToPem, pemToCose } from './coseKey.ts';
import { LAST_STEP_PARAMETER, SecondFactors } from './SecondFactors.ts';

const env = testLdap();
const tag = randomBytes(3).toString('hex');
let gateway: LdapGateway;
let people: string;
let nextUidNumber = 86100 + Math.floor(Math.random() * 400);

async function user(name: string): Promise<string> {
  const uid = `sf-${name}-${tag}`;
  const dn = `uid=${uid},${people}`;
  await gateway.add(dn, { objectClass: ['inetOrgPerson', 'posixAccount'], uid, cn: uid, sn: name, uidNumber: String(nextUidNumber++), gidNumber: '86100', homeDirectory: `/home/${uid}` });
  return dn;
}

/** A clock the tests move: codes depend on time. */
let clock = Date.UTC(2026, 10, 27, 12, 0, 0);
const noDelay = () => new LoginThrottle({ sleep: async () => {} });
const factors = (config: Record<string, string> = {}) =>
  new SecondFactors({ gateway, config: new SiteConfig(env.baseDN, Object.fromEntries(Object.entries(config).map(([k, v]) => [k, [v]]))), throttle: noDelay(), now: () => clock });

const codeOf = (uri: string, at = clock) => OTPAuth.URI.parse(uri.replace(new RegExp(`[&?]${LAST_STEP_PARAMETER}=\\d+`), '')).generate({ timestamp: at });

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
  const base = await testSubtree('second-factors');
  people = `ou=people,${base}`;
  await gateway.add(people, { objectClass: 'organizationalUnit', ou: 'people' });
});

afterAll(async () => {
  await gateway.close();
});

describe('TOTP', () => {
  it('stores <Y-m-d>|otpauth URI with label uid and issuer host, only after a valid code', async () => {
    const dn = await user('totp');
    const f = factors();
    const { secret, uri } = f.newTotp(`sf-totp-${tag}`, 'idm.example.org');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await expect(f.addTotp(dn, uri, '000000' === codeOf(uri) ? '111111' : '000000')).rejects.toMatchObject({ code: 'value.invalid', attribute: 'code' });
    expect(await f.methods(dn)).toEqual([]);
    await f.addTotp(dn, uri, codeOf(uri));
    const entry = await gateway.read(dn, ['objectClass', 'fdTOTPTokens']);
    expect(entry!.get('objectClass')).toContain('fdWebauthnAccount');
    const [value] = entry!.get('fdTOTPTokens');
    expect(value).toMatch(new RegExp(`^2026-11-27\\|otpauth://totp/idm\\.example\\.org:sf-totp-${tag}\\?`));
    expect(value).toContain(`secret=${secret}`);
    expect(await f.methods(dn)).toEqual(['totp']);
    const listed = await f.list(dn);
    expect(listed.totp).toMatchObject([{ created: '2026-11-27', issuer: 'idm.example.org', label: `sf-totp-${tag}` }]);
    expect(JSON.stringify(listed)).not.toContain(secret);
  });

  it('accepts a code once; the enrolment code and a replay are refused, the next period is accepted', async () => {
    const dn = await user('replay');
    const f = factors();
    const { uri } = f.newTotp('replay', 'idm.example.org');
    clock += 60_000;
    const enrolCode = codeOf(uri);
    await f.addTotp(dn, uri, enrolCode);
    expect(await f.verifyTotp(dn, enrolCode)).toBe(false);
    clock += 30_000;
    const code = codeOf(uri);
    expect(await f.verifyTotp(dn, code)).toBe(true);
    expect(await f.verifyTotp(dn, code)).toBe(false);
    // A second instance (its own service object) refuses it too: the state is in LDAP.
    expect(await factors().verifyTotp(dn, code)).toBe(false);
    expect(await f.verifyTotp(dn, '12345')).toBe(false);
    expect(await f.verifyTotp(dn, 'abcdef')).toBe(false);
    clock += 30_000;
    expect(await f.verifyTotp(dn, codeOf(uri))).toBe(true);
  });

  it('two concurrent uses of one code: exactly one wins', async () => {
    const dn = await user('race');
    const f = factors();
    const { uri } = f.newTotp('race', 'idm.example.org');
    await f.addTotp(dn, uri, codeOf(uri));
    clock += 30_000;
    const code = codeOf(uri);
    const results = await Promise.all([f.verifyTotp(dn, code), factors().verifyTotp(dn, code), factors().verifyTotp(dn, code)]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('follows fdTotpDigest, fdTotpPeriod and fdTotpDigits', async () => {
    const f = factors({ fdTotpDigest: 'sha256', fdTotpPeriod: '60', fdTotpDigits: '8' });
    const { uri } = f.newTotp('cfg', 'idm.example.org');
    const totp = OTPAuth.URI.parse(uri) as OTPAuth.TOTP;
    expect([totp.algorithm, totp.period, totp.digits]).toEqual(['SHA256', 60, 8]);
    const dn = await user('cfg');
    await f.addTotp(dn, uri, codeOf(uri));
    expect(codeOf(uri)).toHaveLength(8);
  });

  it('reads a token FusionDirectory wrote, and removes it with the objectClass', async () => {
    const dn = await user('fd');
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const written = `2024-05-02|otpauth://totp/FD%20Site%3Asf-fd-${tag}?issuer=FD%20Site&secret=${secret}`;
    await gateway.modify(dn, [
      { operation: 'add', attribute: 'objectClass', values: ['fdWebauthnAccount'] },
      { operation: 'add', attribute: 'fdTOTPTokens', values: [written] },
    ]);
    const f = factors();
    clock += 30_000;
    const code = new OTPAuth.TOTP({ secret }).generate({ timestamp: clock });
    expect(await f.verifyTotp(dn, code)).toBe(true);
    // The URI is kept byte for byte; only the step accepted is appended.
    const step = Math.floor(clock / 30_000);
    expect((await gateway.read(dn, ['fdTOTPTokens']))!.get('fdTOTPTokens')).toEqual([`${written}&${LAST_STEP_PARAMETER}=${step}`]);
    expect((await f.list(dn)).totp[0]).toMatchObject({ issuer: 'FD Site', created: '2024-05-02' });
    clock += 30_000;
    expect(await f.verifyTotp(dn, new OTPAuth.TOTP({ secret }).generate({ timestamp: clock }))).toBe(true);
    expect((await gateway.read(dn, ['fdTOTPTokens']))!.get('fdTOTPTokens')).toEqual([`${written}&${LAST_STEP_PARAMETER}=${step + 1}`]);
    const { id } = (await f.list(dn)).totp[0]!;
    expect(await f.removeTotp(dn, id)).toBe(true);
    const entry = await gateway.read(dn, ['objectClass', 'fdTOTPTokens']);
    expect(entry!.get('fdTOTPTokens')).toEqual([]);
    expect(entry!.get('objectClass')).not.toContain('fdWebauthnAccount');
  });
});

describe('recovery codes', () => {
  it('stores <ISO date>|$2y$ bcrypt hashes, each code works once', async () => {
    const dn = await user('rec');
    const f = factors();
    const codes = await f.newRecoveryCodes(dn);
    expect(codes).toHaveLength(8);
    for (const c of codes) expect(c).toMatch(/^[A-HJKMNP-Z2-9]{12}$/);
    const values = (await gateway.read(dn, ['fdWebauthnRecoveryCode']))!.get('fdWebauthnRecoveryCode');
    expect(values).toHaveLength(8);
    for (const v of values) expect(v).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00\|\$2y\$10\$.{53}$/);
    expect(values.join()).not.toContain(codes[0]);
    expect(await f.useRecoveryCode(dn, codes[0]!.toLowerCase())).toBe(true);
    expect(await f.useRecoveryCode(dn, codes[0]!)).toBe(false);
    expect((await f.list(dn)).recoveryCodes.remaining).toBe(7);
    expect(await f.useRecoveryCode(dn, 'NOTACODE2345')).toBe(false);
    // New codes replace the old ones.
    await f.newRecoveryCodes(dn, 2);
    expect(await f.useRecoveryCode(dn, codes[1]!)).toBe(false);
    expect((await f.list(dn)).recoveryCodes.remaining).toBe(2);
  });

  it('accepts a code hashed by PHP password_hash ($2y$)', async () => {
    const dn = await user('php');
    const hash = bcrypt.hashSync('abcdEFGH2345', 4).replace(/^\$2b\$/, '$2y$');
    await gateway.modify(dn, [
      { operation: 'add', attribute: 'objectClass', values: ['fdWebauthnAccount'] },
      { operation: 'add', attribute: 'fdWebauthnRecoveryCode', values: [`2024-05-02T08:11:12+00:00|${hash}`] },
    ]);
    expect(await factors().useRecoveryCode(dn, 'abcdEFGH2345')).toBe(true);
    expect(await factors().methods(dn)).toEqual([]);
    expect((await gateway.read(dn, ['objectClass']))!.get('objectClass')).not.toContain('fdWebauthnAccount');
  });

  it('wrong codes slow the account down, not others', async () => {
    const waits: number[] = [];
    const throttle = new LoginThrottle({ freeAttempts: 1, baseDelayMs: 500, sleep: async (ms) => void waits.push(ms) });
    const f = new SecondFactors({ gateway, config: new SiteConfig(env.baseDN, {}), throttle, now: () => clock });
    const a = await user('slow-a');
    const b = await user('slow-b');
    await f.newRecoveryCodes(a, 1);
    for (let i = 0; i < 3; i++) await f.useRecoveryCode(a, 'WRONGWRONG22');
    expect(waits).toEqual([500, 1000]);
    await f.useRecoveryCode(b, 'WRONGWRONG22');
    expect(waits).toEqual([500, 1000]);
  });
});

describe('WebAuthn storage', () => {
  it('public keys go to PEM and back (EC P-256, Ed25519, RSA)', () => {
    for (const kind of ['ec', 'ed25519', 'rsa'] as const) {
      const { publicKey } = kind === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : kind === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ed25519');
      const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
      expect(coseToPem(pemToCose(pem))).toBe(pem);
    }
  });

  it('lists and removes a registration FusionDirectory stored', async () => {
    const dn = await user('wa');
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const registration = {
      rpId: 'idm.example.org',
      credentialPublicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      certificateChain: null,
      certificate: null,
      certificateIssuer: 'Yubico U2F Root CA',
      certificateSubject: 'Yubico U2F EE',
      signatureCounter: 12,
      credentialId: Buffer.from('credential-1').toString('base64'),
      AAGUID: Buffer.alloc(16).toString('base64'),
    };
    await gateway.modify(dn, [
      { operation: 'add', attribute: 'objectClass', values: ['fdWebauthnAccount'] },
      { operation: 'add', attribute: 'fdWebauthnRegistrations', values: [JSON.stringify(registration)] },
    ]);
    const f = factors();
    expect(await f.methods(dn)).toEqual(['webauthn']);
    const listed = await f.list(dn);
    expect(listed.webauthn).toEqual([{ id: Buffer.from('credential-1').toString('base64url'), rpId: 'idm.example.org', counter: 12, issuer: 'Yubico U2F Root CA', subject: 'Yubico U2F EE' }]);
    const options = await f.webauthnAuthenticationOptions(dn, 'idm.example.org');
    expect(options.allowCredentials?.map((c) => c.id)).toEqual([listed.webauthn[0]!.id]);
    expect(await f.removeWebauthn(dn, listed.webauthn[0]!.id)).toBe(true);
    expect(await f.methods(dn)).toEqual([]);
  });

  it('an administrator removes every factor at once', async () => {
    const dn = await user('all');
    const f = factors();
    const { uri } = f.newTotp('all', 'idm.example.org');
    await f.addTotp(dn, uri, codeOf(uri));
    await f.newRecoveryCodes(dn, 1);
    expect(await f.methods(dn)).toEqual(['totp', 'recovery']);
    await f.removeAll(dn);
    expect(await f.methods(dn)).toEqual([]);
    expect((await gateway.read(dn, ['objectClass']))!.get('objectClass')).not.toContain('fdWebauthnAccount');
  });
});
