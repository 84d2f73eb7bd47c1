// Strict base64 for the fields of gosaAclEntry: FusionDirectory writes PHP's padded base64_encode of UTF-8 text.
import { AclFormatError } from './AclFormatError.ts';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** base64 of the UTF-8 bytes of a string, padded (PHP's base64_encode). */
export function encodeBase64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/**
 * The text a base64 field holds. Node's decoder skips characters it does not know; this one refuses them,
 * and refuses bytes that are not UTF-8, so a damaged value is reported instead of read as another DN.
 * @throws AclFormatError naming `what` (e.g. "the role")
 */
export function decodeBase64(field: string, what: string): string {
  if (!BASE64.test(field)) throw new AclFormatError(`${what} is not valid base64 ("${field}").`);
  const bytes = Buffer.from(field, 'base64');
  // Non-zero padding bits: another encoder's output, or a damaged value; the bytes would not round-trip.
  if (bytes.toString('base64') !== field) throw new AclFormatError(`${what} is not valid base64 ("${field}").`);
  try {
    return utf8.decode(bytes);
  } catch {
    throw new AclFormatError(`${what} is not UTF-8 text once decoded from base64 ("${field}").`);
  }
}
