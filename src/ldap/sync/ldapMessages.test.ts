import { BerReader } from 'ldapts';
import { describe, expect, it } from 'vitest';

import { and, eq, present } from '../filter.ts';
import { bool, control, enumerated, int, ldapMessage, octets, result, searchEntry, seq, tlv, uuidBytes } from './testing/ber.ts';
import { LdapMessageDecodingError, OP, decodeLdapMessage, encodeBindRequest, encodeSearchRequest, encodeUnbindRequest } from './ldapMessages.ts';
import { MessageFramer } from './MessageFramer.ts';
import {
  SYNC_DONE_OID,
  SYNC_INFO_OID,
  SYNC_STATE_OID,
  type SyncInfo,
  decodeSyncDoneValue,
  decodeSyncInfoValue,
  decodeSyncRequestValue,
  decodeSyncStateValue,
  encodeSyncDoneValue,
  encodeSyncInfoValue,
  encodeSyncRequestControl,
  encodeSyncStateValue,
} from './syncControls.ts';

const UUID_A = '5908cd16-7e69-1041-99c7-5b712fde276d';
const UUID_B = '59092392-7e69-1041-99c8-5b712fde276d';

describe('decoding server messages', () => {
  it('decodes a search entry with its Sync State control', () => {
    const state = seq(enumerated(1), octets(uuidBytes(UUID_A)), octets('rid=000,csn=1'));
    const bytes = ldapMessage(2, searchEntry('uid=a,ou=people,dc=x', { uid: ['a'], cn: ['Ann', 'Annie'], sn: ['Étoile'] }), [control(SYNC_STATE_OID, state)]);
    const message = decodeLdapMessage(bytes);
    expect(message).toMatchObject({ type: 'searchEntry', messageId: 2, dn: 'uid=a,ou=people,dc=x', attributes: { uid: ['a'], cn: ['Ann', 'Annie'], sn: ['Étoile'] } });
    expect(message.controls).toHaveLength(1);
    const value = decodeSyncStateValue(message.controls[0]?.value as Buffer);
    expect(value).toEqual({ state: 'add', uuid: UUID_A, cookie: Buffer.from('rid=000,csn=1') });
  });

  it('reads every sync state, with and without cookie', () => {
    for (const [code, name] of [[0, 'present'], [1, 'add'], [2, 'modify'], [3, 'delete']] as const) {
      expect(decodeSyncStateValue(seq(enumerated(code), octets(uuidBytes(UUID_B))))).toEqual({ state: name, uuid: UUID_B });
    }
    expect(() => decodeSyncStateValue(seq(enumerated(7), octets(uuidBytes(UUID_B))))).toThrow(LdapMessageDecodingError);
    expect(() => decodeSyncStateValue(seq(enumerated(1), octets(Buffer.alloc(5))))).toThrow(/16 bytes/);
  });

  it('decodes an IntermediateResponse carrying Sync Info messages of each kind', () => {
    const info = (value: Buffer) => decodeLdapMessage(ldapMessage(3, tlv(OP.intermediateResponse, octets(SYNC_INFO_OID, 0x80), octets(value, 0x81))));
    const newCookie = info(octets('c1', 0x80));
    expect(newCookie).toMatchObject({ type: 'intermediateResponse', messageId: 3, name: SYNC_INFO_OID });
    expect(decodeSyncInfoValue((newCookie as { value: Buffer }).value)).toEqual({ type: 'newCookie', cookie: Buffer.from('c1') });

    // refreshDelete with a cookie, refreshDone defaulting to TRUE
    expect(decodeSyncInfoValue(tlv(0xa1, octets('c2')))).toEqual({ type: 'refreshDelete', cookie: Buffer.from('c2'), refreshDone: true });
    // refreshPresent, refreshDone FALSE, no cookie
    expect(decodeSyncInfoValue(tlv(0xa2, bool(false)))).toEqual({ type: 'refreshPresent', refreshDone: false });
    // syncIdSet with refreshDeletes and two UUIDs
    expect(decodeSyncInfoValue(tlv(0xa3, octets('c3'), bool(true), tlv(0x31, octets(uuidBytes(UUID_A)), octets(uuidBytes(UUID_B)))))).toEqual({
      type: 'syncIdSet',
      cookie: Buffer.from('c3'),
      refreshDeletes: true,
      uuids: [UUID_A, UUID_B],
    });
    // syncIdSet: refreshDeletes defaults to FALSE (the UUIDs are present)
    expect(decodeSyncInfoValue(tlv(0xa3, tlv(0x31, octets(uuidBytes(UUID_A)))))).toEqual({ type: 'syncIdSet', refreshDeletes: false, uuids: [UUID_A] });
    expect(() => decodeSyncInfoValue(tlv(0xa7, octets('x')))).toThrow(LdapMessageDecodingError);
  });

  it('decodes a SearchResultDone with its Sync Done control and result codes beyond 255', () => {
    const done = decodeLdapMessage(ldapMessage(2, result(OP.searchDone, 0), [control(SYNC_DONE_OID, seq(octets('rid=1'), bool(true)))]));
    expect(done).toMatchObject({ type: 'searchDone', result: { resultCode: 0, matchedDN: '', diagnosticMessage: '' } });
    expect(decodeSyncDoneValue(done.controls[0]?.value)).toEqual({ cookie: Buffer.from('rid=1'), refreshDeletes: true });
    expect(decodeSyncDoneValue(seq())).toEqual({ refreshDeletes: false });

    const refresh = decodeLdapMessage(ldapMessage(2, result(OP.searchDone, 4096, 'sync refresh required')));
    expect(refresh).toMatchObject({ type: 'searchDone', result: { resultCode: 4096, diagnosticMessage: 'sync refresh required' } });
  });

  it('decodes bind and extended responses, including the notice of disconnection', () => {
    expect(decodeLdapMessage(ldapMessage(1, result(OP.bindResponse, 49, 'bad')))).toMatchObject({ type: 'bindResponse', result: { resultCode: 49, diagnosticMessage: 'bad' } });
    const notice = ldapMessage(0, tlv(OP.extendedResponse, enumerated(52), octets(''), octets('shutting down'), octets('1.3.6.1.4.1.1466.20036', 0x8a)));
    expect(decodeLdapMessage(notice)).toMatchObject({ type: 'extendedResponse', messageId: 0, name: '1.3.6.1.4.1.1466.20036', result: { resultCode: 52 } });
  });

  it('decodes long-form lengths (entries over 127 and 255 bytes)', () => {
    const long = 'x'.repeat(300);
    const message = decodeLdapMessage(ldapMessage(70000, searchEntry('cn=big,dc=x', { description: [long] })));
    expect(message).toMatchObject({ messageId: 70000, attributes: { description: [long] } });
  });

  it('refuses truncated or malformed messages', () => {
    const bytes = ldapMessage(2, searchEntry('uid=a,dc=x', { uid: ['a'] }));
    expect(() => decodeLdapMessage(bytes.subarray(0, bytes.length - 3))).toThrow(LdapMessageDecodingError);
    expect(() => decodeLdapMessage(Buffer.from([0x04, 0x00]))).toThrow(LdapMessageDecodingError);
  });
});

