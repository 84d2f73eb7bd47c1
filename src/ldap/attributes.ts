// Turns values to write into ldapts Attributes. Secret attributes (userPassword…) are sent as Buffers
// that print as "[redacted]": ldapts logs whole requests under NODE_DEBUG=ldapts and only hides
// bind passwords itself.
import { Attribute } from 'ldapts';

/** A value to write: text, or bytes for binary attributes. */
export type LdapValue = string | Buffer;

/** Attributes whose values must never appear in logs (lower-case, without options). */
export const SECRET_ATTRIBUTES: ReadonlySet<string> = new Set(['userpassword', 'authpassword', 'sambantpassword', 'sambalmpassword', 'krbprincipalkey', 'userpkcs12']);

/** A copy of the bytes of `value` whose JSON form is "[redacted]". */
export function redactedBuffer(value: LdapValue): Buffer {
  const buffer = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
  Object.defineProperty(buffer, 'toJSON', { value: () => '[redacted]' });
  return buffer;
}

/** One ldapts Attribute: strings stay strings unless a Buffer is among them or the attribute is secret. */
export function toLdaptsAttribute(type: string, values: LdapValue[]): Attribute {
  const base = (type.split(';')[0] as string).toLowerCase();
  if (SECRET_ATTRIBUTES.has(base)) return new Attribute({ type, values: values.map(redactedBuffer) });
  const binary = values.some((v) => typeof v !== 'string');
  return new Attribute({ type, values: binary ? values.map((v) => (typeof v === 'string' ? Buffer.from(v, 'utf8') : v)) : (values as string[]) });
}
