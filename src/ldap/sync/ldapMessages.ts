// The few LDAPv3 messages (RFC 4511 §4) a content-synchronization consumer sends and receives on a
// socket of its own: bind, search (with controls), StartTLS, abandon and unbind requests; every
// response, including IntermediateResponse and per-entry response controls that ldapts ignores.
import { Ber, BerWriter } from 'ldapts';

import { BerFilter } from '../BerFilter.ts';
import type { FilterNode } from '../filter.ts';

/** A control as it travels in an LDAPMessage (RFC 4511 §4.1.11). */
export interface WireControl {
  oid: string;
  critical: boolean;
  value?: Buffer;
}

/** An LDAPResult (RFC 4511 §4.1.9). */
export interface LdapResult {
  resultCode: number;
  matchedDN: string;
  diagnosticMessage: string;
  referrals?: string[];
}

/** One decoded response message. */
export type LdapResponse =
  | { type: 'bindResponse'; messageId: number; result: LdapResult; controls: WireControl[] }
  | { type: 'searchEntry'; messageId: number; dn: string; attributes: Record<string, string[]>; controls: WireControl[] }
  | { type: 'searchReference'; messageId: number; uris: string[]; controls: WireControl[] }
  | { type: 'searchDone'; messageId: number; result: LdapResult; controls: WireControl[] }
  | { type: 'extendedResponse'; messageId: number; result: LdapResult; name?: string; value?: Buffer; controls: WireControl[] }
  | { type: 'intermediateResponse'; messageId: number; name?: string; value?: Buffer; controls: WireControl[] }
  | { type: 'other'; messageId: number; tag: number; controls: WireControl[] };

/** Application tags of the protocol operations (RFC 4511 Appendix B, constructed unless noted). */
export const OP = {
  bindRequest: 0x60,
  bindResponse: 0x61,
  unbindRequest: 0x42, // primitive NULL
  searchRequest: 0x63,
  searchEntry: 0x64,
  searchDone: 0x65,
  searchReference: 0x73,
  abandonRequest: 0x50, // primitive INTEGER
  extendedRequest: 0x77,
  extendedResponse: 0x78,
  intermediateResponse: 0x79,
} as const;

const CONTROLS_TAG = 0xa0;
const SCOPES = { base: 0, one: 1, sub: 2, children: 3 } as const;

export type WireScope = keyof typeof SCOPES;

/** The OID of the StartTLS extended operation (RFC 4511 §4.14). */
export const STARTTLS_OID = '1.3.6.1.4.1.1466.20037';
/** The OID of the Notice of Disconnection, an unsolicited extended response (RFC 4511 §4.4.1). */
export const NOTICE_OF_DISCONNECTION_OID = '1.3.6.1.4.1.1466.20036';

function writeMessage(messageId: number, body: (w: BerWriter) => void, controls: WireControl[] = []): Buffer {
  const w = new BerWriter();
  w.startSequence();
  w.writeInt(messageId);
  body(w);
  if (controls.length > 0) {
    w.startSequence(CONTROLS_TAG);
    for (const c of controls) {
      w.startSequence();
      w.writeString(c.oid);
      if (c.critical) w.writeBoolean(true);
      if (c.value !== undefined) w.writeBuffer(c.value, Ber.OctetString);
      w.endSequence();
    }
    w.endSequence();
  }
  w.endSequence();
  return Buffer.from(w.buffer);
}

/** A bind request: simple (DN and password; both empty is anonymous) or SASL EXTERNAL. */
export function encodeBindRequest(messageId: number, auth: { method: 'simple'; dn: string; password: string } | { method: 'external' }): Buffer {
  return writeMessage(messageId, (w) => {
    w.startSequence(OP.bindRequest);
    w.writeInt(3);
    if (auth.method === 'simple') {
      w.writeString(auth.dn);
      w.writeString(auth.password, 0x80);
    } else {
      w.writeString('');
      w.startSequence(0xa3);
      w.writeString('EXTERNAL');
      w.endSequence();
    }
    w.endSequence();
  });
}

export interface WireSearchRequest {
  base: string;
  scope: WireScope;
  filter: FilterNode;
  attributes: string[];
  sizeLimit?: number;
  timeLimit?: number;
}

