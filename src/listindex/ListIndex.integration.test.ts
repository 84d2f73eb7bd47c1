import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { testLdap, testSubtree } from '../../test/harness.ts';
import { parseFilter } from '../ldap/filter.ts';
import { LdapGateway } from '../ldap/LdapGateway.ts';
import type { ChangeSource } from '../ldap/sync/ChangeSource.ts';
import { ContentSyncSource } from '../ldap/sync/ContentSyncSource.ts';
import { PollingSource } from '../ldap/sync/PollingSource.ts';
import { TcpProxy } from '../ldap/sync/testing/TcpProxy.ts';
import { waitFor } from '../ldap/sync/testing/waitFor.ts';
import { ListIndex } from './ListIndex.ts';

const env = testLdap();
const bind = { method: 'simple' as const, dn: env.adminDN, password: env.adminPassword };
const SURNAMES = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel', 'Garcia', 'Émery'];
const COUNT = 200;
let root: string;
let gateway: LdapGateway;

/** A branch `ou=people` with COUNT people (half in `ou=sales`), uids prefixed to stay unique. */
async function populate(name: string, count = COUNT): Promise<{ base: string; sales: string; uid: (i: number) => string; dn: (i: number) => string }> {
  const base = `ou=${name},${root}`;
  const sales = `ou=sales,${base}`;
  await gateway.add(base, { objectClass: 'organizationalUnit', ou: name });
  await gateway.add(sales, { objectClass: 'organizationalUnit', ou: 'sales' });
  const uid = (i: number): string => `${name}${String(i).padStart(4, '0')}`;
  const dn = (i: number): string => `uid=${uid(i)},${i % 2 === 0 ? base : sales}`;
  for (let start = 0; start < count; start += 25) {
    await Promise.all(
      Array.from({ length: Math.min(25, count - start) }, (_, k) => {
        const i = start + k;
        const sn = SURNAMES[i % SURNAMES.length] as string;
        return gateway.add(dn(i), { objectClass: 'inetOrgPerson', uid: uid(i), sn, cn: `Person${i} ${sn}`, givenName: `Person${i}`, mail: `${uid(i)}@example.org` });
      }),
    );
  }
  // not of the type: must not appear
  await gateway.add(`cn=team,${base}`, { objectClass: 'groupOfNames', cn: 'team', member: dn(0) });
  return { base, sales, uid, dn };
}

function makeIndex(base: string, changeSource: ChangeSource): ListIndex {
  return new ListIndex({
    gateway,
    changeSource,
    base,
    filter: '(objectClass=inetOrgPerson)',
    attributes: ['uid', 'cn', 'sn', 'givenName', 'mail', 'objectClass'],
    sortAttributes: ['sn'],
  });
}

beforeAll(async () => {
  root = await testSubtree('listindex');
  gateway = new LdapGateway({ urls: [env.url], bind, poolSize: 6 });
});

afterAll(async () => {
  await gateway.close();
});

const sources: [string, () => ChangeSource][] = [
  ['content synchronization', () => new ContentSyncSource({ urls: [env.url], bind })],
  ['the polling fallback', () => new PollingSource({ gateway, intervalMs: 25, reconcileIntervalMs: 150, changeAttribute: 'entryCSN' })],
];

describe.each(sources)('ListIndex over slapd, following %s', (label, makeSource) => {
  const name = label.startsWith('content') ? 'sync' : 'poll';

  it('loads a few hundred entries, then follows adds, modifies, renames and deletes made elsewhere', async () => {
    const { base, sales, uid, dn } = await populate(name);
    const index = makeIndex(base, makeSource());
    try {
      await index.whenWarm();
      expect(index.size).toBe(COUNT);

      // sorted by sn (accent-insensitive: Émery sorts with the E's), ties by DN
      const first = index.query({ sort: [{ attribute: 'sn' }], limit: 50 });
      expect(first.total).toBe(COUNT);
      expect(first.entries).toHaveLength(50);
      expect(first.entries[0]?.attributes.sn).toEqual(['Bernard']);
      const sns = index.query({ sort: [{ attribute: 'sn' }], limit: COUNT, attributes: ['sn'] }).entries.map((e) => e.attributes.sn?.[0] as string);
      expect(sns.indexOf('Émery')).toBeGreaterThan(sns.lastIndexOf('Dubois'));
      expect(sns.indexOf('Émery')).toBeLessThan(sns.indexOf('Garcia'));
      expect(index.query({ base: sales, scope: 'one', limit: 0 }).total).toBe(COUNT / 2);
      const lefevres = Array.from({ length: COUNT }, (_, i) => i).filter((i) => SURNAMES[i % SURNAMES.length] === 'Lefèvre').length;
      expect(index.query({ search: { text: 'LEFEVRE', attributes: ['sn', 'mail'] }, limit: 100 }).total).toBe(lefevres);

      // changes through another connection
      const other = new LdapGateway({ urls: [env.url], bind });
      try {
        await other.add(`uid=${name}new,${base}`, { objectClass: 'inetOrgPerson', uid: `${name}new`, sn: 'Aaberg', cn: 'New Person' });
        await other.modify(dn(1), [{ operation: 'replace', attribute: 'sn', values: ['Zwingli'] }]);
        await other.rename(dn(2), `uid=${name}moved`, { newParent: sales });
        await other.delete(dn(3));
      } finally {
        await other.close();
      }
      await waitFor(
        () => {
          const page = index.query({ sort: [{ attribute: 'sn' }], limit: 1 });
          const last = index.query({ sort: [{ attribute: 'sn', reverse: true }], limit: 1 });
          return (
            page.entries[0]?.dn === `uid=${name}new,${base}` &&
            last.entries[0]?.dn === dn(1) &&
            index.get(`uid=${name}moved,${sales}`) !== undefined &&
            index.get(dn(2)) === undefined &&
            index.get(dn(3)) === undefined
          );
        },
        5_000,
        'the index to follow the changes',
      );
      expect(index.size).toBe(COUNT);
      expect(index.query({ base: sales, scope: 'one', limit: 0 }).total).toBe(COUNT / 2);
      expect(index.get(`uid=${name}moved,${sales}`)?.attributes.uid).toEqual([`${name}moved`]);
      expect(index.query({ filter: parseFilter(`(&(sn=zwingli)(uid=${uid(1)}))`), limit: 5 }).total).toBe(1);
    } finally {
      await index.close();
    }
  });
});

