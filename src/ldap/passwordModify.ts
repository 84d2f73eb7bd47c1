// The password modify extended operation (RFC 3062, 1.3.6.1.4.1.4203.1.11.1): request encoding and
// response decoding, including a repair for ldapts, which hands the response value over as a
// UTF-8-decoded string (the BER tag byte 0x80 becomes U+FFFD).
import { Ber, BerReader, BerWriter } from 'ldapts';

import { DecodingError } from './errors.ts';

export const PASSWORD_MODIFY_OID = '1.3.6.1.4.1.4203.1.11.1';

export interface PasswordModifyRequest {
  /** DN (or other identity) of the user; omitted: the bound user. */
  userIdentity?: string;
  oldPassword?: string;
  /** Omitted: the server generates one and returns it. */
  newPassword?: string;
}

/** The BER value of a password modify request (PasswdModifyRequestValue). */
export function encodePasswordModifyRequest(request: PasswordModifyRequest): Buffer {
  const w = new BerWriter();
  w.startSequence();
  if (request.userIdentity !== undefined) w.writeString(request.userIdentity, 0x80);
  if (request.oldPassword !== undefined) w.writeString(request.oldPassword, 0x81);
  if (request.newPassword !== undefined) w.writeString(request.newPassword, 0x82);
  w.endSequence();
  return w.buffer;
}

/**
 * The generated password in a password modify response (PasswdModifyResponseValue), or undefined.
 * Accepts the raw bytes, or the string ldapts makes of them: `"0" len U+FFFD len password`.
 */
export function decodePasswordModifyResponse(value: Buffer | string | undefined): string | undefined {
  if (value === undefined || value.length === 0) return undefined;
  if (Buffer.isBuffer(value)) {
    const reader = new BerReader(value);
    if (reader.readSequence() === null) throw new DecodingError('password modify response: not a SEQUENCE');
    if (reader.length === 0) return undefined;
    return reader.readString(0x80) ?? undefined;
  }
  // ldapts' string: byte 0x30 is "0", the lengths are single bytes below 0x80 (short passwords),
  // 0x80 (the context tag [0]) was invalid UTF-8 and became U+FFFD.
  if (value.charCodeAt(0) === Ber.Sequence + Ber.Constructor && value.length === 2 && value.charCodeAt(1) === 0) return undefined;
  if (value[0] === '0' && value[2] === '\uFFFD') {
    const outer = value.charCodeAt(1);
    const inner = value.charCodeAt(3);
    const password = value.slice(4);
    if (inner < 0x80 && outer === inner + 2 && Buffer.byteLength(password, 'utf8') === inner && !password.includes('\uFFFD')) {
      return password;
    }
  }
  throw new DecodingError('password modify response: cannot decode the generated password');
}
