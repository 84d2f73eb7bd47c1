import { describe, expect, it } from 'vitest';

import { AppError } from '../../errors/AppError.ts';
import { IncrementalCounters } from './IncrementalCounters.ts';
import { MaskError } from './MaskError.ts';
import {
  applyTemplate,
  askmeFields,
  checkTemplateFields,
  decodeTemplateFields,
  encodeTemplateFields,
  readTemplateEntry,
  templateEntryAttributes,
  templateObjectClasses,
  verbatimTemplateValue,
  type ApplyTemplateContext,
  type TemplateFields,
} from './templateStorage.ts';

const NOW = new Date('2024-09-02T08:30:00Z');
const PHOTO = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x25, 0x00, 0x3a, 0x80]); // JPEG magic, a %, a NUL, a colon, invalid UTF-8

/** A user template as FusionDirectory stores it (values unsorted here; FD sorts them). */
const userTemplate: Array<string | Buffer> = [
  'objectClass:inetOrgPerson',
  'objectClass:organizationalPerson',
  'objectClass:person',
  'objectClass:posixAccount',
  'sn:%askme%',
  'givenName:%askme%',
  'uid:%a[uid]s[1]|givenName%%a[uid]|sn%%n|%',
  'cn:%givenName% %sn%',
  'mail:%a[uid]|givenName%.%a[uid]|sn%@example.org',
  'homeDirectory:/home/%uid%',
  'description:Created by %callerUID% on %d|%',
  'loginShell:/bin/bash',
  'userPassword:ssha|FALSE|%r[12]|%',
  'userGroups:cn=staff,ou=groups,dc=example,dc=org',
  'userGroups:cn=all,ou=groups,dc=example,dc=org',
  'force_ids:FALSE',
  'mustchangepassword:TRUE',
  Buffer.concat([Buffer.from('jpegPhoto:%%'), PHOTO]),
];

const caller = { callerDN: ['uid=admin,ou=people,dc=example,dc=org'], callerUID: ['admin'], callerCN: ['Admin'], callerSN: ['Admin'], callerGIVENNAME: ['Ada'] };
const baseContext: ApplyTemplateContext = { now: NOW, randomInt: (min) => min, special: caller };

describe('decodeTemplateFields', () => {
  it('groups attr:value lines by attribute, values sorted byte-wise as FusionDirectory reads them', () => {
    const fields = decodeTemplateFields(['userGroups:cn=b', 'cn:%givenName% %sn%', 'userGroups:cn=a', 'objectClass:person', 'objectClass:inetOrgPerson']);
    expect(fields).toEqual({
      cn: ['%givenName% %sn%'],
      objectClass: ['inetOrgPerson', 'person'],
      userGroups: ['cn=a', 'cn=b'],
    });
    expect(Object.keys(fields)).toEqual(['cn', 'objectClass', 'userGroups']);
  });

  it('splits at the first colon only, keeps newlines, and reads empty values', () => {
    expect(decodeTemplateFields(['description:a:b\nline 2', 'title:'])).toEqual({ description: ['a:b\nline 2'], title: [''] });
  });

  it('keeps binary values as bytes, and text values read as Buffers as strings', () => {
    const fields = decodeTemplateFields([Buffer.concat([Buffer.from('jpegPhoto:%%'), PHOTO]), Buffer.from('sn:Ørsted')]);
    expect(fields.sn).toEqual(['Ørsted']);
    expect(fields.jpegPhoto?.[0]).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(fields.jpegPhoto?.[0] as Uint8Array)).toEqual(Buffer.concat([Buffer.from('%%'), PHOTO]));
  });

  it('sorts by bytes, not by JavaScript string order', () => {
    // 'é' (C3 A9) sorts after 'z' byte-wise; 'Z' sorts before 'a'.
    expect(decodeTemplateFields(['o:é', 'o:z', 'o:a', 'o:Z']).o).toEqual(['Z', 'a', 'z', 'é']);
  });

  it.each([['no colon'], [':starts with a colon']])('rejects %j', (line) => {
    expect(() => decodeTemplateFields([line])).toThrow(AppError);
    expect(() => decodeTemplateFields([line])).toThrow(/is not "<attribute>:<value>"/);
  });
});