describe('ListIndex read-your-writes over slapd', () => {
  it('shows a local write at once, and the stream confirms it', async () => {
    const { base, dn } = await populate('ryw', 20);
    const index = makeIndex(base, new ContentSyncSource({ urls: [env.url], bind }));
    try {
      await index.whenWarm();
      await gateway.modify(dn(4), [{ operation: 'replace', attribute: 'cn', values: ['Written Here'] }]);
      index.applyLocalWrite(dn(4), { cn: ['Written Here'] });
      expect(index.get(dn(4))?.attributes.cn).toEqual(['Written Here']);

      await gateway.add(`uid=rywadded,${base}`, { objectClass: 'inetOrgPerson', uid: 'rywadded', sn: 'Added', cn: 'Added Here' });
      await index.refreshEntry(`uid=rywadded,${base}`);
      expect(index.get(`uid=rywadded,${base}`)?.attributes).toMatchObject({ sn: ['Added'], objectClass: ['inetOrgPerson'] });

      await gateway.delete(dn(6));
      index.applyLocalWrite(dn(6), null);
      expect(index.get(dn(6))).toBeUndefined();
      // the stream's own reports change nothing visible, and the index ends with the right count
      await waitFor(() => index.status().pendingLocalWrites === 0, 5_000, 'the stream to confirm the local writes');
      expect(index.size).toBe(20);
      expect(index.get(dn(4))?.attributes.cn).toEqual(['Written Here']);
    } finally {
      await index.close();
    }
  });
});

describe('ListIndex when the source cannot serve', () => {
  it('rejects whenWarm when the server cannot synchronize the content, and keeps refusing queries', async () => {
    const index = new ListIndex({
      gateway,
      changeSource: new ContentSyncSource({ urls: [env.url], bind }),
      base: 'cn=config',
      filter: '(objectClass=olcGlobal)',
      attributes: ['cn'],
    });
    try {
      await expect(index.whenWarm()).rejects.toThrow(/Critical extension/);
      expect(index.isWarm).toBe(false);
      expect(index.status().lastError?.name).toBe('UnavailableCriticalExtensionError');
    } finally {
      await index.close();
    }
  });
});

describe('ListIndex restart safety', () => {
  it('keeps answering while its stream is cut, then catches up from the cookie', async () => {
    const { base, dn } = await populate('cut', 20);
    const proxy = await TcpProxy.start('127.0.0.1', Number(new URL(env.url).port));
    const index = makeIndex(base, new ContentSyncSource({ urls: [proxy.url], bind, backoff: { initialMs: 20, maxMs: 200 } }));
    try {
      await index.whenWarm();
      proxy.refusing = true;
      proxy.cutAll();
      await waitFor(() => !index.status().live, 5_000, 'the index to notice the cut');
      // still warm: lists keep working from memory while the stream is away
      expect(index.query({ limit: 0 }).total).toBe(20);
      await gateway.modify(dn(1), [{ operation: 'replace', attribute: 'sn', values: ['Aardvark'] }]);
      await gateway.delete(dn(2));
      proxy.refusing = false;
      await waitFor(() => index.status().live && index.get(dn(2)) === undefined && index.query({ sort: [{ attribute: 'sn' }], limit: 1 }).entries[0]?.dn === dn(1), 5_000, 'the catch-up');
      expect(index.size).toBe(19);
    } finally {
      await index.close();
      await proxy.close();
    }
  });
});
