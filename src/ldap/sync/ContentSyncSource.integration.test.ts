import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { testLdap, testSubtree } from '../../../test/harness.ts';
import { InvalidCredentialsError, NoSuchObjectError, UnavailableCriticalExtensionError } from '../errors.ts';
import { eq } from '../filter.ts';
import { LdapGateway } from '../LdapGateway.ts';
import type { ContentRequest } from './ChangeSource.ts';
import { ContentSyncSource } from './ContentSyncSource.ts';
import { PollingSource } from './PollingSource.ts';
import { ModelSink } from './testing/ModelSink.ts';
import { TcpProxy } from './testing/TcpProxy.ts';
import { waitFor } from './testing/waitFor.ts';

const env = testLdap();
const bind = { method: 'simple' as const, dn: env.adminDN, password: env.adminPassword };
const fastBackoff = { initialMs: 20, maxMs: 200 };
let base: string;
let gateway: LdapGateway;

const person = (uid: string, sn = uid.toUpperCase()) => ({ objectClass: 'inetOrgPerson', uid, cn: `${uid} ${sn}`, sn });
const request = (subtree: string): ContentRequest => ({ base: subtree, filter: eq('objectClass', 'inetOrgPerson'), attributes: ['uid', 'cn', 'sn'] });

/** A fresh branch with `count` people, for one test. */
async function branch(name: string, count: number): Promise<string> {
  const dn = `ou=${name},${base}`;
  await gateway.add(dn, { objectClass: 'organizationalUnit', ou: name });
  // uid is unique in the whole directory (the unique overlay): prefix it with the branch name
  for (let i = 0; i < count; i += 1) await gateway.add(`uid=${name}${i},${dn}`, person(`${name}${i}`));
  return dn;
}

beforeAll(async () => {
  base = await testSubtree('sync');
  gateway = new LdapGateway({ urls: [env.url], bind });
});

afterAll(async () => {
  await gateway.close();
});

