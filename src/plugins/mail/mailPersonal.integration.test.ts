import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../../../test/harness.ts';
import type { AppError } from '../../errors/AppError.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';
import { Registry } from '../../model/Registry.ts';
import { SuperAdministratorPolicy } from '../../services/AccessPolicy.ts';
import { ObjectService } from '../../services/objects/ObjectService.ts';
import { SiteConfig } from '../../services/SiteConfig.ts';
import { corePlugin } from '../core/index.ts';
import { personalPlugin } from '../personal/index.ts';
import { deliveryModeOf, mailPlugin } from './index.ts';

const env = testLdap();
const admin = { dn: env.fdAdminDN };
let gateway: LdapGateway;
let service: ObjectService;
let base: string;

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
  base = await testSubtree('mailpersonal');
  service = new ObjectService({ gateway, registry: new Registry([corePlugin, mailPlugin, personalPlugin]), config: await SiteConfig.load(gateway, env.baseDN), access: new SuperAdministratorPolicy(gateway, env.baseDN) });
});
afterAll(() => gateway.close());

async function user(uid: string) {
  const u = await service.create(admin, 'user', base);
  await service.setValues(admin, u, 'user', { uid, givenName: 'Inès', sn: 'Garcia' });
  return u;
}

describe('the mail tab', () => {
  it('packs the delivery flags into gosaMailDeliveryMode and unpacks them at open', async () => {
    const u = await user('mailflags');
    await service.setValues(admin, u, 'mailAccount', { mail: 'ines.garcia@univ.example', gosaMailAlternateAddress: ['ig@univ.example'], flag_vacation: true, flag_ownmailbox: true, gosaVacationStart: '2026-12-20', gosaVacationMessage: 'Back in January' });
    const dn = await service.save(admin, u);
    const entry = (await gateway.read(dn, ['*']))!;
    expect(entry.get('objectClass')).toContain('gosaMailAccount');
    expect(entry.first('gosaMailDeliveryMode')).toBe('[VI]');
    expect(entry.first('gosaVacationStart')).toBe(String(Date.UTC(2026, 11, 20) / 1000));
    const opened = await service.open(admin, 'user', dn);
    expect(await service.readTab(admin, opened, 'mailAccount')).toMatchObject({ mail: 'ines.garcia@univ.example', flag_vacation: true, flag_localonly: false, flag_ownmailbox: true, gosaVacationStart: '2026-12-20' });
    expect(deliveryModeOf({ gosaMailDeliveryMode: '[CV]', flag_vacation: false, flag_localonly: true })).toBe('[CL]');
  });

  it('keeps primary addresses unique and checks every alternative address', async () => {
    const u = await user('mailcopy');
    await service.setValues(admin, u, 'mailAccount', { mail: 'ines.garcia@univ.example', gosaMailAlternateAddress: ['not an address'] });
    const err = (await service.save(admin, u).catch((e: unknown) => e)) as AppError;
    expect((err.details as Array<{ attribute: string; code: string }>).map((d) => [d.attribute, d.code]).sort()).toEqual([
      ['gosaMailAlternateAddress', 'value.mail'],
      ['mail', 'value.not_unique'],
    ]);
  });
});

describe('the personal tab', () => {
  it('leaves users without the tab alone when they are saved (its booleans are not written)', async () => {
    const dn = await service.save(admin, await user('nopersonal'));
    const opened = await service.open(admin, 'user', dn);
    await service.setValues(admin, opened, 'user', { description: 'edited' });
    await service.save(admin, opened);
    const entry = (await gateway.read(dn, ['*']))!;
    expect(entry.get('objectClass')).not.toContain('fdPersonalInfo');
    expect(entry.has('fdPhotoVisible')).toBe(false);
  });

  it('removes its values, booleans included, when it is switched off', async () => {
    const u = await user('personaloff');
    await service.setValues(admin, u, 'personalInfo', { fdBadge: 'B-12' });
    const dn = await service.save(admin, u);
    expect((await gateway.read(dn, ['fdPhotoVisible']))!.first('fdPhotoVisible')).toBe('TRUE');
    const opened = await service.open(admin, 'user', dn);
    await service.deactivateTab(admin, opened, 'personalInfo');
    await service.save(admin, opened);
    const entry = (await gateway.read(dn, ['*']))!;
    expect(entry.get('objectClass')).not.toContain('fdPersonalInfo');
    expect(entry.has('fdPhotoVisible')).toBe(false);
    expect(entry.has('fdBadge')).toBe(false);
  });

  it('stores the date of birth as Y-m-d and checks social accounts', async () => {
    const u = await user('personal1');
    await service.setValues(admin, u, 'personalInfo', { dateOfBirth: '1990-05-12', gender: 'F', fdSocialAccount: ['github:ines-g', 'twitter:@ines'], fdPrivateMail: ['ines@perso.example'] });
    const dn = await service.save(admin, u);
    const entry = (await gateway.read(dn, ['*']))!;
    expect(entry.attributes).toMatchObject({ dateOfBirth: ['1990-05-12'], gender: ['F'], fdPhotoVisible: ['TRUE'], fdSocialAccount: ['github:ines-g', 'twitter:@ines'] });
    const bad = await user('personal2');
    await service.setValues(admin, bad, 'personalInfo', { fdSocialAccount: ['myspace:ines'] });
    await expect(service.save(admin, bad)).rejects.toMatchObject({ code: 'value.invalid', tab: 'personalInfo', attribute: 'fdSocialAccount' });
  });
});
