// The gateway against the run's private slapd: paging, sort + VLV, assertions, hostile input,
// password modify, binary values, failover and timeouts.
import { randomBytes } from 'node:crypto';
import net from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { testLdap, testSubtree } from '../../test/harness.ts';
import { childDn, dnEquals, escapeDnValue, parseDn } from './dn.ts';
import {
  AlreadyExistsError,
  AssertionFailedError,
  ConnectError,
  InvalidCredentialsError,
  NoSuchObjectError,
  NotAllowedOnNonLeafError,
  OffsetRangeError,
  TimeoutError,
} from './errors.ts';
import { FilterSyntaxError, and, contains, eq, escapeFilterValue, present } from './filter.ts';
import { LdapGateway } from './LdapGateway.ts';

const env = testLdap();
const HOSTILE = '*)(uid=*))(|(uid=*';
/** sn has no ORDERING rule in the standard schema; name one so the tests do not depend on the server's. */
const SN_ORDERING = 'caseIgnoreOrderingMatch';

let ldap: LdapGateway;
let base: string;

function newGateway(options: Partial<ConstructorParameters<typeof LdapGateway>[0]> = {}): LdapGateway {
  return new LdapGateway({
    urls: [env.url],
    bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword },
    poolSize: 3,
    connectTimeoutMs: 2_000,
    operationTimeoutMs: 20_000,
    ...options,
  });
}

async function addOu(parent: string, ou: string): Promise<string> {
  const dn = childDn('ou', ou, parent);
  await ldap.add(dn, { objectClass: 'organizationalUnit', ou });
  return dn;
}

/** Runs `task` over `items` with at most `concurrency` at a time. */
async function forEachConcurrently<T>(items: T[], concurrency: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await task(item);
      }
    }),
  );
}

beforeAll(async () => {
  base = await testSubtree('gateway');
  ldap = newGateway();
});

afterAll(async () => {
  await ldap.close();
});