describe('encodeTemplateFields', () => {
  it('writes attr:value lines sorted byte-wise, text as strings and binary as Buffers', () => {
    const encoded = encodeTemplateFields({ sn: ['%askme%'], objectClass: ['person', 'inetOrgPerson'], jpegPhoto: [Buffer.concat([Buffer.from('%%'), PHOTO])] });
    // 'j' (6A) < 'o' (6F) < 's' (73): the binary line sorts first.
    expect(encoded[0]).toEqual(Buffer.concat([Buffer.from('jpegPhoto:%%'), PHOTO]));
    expect(encoded.slice(1)).toEqual(['objectClass:inetOrgPerson', 'objectClass:person', 'sn:%askme%']);
  });

  it('leaves out empty values and writes repeated values once', () => {
    expect(encodeTemplateFields({ title: [''], mail: ['a@x', 'a@x', ''], photo: [new Uint8Array()] })).toEqual(['mail:a@x']);
  });

  it('round-trips through decodeTemplateFields', () => {
    const fields = decodeTemplateFields(userTemplate);
    expect(decodeTemplateFields(encodeTemplateFields(fields))).toEqual(fields);
    expect(encodeTemplateFields(decodeTemplateFields(encodeTemplateFields(fields)))).toEqual(encodeTemplateFields(fields));
  });

  it('refuses a field name that is empty or holds a colon', () => {
    expect(() => encodeTemplateFields({ '': ['x'] })).toThrow(/invalid template field name/);
    expect(() => encodeTemplateFields({ 'a:b': ['x'] })).toThrow(/invalid template field name/);
  });
});

describe('template entries', () => {
  it('reads a template entry: cn and fields; attribute names in any case', () => {
    const template = readTemplateEntry({ objectclass: ['top', 'FDTemplate'], CN: ['Staff'], fdtemplatefield: ['sn:%askme%'] });
    expect(template).toEqual({ name: 'Staff', fields: { sn: ['%askme%'] } });
  });

  it('refuses an entry that is not an fdTemplate', () => {
    expect(() => readTemplateEntry({ objectClass: ['inetOrgPerson'], cn: ['x'] })).toThrow(/not a template/);
  });

  it('writes only objectClass fdTemplate, cn and fdTemplateField', () => {
    expect(templateEntryAttributes({ name: 'Staff', fields: { sn: ['%askme%'], objectClass: ['person'] } })).toEqual({
      objectClass: ['fdTemplate'],
      cn: ['Staff'],
      fdTemplateField: ['objectClass:person', 'sn:%askme%'],
    });
  });

  it('lists the objectClasses a created object gets', () => {
    expect(templateObjectClasses(decodeTemplateFields(userTemplate))).toEqual(['inetOrgPerson', 'organizationalPerson', 'person', 'posixAccount']);
  });

  it('marks values the mask parser must leave alone with %%', () => {
    expect(verbatimTemplateValue('100%')).toBe('%%100%');
    expect(Buffer.from(verbatimTemplateValue(PHOTO) as Uint8Array)).toEqual(Buffer.concat([Buffer.from('%%'), PHOTO]));
  });
});

describe('checkTemplateFields', () => {
  it('accepts a valid template', () => {
    expect(checkTemplateFields(decodeTemplateFields(userTemplate))).toEqual([]);
  });

  it("reports a field depending on itself with FusionDirectory's message (manual example)", () => {
    const [error] = checkTemplateFields({ givenName: ['%i|givenName%'] });
    expect(error).toBeInstanceOf(MaskError);
    expect(error?.reason).toBe('Recursive dependency in the template fields: "givenName" cannot depend on "givenName" as "givenName" already depends on "givenName"');
    expect(error?.attribute).toBe('givenName');
  });

  it('reports a cycle through several fields, names compared without case', () => {
    const [error] = checkTemplateFields({ cn: ['%uid%'], uid: ['%description%'], description: ['%CN%'] });
    expect(error?.reason).toMatch(/^Recursive dependency in the template fields: "description" cannot depend on "cn" as "cn" already depends on "description"$/);
  });

  it('reports malformed masks with their field and offset', () => {
    const errors = checkTemplateFields({ uid: ['%s[x]|sn%'], cn: ['%givenName% %sn%'] });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.attribute).toBe('uid');
    expect(errors[0]?.position).toBe(3);
    expect(errors[0]?.message).toMatch(/^uid: s: length must be an integer/);
  });

  it('reads only the mask part of userPassword', () => {
    expect(checkTemplateFields({ userPassword: ['ssha|FALSE|%r[12]|%'] })).toEqual([]);
  });
});