/** A search request; the filter is written from our AST by {@link BerFilter}. */
export function encodeSearchRequest(messageId: number, request: WireSearchRequest, controls: WireControl[] = []): Buffer {
  return writeMessage(
    messageId,
    (w) => {
      w.startSequence(OP.searchRequest);
      w.writeString(request.base);
      w.writeEnumeration(SCOPES[request.scope]);
      w.writeEnumeration(0); // neverDerefAliases
      w.writeInt(request.sizeLimit ?? 0);
      w.writeInt(request.timeLimit ?? 0);
      w.writeBoolean(false);
      new BerFilter(request.filter).write(w);
      w.startSequence();
      for (const a of request.attributes) w.writeString(a);
      w.endSequence();
      w.endSequence();
    },
    controls,
  );
}

/** An extended request (e.g. StartTLS). */
export function encodeExtendedRequest(messageId: number, oid: string, value?: Buffer): Buffer {
  return writeMessage(messageId, (w) => {
    w.startSequence(OP.extendedRequest);
    w.writeString(oid, 0x80);
    if (value !== undefined) w.writeBuffer(value, 0x81);
    w.endSequence();
  });
}

/** An abandon request for `targetId`. */
export function encodeAbandonRequest(messageId: number, targetId: number): Buffer {
  return writeMessage(messageId, (w) => w.writeInt(targetId, OP.abandonRequest));
}

/** An unbind request. */
export function encodeUnbindRequest(messageId: number): Buffer {
  return writeMessage(messageId, (w) => {
    w.writeByte(OP.unbindRequest);
    w.writeByte(0);
  });
}

// ---- decoding -------------------------------------------------------------------------------------
// A lean reader over the message bytes: a refresh brings 100 000 entries, and ldapts' BerReader
// allocates a Buffer view per value before decoding it (twice the work); values here are decoded
// straight from the message buffer.

/** The message is not valid BER, or not a valid LDAPMessage. */
export class LdapMessageDecodingError extends Error {
  override name = 'LdapMessageDecodingError';
}

class Reader {
  public pos = 0;
  /** Tag and content bounds of the element read by the last {@link element} call. */
  public tag = 0;
  public start = 0;
  public end = 0;

  public constructor(public readonly buf: Buffer) {}

  /** Reads the header of the element at `pos`, leaves `pos` at its content; returns its tag. */
  public element(limit: number = this.buf.length): number {
    const buf = this.buf;
    if (this.pos + 2 > limit) throw new LdapMessageDecodingError('truncated element');
    this.tag = buf[this.pos] as number;
    let length = buf[this.pos + 1] as number;
    let p = this.pos + 2;
    if (length & 0x80) {
      const count = length & 0x7f;
      if (count === 0 || count > 4) throw new LdapMessageDecodingError('unsupported BER length');
      if (p + count > limit) throw new LdapMessageDecodingError('truncated length');
      length = 0;
      for (let i = 0; i < count; i += 1) length = length * 256 + (buf[p + i] as number);
      p += count;
    }
    if (p + length > limit) throw new LdapMessageDecodingError('element longer than its container');
    this.start = p;
    this.end = p + length;
    this.pos = p;
    return this.tag;
  }

  /** Reads an element that must have `tag`, and moves past it. */
  public expect(tag: number, limit?: number): void {
    if (this.element(limit) !== tag) throw new LdapMessageDecodingError(`expected tag 0x${tag.toString(16)}, got 0x${this.tag.toString(16)}`);
  }

  public peek(limit: number): number | undefined {
    return this.pos < limit ? this.buf[this.pos] : undefined;
  }

  /** A primitive element's content as text. */
  public text(tag: number, limit?: number): string {
    this.expect(tag, limit);
    this.pos = this.end;
    return this.buf.toString('utf8', this.start, this.end);
  }

  /** A primitive element's content as a copy of its bytes. */
  public bytes(tag: number, limit?: number): Buffer {
    this.expect(tag, limit);
    this.pos = this.end;
    return Buffer.from(this.buf.subarray(this.start, this.end));
  }

  /** An INTEGER or ENUMERATED (up to 32 bits, two's complement). */
  public integer(tag: number, limit?: number): number {
    this.expect(tag, limit);
    const { start, end, buf } = this;
    if (end - start < 1 || end - start > 4) throw new LdapMessageDecodingError('invalid integer length');
    let value = 0;
    for (let i = start; i < end; i += 1) value = value * 256 + (buf[i] as number);
    if ((buf[start] as number) & 0x80) value -= 256 ** (end - start);
    this.pos = end;
    return value;
  }