describe('basic operations', () => {
  it('reads the root DSE and knows who it is', async () => {
    const rootDse = await ldap.readRootDSE();
    expect(rootDse.namingContexts).toContain(env.baseDN);
    expect(rootDse.supportedControls).toEqual(expect.arrayContaining(['1.3.6.1.1.12', '1.2.840.113556.1.4.319', '1.2.840.113556.1.4.473', '2.16.840.1.113730.3.4.9']));
    expect(rootDse.supportedExtensions).toContain('1.3.6.1.4.1.4203.1.11.1');
    expect(rootDse.subschemaSubentry).toBe('cn=Subschema');
    expect(dnEquals((await ldap.whoami()).replace(/^dn:/, ''), env.adminDN)).toBe(true);
  });

  it('reads the server schema from the subschema subentry', async () => {
    const schema = await ldap.readSubschema();
    expect(schema.dn).toBe('cn=Subschema');
    const cn = schema.attributeTypes.find((a) => a.names.includes('cn'));
    expect(cn?.oid).toBe('2.5.4.3');
    expect(schema.objectClasses.find((o) => o.names.includes('inetOrgPerson'))?.kind).toBe('STRUCTURAL');
    expect(schema.objectClasses.some((o) => o.names.some((n) => n.startsWith('fd')))).toBe(true);
    expect(schema.matchingRules.find((m) => m.names.includes('caseIgnoreMatch'))?.oid).toBe('2.5.13.2');
    expect(schema.ldapSyntaxes.length).toBeGreaterThan(20);
    expect(schema.unparsed).toEqual([]);
  });

  it('adds, reads, modifies, renames, moves and deletes an entry', async () => {
    const ou = await addOu(base, 'basic');
    const target = await addOu(base, 'basic-target');
    const dn = childDn('cn', 'Alice', ou);
    await ldap.add(dn, { objectClass: ['inetOrgPerson'], cn: 'Alice', sn: 'Liddell', uid: `alice-${randomBytes(3).toString('hex')}` });
    await expect(ldap.add(dn, { objectClass: ['inetOrgPerson'], cn: 'Alice', sn: 'L' })).rejects.toBeInstanceOf(AlreadyExistsError);

    await ldap.modify(dn, [
      { operation: 'replace', attribute: 'sn', values: ['Pleasance'] },
      { operation: 'add', attribute: 'mail', values: ['alice@example.org', 'a@example.org'] },
      { operation: 'delete', attribute: 'mail', values: ['a@example.org'] },
    ]);
    const entry = await ldap.read(dn, ['sn', 'mail', 'entryCSN']);
    expect(entry?.get('sn')).toEqual(['Pleasance']);
    expect(entry?.get('mail')).toEqual(['alice@example.org']);
    expect(entry?.first('entryCSN')).toMatch(/^\d{14}\.\d{6}Z#/);

    await ldap.rename(dn, 'cn=Alice Liddell');
    const renamed = childDn('cn', 'Alice Liddell', ou);
    expect(await ldap.read(dn)).toBeNull();
    expect((await ldap.read(renamed, ['cn']))?.get('cn')).toEqual(['Alice Liddell']);

    await ldap.move(renamed, target);
    const moved = childDn('cn', 'Alice Liddell', target);
    expect(await ldap.read(moved, ['cn'])).not.toBeNull();

    await expect(ldap.delete(target)).rejects.toBeInstanceOf(NotAllowedOnNonLeafError);
    await ldap.delete(moved);
    expect(await ldap.read(moved)).toBeNull();
    await expect(ldap.delete(moved)).rejects.toBeInstanceOf(NoSuchObjectError);
  });

  it('returns null when reading a missing entry, or one that does not match the filter', async () => {
    expect(await ldap.read(childDn('cn', 'nobody', base))).toBeNull();
    expect(await ldap.read(base, [], { filter: eq('objectClass', 'inetOrgPerson') })).toBeNull();
    expect(await ldap.read(base, [], { filter: eq('objectClass', 'organizationalUnit') })).not.toBeNull();
  });

  it('gives Buffers for binary attributes, byte for byte', async () => {
    const ou = await addOu(base, 'binary');
    const dn = childDn('cn', 'photo', ou);
    // bytes that happen to be valid UTF-8, including a leading BOM, and bytes that are not
    const utf8Looking = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('plain text')]);
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(2000)]);
    await ldap.add(dn, { objectClass: 'inetOrgPerson', cn: 'photo', sn: 'p', jpegPhoto: [utf8Looking, jpeg], description: 'text' });
    const entry = await ldap.read(dn, ['jpegPhoto', 'description']);
    const photos = entry?.buffers('jpegPhoto') ?? [];
    expect(photos).toHaveLength(2);
    expect(photos.some((p) => p.equals(utf8Looking))).toBe(true);
    expect(photos.some((p) => p.equals(jpeg))).toBe(true);
    expect(entry?.get('description')).toEqual(['text']);
  });

  it('serves many concurrent operations with a small pool', async () => {
    const results = await Promise.all(Array.from({ length: 60 }, () => ldap.read(base, ['ou'])));
    expect(results.every((r) => r !== null)).toBe(true);
    expect(ldap.stats().open).toBeLessThanOrEqual(3);
  });
});

describe('paged search', () => {
  const COUNT = 2_100;
  let ou: string;

  beforeAll(async () => {
    ou = await addOu(base, 'paged');
    const names = Array.from({ length: COUNT }, (_, i) => `p${String(i).padStart(5, '0')}`);
    await forEachConcurrently(names, 16, (name) =>
      ldap.add(childDn('cn', name, ou), { objectClass: ['inetOrgPerson'], cn: name, sn: name, uid: `${name}-${randomBytes(3).toString('hex')}` }),
    );
  }, 120_000);

  it('returns every entry exactly once across pages', async () => {
    const seen = new Map<string, number>();
    let pages = 0;
    for await (const page of ldap.searchPages(ou, { scope: 'one', filter: eq('objectClass', 'inetOrgPerson'), attributes: ['cn'], pageSize: 250 })) {
      pages += 1;
      expect(page.length).toBeLessThanOrEqual(250);
      for (const entry of page) seen.set(entry.first('cn') ?? '', (seen.get(entry.first('cn') ?? '') ?? 0) + 1);
    }
    expect(pages).toBe(Math.ceil(COUNT / 250));
    expect(seen.size).toBe(COUNT);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
  });

  it('streams entries and can stop early, giving the connection back', async () => {
    let n = 0;
    for await (const entry of ldap.search(ou, { scope: 'one', attributes: ['1.1'], pageSize: 100 })) {
      expect(entry.dn).toMatch(/^cn=p\d{5},/);
      n += 1;
      if (n === 150) break;
    }
    expect(n).toBe(150);
    expect(ldap.stats().paged).toBe(0);
    // a second paged search right after on the same pool is not disturbed by the first one
    expect((await ldap.searchAll(ou, { scope: 'one', attributes: ['1.1'], pageSize: 500 })).length).toBe(COUNT);
  });

  it('runs two paged searches at once without mixing their cookies', async () => {
    const count = async (): Promise<number> => {
      let n = 0;
      for await (const page of ldap.searchPages(ou, { scope: 'one', attributes: ['1.1'], pageSize: 100 })) n += page.length;
      return n;
    };
    expect(await Promise.all([count(), count(), count()])).toEqual([COUNT, COUNT, COUNT]);
  });

  it('sorts a paged search on the server', async () => {
    const sns: string[] = [];
    for await (const entry of ldap.search(ou, { scope: 'one', attributes: ['sn'], sort: { attribute: 'sn', orderingRule: SN_ORDERING, reverse: true }, pageSize: 300 })) {
      sns.push(entry.first('sn') ?? '');
    }
    expect(sns).toHaveLength(COUNT);
    expect(sns).toEqual([...sns].sort().reverse());
  });
});

