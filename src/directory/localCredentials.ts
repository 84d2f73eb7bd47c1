// Credentials of a private directory (service account, fd-admin, demo people), kept beside it, readable by its owner only.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface LocalCredentials {
  /** Password of the root DN, which Trousseau uses as its service account. */
  servicePassword: string;
  /** Password of `uid=fd-admin`. */
  adminPassword: string;
  /** Password of every demo person. */
  userPassword: string;
}

const fileOf = (dir: string) => path.join(dir, 'credentials.json');
const generate = () => randomBytes(12).toString('base64url');

/** Read the folder's credentials, creating random ones the first time. */
export function localCredentials(dir: string): LocalCredentials {
  const file = fileOf(dir);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalCredentials;
  const credentials: LocalCredentials = { servicePassword: generate(), adminPassword: generate(), userPassword: generate() };
  writeFileSync(file, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return credentials;
}