  public boolean(limit?: number): boolean {
    this.expect(0x01, limit);
    this.pos = this.end;
    return this.end > this.start && this.buf[this.start] !== 0;
  }
}

function readResult(r: Reader, end: number): LdapResult {
  const result: LdapResult = {
    resultCode: r.integer(0x0a, end),
    matchedDN: r.text(0x04, end),
    diagnosticMessage: r.text(0x04, end),
  };
  if (r.peek(end) === 0xa3) {
    r.expect(0xa3, end);
    const referralEnd = r.end;
    const uris: string[] = [];
    while (r.pos < referralEnd) uris.push(r.text(0x04, referralEnd));
    result.referrals = uris;
  }
  return result;
}

function readControls(r: Reader, end: number, into: WireControl[]): void {
  r.expect(CONTROLS_TAG, end);
  const controlsEnd = r.end;
  while (r.pos < controlsEnd) {
    r.expect(0x30, controlsEnd);
    const controlEnd = r.end;
    const oid = r.text(0x04, controlEnd);
    let critical = false;
    let value: Buffer | undefined;
    if (r.peek(controlEnd) === 0x01) critical = r.boolean(controlEnd);
    if (r.peek(controlEnd) === 0x04) value = r.bytes(0x04, controlEnd);
    r.pos = controlEnd;
    into.push(value === undefined ? { oid, critical } : { oid, critical, value });
  }
}

/**
 * Decodes one complete LDAPMessage. Attribute values are decoded as UTF-8 text: a list index
 * holds text columns only (binary attributes do not belong in one).
 * @throws LdapMessageDecodingError when the bytes are not a valid message
 */
export function decodeLdapMessage(buffer: Buffer): LdapResponse {
  const r = new Reader(buffer);
  r.expect(0x30);
  const messageEnd = r.end;
  const messageId = r.integer(0x02, messageEnd);
  const opTag = r.element(messageEnd);
  const opEnd = r.end;
  const controls: WireControl[] = [];
  let decoded: LdapResponse;
  switch (opTag) {
    case OP.searchEntry: {
      const dn = r.text(0x04, opEnd);
      r.expect(0x30, opEnd);
      const listEnd = r.end;
      const attributes: Record<string, string[]> = {};
      while (r.pos < listEnd) {
        r.expect(0x30, listEnd);
        const attributeEnd = r.end;
        const type = r.text(0x04, attributeEnd);
        r.expect(0x31, attributeEnd);
        const setEnd = r.end;
        const values: string[] = [];
        while (r.pos < setEnd) values.push(r.text(0x04, setEnd));
        r.pos = attributeEnd;
        const existing = attributes[type];
        if (existing) existing.push(...values);
        else attributes[type] = values;
      }
      decoded = { type: 'searchEntry', messageId, dn, attributes, controls };
      break;
    }
    case OP.searchDone:
      decoded = { type: 'searchDone', messageId, result: readResult(r, opEnd), controls };
      break;
    case OP.bindResponse:
      decoded = { type: 'bindResponse', messageId, result: readResult(r, opEnd), controls };
      break;
    case OP.searchReference: {
      const uris: string[] = [];
      while (r.pos < opEnd) uris.push(r.text(0x04, opEnd));
      decoded = { type: 'searchReference', messageId, uris, controls };
      break;
    }
    case OP.extendedResponse: {
      const response: LdapResponse & { type: 'extendedResponse' } = { type: 'extendedResponse', messageId, result: readResult(r, opEnd), controls };
      if (r.peek(opEnd) === 0x8a) response.name = r.text(0x8a, opEnd);
      if (r.peek(opEnd) === 0x8b) response.value = r.bytes(0x8b, opEnd);
      decoded = response;
      break;
    }
    case OP.intermediateResponse: {
      const response: LdapResponse & { type: 'intermediateResponse' } = { type: 'intermediateResponse', messageId, controls };
      if (r.peek(opEnd) === 0x80) response.name = r.text(0x80, opEnd);
      if (r.peek(opEnd) === 0x81) response.value = r.bytes(0x81, opEnd);
      decoded = response;
      break;
    }
    default:
      decoded = { type: 'other', messageId, tag: opTag, controls };
  }
  r.pos = opEnd;
  if (r.peek(messageEnd) === CONTROLS_TAG) readControls(r, messageEnd, controls);
  return decoded;
}
