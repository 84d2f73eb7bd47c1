import { describe, expect, it } from 'vitest';
import type { AttributeDecl, CompositeSpec } from '../declarations.ts';
import { kindOf, ValueError } from './index.ts';
import { readComposite } from './composite.ts';

const decl = (d: Partial<AttributeDecl> & Pick<AttributeDecl, 'kind'>): AttributeDecl => ({ name: 'attr', label: 'Attr', ...d }) as AttributeDecl;
const roundTrip = (d: AttributeDecl, json: unknown) => {
  const kind = kindOf(d);
  const value = kind.fromJson(json, d);
  return { ldap: kind.encode(value, d), back: kind.toJson(kind.decode(kind.encode(value, d), d), d) };
};

describe('string kinds', () => {
  const sn = decl({ kind: 'string', name: 'sn', forbiddenCharacters: ',+"?()=<>;\\' });
  it('trims, stores one value and removes the attribute when empty', () => {
    expect(roundTrip(sn, '  Dupont ')).toEqual({ ldap: ['Dupont'], back: 'Dupont' });
    expect(kindOf(sn).encode('', sn)).toEqual([]);
  });
  it('names forbidden characters and broken patterns', () => {
    expect(kindOf(sn).check('Du(pont)', sn, {}).map((p) => p.code)).toEqual(['value.forbidden_characters']);
    const uid = decl({ kind: 'string', name: 'uid', pattern: '[a-z0-9_-]+' });
    expect(kindOf(uid).check('jdoe', uid, {})).toEqual([]);
    expect(kindOf(uid).check('J Doe', uid, {})[0]).toMatchObject({ code: 'value.pattern' });
    // The pattern is anchored: a valid prefix is not enough.
    expect(kindOf(uid).check('jdoe)(uid=*', uid, {})[0]).toMatchObject({ code: 'value.pattern' });
  });
  it('refuses objects and arrays where a string is expected', () => {
    expect(() => kindOf(sn).fromJson({ a: 1 }, sn)).toThrow(ValueError);
    expect(() => kindOf(sn).fromJson(['a'], sn)).toThrow(/expects a string, got an array/);
  });
  it('stores postal addresses with $ between lines and escapes $ and \\ inside them', () => {
    const pa = decl({ kind: 'postalAddress', name: 'postalAddress' });
    const r = roundTrip(pa, '1 rue de la Paix\r\nBoîte $12 \\ B\n75002 Paris');
    expect(r.ldap).toEqual(['1 rue de la Paix$Boîte \\2412 \\5C B$75002 Paris']);
    expect(r.back).toBe('1 rue de la Paix\nBoîte $12 \\ B\n75002 Paris');
  });
  it('accepts mail addresses FusionDirectory accepts and refuses others', () => {
    const mail = decl({ kind: 'mail', name: 'mail' });
    for (const ok of ['jean.dupont@univ.fr', 'user@localhost', 'a+b@x-y.example.org']) expect(kindOf(mail).check(ok, mail, {})).toEqual([]);
    for (const bad of ['jean dupont@univ.fr', 'no-at-sign', 'a@b@c', '@univ.fr']) expect(kindOf(mail).check(bad, mail, {})).toHaveLength(1);
  });
  it('checks phone numbers and URLs', () => {
    const phone = decl({ kind: 'phone', name: 'telephoneNumber' });
    expect(kindOf(phone).check('+33 (0)1 44-27', phone, {})).toEqual([]);
    expect(kindOf(phone).check('call me', phone, {})).toHaveLength(1);
    const url = decl({ kind: 'url', name: 'labeledURI' });
    expect(kindOf(url).check('https://univ.fr/~jd Home page', url, {})).toEqual([]);
    expect(kindOf(url).check('ftp://univ.fr', url, {})).toHaveLength(1);
  });
  it('refuses writes to read-only attributes', () => {
    const ro = decl({ kind: 'readOnly', name: 'createTimestamp' });
    expect(() => kindOf(ro).fromJson('x', ro)).toThrow(/read-only/);
    expect(kindOf(ro).encode('x', ro)).toEqual([]);
  });
});

