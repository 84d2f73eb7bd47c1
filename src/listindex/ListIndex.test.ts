import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { LdapGateway } from '../ldap/LdapGateway.ts';
import { parseFilter } from '../ldap/filter.ts';
import type { ChangeSink, ChangeSource, ChangeSubscription, ContentEntry, ContentRequest } from '../ldap/sync/ChangeSource.ts';
import { NotEvaluableError } from './compileFilter.ts';
import { foldText } from './fold.ts';
import { ListIndex, ListIndexNotReadyError, type ListQuery } from './ListIndex.ts';

/** A change source driven by the test. */
class FakeSource implements ChangeSource {
  public readonly kind = 'fake';
  public sink!: ChangeSink;
  public request!: ContentRequest;

  public subscribe(request: ContentRequest, sink: ChangeSink): ChangeSubscription {
    this.request = request;
    this.sink = sink;
    return { ready: Promise.resolve(), close: async () => undefined };
  }

  /** A full refresh with these entries. */
  public load(entries: ContentEntry[]): void {
    this.sink.beginRefresh();
    for (const e of entries) this.sink.upsert(e);
    this.sink.sweep();
    this.sink.synced();
  }
}

const BASE = 'ou=people,dc=x';
const ATTRIBUTES = ['uid', 'cn', 'sn', 'givenName', 'mail', 'uidNumber', 'objectClass'];

function person(n: number, sn: string, extra: Record<string, string[]> = {}, parent = BASE): ContentEntry {
  const uid = `u${String(n).padStart(4, '0')}`;
  return {
    id: `id-${n}`,
    dn: `uid=${uid},${parent}`,
    attributes: { uid: [uid], sn: [sn], cn: [`Given${n} ${sn}`], uidNumber: [String(1000 + n)], objectClass: ['top', 'inetOrgPerson'], ...extra },
  };
}

function makeIndex(options: { sortAttributes?: string[]; localWriteHoldMs?: number } = {}): { index: ListIndex; source: FakeSource } {
  const source = new FakeSource();
  const index = new ListIndex({
    gateway: {} as LdapGateway,
    changeSource: source,
    base: BASE,
    filter: '(objectClass=inetOrgPerson)',
    attributes: ATTRIBUTES,
    ...options,
  });
  return { index, source };
}

const dns = (page: { entries: { dn: string }[] }): string[] => page.entries.map((e) => e.dn);
const uids = (page: { entries: { attributes: Record<string, string[]> }[] }): string[] => page.entries.map((e) => e.attributes.uid?.[0] ?? '');

/** Reference order: folded sn (missing last), then DN. */
function expectedOrder(entries: Map<string, ContentEntry>, reverse = false): string[] {
  const list = [...entries.values()].map((e) => ({ key: e.attributes.sn?.[0] === undefined ? undefined : foldText(e.attributes.sn[0]), dn: e.dn.toLowerCase() }));
  list.sort((a, b) => {
    const c = a.key === b.key ? 0 : a.key === undefined ? 1 : b.key === undefined ? -1 : a.key < b.key ? -1 : 1;
    return (reverse ? -c : c) || (a.dn < b.dn ? -1 : a.dn > b.dn ? 1 : 0);
  });
  return list.map((e) => e.dn);
}