describe('ContentSyncSource against slapd (syncprov)', () => {
  it('loads the content, then follows adds, modifies, renames and deletes as they happen', async () => {
    const P = 'follow';
    const dn = await branch(P, 3);
    const sink = new ModelSink();
    const sub = new ContentSyncSource({ urls: [env.url], bind }).subscribe(request(dn), sink);
    try {
      await sub.ready;
      expect(sink.dns()).toEqual([`uid=${P}0,${dn}`, `uid=${P}1,${dn}`, `uid=${P}2,${dn}`]);
      const p1 = [...sink.entries.values()].find((e) => e.dn === `uid=${P}1,${dn}`);
      expect(p1?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(p1?.attributes).toEqual({ uid: [`${P}1`], cn: [`${P}1 ${P.toUpperCase()}1`], sn: [`${P.toUpperCase()}1`] });

      await gateway.add(`uid=${P}new,${dn}`, person(`${P}new`));
      await gateway.modify(`uid=${P}0,${dn}`, [{ operation: 'replace', attribute: 'sn', values: ['Changed'] }]);
      await gateway.rename(`uid=${P}1,${dn}`, `uid=${P}1b`);
      await gateway.delete(`uid=${P}2,${dn}`);
      // an entry that stops matching the filter leaves the content
      await gateway.add(`cn=group,${dn}`, { objectClass: 'groupOfNames', cn: 'group', member: `uid=${P}0,${dn}` });
      await waitFor(() => sink.dns().join() === [`uid=${P}new,${dn}`, `uid=${P}0,${dn}`, `uid=${P}1b,${dn}`].sort().join() && sink.byDn(`uid=${P}0,${dn}`)?.attributes.sn?.[0] === 'Changed', 5_000, 'the changes');
      // the renamed entry kept its id
      expect(sink.byDn(`uid=${P}1b,${dn}`)?.id).toBe(p1?.id);
      expect(sub.status()).toMatchObject({ connected: true, live: true, connections: 1, fullReloads: 0 });
    } finally {
      await sub.close();
    }
  });

  it('reconnects after the connection is cut and catches up from its cookie, without a full reload', async () => {
    const P = 'cut';
    const dn = await branch(P, 20);
    const proxy = await TcpProxy.start('127.0.0.1', Number(new URL(env.url).port));
    const sink = new ModelSink();
    const sub = new ContentSyncSource({ urls: [proxy.url], bind, backoff: fastBackoff }).subscribe(request(dn), sink);
    try {
      await sub.ready;
      expect(sink.entries.size).toBe(20);
      proxy.refusing = true;
      proxy.cutAll();
      await waitFor(() => sink.interruptions.length > 0, 5_000, 'the interruption');
      // changes made while the consumer is away
      await gateway.modify(`uid=${P}3,${dn}`, [{ operation: 'replace', attribute: 'sn', values: ['While away'] }]);
      await gateway.delete(`uid=${P}4,${dn}`);
      await gateway.add(`uid=${P}late,${dn}`, person(`${P}late`));
      sink.calls.length = 0;
      proxy.refusing = false;
      await waitFor(() => sink.byDn(`uid=${P}3,${dn}`)?.attributes.sn?.[0] === 'While away' && !sink.byDn(`uid=${P}4,${dn}`) && sink.byDn(`uid=${P}late,${dn}`), 5_000, 'the catch-up');
      expect(sink.entries.size).toBe(20);
      const status = sub.status();
      expect(status.connections).toBeGreaterThanOrEqual(2);
      expect(status.fullReloads).toBe(0);
      // resumed from the cookie: only the changes came again, not the 20 entries
      expect(sink.calls.filter((c) => c.startsWith('upsert')).length).toBeLessThan(5);
      // and the persist stage runs again
      await gateway.modify(`uid=${P}5,${dn}`, [{ operation: 'replace', attribute: 'sn', values: ['Live'] }]);
      await waitFor(() => sink.byDn(`uid=${P}5,${dn}`)?.attributes.sn?.[0] === 'Live', 5_000, 'a live change after reconnecting');
    } finally {
      await sub.close();
      await proxy.close();
    }
  });

  it('notices a connection that silently stops answering, and reconnects', async () => {
    const P = 'silent';
    const dn = await branch(P, 2);
    const proxy = await TcpProxy.start('127.0.0.1', Number(new URL(env.url).port));
    const sink = new ModelSink();
    const sub = new ContentSyncSource({ urls: [proxy.url], bind, backoff: fastBackoff, heartbeatMs: 100, heartbeatTimeoutMs: 200 }).subscribe(request(dn), sink);
    try {
      await sub.ready;
      proxy.freezeAll();
      await waitFor(() => sink.interruptions.some((e) => e.name === 'TimeoutError'), 5_000, 'the heartbeat to time out');
      await gateway.modify(`uid=${P}0,${dn}`, [{ operation: 'replace', attribute: 'sn', values: ['After silence'] }]);
      await waitFor(() => sink.byDn(`uid=${P}0,${dn}`)?.attributes.sn?.[0] === 'After silence', 5_000, 'the change after reconnecting');
      expect(sub.status().connections).toBeGreaterThanOrEqual(2);
    } finally {
      await sub.close();
      await proxy.close();
    }
  });

  it('in refreshOnly mode, refreshes from its cookie at each interval', async () => {
    const P = 'refreshonly';
    const dn = await branch(P, 4);
    const sink = new ModelSink();
    const sub = new ContentSyncSource({ urls: [env.url], bind, mode: { type: 'refreshOnly', intervalMs: 50 } }).subscribe(request(dn), sink);
    try {
      await sub.ready;
      expect(sink.entries.size).toBe(4);
      await gateway.delete(`uid=${P}0,${dn}`);
      await gateway.modify(`uid=${P}1,${dn}`, [{ operation: 'replace', attribute: 'sn', values: ['Polled'] }]);
      await waitFor(() => !sink.byDn(`uid=${P}0,${dn}`) && sink.byDn(`uid=${P}1,${dn}`)?.attributes.sn?.[0] === 'Polled', 5_000, 'the next refresh');
      expect(sink.syncedCount).toBeGreaterThanOrEqual(2);
      expect(sub.status().connections).toBe(1);
    } finally {
      await sub.close();
    }
  });

  it('rejects `ready` at once when the server cannot synchronize that content, or refuses the credentials', async () => {
    // cn=config has no syncprov overlay
    const noSync = new ContentSyncSource({ urls: [env.url], bind, backoff: fastBackoff }).subscribe({ ...request('cn=config'), filter: eq('objectClass', 'olcGlobal') }, new ModelSink());
    await expect(noSync.ready).rejects.toBeInstanceOf(UnavailableCriticalExtensionError);
    await noSync.close();
    const badBind = new ContentSyncSource({ urls: [env.url], bind: { ...bind, password: 'wrong' }, backoff: fastBackoff }).subscribe(request(base), new ModelSink());
    await expect(badBind.ready).rejects.toBeInstanceOf(InvalidCredentialsError);
    await badBind.close();
  });
});

describe('PollingSource against slapd', () => {
  it('rejects `ready` when the base does not exist', async () => {
    const sub = new PollingSource({ gateway, backoff: fastBackoff }).subscribe(request(`ou=missing,${base}`), new ModelSink());
    await expect(sub.ready).rejects.toBeInstanceOf(NoSuchObjectError);
    await sub.close();
  });

  for (const changeAttribute of ['entryCSN', 'modifyTimestamp'] as const) {
    it(`loads the content and sees the same changes by polling ${changeAttribute}, deletions at reconciliation`, async () => {
      const P = `poll${changeAttribute}`;
      const dn = await branch(P, 3);
      const sink = new ModelSink();
      const sub = new PollingSource({ gateway, intervalMs: 30, reconcileIntervalMs: 200, changeAttribute }).subscribe(request(dn), sink);
      try {
        await sub.ready;
        expect(sink.dns()).toEqual([`uid=${P}0,${dn}`, `uid=${P}1,${dn}`, `uid=${P}2,${dn}`]);
        const p1 = sink.byDn(`uid=${P}1,${dn}`);
        await gateway.add(`uid=${P}new,${dn}`, person(`${P}new`));
        await gateway.modify(`uid=${P}0,${dn}`, [{ operation: 'replace', attribute: 'sn', values: ['Changed'] }]);
        await gateway.rename(`uid=${P}1,${dn}`, `uid=${P}1b`);
        await gateway.delete(`uid=${P}2,${dn}`);
        await waitFor(() => sink.dns().join() === [`uid=${P}new,${dn}`, `uid=${P}0,${dn}`, `uid=${P}1b,${dn}`].sort().join() && sink.byDn(`uid=${P}0,${dn}`)?.attributes.sn?.[0] === 'Changed', 5_000, 'the changes');
        expect(sink.byDn(`uid=${P}1b,${dn}`)?.id).toBe(p1?.id);
        expect(sink.byDn(`uid=${P}0,${dn}`)?.attributes).toEqual({ uid: [`${P}0`], cn: [`${P}0 ${P.toUpperCase()}0`], sn: ['Changed'] });
      } finally {
        await sub.close();
      }
    });
  }
});
