import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../../../test/harness.ts';
import { AppError } from '../../errors/AppError.ts';
import type { LdapValue } from '../../ldap/LdapGateway.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';
import { Registry } from '../../model/Registry.ts';
import { SuperAdministratorPolicy } from '../../services/AccessPolicy.ts';
import { ObjectService } from '../../services/objects/ObjectService.ts';
import { SiteConfig } from '../../services/SiteConfig.ts';
import { corePlugin } from '../core/index.ts';
import { configurationPlugin } from './index.ts';

const env = testLdap();
const admin = { dn: env.fdAdminDN };
const siteConfigDN = `cn=config,ou=fusiondirectory,${env.baseDN}`;
let gateway: LdapGateway;
let service: ObjectService;
let siteConfig: SiteConfig;
/** A copy of the bootstrapped entry in this file's subtree: settings other test files read are changed there only. */
let copyDN: string;

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
  siteConfig = await SiteConfig.load(gateway, env.baseDN);
  service = new ObjectService({ gateway, registry: new Registry([corePlugin, configurationPlugin]), config: siteConfig, access: new SuperAdministratorPolicy(gateway, env.baseDN) });
  const subtree = await testSubtree('configuration');
  await gateway.add(`ou=fusiondirectory,${subtree}`, { objectClass: 'organizationalUnit', ou: 'fusiondirectory' });
  const original = (await gateway.read(siteConfigDN, ['*']))!;
  const attributes: Record<string, LdapValue[]> = {};
  // Without the mail template class, to see a configuration tab switched on by a save.
  for (const name of original.names()) if (name !== 'fdMailTemplateRDN') attributes[name] = original.get(name);
  attributes.objectClass = original.get('objectClass').filter((c) => c !== 'fdMailTemplateConf');
  copyDN = `cn=config,ou=fusiondirectory,${subtree}`;
  await gateway.add(copyDN, attributes);
});
afterAll(() => gateway.close());

async function expectInvalid(promise: Promise<unknown>, expected: { tab?: string; attribute: string; message: string | RegExp }): Promise<void> {
  const err = (await promise.then(() => null).catch((e: unknown) => e)) as AppError | null;
  expect(err).toBeInstanceOf(AppError);
  expect(err).toMatchObject({ code: 'value.invalid', attribute: expected.attribute, ...(expected.tab ? { tab: expected.tab } : {}) });
  if (expected.message instanceof RegExp) expect(err!.message).toMatch(expected.message);
  else expect(err!.message).toBe(expected.message);
}