describe('encoding requests', () => {
  it('writes a search request with the sync request control', () => {
    const cookie = Buffer.from('rid=000,csn=20240101000000.000000Z#000000#000#000000');
    const bytes = encodeSearchRequest(
      5,
      { base: 'ou=people,dc=x', scope: 'sub', filter: and(eq('objectClass', 'inetOrgPerson'), present('uid')), attributes: ['uid', 'cn'] },
      [encodeSyncRequestControl({ mode: 'refreshAndPersist', cookie })],
    );
    const r = new BerReader(bytes);
    r.readSequence();
    expect(r.readInt()).toBe(5);
    expect(r.readSequence()).toBe(OP.searchRequest);
    expect(r.readString()).toBe('ou=people,dc=x');
    expect(r.readEnumeration()).toBe(2);
    expect(r.readEnumeration()).toBe(0);
    expect(r.readInt()).toBe(0);
    expect(r.readInt()).toBe(0);
    expect(r.readBoolean()).toBe(false);
    // filter: (&(objectClass=inetOrgPerson)(uid=*))
    expect(r.readSequence()).toBe(0xa0);
    expect(r.readSequence()).toBe(0xa3);
    expect(r.readString()).toBe('objectClass');
    expect(r.readString()).toBe('inetOrgPerson');
    expect(r.peek()).toBe(0x87);
    r.readSequence(0x87);
    r.offset += r.length;
    r.readSequence();
    expect([r.readString(), r.readString()]).toEqual(['uid', 'cn']);
    expect(r.readSequence()).toBe(0xa0);
    r.readSequence();
    expect(r.readString()).toBe('1.3.6.1.4.1.4203.1.9.1.1');
    expect(r.readBoolean()).toBe(true);
    const value = r.readString(0x04, true) as Buffer;
    expect(decodeSyncRequestValue(value)).toEqual({ mode: 'refreshAndPersist', cookie, reloadHint: false });
    expect(r.remain).toBe(0);
  });

  it('writes refreshOnly without a cookie, and simple and EXTERNAL binds', () => {
    const control = encodeSyncRequestControl({ mode: 'refreshOnly' });
    expect(control.value).toEqual(seq(enumerated(1)));
    expect(encodeBindRequest(1, { method: 'simple', dn: 'cn=a', password: 'p' })).toEqual(ldapMessage(1, tlv(0x60, int(3), octets('cn=a'), octets('p', 0x80))));
    expect(encodeBindRequest(1, { method: 'external' })).toEqual(ldapMessage(1, tlv(0x60, int(3), octets(''), tlv(0xa3, octets('EXTERNAL')))));
    expect(encodeUnbindRequest(9)).toEqual(Buffer.from([0x30, 0x05, 0x02, 0x01, 0x09, 0x42, 0x00]));
  });

  it('round-trips the server-side sync values (used by the fake server of the tests)', () => {
    const state = { state: 'modify' as const, uuid: UUID_A, cookie: Buffer.from('k') };
    expect(decodeSyncStateValue(encodeSyncStateValue(state))).toEqual(state);
    expect(decodeSyncDoneValue(encodeSyncDoneValue({ refreshDeletes: true }))).toEqual({ refreshDeletes: true });
    const infos: SyncInfo[] = [
      { type: 'newCookie', cookie: Buffer.from('n') },
      { type: 'refreshPresent', refreshDone: false },
      { type: 'refreshDelete', cookie: Buffer.from('d'), refreshDone: true },
      { type: 'syncIdSet', refreshDeletes: false, uuids: [UUID_A, UUID_B] },
    ];
    for (const info of infos) {
      expect(decodeSyncInfoValue(encodeSyncInfoValue(info))).toEqual(info);
    }
  });
});

describe('MessageFramer', () => {
  it('cuts a stream into messages whatever the chunk boundaries', () => {
    const messages = [
      ldapMessage(1, result(OP.bindResponse, 0)),
      ldapMessage(2, searchEntry('cn=big,dc=x', { description: ['y'.repeat(70_000)] })),
      ldapMessage(2, result(OP.searchDone, 0)),
    ];
    const stream = Buffer.concat(messages);
    for (const size of [1, 2, 7, 1000, stream.length]) {
      const framer = new MessageFramer();
      const out: Buffer[] = [];
      for (let i = 0; i < stream.length; i += size) out.push(...framer.push(stream.subarray(i, i + size)));
      expect(out.map((b) => b.toString('hex'))).toEqual(messages.map((b) => b.toString('hex')));
      expect(framer.buffered).toBe(0);
    }
  });

  it('refuses a stream that is not LDAP', () => {
    expect(() => new MessageFramer().push(Buffer.from('HTTP/1.1 400'))).toThrow(/LDAPMessage/);
    expect(() => new MessageFramer({ maxMessageBytes: 10 }).push(Buffer.from([0x30, 0x82, 0x10, 0x00]))).toThrow(/exceeds/);
  });
});
