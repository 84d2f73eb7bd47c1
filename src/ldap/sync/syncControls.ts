// RFC 4533 (LDAP Content Synchronization) on the wire: the Sync Request control we send, and the
// Sync State and Sync Done controls and Sync Info intermediate messages the server answers with.
import { Ber, BerReader, BerWriter } from 'ldapts';

import { LdapMessageDecodingError, type WireControl } from './ldapMessages.ts';

export const SYNC_REQUEST_OID = '1.3.6.1.4.1.4203.1.9.1.1';
export const SYNC_STATE_OID = '1.3.6.1.4.1.4203.1.9.1.2';
export const SYNC_DONE_OID = '1.3.6.1.4.1.4203.1.9.1.3';
export const SYNC_INFO_OID = '1.3.6.1.4.1.4203.1.9.1.4';
/** e-syncRefreshRequired: the server cannot resume from the cookie; refresh from scratch. */
export const SYNC_REFRESH_REQUIRED = 4096;

export type SyncMode = 'refreshOnly' | 'refreshAndPersist';
export type SyncState = 'present' | 'add' | 'modify' | 'delete';

const STATES: readonly SyncState[] = ['present', 'add', 'modify', 'delete'];

export interface SyncStateValue {
  state: SyncState;
  /** entryUUID in its text form (lower-case, 8-4-4-4-12). */
  uuid: string;
  cookie?: Buffer;
}

export interface SyncDoneValue {
  cookie?: Buffer;
  refreshDeletes: boolean;
}

/** A Sync Info message (RFC 4533 §2.5). */
export type SyncInfo =
  | { type: 'newCookie'; cookie: Buffer }
  | { type: 'refreshDelete' | 'refreshPresent'; cookie?: Buffer; refreshDone: boolean }
  | { type: 'syncIdSet'; cookie?: Buffer; refreshDeletes: boolean; uuids: string[] };

/**
 * The Sync Request control (critical: a server without syncprov must refuse the search rather than
 * run it as a plain one).
 * @example encodeSyncRequestControl({ mode: 'refreshAndPersist', cookie })
 */
export function encodeSyncRequestControl(request: { mode: SyncMode; cookie?: Buffer; reloadHint?: boolean }): WireControl {
  const w = new BerWriter();
  w.startSequence();
  w.writeEnumeration(request.mode === 'refreshOnly' ? 1 : 3);
  if (request.cookie !== undefined) w.writeBuffer(request.cookie, Ber.OctetString);
  if (request.reloadHint) w.writeBoolean(true);
  w.endSequence();
  return { oid: SYNC_REQUEST_OID, critical: true, value: Buffer.from(w.buffer) };
}

/** Reads the Sync Request control value back (for tests and diagnostics). */
export function decodeSyncRequestValue(value: Buffer): { mode: SyncMode; cookie?: Buffer; reloadHint: boolean } {
  return guard(() => {
    const r = new BerReader(value);
    const end = sequence(r);
    const mode = r.readEnumeration() === 1 ? 'refreshOnly' : 'refreshAndPersist';
    const out: { mode: SyncMode; cookie?: Buffer; reloadHint: boolean } = { mode, reloadHint: false };
    if (r.offset < end && r.peek() === Ber.OctetString) out.cookie = bytes(r, Ber.OctetString);
    if (r.offset < end && r.peek() === Ber.Boolean) out.reloadHint = r.readBoolean() ?? false;
    return out;
  });
}

const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
const uuidScratch = Buffer.alloc(36);

/**
 * Text form of a 16-byte UUID. Written into a buffer rather than by concatenation: V8 keeps a
 * concatenated string as a tree of pieces (about 360 bytes here instead of 56), and an index keeps
 * one per entry.
 */
export function formatUuid(bytes: Buffer): string {
  if (bytes.length !== 16) throw new LdapMessageDecodingError(`a syncUUID has 16 bytes, not ${bytes.length}`);
  let p = 0;
  for (let i = 0; i < 16; i += 1) {
    if (i === 4 || i === 6 || i === 8 || i === 10) uuidScratch[p++] = 0x2d;
    const b = bytes[i] as number;
    uuidScratch[p++] = HEX_DIGITS[b >> 4] as number;
    uuidScratch[p++] = HEX_DIGITS[b & 15] as number;
  }
  return uuidScratch.toString('latin1', 0, 36);
}

/** The 16 bytes of a UUID given in text form. */
export function parseUuid(text: string): Buffer {
  const hex = text.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new TypeError(`not a UUID: ${text}`);
  return Buffer.from(hex, 'hex');
}

/** Decodes a Sync State control value (attached to each entry of a sync search). */
export function decodeSyncStateValue(value: Buffer): SyncStateValue {
  return guard(() => {
    const r = new BerReader(value);
    const end = sequence(r);
    const code = r.readEnumeration();
    const state = code === null ? undefined : STATES[code];
    if (state === undefined) throw new LdapMessageDecodingError(`unknown sync state ${String(code)}`);
    const out: SyncStateValue = { state, uuid: formatUuid(bytes(r, Ber.OctetString)) };
    if (r.offset < end && r.peek() === Ber.OctetString) out.cookie = bytes(r, Ber.OctetString);
    return out;
  });
}