describe('scalar kinds', () => {
  it('reads integers from numbers and numeric strings, and checks the range', () => {
    const n = decl({ kind: 'integer', name: 'uidNumber', min: 100 });
    expect(roundTrip(n, 1100)).toEqual({ ldap: ['1100'], back: 1100 });
    expect(kindOf(n).fromJson('1200', n)).toBe(1200);
    expect(() => kindOf(n).fromJson('12a', n)).toThrow(/whole number/);
    expect(() => kindOf(n).fromJson(1.5, n)).toThrow(/whole number/);
    expect(kindOf(n).check(99, n, {})[0]).toMatchObject({ code: 'value.range' });
    expect(kindOf(n).toJson(null, n)).toBe('');
  });
  it('maps booleans to TRUE/FALSE or to custom strings', () => {
    const b = decl({ kind: 'boolean', name: 'fdSchemaCheck' });
    expect(roundTrip(b, true)).toEqual({ ldap: ['TRUE'], back: true });
    expect(kindOf(b).fromJson('FALSE', b)).toBe(false);
    expect(kindOf(b).fromJson(1, b)).toBe(true);
    expect(() => kindOf(b).fromJson('maybe', b)).toThrow(/true or false/);
    const flag = decl({ kind: 'boolean', name: 'flag', trueValue: 'V', falseValue: '' });
    expect(kindOf(flag).encode(true, flag)).toEqual(['V']);
    expect(kindOf(flag).encode(false, flag)).toEqual([]);
    expect(kindOf(flag).decode([], flag)).toBe(false);
  });
  it('checks select values against fixed or resolved choices', () => {
    const s = decl({ kind: 'select', name: 'fdLoginAttribute', choices: [{ value: 'uid', label: 'uid' }, { value: 'mail', label: 'mail' }] });
    expect(kindOf(s).check('uid', s, {})).toEqual([]);
    expect(kindOf(s).check('cn', s, {})[0]!.message).toContain('uid, mail');
    const fromConfig = decl({ kind: 'select', name: 'businessCategory', choicesFromConfig: 'fdDepartmentCategories' });
    expect(kindOf(fromConfig).check('x', fromConfig, { choices: [{ value: 'y', label: 'y' }] })).toHaveLength(1);
  });
  it('reads and writes dates in each LDAP encoding, JSON being YYYY-MM-DD', () => {
    const gt = decl({ kind: 'date', name: 'd', encoding: 'generalizedTime' });
    expect(roundTrip(gt, '2026-03-01')).toEqual({ ldap: ['20260301000000Z'], back: '2026-03-01' });
    // Forms other tools write are read: hour precision, fractions, offsets.
    expect(kindOf(gt).decode(['2026030112Z'], gt)).toBe('2026-03-01');
    expect(kindOf(gt).decode(['20260301120000.5Z'], gt)).toBe('2026-03-01');
    const days = decl({ kind: 'date', name: 'shadowExpire', encoding: 'epochDays' });
    expect(roundTrip(days, '2026-11-27')).toEqual({ ldap: ['20784'], back: '2026-11-27' });
    const ymd = decl({ kind: 'date', name: 'd', encoding: 'ymd' });
    expect(roundTrip(ymd, '2024-02-29')).toEqual({ ldap: ['20240229'], back: '2024-02-29' });
    expect(() => kindOf(ymd).fromJson('2023-02-29', ymd)).toThrow(/not a date/);
    expect(kindOf(gt).fromJson('20260301000000Z', gt)).toBe('2026-03-01');
  });
  it('carries binary data as base64', () => {
    const b = decl({ kind: 'binary', name: 'jpegPhoto' });
    const bytes = Buffer.from([0xff, 0xd8, 0x00, 0x01]);
    expect(kindOf(b).encode(kindOf(b).fromJson(bytes.toString('base64'), b), b)).toEqual([bytes]);
    expect(kindOf(b).toJson(bytes, b)).toBe('/9gAAQ==');
    expect(() => kindOf(b).fromJson('not base64!', b)).toThrow(/base64/);
  });
  it('never writes the base selector to LDAP', () => {
    const base = decl({ kind: 'base', name: 'base' });
    expect(kindOf(base).encode('ou=sales,dc=x', base)).toEqual([]);
    expect(kindOf(base).fromJson('ou=sales,dc=x', base)).toBe('ou=sales,dc=x');
  });
});