describe('askmeFields', () => {
  it('lists base, %askme% fields, then attributes masks read that the template lacks, then missing required ones', () => {
    const fields = decodeTemplateFields(userTemplate);
    expect(askmeFields(fields, { required: ['uid', 'sn', 'uidNumber', 'gidNumber'] })).toEqual([
      { attribute: 'base', reason: 'base' },
      { attribute: 'givenName', reason: 'askme' },
      { attribute: 'sn', reason: 'askme' },
      { attribute: 'uidNumber', reason: 'required' },
      { attribute: 'gidNumber', reason: 'required' },
    ]);
  });

  it('asks for attributes read by masks and not set, never for caller variables', () => {
    const fields: TemplateFields = { uid: ['%as[1]|givenName%%a|sn%%n|%'], description: ['by %callerDN% for %employeeType%'] };
    expect(askmeFields(fields, { includeBase: false })).toEqual([
      { attribute: 'givenName', reason: 'referenced' },
      { attribute: 'sn', reason: 'referenced' },
      { attribute: 'employeeType', reason: 'referenced' },
    ]);
  });

  it('skips names the caller provides and fields whose masks are comments', () => {
    expect(askmeFields({ cn: ['%c|note%%sn%'] }, { includeBase: false, provided: ['sn'] })).toEqual([]);
  });

  it('asks for userPassword and pseudo fields set to %askme%', () => {
    expect(askmeFields({ userPassword: ['%askme%'], force_ids: ['%askme%'] }, { includeBase: false })).toEqual([
      { attribute: 'userPassword', reason: 'askme' },
      { attribute: 'force_ids', reason: 'askme' },
    ]);
  });

  it('throws the first problem of a broken template', () => {
    expect(() => askmeFields({ a: ['%b%'], b: ['%a%'] })).toThrow(/Recursive dependency/);
    expect(() => askmeFields({ a: ['%q|b%'] })).toThrow(MaskError);
  });
});