describe('sort + VLV', () => {
  let ou: string;
  const sorted: string[] = [];

  beforeAll(async () => {
    ou = await addOu(base, 'vlv');
    const names = Array.from({ length: 60 }, (_, i) => `Name${String(i).padStart(3, '0')}`);
    sorted.push(...names);
    const shuffled = [...names].sort(() => Math.random() - 0.5);
    await forEachConcurrently(shuffled, 8, (sn) =>
      ldap.add(childDn('cn', `cn-${sn}`, ou), { objectClass: 'inetOrgPerson', cn: `cn-${sn}`, sn, uid: `vlv-${sn}-${randomBytes(3).toString('hex')}` }),
    );
    // an entry the filter excludes
    await ldap.add(childDn('cn', 'other', ou), { objectClass: 'organizationalRole', cn: 'other' });
  });

  it('returns the requested window by offset, with position and count', async () => {
    const result = await ldap.vlv(ou, {
      scope: 'one',
      filter: eq('objectClass', 'inetOrgPerson'),
      attributes: ['sn'],
      sort: { attribute: 'sn', orderingRule: SN_ORDERING },
      beforeCount: 0,
      afterCount: 9,
      target: { byOffset: { offset: 11 } },
    });
    expect(result.targetPosition).toBe(11);
    expect(result.contentCount).toBe(60);
    expect(result.entries.map((e) => e.first('sn'))).toEqual(sorted.slice(10, 20));
  });

  it('returns a window around a value, and in reverse order', async () => {
    const around = await ldap.vlv(ou, {
      scope: 'one',
      filter: eq('objectClass', 'inetOrgPerson'),
      attributes: ['sn'],
      sort: { attribute: 'sn', orderingRule: SN_ORDERING },
      beforeCount: 2,
      afterCount: 2,
      target: { greaterThanOrEqual: 'Name0305' },
    });
    expect(around.entries.map((e) => e.first('sn'))).toEqual(['Name029', 'Name030', 'Name031', 'Name032', 'Name033']);
    expect(around.targetPosition).toBe(32);

    const reversed = await ldap.vlv(ou, {
      scope: 'one',
      filter: eq('objectClass', 'inetOrgPerson'),
      attributes: ['sn'],
      sort: { attribute: 'sn', orderingRule: SN_ORDERING, reverse: true },
      afterCount: 4,
      target: { byOffset: { offset: 1 } },
    });
    expect(reversed.entries.map((e) => e.first('sn'))).toEqual([...sorted].reverse().slice(0, 5));
  });

  it('fails with OffsetRangeError past the end of the list', async () => {
    await expect(
      ldap.vlv(ou, { scope: 'one', filter: eq('objectClass', 'inetOrgPerson'), sort: { attribute: 'sn', orderingRule: SN_ORDERING }, afterCount: 5, target: { byOffset: { offset: 500 } } }),
    ).rejects.toBeInstanceOf(OffsetRangeError);
  });

  it('serves many VLV requests in a row (sort sessions do not pile up)', async () => {
    for (let i = 0; i < 25; i += 1) {
      const r = await ldap.vlv(ou, { scope: 'one', filter: present('sn'), attributes: ['sn'], sort: { attribute: 'sn', orderingRule: SN_ORDERING }, afterCount: 0, target: { byOffset: { offset: (i % 60) + 1 } } });
      expect(r.entries[0]?.first('sn')).toBe(sorted[i % 60]);
    }
  });
});

