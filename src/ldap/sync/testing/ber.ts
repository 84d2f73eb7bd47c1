// Hand-made BER for tests: tag-length-value bytes written without ldapts, so the decoders are
// checked against an encoding they do not share code with.

/** One BER element: a tag, then the definite length, then the content (bytes, text, or nested elements). */
export function tlv(tag: number, ...content: (Buffer | string | number[])[]): Buffer {
  const body = Buffer.concat(content.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.isBuffer(c) ? c : Buffer.from(c))));
  const n = body.length;
  let length: number[];
  if (n < 0x80) length = [n];
  else if (n < 0x100) length = [0x81, n];
  else if (n < 0x10000) length = [0x82, n >> 8, n & 0xff];
  else length = [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), body]);
}

/** A small non-negative INTEGER or ENUMERATED. */
export function int(value: number, tag = 0x02): Buffer {
  const bytes: number[] = [];
  let v = value;
  do {
    bytes.unshift(v & 0xff);
    v = Math.floor(v / 256);
  } while (v > 0);
  if ((bytes[0] as number) & 0x80) bytes.unshift(0);
  return tlv(tag, bytes);
}

export const enumerated = (value: number): Buffer => int(value, 0x0a);
export const octets = (value: Buffer | string, tag = 0x04): Buffer => tlv(tag, value);
export const bool = (value: boolean): Buffer => tlv(0x01, [value ? 0xff : 0x00]);
export const seq = (...items: Buffer[]): Buffer => tlv(0x30, ...items);

/** An LDAPMessage: SEQUENCE { messageID, protocolOp, [0] controls }. */
export function ldapMessage(id: number, op: Buffer, controls: Buffer[] = []): Buffer {
  return controls.length === 0 ? seq(int(id), op) : seq(int(id), op, tlv(0xa0, ...controls));
}

/** A Control: SEQUENCE { oid, criticality?, value? }. */
export function control(oid: string, value?: Buffer, critical = false): Buffer {
  return seq(octets(oid), ...(critical ? [bool(true)] : []), ...(value === undefined ? [] : [octets(value)]));
}

/** An LDAPResult body for the given application tag. */
export function result(tag: number, code: number, diagnostic = '', matched = ''): Buffer {
  return tlv(tag, enumerated(code), octets(matched), octets(diagnostic));
}

/** A SearchResultEntry with text attributes. */
export function searchEntry(dn: string, attributes: Record<string, string[]>): Buffer {
  return tlv(0x64, octets(dn), seq(...Object.entries(attributes).map(([type, values]) => seq(octets(type), tlv(0x31, ...values.map((v) => octets(v)))))));
}

/** The 16 bytes of a UUID written as text. */
export const uuidBytes = (uuid: string): Buffer => Buffer.from(uuid.replace(/-/g, ''), 'hex');