describe('the configuration entry', () => {
  it('opens the bootstrapped entry and reads every tab in its JSON form', async () => {
    const config = await service.open(admin, 'configuration', siteConfigDN);
    expect([...config.tabs.values()].filter((t) => t.active).map((t) => t.tab.id)).toEqual(['configInLdap', 'hooksConfig', 'snapshotsConfig', 'pluginsConfigInLdap', 'recoveryConfig', 'tasksConfig', 'mailTemplateConfig']);
    expect(await service.readTab(admin, config, 'configInLdap')).toMatchObject({
      fdLdapSizeLimit: 200,
      fdSchemaCheck: true,
      fdForceSSL: false,
      fdWarnSSL: true,
      fdLoginMethod: 'LoginPost',
      fdLoginAttribute: 'uid',
      fdModificationDetectionAttribute: 'entryCSN',
      fdCnPattern: '%givenName% %sn%',
      fdUserRDN: 'ou=people',
      fdAclRoleRDN: 'ou=aclroles',
      fdSplitPostalAddress: false,
      fdPostalAddressPattern: '',
      fdPasswordDefaultHash: 'ssha',
      fdPasswordMinLength: '',
      fdDepartmentCategories: [],
    });
    expect(await service.readTab(admin, config, 'snapshotsConfig')).toMatchObject({ fdEnableSnapshots: true, fdSnapshotBase: `ou=snapshots,${env.baseDN}` });
    expect(await service.readTab(admin, config, 'recoveryConfig')).toMatchObject({ fdPasswordRecoveryActivated: false, fdPasswordRecoveryValidity: 10, fdPasswordRecoveryLoginAttribute: 'uid' });
    expect(await service.readTab(admin, config, 'tasksConfig')).toMatchObject({ fdTasksRDN: 'ou=tasks', fdTasksConfMaxEmails: 50, fdTasksConfIntervalEmails: 2 });
    expect(await service.readTab(admin, config, 'mailTemplateConfig')).toEqual({ fdMailTemplateRDN: 'ou=mailTemplate' });
    expect(await service.readTab(admin, config, 'pluginsConfigInLdap')).toEqual({ fdOGroupRDN: 'ou=groups', fdForceSaslPasswordAsk: false });
  });

  it('cannot be deleted', async () => {
    await expect(service.delete(admin, 'configuration', `cn=config,ou=fusiondirectory,${env.baseDN}`)).rejects.toMatchObject({ code: 'value.invalid', message: 'Objects of type "configuration" cannot be deleted' });
    expect(await gateway.read(`cn=config,ou=fusiondirectory,${env.baseDN}`, ['1.1'])).not.toBeNull();
  });

  it('changes fdLdapSizeLimit with a write of that attribute only', async () => {
    const before = (await gateway.read(siteConfigDN, ['*']))!;
    const config = await service.open(admin, 'configuration', siteConfigDN);
    await service.setValues(admin, config, 'configInLdap', { fdLdapSizeLimit: 500 });
    try {
      await service.save(admin, config);
      const after = (await gateway.read(siteConfigDN, ['*']))!;
      expect(after.get('fdLdapSizeLimit')).toEqual(['500']);
      // The services see the saved configuration at once.
      expect(siteConfig.get('fdLdapSizeLimit')).toBe('500');
      for (const name of before.names()) if (name !== 'fdLdapSizeLimit') expect(after.get(name), name).toEqual(before.get(name));
    } finally {
      await service.setValues(admin, config, 'configInLdap', { fdLdapSizeLimit: 200 });
      await service.save(admin, config);
    }
    expect((await gateway.read(siteConfigDN, ['fdLdapSizeLimit']))!.get('fdLdapSizeLimit')).toEqual(['200']);
  });

  it('disables WarnSSL once ForceSSL is on', async () => {
    const config = await service.open(admin, 'configuration', copyDN);
    await service.setValues(admin, config, 'configInLdap', { fdWarnSSL: false });
    await service.setValues(admin, config, 'configInLdap', { fdForceSSL: true });
    await expectInvalid(service.setValues(admin, config, 'configInLdap', { fdWarnSSL: true }), { tab: 'configInLdap', attribute: 'fdWarnSSL', message: 'Attribute fdWarnSSL is disabled, its value could not be set' });
    await service.save(admin, config);
    const entry = (await gateway.read(copyDN, ['fdForceSSL', 'fdWarnSSL']))!;
    expect([entry.first('fdForceSSL'), entry.first('fdWarnSSL')]).toEqual(['TRUE', 'FALSE']);
  });

  it('takes a postal address pattern only with separate address fields', async () => {
    const config = await service.open(admin, 'configuration', copyDN);
    await expectInvalid(service.setValues(admin, config, 'configInLdap', { fdPostalAddressPattern: '%street%$%postalCode% %l%' }), { attribute: 'fdPostalAddressPattern', message: 'Attribute fdPostalAddressPattern is disabled, its value could not be set' });
    await service.setValues(admin, config, 'configInLdap', { fdSplitPostalAddress: 'TRUE', fdPostalAddressPattern: '%street%$%postalCode% %l%' });
    await service.save(admin, config);
    const entry = (await gateway.read(copyDN, ['fdSplitPostalAddress', 'fdPostalAddressPattern']))!;
    expect([entry.first('fdSplitPostalAddress'), entry.first('fdPostalAddressPattern')]).toEqual(['TRUE', '%street%$%postalCode% %l%']);
  });

  it('takes CAS settings only with the CAS login method, and the header name only with LoginHTTPHeader', async () => {
    const config = await service.open(admin, 'configuration', copyDN);
    await expectInvalid(service.setValues(admin, config, 'configInLdap', { fdCasHost: 'cas.example.org' }), { attribute: 'fdCasHost', message: 'Attribute fdCasHost is disabled, its value could not be set' });
    await service.setValues(admin, config, 'configInLdap', { fdLoginMethod: 'LoginCAS', fdCasHost: 'cas.example.org', fdCasPort: 8443, fdCasContext: '/cas' });
    await expectInvalid(service.setValues(admin, config, 'configInLdap', { fdHttpHeaderAuthHeaderName: 'REMOTE_USER' }), { attribute: 'fdHttpHeaderAuthHeaderName', message: /is disabled/ });
    await service.save(admin, config);
    const entry = (await gateway.read(copyDN, ['fdLoginMethod', 'fdCasHost', 'fdCasPort', 'fdCasContext']))!;
    expect(['fdLoginMethod', 'fdCasHost', 'fdCasPort', 'fdCasContext'].map((n) => entry.first(n))).toEqual(['LoginCAS', 'cas.example.org', '8443', '/cas']);
  });

  it('refuses recovery settings while password recovery is off', async () => {
    const config = await service.open(admin, 'configuration', copyDN);
    await expectInvalid(service.setValues(admin, config, 'recoveryConfig', { fdPasswordRecoveryEmail: 'noreply@example.org' }), { tab: 'recoveryConfig', attribute: 'fdPasswordRecoveryEmail', message: /is disabled/ });
    await service.setValues(admin, config, 'recoveryConfig', { fdPasswordRecoveryActivated: true, fdPasswordRecoveryEmail: 'noreply@example.org' });
    await service.save(admin, config);
    const entry = (await gateway.read(copyDN, ['fdPasswordRecoveryActivated', 'fdPasswordRecoveryEmail']))!;
    expect([entry.first('fdPasswordRecoveryActivated'), entry.first('fdPasswordRecoveryEmail')]).toEqual(['TRUE', 'noreply@example.org']);
  });

  it('adds the class of a configuration tab the entry lacks when it is written', async () => {
    const config = await service.open(admin, 'configuration', copyDN);
    expect(service.tab(config, 'mailTemplateConfig').active).toBe(false);
    await service.setValues(admin, config, 'mailTemplateConfig', { fdMailTemplateRDN: 'ou=mails' });
    await service.save(admin, config);
    const entry = (await gateway.read(copyDN, ['objectClass', 'fdMailTemplateRDN']))!;
    expect(entry.get('objectClass')).toContain('fdMailTemplateConf');
    expect(entry.first('fdMailTemplateRDN')).toBe('ou=mails');
  });

  it('refuses values FusionDirectory refuses, and writes nothing', async () => {
    const before = (await gateway.read(copyDN, ['entryCSN']))!.first('entryCSN');
    const config = await service.open(admin, 'configuration', copyDN);
    await expectInvalid(service.setValues(admin, config, 'configInLdap', { fdLdapSizeLimit: 'many' }), { attribute: 'fdLdapSizeLimit', message: /expects a whole number/ });
    await expectInvalid(service.setValues(admin, config, 'configInLdap', { fdIncrementalModifierStates: '{}' }), { attribute: 'fdIncrementalModifierStates', message: /read-only/ });
    await service.setValues(admin, config, 'configInLdap', { fdPasswordDefaultHash: 'sasl', fdTimezone: 'Mars/Olympus_Mons', fdLoginMethod: 'LoginKerberos' });
    const err = (await service.save(admin, config).catch((e: unknown) => e)) as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect((err.details as Array<{ attribute: string }>).map((d) => d.attribute).sort()).toEqual(['fdLoginMethod', 'fdSaslRealm', 'fdTimezone']);
    expect((await gateway.read(copyDN, ['entryCSN']))!.first('entryCSN')).toBe(before);
  });
});