describe('applyTemplate', () => {
  const fields = decodeTemplateFields(userTemplate);
  const answers = { givenName: ['Léa'], sn: ["N'Diaye"], base: ['ou=sales,dc=example,dc=org'] };

  it('creates a user: asked fields, unique uid, fields in dependency order, pseudo fields and password apart', async () => {
    const asked: Array<[string, string]> = [];
    const taken = new Set(['lndiaye']);
    const applied = await applyTemplate(fields, answers, {}, {
      ...baseContext,
      isTaken: (attribute, value) => {
        asked.push([attribute, value]);
        return taken.has(value);
      },
    });
    expect(applied.attributes).toEqual({
      cn: ["Léa N'Diaye"],
      description: ['Created by admin on 2024-09-02'],
      givenName: ['Léa'],
      homeDirectory: ['/home/lndiaye1'],
      jpegPhoto: [PHOTO],
      loginShell: ['/bin/bash'],
      mail: ['lea.ndiaye@example.org'],
      objectClass: ['inetOrgPerson', 'organizationalPerson', 'person', 'posixAccount'],
      sn: ["N'Diaye"],
      uid: ['lndiaye1'],
    });
    expect(applied.pseudoFields).toEqual({
      force_ids: ['FALSE'],
      mustchangepassword: ['TRUE'],
      userGroups: ['cn=all,ou=groups,dc=example,dc=org', 'cn=staff,ou=groups,dc=example,dc=org'],
    });
    expect(applied.password).toEqual({ method: 'ssha', locked: false, clear: 'AAAAAAAAAAAA' });
    expect(applied.base).toBe('ou=sales,dc=example,dc=org');
    // Only uid has several candidates; homeDirectory was computed from the chosen uid.
    expect(asked).toEqual([
      ['uid', 'lndiaye'],
      ['uid', 'lndiaye1'],
    ]);
  });

  it('handles non-ASCII names', async () => {
    const applied = await applyTemplate(fields, { givenName: ['Zoë'], sn: ['Ørsted'] }, {}, baseContext);
    expect(applied.attributes.uid).toEqual(['zorsted']);
    expect(applied.attributes.cn).toEqual(['Zoë Ørsted']);
    expect(applied.attributes.mail).toEqual(['zoe.orsted@example.org']);
  });

  it('takes answers literally: a % typed by the operator is not a mask', async () => {
    const applied = await applyTemplate({ sn: ['%askme%'], cn: ['%sn%'] }, { sn: ['100%sure%'] }, {}, baseContext);
    expect(applied.attributes).toEqual({ sn: ['100%sure%'], cn: ['100%sure%'] });
  });

  it('leaves out unanswered %askme% fields and empty expansions', async () => {
    const applied = await applyTemplate({ title: ['%askme%'], description: ['%c|nothing here%'], sn: ['Doe'] }, {}, {}, baseContext);
    expect(applied.attributes).toEqual({ sn: ['Doe'] });
  });

  it('replaces every value of a multi-valued field that holds %askme%', async () => {
    const applied = await applyTemplate({ mail: ['fixed@example.org', '%askme%'] }, { mail: ['one@example.org', 'two@example.org'] }, {}, baseContext);
    expect(applied.attributes.mail).toEqual(['one@example.org', 'two@example.org']);
  });

  it('gives empty values to read attributes nobody answered', async () => {
    const applied = await applyTemplate({ cn: ['[%givenName%]'] }, {}, {}, baseContext);
    expect(applied.attributes.cn).toEqual(['[]']);
  });

  it('merges onto an existing object: its values fill missing inputs, template fields win, objectClasses unite', async () => {
    const existing = { objectClass: ['top', 'person', 'inetOrgPerson'], sn: ['Doe'], givenName: ['John'], title: ['Boss'], loginShell: ['/bin/sh'] };
    const applied = await applyTemplate({ objectClass: ['inetorgperson', 'posixAccount'], loginShell: ['/bin/zsh'], gecos: ['%givenName% %sn%'] }, {}, existing, baseContext);
    expect(applied.attributes).toEqual({
      objectClass: ['top', 'person', 'inetOrgPerson', 'posixAccount'],
      sn: ['Doe'],
      givenName: ['John'],
      title: ['Boss'],
      loginShell: ['/bin/zsh'],
      gecos: ['John Doe'],
    });
  });

  it('applies answers for fields the template does not ask last, as plain modifications', async () => {
    const applied = await applyTemplate({ sn: ['%askme%'], cn: ['%sn%'], title: ['Engineer'] }, { sn: ['Doe'], title: ['CTO'], cn: ['Override'], userPassword: ['secret'] }, {}, baseContext);
    expect(applied.attributes).toEqual({ sn: ['Doe'], cn: ['Override'], title: ['CTO'] });
    expect(applied.password).toEqual({ locked: false, clear: 'secret' });
  });

  it('reads every userPassword form: locked, %askme%, and the old method|password', async () => {
    const locked = await applyTemplate({ userPassword: ['ssha512|TRUE|%uid%-%d[now,Y]|%'], uid: ['jdoe'] }, {}, {}, baseContext);
    expect(locked.password).toEqual({ method: 'ssha512', locked: true, clear: 'jdoe-2024' });
    expect(locked.attributes).toEqual({ uid: ['jdoe'] });
    const asked = await applyTemplate({ userPassword: ['%askme%'] }, { userPassword: ['typed|by%op%'] }, {}, baseContext);
    expect(asked.password).toEqual({ locked: false, clear: 'typed|by%op%' });
    const old = await applyTemplate({ userPassword: ['md5|s3cr3t|x'] }, {}, {}, baseContext);
    expect(old.password).toEqual({ method: 'md5', locked: false, clear: 's3cr3t|x' });
  });

  it('gives caller variables precedence over fields of the same name', async () => {
    const applied = await applyTemplate({ callerUID: ['spoofed'], description: ['%callerUID%'] }, {}, {}, baseContext);
    expect(applied.attributes.description).toEqual(['admin']);
  });

  it('draws persistent counters once per value and leaves their state to write back', async () => {
    const counters = IncrementalCounters.fromJson('{"employee":{"value":41,"date":"2024-08-30"}}');
    const applied = await applyTemplate({ employeeNumber: ['E%e[employee]|%'] }, {}, {}, { ...baseContext, counters });
    expect(applied.attributes.employeeNumber).toEqual(['E42']);
    expect(counters.toJson()).toBe('{"employee":{"value":42,"date":"2024-09-02"}}');
  });

  it('attributes a mask error to its field', async () => {
    await expect(applyTemplate({ cn: ['%nosuch|x%'] }, {}, {}, baseContext)).rejects.toThrow(/^cn: unknown modifier "o"/);
    await expect(applyTemplate({ cn: ['%a%'], a: ['%cn%'] }, {}, {}, baseContext)).rejects.toThrow(/Recursive dependency/);
  });

  it('does not check uniqueness of pseudo fields', async () => {
    const asked: string[] = [];
    const applied = await applyTemplate({ userGroups: ['cn=%s[1-2]|x%'], x: ['ab'] }, {}, {}, {
      ...baseContext,
      isTaken: (attribute) => {
        asked.push(attribute);
        return true;
      },
    });
    expect(applied.pseudoFields.userGroups).toEqual(['cn=a']);
    expect(asked).toEqual([]);
  });

  it('gives up on an endless uid after maxAttempts lookups', async () => {
    const attempt = applyTemplate({ uid: ['user%n[1]|%'] }, {}, {}, { ...baseContext, isTaken: () => true, maxAttempts: 3 });
    await expect(attempt).rejects.toThrow(/^uid: no free value found after 3 candidates \(at offset 0 in "user%n\[1\]\|%"\)$/);
  });

  it('keeps the first candidate when all are taken, and de-duplicates values', async () => {
    const applied = await applyTemplate({ mail: ['%s[1-2]|x%@x.org', '%s[1]|x%@x.org'], x: ['ab'] }, {}, {}, { ...baseContext, isTaken: () => true });
    expect(applied.attributes.mail).toEqual(['a@x.org']);
  });
});