/** Decodes a Sync Done control value (attached to the SearchResultDone). */
export function decodeSyncDoneValue(value: Buffer | undefined): SyncDoneValue {
  if (value === undefined || value.length === 0) return { refreshDeletes: false };
  return guard(() => {
    const r = new BerReader(value);
    const end = sequence(r);
    const out: SyncDoneValue = { refreshDeletes: false };
    if (r.offset < end && r.peek() === Ber.OctetString) out.cookie = bytes(r, Ber.OctetString);
    if (r.offset < end && r.peek() === Ber.Boolean) out.refreshDeletes = r.readBoolean() ?? false;
    return out;
  });
}

/** Decodes the value of a Sync Info intermediate response. */
export function decodeSyncInfoValue(value: Buffer): SyncInfo {
  return guard(() => {
    const r = new BerReader(value);
    const tag = r.peek();
    switch (tag) {
      case 0x80:
        return { type: 'newCookie', cookie: bytes(r, 0x80) };
      case 0xa1:
      case 0xa2: {
        const end = sequence(r, tag);
        let cookie: Buffer | undefined;
        let refreshDone = true;
        if (r.offset < end && r.peek() === Ber.OctetString) cookie = bytes(r, Ber.OctetString);
        if (r.offset < end && r.peek() === Ber.Boolean) refreshDone = r.readBoolean() ?? true;
        const type = tag === 0xa1 ? 'refreshDelete' : 'refreshPresent';
        return cookie === undefined ? { type, refreshDone } : { type, cookie, refreshDone };
      }
      case 0xa3: {
        const end = sequence(r, tag);
        const info: SyncInfo & { type: 'syncIdSet' } = { type: 'syncIdSet', refreshDeletes: false, uuids: [] };
        if (r.offset < end && r.peek() === Ber.OctetString) info.cookie = bytes(r, Ber.OctetString);
        if (r.offset < end && r.peek() === Ber.Boolean) info.refreshDeletes = r.readBoolean() ?? false;
        const set = sequence(r, Ber.Set | Ber.Constructor);
        while (r.offset < set) info.uuids.push(formatUuid(bytes(r, Ber.OctetString)));
        return info;
      }
      default:
        throw new LdapMessageDecodingError(`unknown sync info choice 0x${(tag ?? 0).toString(16)}`);
    }
  });
}

/** Finds a control by OID. */
export function findControl(controls: WireControl[], oid: string): WireControl | undefined {
  return controls.find((c) => c.oid === oid);
}

// ---- encoders of server messages, for tests and for a fake server ---------------------------------

/** Encodes a Sync State control value. */
export function encodeSyncStateValue(value: SyncStateValue): Buffer {
  const w = new BerWriter();
  w.startSequence();
  w.writeEnumeration(STATES.indexOf(value.state));
  w.writeBuffer(parseUuid(value.uuid), Ber.OctetString);
  if (value.cookie !== undefined) w.writeBuffer(value.cookie, Ber.OctetString);
  w.endSequence();
  return Buffer.from(w.buffer);
}

/** Encodes a Sync Done control value. */
export function encodeSyncDoneValue(value: SyncDoneValue): Buffer {
  const w = new BerWriter();
  w.startSequence();
  if (value.cookie !== undefined) w.writeBuffer(value.cookie, Ber.OctetString);
  if (value.refreshDeletes) w.writeBoolean(true);
  w.endSequence();
  return Buffer.from(w.buffer);
}

/** Encodes a Sync Info value. */
export function encodeSyncInfoValue(info: SyncInfo): Buffer {
  const w = new BerWriter();
  switch (info.type) {
    case 'newCookie':
      w.writeBuffer(info.cookie, 0x80);
      break;
    case 'refreshDelete':
    case 'refreshPresent':
      w.startSequence(info.type === 'refreshDelete' ? 0xa1 : 0xa2);
      if (info.cookie !== undefined) w.writeBuffer(info.cookie, Ber.OctetString);
      if (!info.refreshDone) w.writeBoolean(false);
      w.endSequence();
      break;
    case 'syncIdSet':
      w.startSequence(0xa3);
      if (info.cookie !== undefined) w.writeBuffer(info.cookie, Ber.OctetString);
      if (info.refreshDeletes) w.writeBoolean(true);
      w.startSequence(Ber.Set | Ber.Constructor);
      for (const uuid of info.uuids) w.writeBuffer(parseUuid(uuid), Ber.OctetString);
      w.endSequence();
      w.endSequence();
      break;
  }
  return Buffer.from(w.buffer);
}

// ---- helpers ------------------------------------------------------------------------------------

function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof LdapMessageDecodingError) throw error;
    throw new LdapMessageDecodingError(`invalid sync control: ${(error as Error).message}`);
  }
}

function sequence(r: BerReader, tag: number = Ber.Sequence | Ber.Constructor): number {
  if (r.readSequence(tag) === null) throw new LdapMessageDecodingError('truncated sequence');
  return r.offset + r.length;
}

function bytes(r: BerReader, tag: number): Buffer {
  const value = r.readString(tag, true);
  if (value === null) throw new LdapMessageDecodingError('truncated value');
  return Buffer.from(value);
}