describe('assertion control', () => {
  it('refuses a modify with a stale entryCSN and changes nothing', async () => {
    const ou = await addOu(base, 'assert');
    const dn = childDn('cn', 'versioned', ou);
    await ldap.add(dn, { objectClass: 'inetOrgPerson', cn: 'versioned', sn: 'v0' });
    const opened = await ldap.read(dn, ['sn', 'entryCSN']);
    const csn = opened?.first('entryCSN') as string;

    // first save with the CSN read at open: accepted
    await ldap.modify(dn, [{ operation: 'replace', attribute: 'sn', values: ['v1'] }], { assertion: eq('entryCSN', csn) });
    // second save with the same, now stale, CSN: refused
    const stale = ldap.modify(dn, [{ operation: 'replace', attribute: 'sn', values: ['v2'] }], { assertion: eq('entryCSN', csn) });
    await expect(stale).rejects.toBeInstanceOf(AssertionFailedError);
    await expect(stale).rejects.toMatchObject({ resultCode: 122, dn });

    const after = await ldap.read(dn, ['sn', 'entryCSN']);
    expect(after?.get('sn')).toEqual(['v1']);
    expect(after?.first('entryCSN')).not.toBe(csn);

    // a delete guarded by a stale CSN is refused too
    await expect(ldap.delete(dn, { assertion: eq('entryCSN', csn) })).rejects.toBeInstanceOf(AssertionFailedError);
    await ldap.delete(dn, { assertion: eq('entryCSN', after?.first('entryCSN') as string) });
  });
});

describe('hostile input', () => {
  let ou: string;

  beforeAll(async () => {
    ou = await addOu(base, 'hostile');
    for (const uid of ['victim-a', 'victim-b']) {
      await ldap.add(childDn('uid', `${uid}-${ou.length}`, ou), { objectClass: 'inetOrgPerson', uid: `${uid}-${ou.length}`, cn: uid, sn: uid });
    }
  });

  it('a hostile value in a built filter matches nothing', async () => {
    for (const filter of [eq('uid', HOSTILE), contains('uid', HOSTILE), and(eq('objectClass', 'inetOrgPerson'), eq('cn', `x${HOSTILE}`)), eq('uid', 'a\0b'), eq('uid', '\\'), eq('cn', 'Zoë*')]) {
      expect(await ldap.searchAll(ou, { filter, attributes: ['1.1'] })).toEqual([]);
    }
    // while the same search with a real value does find the entries
    expect(await ldap.searchAll(ou, { filter: eq('objectClass', 'inetOrgPerson'), attributes: ['1.1'] })).toHaveLength(2);
  });

  it('a hostile filter text is refused before it reaches the server', async () => {
    const search = ldap.searchAll(ou, { filter: `(uid=${HOSTILE})` });
    await expect(search).rejects.toBeInstanceOf(FilterSyntaxError);
    // escaped, the same text is a literal value
    expect(await ldap.searchAll(ou, { filter: `(uid=${escapeFilterValue(HOSTILE)})` })).toEqual([]);
  });

  it('an RDN value with commas, +, =, quotes and non-ASCII round-trips through add, read, search, rename and delete', async () => {
    const value = ' Zoë, Ñúñez+co=1; "q" <x> \\ #日本 ';
    const dn = childDn('cn', value, ou);
    await ldap.add(dn, { objectClass: 'inetOrgPerson', cn: value, sn: 'hostile' });

    const entry = await ldap.read(dn, ['cn']);
    expect(entry).not.toBeNull();
    expect(entry?.get('cn')).toEqual([value]);
    expect(dnEquals(entry?.dn ?? '', dn)).toBe(true);
    expect(parseDn(entry?.dn ?? '')[0]).toEqual([{ type: 'cn', value }]);

    const found = await ldap.searchAll(ou, { filter: eq('cn', value), attributes: ['cn'] });
    expect(found).toHaveLength(1);
    expect(dnEquals(found[0]?.dn ?? '', dn)).toBe(true);

    const otherValue = 'a,b\\';
    await ldap.rename(dn, `cn=${escapeDnValue(otherValue)}`);
    const renamed = childDn('cn', otherValue, ou);
    expect((await ldap.read(renamed, ['cn']))?.get('cn')).toEqual([otherValue]);
    expect(await ldap.read(dn)).toBeNull();

    await ldap.delete(renamed);
    expect(await ldap.read(renamed)).toBeNull();
    expect(await ldap.searchAll(ou, { filter: eq('objectClass', 'inetOrgPerson'), attributes: ['1.1'] })).toHaveLength(2);
  });
});

