// Where the secret that signs session tokens comes from: the environment (shared by every instance) or a file
// generated once beside the private directory (one instance).
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../errors/AppError.ts';

export interface SessionKeySource {
  env?: NodeJS.ProcessEnv;
  /** Folder where a generated key is kept (`managed.dir`). */
  dir: string;
}

/** The file name of a generated key inside `dir`. */
export const SESSION_KEY_FILE = 'session.key';

function fromText(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), 'utf8');
  if (key.length < 32) throw new AppError({ code: 'config.invalid', message: `${where}: the session key must be at least 32 characters long (e.g. \`openssl rand -base64 48\`).` });
  return key;
}

/**
 * The session signing key: `$TROUSSEAU_SESSION_KEY_FILE` (a file holding ≥ 32 characters), else
 * `$TROUSSEAU_SESSION_KEY`, else `<dir>/session.key`, created with 48 random bytes (mode 0600) the first time.
 * Several instances behind a load balancer must be given the same key.
 */
export function loadSessionKey(source: SessionKeySource): Buffer {
  const env = source.env ?? process.env;
  const file = env.TROUSSEAU_SESSION_KEY_FILE;
  if (file) {
    if (!existsSync(file)) throw new AppError({ code: 'config.invalid', message: `TROUSSEAU_SESSION_KEY_FILE: ${file} does not exist.` });
    return fromText(readFileSync(file, 'utf8'), `TROUSSEAU_SESSION_KEY_FILE (${file})`);
  }
  if (env.TROUSSEAU_SESSION_KEY) return fromText(env.TROUSSEAU_SESSION_KEY, 'TROUSSEAU_SESSION_KEY');
  const generated = path.join(source.dir, SESSION_KEY_FILE);
  return fromText(generatedSecret(generated, 48), generated);
}

/**
 * The secret kept in `file`, made of `bytes` random bytes (base64url, mode 0600, its folder 0700) the first time;
 * when several processes start at once, the first one's stays.
 */
export function generatedSecret(file: string, bytes: number): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(bytes).toString('base64url');
  try {
    writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  } catch (e) {
    // Another process created it first: use theirs.
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw e;
  }
  chmodSync(file, 0o600);
  return secret;
}
