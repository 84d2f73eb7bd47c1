// The webauthn plugin's configuration tab against the run's slapd: its defaults, its checks, and the second-factor
// service following a saved setting (fdTotpDigits 8 → 8-digit TOTP enrolment). Works on a copy of the configuration
// entry in this file's subtree, so other test files keep the site's settings.
import { randomBytes } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../../../test/harness.ts';
import type { LdapValue } from '../../ldap/LdapGateway.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';
import { Registry } from '../../model/Registry.ts';
import { SuperAdministratorPolicy } from '../../services/AccessPolicy.ts';
import { LoginThrottle } from '../../services/auth/LoginThrottle.ts';
import { ObjectService } from '../../services/objects/ObjectService.ts';
import { LAST_STEP_PARAMETER, SecondFactors } from '../../services/secondFactor/SecondFactors.ts';
import { SiteConfig } from '../../services/SiteConfig.ts';
import { configurationPlugin } from '../configuration/index.ts';
import { corePlugin } from '../core/index.ts';
import { installedPlugins } from '../index.ts';
import { webauthnPlugin } from './index.ts';

const env = testLdap();
const admin = { dn: env.fdAdminDN };
const tag = randomBytes(3).toString('hex');
let gateway: LdapGateway;
let service: ObjectService;
let subtree: string;
let copyDN: string;

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
  const siteConfig = await SiteConfig.load(gateway, env.baseDN);
  service = new ObjectService({ gateway, registry: new Registry([corePlugin, configurationPlugin, webauthnPlugin]), config: siteConfig, access: new SuperAdministratorPolicy(gateway, env.baseDN) });
  subtree = await testSubtree('webauthn-plugin');
  await gateway.add(`ou=fusiondirectory,${subtree}`, { objectClass: 'organizationalUnit', ou: 'fusiondirectory' });
  await gateway.add(`ou=people,${subtree}`, { objectClass: 'organizationalUnit', ou: 'people' });
  const original = (await gateway.read(SiteConfig.configDN(env.baseDN), ['*']))!;
  const attributes: Record<string, LdapValue[]> = {};
  // Without the plugin's class and settings: the copy starts as a site that never saved them.
  for (const name of original.names()) if (!/^fd(Webauthn|Totp)/i.test(name)) attributes[name] = original.get(name);
  attributes.objectClass = original.get('objectClass').filter((c) => c !== 'fdWebauthnPluginConf');
  copyDN = SiteConfig.configDN(subtree);
  await gateway.add(copyDN, attributes);
});
afterAll(() => gateway.close());

describe('the webauthn plugin', () => {
  it('is installed, with only the configuration tab (no user tab shows fdTOTPTokens)', () => {
    expect(installedPlugins).toContain(webauthnPlugin);
    expect(webauthnPlugin.tabs?.map((t) => [t.id, t.objectTypes])).toEqual([['webauthnConfig', ['configuration']]]);
    const names = webauthnPlugin.tabs!.flatMap((t) => t.sections.flatMap((s) => s.attributes.map((a) => a.name)));
    expect(names).toEqual(['fdWebauthnFormats', 'fdTotpDigest', 'fdTotpPeriod', 'fdTotpDigits']);
  });
});

describe('the configuration tab', () => {
  it("shows FusionDirectory's defaults on a site that never saved it", async () => {
    const config = await service.open(admin, 'configuration', copyDN);
    expect(await service.readTab(admin, config, 'webauthnConfig')).toEqual({
      fdWebauthnFormats: ['android-key', 'fido-u2f', 'packed'],
      fdTotpDigest: 'sha1',
      fdTotpPeriod: 30,
      fdTotpDigits: 6,
    });
  });

  it('refuses digits outside 6–8, a period under 1, an unknown digest or format', async () => {
    for (const [values, attribute] of [
      [{ fdTotpDigits: 9 }, 'fdTotpDigits'],
      [{ fdTotpDigits: 5 }, 'fdTotpDigits'],
      [{ fdTotpPeriod: 0 }, 'fdTotpPeriod'],
      [{ fdTotpDigest: 'md5' }, 'fdTotpDigest'],
      [{ fdWebauthnFormats: ['packed', 'tpm'] }, 'fdWebauthnFormats'],
    ] as const) {
      // Out-of-range numbers are refused on save, unknown choices as soon as they are set.
      const config = await service.open(admin, 'configuration', copyDN);
      const attempt = service.setValues(admin, config, 'webauthnConfig', values).then(() => service.save(admin, config));
      await expect(attempt, JSON.stringify(values)).rejects.toMatchObject({ code: 'value.invalid', tab: 'webauthnConfig', attribute });
    }
    expect((await gateway.read(copyDN, ['objectClass']))!.get('objectClass')).not.toContain('fdWebauthnPluginConf');
  });

  it('saves the settings with the class, and enrolment follows them: 8 digits, SHA-256, 60 s', async () => {
    const config = await service.open(admin, 'configuration', copyDN);
    await service.setValues(admin, config, 'webauthnConfig', { fdTotpDigits: 8, fdTotpDigest: 'sha256', fdTotpPeriod: 60, fdWebauthnFormats: ['packed', 'none'] });
    await service.save(admin, config);
    const entry = (await gateway.read(copyDN, ['objectClass', 'fdTotpDigits', 'fdTotpDigest', 'fdTotpPeriod', 'fdWebauthnFormats']))!;
    expect(entry.get('objectClass')).toContain('fdWebauthnPluginConf');
    expect(['fdTotpDigits', 'fdTotpDigest', 'fdTotpPeriod'].map((n) => entry.first(n))).toEqual(['8', 'sha256', '60']);
    expect([...entry.get('fdWebauthnFormats')].sort()).toEqual(['none', 'packed']);

    // The service reads the configuration entry as the application does.
    let clock = Date.UTC(2026, 10, 27, 12, 0, 0);
    const factors = new SecondFactors({ gateway, config: await SiteConfig.load(gateway, subtree), throttle: new LoginThrottle({ sleep: async () => {} }), now: () => clock });
    expect([...factors.webauthnFormats()].sort()).toEqual(['none', 'packed']);
    const uid = `wa-${tag}`;
    const dn = `uid=${uid},ou=people,${subtree}`;
    await gateway.add(dn, { objectClass: ['inetOrgPerson', 'posixAccount'], uid, cn: uid, sn: uid, uidNumber: String(88100 + Math.floor(Math.random() * 800)), gidNumber: '88100', homeDirectory: `/home/${uid}` });
    const { uri } = factors.newTotp(uid, 'idm.example.org');
    const params = new URL(uri).searchParams;
    expect([params.get('digits'), params.get('algorithm'), params.get('period')]).toEqual(['8', 'SHA256', '60']);
    const code = OTPAuth.URI.parse(uri).generate({ timestamp: clock });
    expect(code).toMatch(/^\d{8}$/);
    await factors.addTotp(dn, uri, code);
    const [stored] = (await gateway.read(dn, ['fdTOTPTokens']))!.get('fdTOTPTokens');
    expect(stored).toContain('digits=8');
    clock += 60_000;
    const next = OTPAuth.URI.parse(stored!.slice(stored!.indexOf('|') + 1).replace(new RegExp(`[&?]${LAST_STEP_PARAMETER}=\\d+`), '')).generate({ timestamp: clock });
    expect(await factors.verifyTotp(dn, next)).toBe(true);
    expect(await factors.verifyTotp(dn, next.slice(0, 6))).toBe(false);
  });
});
