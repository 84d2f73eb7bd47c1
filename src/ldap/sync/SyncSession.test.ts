import { describe, expect, it } from 'vitest';

import { ProtocolError, UnwillingToPerformError } from '../errors.ts';
import { bool, control, enumerated, ldapMessage, octets, result, searchEntry, seq, tlv, uuidBytes } from './testing/ber.ts';
import { OP, decodeLdapMessage } from './ldapMessages.ts';
import { SYNC_DONE_OID, SYNC_INFO_OID, SYNC_STATE_OID } from './syncControls.ts';
import { SyncSession } from './SyncSession.ts';
import { ModelSink } from './testing/ModelSink.ts';

const U = (n: number): string => `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`;

const ID = 7;
function entry(state: number, uuid: string, dn = `uid=${uuid.slice(-2)},dc=x`, cookie?: string) {
  const value = seq(enumerated(state), octets(uuidBytes(uuid)), ...(cookie === undefined ? [] : [octets(cookie)]));
  return decodeLdapMessage(ldapMessage(ID, searchEntry(dn, state === 0 || state === 3 ? {} : { uid: [uuid.slice(-2)] }), [control(SYNC_STATE_OID, value)]));
}
function info(value: Buffer) {
  return decodeLdapMessage(ldapMessage(ID, tlv(OP.intermediateResponse, octets(SYNC_INFO_OID, 0x80), octets(value, 0x81))));
}
const newCookie = (cookie: string) => info(octets(cookie, 0x80));
const refreshPresent = (done: boolean, cookie?: string) => info(tlv(0xa2, ...(cookie === undefined ? [] : [octets(cookie)]), ...(done ? [] : [bool(false)])));
const refreshDelete = (done: boolean, cookie?: string) => info(tlv(0xa1, ...(cookie === undefined ? [] : [octets(cookie)]), ...(done ? [] : [bool(false)])));
const idSet = (deletes: boolean, uuids: string[]) => info(tlv(0xa3, ...(deletes ? [bool(true)] : []), tlv(0x31, ...uuids.map((u) => octets(uuidBytes(u))))));
const done = (code = 0, doneValue?: Buffer) => decodeLdapMessage(ldapMessage(ID, result(OP.searchDone, code, code === 0 ? '' : 'no'), doneValue ? [control(SYNC_DONE_OID, doneValue)] : []));

function preload(sink: ModelSink, ids: number[]): void {
  sink.beginRefresh();
  for (const n of ids) sink.upsert({ id: U(n), dn: `uid=${n},dc=x`, attributes: {} });
  sink.calls.length = 0;
}