describe('passwords and binds', () => {
  let dn: string;

  beforeAll(async () => {
    const ou = await addOu(base, 'passwords');
    dn = childDn('uid', `pw-${randomBytes(3).toString('hex')}`, ou);
    await ldap.add(dn, { objectClass: 'inetOrgPerson', uid: parseDn(dn)[0]?.[0]?.value ?? '', cn: 'pw', sn: 'pw', userPassword: 'first-secret' });
  });

  it('checks a user password with bindAs', async () => {
    await expect(ldap.bindAs(dn, 'first-secret')).resolves.toBeUndefined();
    await expect(ldap.bindAs(dn, 'wrong')).rejects.toBeInstanceOf(InvalidCredentialsError);
    await expect(ldap.bindAs(childDn('uid', 'nobody', base), 'x')).rejects.toBeInstanceOf(InvalidCredentialsError);
  });

  it('refuses an empty password instead of binding anonymously', async () => {
    await expect(ldap.bindAs(dn, '')).rejects.toBeInstanceOf(InvalidCredentialsError);
  });

  it('sets a password with the password modify extended operation', async () => {
    expect(await ldap.passwordModify(dn, undefined, 'second-secret')).toBeUndefined();
    await ldap.bindAs(dn, 'second-secret');
    await expect(ldap.bindAs(dn, 'first-secret')).rejects.toBeInstanceOf(InvalidCredentialsError);
    const stored = (await ldap.read(dn, ['userPassword']))?.first('userPassword');
    expect(stored).toMatch(/^\{SSHA\}/);
  });

  it('returns the password the server generates', async () => {
    const generated = await ldap.passwordModify(dn);
    expect(generated).toMatch(/^\S{6,}$/);
    await ldap.bindAs(dn, generated as string);
  });
});

describe('failover and timeouts', () => {
  /** A port nothing listens on. */
  async function deadPort(): Promise<number> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  }

  it('skips a dead URI and works through the next one', async () => {
    const gateway = newGateway({ urls: [`ldap://127.0.0.1:${await deadPort()}`, env.url] });
    try {
      expect(dnEquals((await gateway.whoami()).replace(/^dn:/, ''), env.adminDN)).toBe(true);
      expect((await gateway.read(base, ['ou']))?.dn).toBe(base);
    } finally {
      await gateway.close();
    }
  });

  it('binds with SASL EXTERNAL over ldapi://, and anonymously', async () => {
    const local = newGateway({ urls: [env.ldapiUrl], bind: { method: 'external' } });
    const anonymous = newGateway({ bind: { method: 'anonymous' } });
    try {
      expect(await local.whoami()).toMatch(/^dn:gidNumber=\d+\+uidNumber=\d+,cn=peercred,cn=external,cn=auth$/);
      expect((await local.readRootDSE()).namingContexts).toContain(env.baseDN);
      expect(await anonymous.whoami()).toBe('');
      expect((await anonymous.readRootDSE()).namingContexts).toContain(env.baseDN);
    } finally {
      await local.close();
      await anonymous.close();
    }
  });

  it('fails with ConnectError when no URI answers', async () => {
    const gateway = newGateway({ urls: [`ldap://127.0.0.1:${await deadPort()}`, `ldap://127.0.0.1:${await deadPort()}`] });
    try {
      const error = await gateway.read(base).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectError);
      expect((error as ConnectError).message).toMatch(/no LDAP server reachable/);
      expect((error as ConnectError).message).not.toContain(env.adminPassword);
    } finally {
      await gateway.close();
    }
  });

  it('times out an operation the server never answers, and discards that connection', async () => {
    // A fake server that accepts binds and never answers anything else.
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('data', (data) => {
        // LDAPMessage: 30 len 02 01 <id> 60 … (a bind request): answer success
        if (data[0] === 0x30 && data[2] === 0x02 && data[3] === 0x01 && data[5] === 0x60) {
          socket.write(Buffer.from([0x30, 0x0c, 0x02, 0x01, data[4] as number, 0x61, 0x07, 0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00]));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const gateway = newGateway({ urls: [`ldap://127.0.0.1:${(server.address() as net.AddressInfo).port}`], operationTimeoutMs: 300 });
    try {
      const started = Date.now();
      await expect(gateway.read('dc=x')).rejects.toBeInstanceOf(TimeoutError);
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(gateway.stats().open).toBe(0);
    } finally {
      await gateway.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