describe('multi-valued kinds', () => {
  it('keeps sets sorted and refuses duplicates', () => {
    const title = decl({ kind: 'set', name: 'title', of: { kind: 'string' } });
    expect(roundTrip(title, ['Zeta', 'alpha', 'Beta'])).toEqual({ ldap: ['Beta', 'Zeta', 'alpha'], back: ['Beta', 'Zeta', 'alpha'] });
    expect(kindOf(title).fromJson('single', title)).toEqual(['single']);
    expect(kindOf(title).check(['a', 'A'], title, {})[0]).toMatchObject({ code: 'value.duplicate' });
  });
  it('checks every item of a set with the item kind', () => {
    const mails = decl({ kind: 'set', name: 'gosaMailAlternateAddress', of: { kind: 'mail' } });
    expect(kindOf(mails).check(['ok@x.fr', 'bad'], mails, {}).map((p) => p.code)).toEqual(['value.mail']);
  });
  it('re-numbers indexed ordered lists and reads them in index order', () => {
    const acl = decl({ kind: 'orderedList', name: 'gosaAclTemplate', of: { kind: 'string' }, indexed: true });
    expect(kindOf(acl).decode(['1:second', '0:first', '10:last'], acl)).toEqual(['first', 'second', 'last']);
    expect(kindOf(acl).encode(['a', 'b'], acl)).toEqual(['0:a', '1:b']);
  });
  it('keeps DN lists in the given order', () => {
    const member = decl({ kind: 'dns', name: 'member' });
    expect(roundTrip(member, ['uid=b,dc=x', 'uid=a,dc=x']).ldap).toEqual(['uid=b,dc=x', 'uid=a,dc=x']);
    expect(kindOf(member).check(['not a dn'], member, {})[0]).toMatchObject({ code: 'value.dn' });
  });
});

describe('composite values', () => {
  const phoneSpec: CompositeSpec = {
    kind: 'composite',
    read: '\\{([A-Z]+)\\}(.*)',
    write: '{${type}}${number}',
    parts: [
      { name: 'type', spec: { kind: 'select', choices: [{ value: 'MOBPERSO', label: 'm' }, { value: 'FIXEPERSO', label: 'f' }] } },
      { name: 'number', spec: { kind: 'phone' } },
    ],
  };
  const phone = decl({ ...phoneSpec, name: 'supannTelephonePrive' });
  const kind = kindOf(phone);

  it('stores the composed string and answers it, as FusionDirectory does', () => {
    expect(roundTrip(phone, '{MOBPERSO}+33 6 12')).toEqual({ ldap: ['{MOBPERSO}+33 6 12'], back: '{MOBPERSO}+33 6 12' });
  });

  it('composes a value from an object of its parts', () => {
    expect(kind.fromJson({ type: 'FIXEPERSO', number: '+33 1 44' }, phone)).toBe('{FIXEPERSO}+33 1 44');
    expect(() => kind.fromJson({ type: 'FIXEPERSO', extension: '12' }, phone)).toThrow(/no part "extension"/);
    expect(() => kind.fromJson(42, phone)).toThrow(/expects a string such as/);
  });

  it('checks the shape and every part with its own kind', () => {
    expect(kind.check('{MOBPERSO}+33 6 12', phone, {})).toEqual([]);
    expect(kind.check('+33 6 12', phone, {})[0]).toMatchObject({ code: 'value.composite' });
    expect(kind.check('{OTHER}+33', phone, {}).map((p) => p.code)).toEqual(['value.choice']);
    expect(kind.check('{MOBPERSO}call me', phone, {}).map((p) => p.code)).toEqual(['value.phone']);
    expect(kind.check('{MOBPERSO}', phone, {}).map((p) => p.code)).toEqual(['value.required']);
  });

  it('works inside a set, one composite per value', () => {
    const set = decl({ kind: 'set', name: 'phones', of: phoneSpec });
    expect(kindOf(set).check(['{MOBPERSO}+33 6', 'bad'], set, {}).map((p) => p.code)).toEqual(['value.composite']);
  });
});