describe('SyncSession (RFC 4533 consumer rules)', () => {
  it('loads the whole content without a cookie and sweeps what the server did not send', () => {
    const sink = new ModelSink();
    preload(sink, [1, 2, 9]); // 9 no longer exists on the server
    const session = new SyncSession(sink, { mode: 'refreshAndPersist' });
    session.start();
    expect(session.handle(entry(1, U(1)))).toEqual({ type: 'continue' });
    session.handle(entry(1, U(2)));
    session.handle(entry(1, U(3)));
    // slapd ends a cookie-less refreshAndPersist with refreshDelete: a full reload still sweeps
    session.handle(refreshDelete(true, 'c1'));
    expect([...sink.entries.keys()].sort()).toEqual([U(1), U(2), U(3)]);
    expect(sink.calls).toEqual(['begin', `upsert ${U(1)}`, `upsert ${U(2)}`, `upsert ${U(3)}`, 'sweep', 'synced']);
    expect(session.refreshing).toBe(false);
    expect(session.cookie).toEqual(Buffer.from('c1'));
  });

  it('in a present phase, removes every entry the server neither sent nor listed as present', () => {
    const sink = new ModelSink();
    preload(sink, [1, 2, 3, 4]);
    const session = new SyncSession(sink, { mode: 'refreshAndPersist', cookie: Buffer.from('c0') });
    session.start();
    session.handle(entry(0, U(1)));
    session.handle(idSet(false, [U(2)]));
    session.handle(entry(2, U(4), 'uid=renamed,dc=x'));
    session.handle(refreshPresent(true, 'c1'));
    expect([...sink.entries.keys()].sort()).toEqual([U(1), U(2), U(4)]);
    expect(sink.entries.get(U(4))?.dn).toBe('uid=renamed,dc=x');
    expect(sink.calls.at(-2)).toBe('sweep');
    expect(session.cookie).toEqual(Buffer.from('c1'));
  });

  it('in a delete phase, removes only what the server names, and does not sweep', () => {
    const sink = new ModelSink();
    preload(sink, [1, 2, 3, 4]);
    const session = new SyncSession(sink, { mode: 'refreshAndPersist', cookie: Buffer.from('c0') });
    session.start();
    session.handle(entry(3, U(1)));
    session.handle(idSet(true, [U(2)]));
    session.handle(entry(1, U(5)));
    session.handle(refreshDelete(true));
    expect([...sink.entries.keys()].sort()).toEqual([U(3), U(4), U(5)]);
    expect(sink.calls).not.toContain('sweep');
    expect(sink.syncedCount).toBe(1);
  });

  it('handles a present phase followed by a delete phase', () => {
    const sink = new ModelSink();
    preload(sink, [1, 2, 3]);
    const session = new SyncSession(sink, { mode: 'refreshAndPersist', cookie: Buffer.from('c0') });
    session.start();
    session.handle(entry(0, U(1)));
    session.handle(entry(0, U(2)));
    session.handle(refreshPresent(false));
    expect(session.refreshing).toBe(true);
    session.handle(entry(3, U(2)));
    session.handle(refreshDelete(true, 'c2'));
    expect([...sink.entries.keys()]).toEqual([U(1)]);
    expect(sink.calls.filter((c) => c === 'begin')).toHaveLength(2);
    expect(sink.syncedCount).toBe(1);
  });

  it('applies persist-stage changes as they come, and follows new cookies', () => {
    const sink = new ModelSink();
    const session = new SyncSession(sink, { mode: 'refreshAndPersist' });
    session.start();
    session.handle(entry(1, U(1)));
    session.handle(refreshPresent(true));
    session.handle(entry(1, U(2), undefined, 'c-add'));
    expect(session.cookie).toEqual(Buffer.from('c-add'));
    session.handle(entry(2, U(1), 'uid=moved,dc=x'));
    session.handle(entry(3, U(2)));
    session.handle(newCookie('c-new'));
    expect([...sink.entries.values()].map((e) => e.dn)).toEqual(['uid=moved,dc=x']);
    expect(session.cookie).toEqual(Buffer.from('c-new'));
    expect(sink.syncedCount).toBe(1);
  });

  it('ends a refreshOnly search with Sync Done: sweeps after a present phase, not after a delete phase', () => {
    const present = new ModelSink();
    preload(present, [1, 2]);
    const s1 = new SyncSession(present, { mode: 'refreshOnly', cookie: Buffer.from('c0') });
    s1.start();
    s1.handle(entry(0, U(1)));
    expect(s1.handle(done(0, seq(octets('c1'))))).toEqual({ type: 'done' });
    expect([...present.entries.keys()]).toEqual([U(1)]);
    expect(s1.cookie).toEqual(Buffer.from('c1'));

    const deletes = new ModelSink();
    preload(deletes, [1, 2]);
    const s2 = new SyncSession(deletes, { mode: 'refreshOnly', cookie: Buffer.from('c0') });
    s2.start();
    s2.handle(entry(3, U(2)));
    expect(s2.handle(done(0, seq(octets('c1'), bool(true))))).toEqual({ type: 'done' });
    expect([...deletes.entries.keys()]).toEqual([U(1)]);
    expect(deletes.calls).toEqual(['begin', `remove ${U(2)}`, 'synced']);
  });

  it('reports e-syncRefreshRequired and server errors', () => {
    const sink = new ModelSink();
    const session = new SyncSession(sink, { mode: 'refreshAndPersist', cookie: Buffer.from('old') });
    session.start();
    expect(session.handle(done(4096))).toEqual({ type: 'refreshRequired' });
    const step = session.handle(done(53));
    expect(step.type).toBe('failed');
    expect(step.type === 'failed' && step.error).toBeInstanceOf(UnwillingToPerformError);
    expect(sink.syncedCount).toBe(0);
  });

  it('refuses an entry without a Sync State control', () => {
    const session = new SyncSession(new ModelSink(), { mode: 'refreshOnly' });
    session.start();
    const bare = decodeLdapMessage(ldapMessage(ID, searchEntry('uid=a,dc=x', { uid: ['a'] })));
    expect(() => session.handle(bare)).toThrow(ProtocolError);
  });

  it('ignores search references and intermediate responses of other kinds', () => {
    const sink = new ModelSink();
    const session = new SyncSession(sink, { mode: 'refreshOnly' });
    session.start();
    const reference = decodeLdapMessage(ldapMessage(ID, tlv(OP.searchReference, octets('ldap://other/dc=x'))));
    const other = decodeLdapMessage(ldapMessage(ID, tlv(OP.intermediateResponse, octets('1.2.3', 0x80))));
    expect(session.handle(reference)).toEqual({ type: 'continue' });
    expect(session.handle(other)).toEqual({ type: 'continue' });
    expect(sink.calls).toEqual(['begin']);
  });
});