/** Reads a whole list through cursors. */
function readAll(index: ListIndex, query: Omit<ListQuery, 'limit' | 'cursor' | 'offset'>, pageSize: number): string[] {
  const out: string[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 10_000; i += 1) {
    const page = index.query({ ...query, limit: pageSize, ...(cursor ? { cursor } : {}) });
    out.push(...dns(page));
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
  throw new Error('too many pages');
}

describe('ListIndex', () => {
  it('is not warm until the source has synced; queries then throw ListIndexNotReadyError', async () => {
    const { index, source } = makeIndex();
    expect(source.request).toMatchObject({ base: BASE, scope: 'sub', attributes: ATTRIBUTES });
    expect(index.isWarm).toBe(false);
    expect(() => index.query({ limit: 10 })).toThrow(ListIndexNotReadyError);
    source.load([person(1, 'Martin')]);
    await index.whenWarm();
    expect(index.status()).toMatchObject({ warm: true, live: true, entries: 1 });
    expect(index.query({ limit: 10 }).total).toBe(1);
  });

  it('sorts accent- and case-insensitively, missing values last, ties broken by DN (also in reverse)', () => {
    const { index, source } = makeIndex({ sortAttributes: ['sn'] });
    source.load([person(1, 'martin'), person(2, 'Émile'), person(3, 'Martin'), person(4, 'Dupont'), person(5, 'zola'), { ...person(6, 'x'), attributes: { uid: ['u0006'], objectClass: ['inetOrgPerson'] } }, person(7, 'Eve')]);
    expect(uids(index.query({ sort: [{ attribute: 'sn' }], limit: 10 }))).toEqual(['u0004', 'u0002', 'u0007', 'u0001', 'u0003', 'u0005', 'u0006']);
    // reversed: keys descending, but equal keys still by DN ascending
    expect(uids(index.query({ sort: [{ attribute: 'SN', reverse: true }], limit: 10 }))).toEqual(['u0006', 'u0005', 'u0001', 'u0003', 'u0007', 'u0002', 'u0004']);
  });

  it('sorts integer attributes numerically and by several keys', () => {
    const { index, source } = makeIndex();
    source.load([person(1, 'B', { uidNumber: ['900'] }), person(2, 'A', { uidNumber: ['10000'] }), person(3, 'B', { uidNumber: ['5'], givenName: ['Zed'] }), person(4, 'B', { givenName: ['Amy'] })]);
    expect(uids(index.query({ sort: [{ attribute: 'uidNumber' }], limit: 10 }))).toEqual(['u0003', 'u0001', 'u0004', 'u0002']);
    // as in RFC 2891, a missing value sorts after every value: first when reversed
    expect(uids(index.query({ sort: [{ attribute: 'sn' }, { attribute: 'givenName', reverse: true }], limit: 10 }))).toEqual(['u0002', 'u0001', 'u0003', 'u0004']);
  });

  it('pages with cursors without gaps or repeats, in every sort, while the list changes', () => {
    const { index, source } = makeIndex();
    const entries: ContentEntry[] = [];
    for (let n = 0; n < 120; n += 1) entries.push(person(n, ['Alpha', 'Beta', 'Gamma', 'Delta'][n % 4] as string, n % 3 === 0 ? { givenName: [`G${n % 5}`] } : {}));
    source.load(entries);
    const all = new Map(entries.map((e) => [e.id, e]));
    expect(readAll(index, { sort: [{ attribute: 'sn' }] }, 7)).toEqual(expectedOrder(all));
    expect(readAll(index, { sort: [{ attribute: 'sn', reverse: true }] }, 7)).toEqual(expectedOrder(all, true));
    const bySnGiven = readAll(index, { sort: [{ attribute: 'sn' }, { attribute: 'givenName' }] }, 9);
    expect(new Set(bySnGiven).size).toBe(120);
    expect(index.query({ sort: [{ attribute: 'sn' }, { attribute: 'givenName' }], limit: 200 }).entries.map((e) => e.dn)).toEqual(bySnGiven);

    // Changes between two pages: the next page starts right after the last row shown.
    const first = index.query({ sort: [{ attribute: 'sn' }], limit: 10 });
    const lastShown = first.entries.at(-1)?.dn as string;
    source.sink.upsert(person(500, 'Aaron')); // sorts before the cursor: not shown
    source.sink.remove('id-0'); // an Alpha shown on the first page
    const second = index.query({ sort: [{ attribute: 'sn' }], limit: 10, cursor: first.nextCursor as string });
    const now = new Map(all);
    now.set('id-500', person(500, 'Aaron'));
    now.delete('id-0');
    const order = expectedOrder(now);
    expect(dns(second)).toEqual(order.slice(order.indexOf(lastShown) + 1, order.indexOf(lastShown) + 11));
    expect(() => index.query({ sort: [{ attribute: 'cn' }], limit: 10, cursor: first.nextCursor as string })).toThrow(/another sort/);
  });

  it('pages with offsets and reports the total', () => {
    const { index, source } = makeIndex();
    source.load(Array.from({ length: 30 }, (_, n) => person(n, `S${String(n).padStart(2, '0')}`)));
    const page = index.query({ sort: [{ attribute: 'sn' }], limit: 5, offset: 25 });
    expect(page.total).toBe(30);
    expect(uids(page)).toEqual(['u0025', 'u0026', 'u0027', 'u0028', 'u0029']);
    expect(page.nextCursor).toBeUndefined();
    expect(index.query({ limit: 0 })).toEqual({ total: 30, entries: [] });
  });

  it('searches as you type: every word, case- and accent-insensitive, on the given attributes', () => {
    const { index, source } = makeIndex();
    source.load([person(1, 'Lefèvre', { mail: ['jl@x.org'] }), person(2, 'Lefebvre'), person(3, 'Dupont', { mail: ['lefevre@x.org'] }), person(4, 'Gérard')]);
    const search = (text: string, attributes = ['cn', 'mail']) => uids(index.query({ search: { text, attributes }, sort: [{ attribute: 'uid' }], limit: 10 }));
    expect(search('LEFEV')).toEqual(['u0001', 'u0003']);
    expect(search('lefev', ['sn'])).toEqual(['u0001']);
    expect(search('given1 lefe')).toEqual(['u0001']);
    expect(search('  ')).toEqual(['u0001', 'u0002', 'u0003', 'u0004']);
    expect(search('gérard', ['sn'])).toEqual(['u0004']);
    expect(index.query({ search: { text: 'lef', attributes: ['cn'] }, limit: 1 }).total).toBe(2);
    expect(() => search('x', ['telephoneNumber'])).toThrow(/not an attribute/);
  });

  it('narrows a search as the user types, and starts again after a change', () => {
    const { index, source } = makeIndex();
    source.load([person(1, 'Dupont'), person(2, 'Dupond'), person(3, 'Durand'), person(4, 'Martin')]);
    const typed = (text: string) => uids(index.query({ search: { text, attributes: ['sn'] }, sort: [{ attribute: 'uid' }], limit: 10 }));
    expect(typed('d')).toEqual(['u0001', 'u0002', 'u0003']);
    expect(typed('du')).toEqual(['u0001', 'u0002', 'u0003']);
    expect(typed('dup')).toEqual(['u0001', 'u0002']);
    expect(typed('dupont')).toEqual(['u0001']);
    expect(typed('dupon')).toEqual(['u0001', 'u0002']); // backspace: not a narrowing
    source.sink.upsert(person(5, 'Duponteil'));
    expect(typed('dupont')).toEqual(['u0001', 'u0005']);
    expect(uids(index.query({ search: { text: 'dup', attributes: ['cn'] }, sort: [{ attribute: 'uid' }], limit: 10 }))).toEqual(['u0001', 'u0002', 'u0005']);
    expect(uids(index.query({ filter: parseFilter('(uid=u0001)'), search: { text: 'dup', attributes: ['sn'] }, limit: 10 }))).toEqual(['u0001']);
  });

  it('restricts to a department, one level or the whole subtree', () => {
    const { index, source } = makeIndex();
    const dept = `ou=sales,${BASE}`;
    const team = `ou=team1,${dept}`;
    source.load([person(1, 'A'), person(2, 'B', {}, dept), person(3, 'C', {}, team), person(4, 'D', {}, `ou=other,${BASE}`)]);
    expect(uids(index.query({ base: dept, scope: 'one', sort: [{ attribute: 'sn' }], limit: 10 }))).toEqual(['u0002']);
    expect(uids(index.query({ base: 'OU=Sales,ou=people,DC=x', scope: 'sub', sort: [{ attribute: 'sn' }], limit: 10 }))).toEqual(['u0002', 'u0003']);
    expect(index.query({ base: BASE, scope: 'one', limit: 10 }).total).toBe(1);
    expect(index.query({ limit: 10 }).total).toBe(4);
  });

  it('evaluates LDAP filters in memory and says which it cannot', () => {
    const { index, source } = makeIndex();
    source.load([person(1, 'Martin', { mail: ['a@x.org'] }), person(2, 'Martin'), person(3, 'Durand', { objectClass: ['inetOrgPerson', 'posixAccount'] })]);
    const filter = parseFilter('(&(sn=MARTIN)(mail=*))');
    expect(index.canEvaluate(filter)).toBe(true);
    expect(uids(index.query({ filter, limit: 10 }))).toEqual(['u0001']);
    expect(uids(index.query({ filter: parseFilter('(objectClass=posixAccount)'), limit: 10 }))).toEqual(['u0003']);
    expect(index.canEvaluate(parseFilter('(telephoneNumber=1)'))).toBe(false);
    expect(index.canEvaluate(parseFilter('(cn~=martin)'))).toBe(false);
    expect(() => index.query({ filter: parseFilter('(l=Paris)'), limit: 10 })).toThrow(NotEvaluableError);
  });

  it('follows renames, moves and deletions from the stream', () => {
    const { index, source } = makeIndex({ sortAttributes: ['sn'] });
    source.load([person(1, 'A'), person(2, 'B'), person(3, 'C')]);
    source.sink.upsert({ ...person(1, 'Z'), dn: `uid=renamed,ou=sales,${BASE}` });
    source.sink.remove('id-2');
    source.sink.remove('id-unknown');
    expect(dns(index.query({ sort: [{ attribute: 'sn' }], limit: 10 }))).toEqual([`uid=u0003,${BASE}`, `uid=renamed,ou=sales,${BASE}`]);
    expect(index.get(`uid=renamed,ou=sales,${BASE}`)?.attributes.sn).toEqual(['Z']);
    expect(index.get(`uid=u0001,${BASE}`)).toBeUndefined();
    expect(index.query({ base: `ou=sales,${BASE}`, scope: 'one', limit: 10 }).total).toBe(1);
  });

  it('sweeps the entries a refresh did not mention', () => {
    const { index, source } = makeIndex();
    source.load([person(1, 'A'), person(2, 'B'), person(3, 'C')]);
    source.sink.beginRefresh();
    source.sink.keep('id-1');
    source.sink.upsert(person(3, 'C2'));
    source.sink.sweep();
    source.sink.synced();
    expect(uids(index.query({ sort: [{ attribute: 'uid' }], limit: 10 }))).toEqual(['u0001', 'u0003']);
  });

  it('keeps its sorted orders right through thousands of random changes (patched, or rebuilt past a limit)', () => {
    const { index, source } = makeIndex({ sortAttributes: ['sn'] });
    const model = new Map<string, ContentEntry>();
    const names = ['Alpha', 'alpha', 'Älpha', 'Beta', 'Gamma', 'Zeta', 'Éta', 'Delta'];
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const initial = Array.from({ length: 300 }, (_, n) => person(n, names[random(names.length)] as string));
    source.load(initial);
    for (const e of initial) model.set(e.id, e);
    for (let round = 0; round < 3; round += 1) {
      const changes = round === 1 ? 1_500 : 200; // round 1 exceeds the patch limit: rebuilt on next use
      for (let i = 0; i < changes; i += 1) {
        const n = random(400);
        const action = random(10);
        if (action < 2) {
          source.sink.remove(`id-${n}`);
          model.delete(`id-${n}`);
        } else {
          const e = random(10) === 0 ? { ...person(n, names[random(names.length)] as string), attributes: { uid: [`u${n}`], objectClass: ['inetOrgPerson'] } } : person(n, names[random(names.length)] as string, {}, random(4) === 0 ? `ou=sub,${BASE}` : BASE);
          source.sink.upsert(e);
          model.set(e.id, e);
        }
      }
      expect(dns(index.query({ sort: [{ attribute: 'sn' }], limit: 1_000 }))).toEqual(expectedOrder(model));
      expect(readAll(index, { sort: [{ attribute: 'sn', reverse: true }] }, 13)).toEqual(expectedOrder(model, true));
      expect(index.size).toBe(model.size);
    }
  });

  describe('local writes', () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['Date'] });
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('shows a write at once and does not let an older stream event undo it', () => {
      const { index, source } = makeIndex({ localWriteHoldMs: 5_000 });
      source.load([person(1, 'Old'), person(2, 'B')]);
      const dn = `uid=u0001,${BASE}`;
      index.applyLocalWrite(dn, { sn: ['New'] });
      expect(index.get(dn)?.attributes.sn).toEqual(['New']);
      expect(index.get(dn)?.attributes.uid).toEqual(['u0001']);
      // an event from before the write arrives late: ignored while the write is pending
      source.sink.upsert(person(1, 'Older'));
      expect(index.get(dn)?.attributes.sn).toEqual(['New']);
      // the stream confirms the write: from now on the stream rules again
      source.sink.upsert(person(1, 'New'));
      source.sink.upsert(person(1, 'Newer'));
      expect(index.get(dn)?.attributes.sn).toEqual(['Newer']);
    });

    it('adds a new entry at once and merges it with the stream event that confirms it', () => {
      const { index, source } = makeIndex();
      source.load([person(1, 'A')]);
      const dn = `uid=u0009,${BASE}`;
      index.applyLocalWrite(dn, { uid: ['u0009'], sn: ['Nine'], objectClass: ['inetOrgPerson'] });
      expect(index.size).toBe(2);
      // a refresh that started before the add does not sweep it
      source.sink.beginRefresh();
      source.sink.keep('id-1');
      source.sink.sweep();
      expect(index.size).toBe(2);
      source.sink.upsert(person(9, 'Nine', { cn: ['Nine Full'] }));
      expect(index.size).toBe(2);
      expect(index.get(dn)?.attributes.cn).toEqual(['Nine Full']);
      source.sink.remove('id-9');
      expect(index.size).toBe(1);
    });

    it('removes a deleted entry at once, and drops an entry that no longer matches the type', () => {
      const { index, source } = makeIndex();
      source.load([person(1, 'A'), person(2, 'B')]);
      index.applyLocalWrite(`uid=u0001,${BASE}`, null);
      expect(index.size).toBe(1);
      source.sink.upsert(person(1, 'A-late')); // older news of the deleted entry
      expect(index.size).toBe(1);
      source.sink.remove('id-1');
      index.applyLocalWrite(`uid=u0002,${BASE}`, { objectClass: ['organizationalPerson'] });
      expect(index.size).toBe(0);
      // someone else creates a new entry at a DN we deleted: not hidden
      source.sink.upsert({ ...person(3, 'C'), dn: `uid=u0001,${BASE}` });
      expect(index.size).toBe(1);
    });

    it('applies a rename with previousDn, keeping the other values', () => {
      const { index, source } = makeIndex();
      source.load([person(1, 'A', { mail: ['a@x.org'] })]);
      index.applyLocalWrite(`uid=moved,ou=sales,${BASE}`, { uid: ['moved'] }, { previousDn: `uid=u0001,${BASE}` });
      expect(index.get(`uid=u0001,${BASE}`)).toBeUndefined();
      expect(index.get(`uid=moved,ou=sales,${BASE}`)?.attributes).toMatchObject({ uid: ['moved'], mail: ['a@x.org'] });
      expect(index.size).toBe(1);
    });

    it('gives way to the stream when the hold expires unconfirmed', () => {
      const { index, source } = makeIndex({ localWriteHoldMs: 1_000 });
      source.load([person(1, 'A')]);
      const dn = `uid=u0001,${BASE}`;
      index.applyLocalWrite(dn, { sn: ['mine'] });
      source.sink.upsert(person(1, 'Theirs')); // the server normalised or someone overwrote
      expect(index.get(dn)?.attributes.sn).toEqual(['mine']);
      vi.setSystemTime(Date.now() + 1_500);
      expect(index.query({ limit: 10 }).entries[0]?.attributes.sn).toEqual(['Theirs']);
    });
  });
});
