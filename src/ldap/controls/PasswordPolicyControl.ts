// The password policy control of draft-behera-ldap-password-policy (OID 1.3.6.1.4.1.42.2.27.8.5.1): sent empty with a
// bind, slapd's ppolicy overlay answers with the same OID saying why a bind failed or what to warn about.
// Request and response share the OID, so one object is both: ldapts hands it the response value (see
// ResponseControlCollector for why this works).
import { type BerReader, type BerWriter, Control } from 'ldapts';

/** The draft's error enumeration, by name. */
export const PASSWORD_POLICY_ERRORS = [
  'passwordExpired',
  'accountLocked',
  'changeAfterReset',
  'passwordModNotAllowed',
  'mustSupplyOldPassword',
  'insufficientPasswordQuality',
  'passwordTooShort',
  'passwordTooYoung',
  'passwordInHistory',
] as const;

export type PasswordPolicyError = (typeof PASSWORD_POLICY_ERRORS)[number];

/** What the server said; every field optional, as in the draft. */
export interface PasswordPolicyResponseValue {
  /** Seconds before the password expires. */
  timeBeforeExpiration?: number;
  /** Binds still allowed with the expired password. */
  graceAuthNsRemaining?: number;
  error?: PasswordPolicyError;
}

interface Tlv {
  tag: number;
  value: Buffer;
  next: number;
}

function readTlv(buffer: Buffer, offset: number): Tlv | null {
  if (offset + 2 > buffer.length) return null;
  const tag = buffer[offset]!;
  let length = buffer[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    if (bytes === 0 || bytes > 4 || start + bytes > buffer.length) return null;
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + buffer[start + i]!;
    start += bytes;
  }
  if (start + length > buffer.length) return null;
  return { tag, value: buffer.subarray(start, start + length), next: start + length };
}

function readInteger(bytes: Buffer): number {
  if (bytes.length === 0) return 0;
  let n = bytes[0]! & 0x80 ? -1 : 0;
  for (const b of bytes) n = n * 256 + b;
  return n;
}

/** Decode the response value (a BER SEQUENCE); unknown parts are ignored. */
export function decodePasswordPolicyResponse(buffer: Buffer): PasswordPolicyResponseValue {
  const out: PasswordPolicyResponseValue = {};
  const sequence = readTlv(buffer, 0);
  if (!sequence || sequence.tag !== 0x30) return out;
  let offset = 0;
  const body = sequence.value;
  for (let part = readTlv(body, offset); part; part = readTlv(body, offset)) {
    offset = part.next;
    if (part.tag === 0xa0) {
      // warning [0] CHOICE { timeBeforeExpiration [0] INTEGER, graceAuthNsRemaining [1] INTEGER }
      const choice = readTlv(part.value, 0);
      if (choice?.tag === 0x80) out.timeBeforeExpiration = readInteger(choice.value);
      if (choice?.tag === 0x81) out.graceAuthNsRemaining = readInteger(choice.value);
    } else if (part.tag === 0x81) {
      const name = PASSWORD_POLICY_ERRORS[readInteger(part.value)];
      if (name) out.error = name;
    }
  }
  return out;
}

/**
 * @example
 * const policy = new PasswordPolicyControl();
 * await client.bind(dn, password, [policy]);
 * policy.response?.graceAuthNsRemaining;
 */
export class PasswordPolicyControl extends Control {
  public static readonly type = '1.3.6.1.4.1.42.2.27.8.5.1';

  /** The server's answer, once received (absent when the server sent none). */
  public response?: PasswordPolicyResponseValue;

  public constructor() {
    super(PasswordPolicyControl.type);
  }

  /** The request has no value. */
  public override writeControl(_writer: BerWriter): void {
    // intentionally empty
  }

  public override parseControl(reader: BerReader): void {
    this.response = decodePasswordPolicyResponse(reader.remainingBuffer);
  }
}
