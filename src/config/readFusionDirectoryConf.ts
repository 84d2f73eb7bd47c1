// Reads an existing FusionDirectory `fusiondirectory.conf` (and its secrets file) into Trousseau directories.
import { createDecipheriv, createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import nacl from 'tweetnacl';
import { AppError } from '../errors/AppError.ts';
import { Secret } from './Secret.ts';
import type { DirectoryConfig } from './types.ts';

type XmlNode = Record<string, unknown>;

/** Element/attribute names upper-cased, as FusionDirectory parses the file case-insensitively. */
function upperKeys(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(upperKeys);
  if (node && typeof node === 'object') {
    const out: XmlNode = {};
    for (const [k, v] of Object.entries(node as XmlNode)) {
      const key = k.toUpperCase();
      const value = upperKeys(v);
      // <location> and <LOCATION> are the same element: gather them.
      out[key] = key in out ? [...asArray(out[key]), ...asArray(value)] : value;
    }
    return out;
  }
  return node;
}

function asArray<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function attr(node: XmlNode, name: string): string | undefined {
  const v = node[`@_${name.toUpperCase()}`];
  return v === undefined ? undefined : String(v);
}

function isTrue(v: string | undefined): boolean {
  return v !== undefined && /^(true|yes)$/i.test(v.trim());
}

/** OpenSSL's EVP_BytesToKey with MD5 and one round, as PHP's openssl_decrypt uses for `Salted__` blobs. */
function evpBytesToKey(password: Buffer, salt: Buffer, keyLength: number, ivLength: number): { key: Buffer; iv: Buffer } {
  let data = Buffer.alloc(0);
  let previous = Buffer.alloc(0);
  while (data.length < keyLength + ivLength) {
    previous = createHash('md5').update(Buffer.concat([previous, password, salt])).digest();
    data = Buffer.concat([data, previous]);
  }
  return { key: data.subarray(0, keyLength), iv: data.subarray(keyLength, keyLength + ivLength) };
}

/**
 * Decrypt an `adminPassword` encrypted with the FDKEY master key. Two formats exist (fd-orchestrator-tools.md §3):
 * the web app's hex `Salted__` AES-256-CBC blob keyed by the FDKEY string, and the CLI tools' base64 libsodium
 * secretbox (24-byte nonce + ciphertext, key = base64-decoded FDKEY, plaintext ending in a 0x80 pad byte).
 */
export function decryptAdminPassword(value: string, fdKey: string): string {
  const trimmed = value.trim();
  if (/^[0-9a-f]+$/i.test(trimmed) && trimmed.length % 2 === 0) {
    const blob = Buffer.from(trimmed, 'hex');
    if (blob.subarray(0, 8).toString('latin1') === 'Salted__') {
      const salt = blob.subarray(8, 16);
      const { key, iv } = evpBytesToKey(Buffer.from(fdKey, 'utf8'), salt, 32, 16);
      const decipher = createDecipheriv('aes-256-cbc', key, iv);
      return Buffer.concat([decipher.update(blob.subarray(16)), decipher.final()]).toString('utf8');
    }
  }
  const raw = Buffer.from(trimmed, 'base64');
  const key = Buffer.from(fdKey, 'base64');
  if (key.length !== nacl.secretbox.keyLength) throw new Error('the FDKEY master key is not a 32-byte base64 key');
  if (raw.length < nacl.secretbox.nonceLength + nacl.secretbox.overheadLength) throw new Error('The message was truncated');
  const opened = nacl.secretbox.open(raw.subarray(nacl.secretbox.nonceLength), raw.subarray(0, nacl.secretbox.nonceLength), key);
  if (!opened) throw new Error('The message was tampered with in transit');
  const padAt = Buffer.from(opened).lastIndexOf(0x80);
  return Buffer.from(opened.subarray(0, padAt >= 0 ? padAt : opened.length)).toString('utf8');
}

/** The FDKEY from a `fusiondirectory.secrets` file (`RequestHeader set FDKEY <base64>`). */
export function readFdKey(secretsFile: string): string | undefined {
  if (!existsSync(secretsFile)) return undefined;
  const m = /RequestHeader\s+set\s+FDKEY\s+(\S+)/i.exec(readFileSync(secretsFile, 'utf8'));
  return m?.[1];
}

export interface FusionDirectoryConfResult {
  directories: DirectoryConfig[];
  /** Name of the location marked `default` in `<main>`. */
  defaultName?: string;
}

/**
 * Read `fusiondirectory.conf`: each `<location>` becomes a directory; of several referrals the one with the
 * shortest base is used, as FusionDirectory does; the pre-1.3 `URI="ldap://host/base"` form is accepted.
 * @param fdKey the FDKEY master key, when admin passwords are encrypted (else read from the secrets file beside it).
 */
export function readFusionDirectoryConf(file: string, fdKey?: string): FusionDirectoryConfResult {
  if (!existsSync(file)) throw new AppError({ code: 'config.missing', message: `FusionDirectory configuration ${file} does not exist.` });
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseAttributeValue: false, parseTagValue: false });
  const doc = upperKeys(parser.parse(readFileSync(file, 'utf8'))) as XmlNode;
  const conf = doc.CONF as XmlNode | undefined;
  const main = conf?.MAIN as XmlNode | undefined;
  if (!main) throw new AppError({ code: 'config.invalid', message: `${file} has no <conf><main> element; is it a FusionDirectory configuration?` });
  const key = fdKey ?? readFdKey(path.join(path.dirname(file), 'fusiondirectory.secrets'));
  const mainIgnoreAcl = attr(main, 'ignoreAcl');
  const directories: DirectoryConfig[] = [];
  for (const location of asArray(main.LOCATION as XmlNode | XmlNode[] | undefined)) {
    const name = attr(location, 'name') ?? 'default';
    const referrals = asArray(location.REFERRAL as XmlNode | XmlNode[] | undefined).map((r) => {
      let uri = attr(r, 'URI') ?? '';
      let base = attr(r, 'base');
      if (!base) {
        // FusionDirectory < 1.3: the base is the path of the URI.
        const m = /^(ldaps?:\/\/[^/]+)\/(.+)$/i.exec(uri);
        if (m) {
          uri = m[1]!;
          base = decodeURIComponent(m[2]!);
        }
      }
      return { uri, base: base ?? '', adminDn: attr(r, 'adminDn') ?? '', adminPassword: attr(r, 'adminPassword') ?? '' };
    });
    if (referrals.length === 0) throw new AppError({ code: 'config.invalid', message: `${file}: location "${name}" has no <referral>.` });
    const chosen = [...referrals].sort((a, b) => a.base.length - b.base.length)[0]!;
    let password = chosen.adminPassword;
    if (key && password) {
      try {
        password = decryptAdminPassword(password, key);
      } catch (e) {
        throw new AppError({ code: 'config.invalid', message: `${file}: cannot decrypt adminPassword of location "${name}" with the FDKEY: ${(e as Error).message}` });
      }
    }
    const sameBase = referrals.filter((r) => r.base.toLowerCase() === chosen.base.toLowerCase()).map((r) => r.uri);
    const ignoreAcl = attr(location, 'ignoreAcl') ?? mainIgnoreAcl;
    directories.push({
      name,
      uris: sameBase,
      base: chosen.base,
      bindDN: chosen.adminDn,
      bindPassword: new Secret(password),
      startTLS: isTrue(attr(location, 'ldapTLS')),
      tlsVerify: true,
      poolSize: 4,
      timeoutMs: 30_000,
      ...(ignoreAcl ? { ignoreAclDN: ignoreAcl } : {}),
      source: file,
    });
  }
  if (directories.length === 0) throw new AppError({ code: 'config.invalid', message: `${file} declares no <location>.` });
  const defaultName = attr(main, 'default');
  return defaultName ? { directories, defaultName } : { directories };
}