describe('bracketed composites (FusionDirectory’s [key=value]…)', () => {
  const roleEntite = decl({
    kind: 'composite',
    name: 'supannRoleEntite',
    bracketed: true,
    parts: [
      { name: 'role', spec: { kind: 'string' } },
      { name: 'type', spec: { kind: 'string' } },
      { name: 'code', spec: { kind: 'string' }, optional: true },
    ],
  } as Partial<AttributeDecl> & CompositeSpec);
  const kind = kindOf(roleEntite);

  it('writes the parts in their order and leaves empty ones out, as FusionDirectory', () => {
    expect(roundTrip(roleEntite, { role: '{SUPANN}R00', type: '{SUPANN}S230', code: 'DSI' }).ldap).toEqual(['[role={SUPANN}R00][type={SUPANN}S230][code=DSI]']);
    expect(roundTrip(roleEntite, { type: '{SUPANN}S201', role: '{SUPANN}T31' }).ldap).toEqual(['[role={SUPANN}T31][type={SUPANN}S201]']);
  });

  it('reads the parts in any order, and keeps a stored value as it is', () => {
    expect(readComposite(roleEntite as CompositeSpec, '[code=DSI][role={SUPANN}R00][type={SUPANN}S230]')).toEqual({ role: '{SUPANN}R00', type: '{SUPANN}S230', code: 'DSI' });
    expect(roundTrip(roleEntite, '[code=DSI][role={SUPANN}R00][type={SUPANN}S230]').ldap).toEqual(['[code=DSI][role={SUPANN}R00][type={SUPANN}S230]']);
    expect(kind.check('[role={SUPANN}R00][type={SUPANN}S230]', roleEntite, {})).toEqual([]);
  });

  it('refuses values not made of [key=value] pairs, and required parts left empty', () => {
    expect(kind.check('role={SUPANN}R00', roleEntite, {}).map((p) => p.code)).toEqual(['value.composite']);
    expect(kind.check('[role={SUPANN}R00]', roleEntite, {}).map((p) => p.code)).toEqual(['value.required']);
    expect(kindOf(roleEntite).jsonSchema!(roleEntite)).toMatchObject({ type: 'string' });
  });
});

describe('choices from packed configuration values, and FusionDirectory’s hour-precision dates', () => {
  const config: Record<string, string[]> = { fdSupannCMSTypes: ['etudiant;étudiant', 'personnel;professionnelle'] };
  const configList = (key: string) => config[key] ?? [];
  const card = decl({
    kind: 'composite',
    name: 'supannCMSAffectation',
    bracketed: true,
    parts: [
      { name: 'type', spec: { kind: 'select', choicesFromConfig: { key: 'fdSupannCMSTypes', separator: ';' } } },
      { name: 'id', spec: { kind: 'string' } },
    ],
  } as Partial<AttributeDecl> & CompositeSpec);

  it('checks a composite’s part against the configured codes, keeping a value the entry already had', () => {
    expect(kindOf(card).check('[type=etudiant][id=1]', card, { configList })).toEqual([]);
    expect(kindOf(card).check('[type=martien][id=1]', card, { configList }).map((p) => p.code)).toEqual(['value.choice']);
    expect(kindOf(card).check('[type=martien][id=1]', card, { configList, stored: new Set(['martien']) })).toEqual([]);
  });

  it('writes generalizedTimeHour dates YYYYMMDD00Z and reads them back as days', () => {
    const end = decl({ kind: 'date', encoding: 'generalizedTimeHour' });
    expect(roundTrip(end, '2026-08-31').ldap).toEqual(['2026083100Z']);
    expect(kindOf(end).decode(['2026083100Z'], end)).toBe('2026-08-31');
  });
});

describe('selects whose choices change (configuration, objects)', () => {
  const civilite = decl({ kind: 'select', name: 'supannCivilite', choicesFromConfig: 'fdSupannCiviliteValues' } as Partial<AttributeDecl> & Pick<AttributeDecl, 'kind'>);
  const choices = [
    { value: 'M.', label: 'M.' },
    { value: 'Mme', label: 'Mme' },
  ];
  it('keeps a value the entry already had, refuses a new one outside the choices', () => {
    expect(kindOf(civilite).check('Mlle', civilite, { choices, stored: new Set(['Mlle']) })).toEqual([]);
    expect(kindOf(civilite).check('Dr', civilite, { choices, stored: new Set(['Mlle']) }).map((p) => p.code)).toEqual(['value.choice']);
    expect(kindOf(civilite).check('Mme', civilite, { choices })).toEqual([]);
  });
});
