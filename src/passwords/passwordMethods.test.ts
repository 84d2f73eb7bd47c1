import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PASSWORD_METHOD_NAMES, PasswordMethodError, type HashOptions, type PasswordMethodName } from './PasswordMethod.ts';
import { PasswordLockError } from './locking.ts';
import { detectPasswordMethod, getPasswordMethod, hashPassword, passwordMethods, saslIdentityFor, verifyStoredPassword } from './passwordMethods.ts';

const systemCrypt = (password: string, setting: string): string =>
  execFileSync('perl', ['-e', 'print crypt($ARGV[0], $ARGV[1])', password, setting]).toString();

// A cheap argon2 cost for the tests that do not look at the cost itself.
const FAST_ARGON2: HashOptions = { argon2: { memoryCost: 1024, timeCost: 1 } };

/** Every method that stores a checkable hash, with the shape FusionDirectory writes (fd-core.md §3.2). */
const HASHING: [PasswordMethodName, RegExp][] = [
  ['md5', /^\{MD5\}[A-Za-z0-9+/]{22}==$/],
  ['smd5', /^\{SMD5\}[A-Za-z0-9+/]{27}=$/], // 16 + 4 bytes
  ['sha', /^\{SHA\}[A-Za-z0-9+/]{27}=$/],
  ['ssha', /^\{SSHA\}[A-Za-z0-9+/]{32}$/], // 20 + 4 bytes
  ['ssha512', /^\{SSHA512\}[A-Za-z0-9+/]{91}=$/], // 64 + 4 bytes
  ['crypt/standard-des', /^\{CRYPT\}[./0-9A-Za-z]{13}$/],
  ['crypt/enhanced-des', /^\{CRYPT\}_J9\.\.[./0-9A-Za-z]{4}[./0-9A-Za-z]{11}$/],
  ['crypt/md5', /^\{CRYPT\}\$1\$[./0-9A-Za-z]{8}\$[./0-9A-Za-z]{22}$/],
  ['crypt/blowfish', /^\{CRYPT\}\$2a\$07\$[./0-9A-Za-z]{53}$/],
  ['crypt/sha-256', /^\{CRYPT\}\$5\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{43}$/],
  ['crypt/sha-512', /^\{CRYPT\}\$6\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{86}$/],
  ['argon2', /^\{ARGON2\}\$argon2id\$v=19\$m=1024,t=1,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/],
];

describe('the password method registry', () => {
  it('holds every FusionDirectory method under its FusionDirectory name', () => {
    expect(Object.keys(passwordMethods).sort()).toEqual([...PASSWORD_METHOD_NAMES].sort());
    expect(PASSWORD_METHOD_NAMES).toEqual(expect.arrayContaining([
      'clear', 'empty', 'md5', 'smd5', 'sha', 'ssha', 'ssha512', 'crypt/standard-des', 'crypt/enhanced-des', 'crypt/md5',
      'crypt/blowfish', 'crypt/sha-256', 'crypt/sha-512', 'sasl', 'argon2',
    ]));
    for (const name of PASSWORD_METHOD_NAMES) expect(passwordMethods[name].name).toBe(name);
  });

  it('marks what slapd cannot check at bind, what cannot be locked, and what asks no password', () => {
    const names = (test: (m: (typeof passwordMethods)[PasswordMethodName]) => boolean): string[] =>
      PASSWORD_METHOD_NAMES.filter((n) => test(passwordMethods[n]));
    expect(names((m) => !m.slapdVerifiable)).toEqual(['empty', 'sasl']);
    expect(names((m) => !m.lockable)).toEqual(['clear']);
    expect(names((m) => !m.needsPassword)).toEqual(['empty', 'sasl']);
    expect(names((m) => !m.inFusionDirectory15)).toEqual(['argon2']);
    expect(names((m) => m.verify === undefined)).toEqual(['empty', 'sasl']);
  });

  it('finds a method by a configuration value, and refuses an unknown one', () => {
    expect(getPasswordMethod('ssha').name).toBe('ssha');
    expect(() => getPasswordMethod('pbkdf2')).toThrow(PasswordMethodError);
    try {
      getPasswordMethod('SSHA');
    } catch (error) {
      expect((error as PasswordMethodError).code).toBe('password.method_unknown');
    }
  });
});

describe.each(HASHING)('method %s', (name, shape) => {
  const method = passwordMethods[name];

  it('writes FusionDirectory’s form, verified by itself and detected as itself', async () => {
    const stored = (await method.hash('pässwörd 1', FAST_ARGON2))!;
    expect(stored).toMatch(shape);
    expect(method.detect(stored)).toBe(true);
    expect(detectPasswordMethod(stored)).toBe(name);
    expect(await method.verify!('pässwörd 1', stored)).toBe(true);
    expect(await method.verify!('pässwörd 2', stored)).toBe(name === 'crypt/standard-des'); // DES reads 8 bytes only
    expect(await method.verify!('other', stored)).toBe(false);
  });

  it('locks with a ! after the scheme, refuses the password while locked, and unlocks to the same value', async () => {
    const stored = (await method.hash('secret', FAST_ARGON2))!;
    const locked = method.lock(stored);
    expect(locked).toBe(stored.replace('}', '}!'));
    expect(method.isLocked(locked)).toBe(true);
    expect(method.isLocked(stored)).toBe(false);
    expect(method.detect(locked)).toBe(true);
    expect(await method.verify!('secret', locked)).toBe(false);
    expect(method.lock(locked)).toBe(locked);
    expect(method.unlock(locked)).toBe(stored);
    expect(method.unlock(stored)).toBe(stored);
    expect(await method.hash('secret', { ...FAST_ARGON2, locked: true })).toMatch(/^\{[A-Z0-9]+\}!/);
  });

  const unsalted = name === 'md5' || name === 'sha';
  it(unsalted ? 'is unsalted: the same password gives the same value' : 'uses a fresh salt each time', async () => {
    const [a, b] = [await method.hash('same', FAST_ARGON2), await method.hash('same', FAST_ARGON2)];
    expect(a === b).toBe(unsalted);
  });
});

describe('exact values for a given salt', () => {
  it('salted digests: base64(digest(password ‖ salt) ‖ salt)', async () => {
    const salt = Buffer.from('abcd');
    const expected = (algorithm: string): string => Buffer.concat([createHash(algorithm).update('secret').update(salt).digest(), salt]).toString('base64');
    expect(await hashPassword('ssha', 'secret', { salt })).toBe(`{SSHA}${expected('sha1')}`);
    expect(await hashPassword('smd5', 'secret', { salt })).toBe(`{SMD5}${expected('md5')}`);
    expect(await hashPassword('ssha512', 'secret', { salt })).toBe(`{SSHA512}${expected('sha512')}`);
    expect(await hashPassword('sha', 'secret')).toBe('{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=');
    expect(await hashPassword('md5', 'secret')).toBe('{MD5}Xr4ilOzQ4PCOq3aQ0qbuaQ==');
  });

  it('crypt methods: the system crypt(3) gives the same string', async () => {
    const cases: [PasswordMethodName, string, string][] = [
      ['crypt/standard-des', 'ab', 'ab'],
      ['crypt/enhanced-des', 'abcd', '_J9..abcd'],
      ['crypt/md5', 'abcdefgh', '$1$abcdefgh$'],
      ['crypt/blowfish', 'abcdefghijklmnopqrstuu', '$2a$07$abcdefghijklmnopqrstuu'],
      ['crypt/sha-256', 'abcdefghijklmnop', '$5$abcdefghijklmnop$'],
      ['crypt/sha-512', 'abcdefghijklmnop', '$6$abcdefghijklmnop$'],
    ];
    for (const [name, salt, setting] of cases) {
      expect(await hashPassword(name, 'pässwörd', { salt })).toBe(`{CRYPT}${systemCrypt('pässwörd', setting)}`);
    }
  });

  it('crypt costs: rounds= for SHA-2, the cost for blowfish, the count for enhanced DES', async () => {
    const salt = 'abcdefghijklmnop';
    expect(await hashPassword('crypt/sha-512', 'x', { salt, rounds: 10000 })).toBe(`{CRYPT}${systemCrypt('x', `$6$rounds=10000$${salt}`)}`);
    expect(await hashPassword('crypt/blowfish', 'x', { salt: 'abcdefghijklmnopqrstuu', rounds: 4 })).toMatch(/^\{CRYPT\}\$2a\$04\$/);
    expect(await hashPassword('crypt/enhanced-des', 'x', { salt: 'abcd', rounds: 1 })).toBe(`{CRYPT}${systemCrypt('x', '_/...abcd')}`);
    await expect(hashPassword('crypt/sha-256', 'x', { rounds: 999 })).rejects.toThrow(PasswordMethodError);
    await expect(hashPassword('crypt/blowfish', 'x', { rounds: 32 })).rejects.toThrow(PasswordMethodError);
    await expect(hashPassword('crypt/md5', 'x', { salt: 'bad salt' })).rejects.toThrow(PasswordMethodError);
    await expect(hashPassword('ssha', 'x', { salt: 'not bytes' })).rejects.toThrow(PasswordMethodError);
  });

  it('argon2: FusionDirectory’s cost by default, the given salt, and a PHC string slapd’s module reads', async () => {
    const salt = Buffer.from('0123456789abcdef');
    const stored = (await hashPassword('argon2', 'secret', { salt }))!;
    expect(stored).toMatch(/^\{ARGON2\}\$argon2id\$v=19\$m=65536,t=4,p=1\$MDEyMzQ1Njc4OWFiY2RlZg\$[A-Za-z0-9+/]{43}$/);
    expect(await hashPassword('argon2', 'secret', { salt })).toBe(stored);
    expect(await passwordMethods.argon2.verify!('secret', stored)).toBe(true);
    expect(await passwordMethods.argon2.verify!('secret', '{ARGON2}garbage')).toBe(false);
    expect(await hashPassword('argon2', 'x', { argon2: { memoryCost: 2048, timeCost: 2, parallelism: 2 } })).toMatch(/\$m=2048,t=2,p=2\$/);
  });
});

describe('methods without a hash', () => {
  it('clear writes the password itself, checks it by equality, and cannot be locked', async () => {
    const clear = passwordMethods.clear;
    expect(await clear.hash('secret')).toBe('secret');
    expect(await clear.verify!('secret', 'secret')).toBe(true);
    expect(await clear.verify!('Secret', 'secret')).toBe(false);
    expect(() => clear.lock('secret')).toThrow(PasswordLockError);
    expect(clear.isLocked('a}!b')).toBe(false);
  });

  it('empty writes no value, and locks as {CRYPT}!', async () => {
    const empty = passwordMethods.empty;
    expect(await empty.hash('ignored')).toBeNull();
    expect(await empty.hash('', { locked: true })).toBe('{CRYPT}!');
    expect(empty.lock(null)).toBe('{CRYPT}!');
    expect(empty.isLocked('{CRYPT}!')).toBe(true);
    expect(empty.unlock('{CRYPT}!')).toBeNull();
    expect(empty.detect(undefined) && empty.detect('') && empty.detect('{CRYPT}!')).toBe(true);
  });

  it('sasl writes uid@realm or the exop attribute value, and needs one of them', async () => {
    const sasl = passwordMethods.sasl;
    expect(await sasl.hash('ignored', { sasl: { kind: 'realm', uid: 'jdoe', realm: 'EXAMPLE.ORG' } })).toBe('{SASL}jdoe@EXAMPLE.ORG');
    expect(await sasl.hash('', { sasl: { kind: 'exop', value: 'jdoe@example.org' } })).toBe('{SASL}jdoe@example.org');
    expect(await sasl.hash('', { sasl: { kind: 'exop', value: 'jdoe' }, locked: true })).toBe('{SASL}!jdoe');
    await expect(sasl.hash('x')).rejects.toMatchObject({ code: 'password.sasl_unconfigured' });
    await expect(sasl.hash('x', { sasl: { kind: 'realm', uid: 'jdoe', realm: '' } })).rejects.toThrow(PasswordMethodError);
    expect(sasl.detect('{SASL}jdoe@EXAMPLE.ORG')).toBe(true);
  });

  it('sasl identity: the exop attribute wins over the realm, as in FusionDirectory', () => {
    const entry: Record<string, string> = { uid: 'jdoe', mail: 'jdoe@example.org' };
    const read = (attribute: string): string | undefined => entry[attribute];
    expect(saslIdentityFor({ saslRealm: 'EXAMPLE.ORG' }, read)).toEqual({ kind: 'realm', uid: 'jdoe', realm: 'EXAMPLE.ORG' });
    expect(saslIdentityFor({ saslRealm: 'EXAMPLE.ORG', saslExop: 'mail' }, read)).toEqual({ kind: 'exop', value: 'jdoe@example.org' });
    expect(saslIdentityFor({ saslExop: 'employeeNumber' }, read)).toBeNull();
    expect(saslIdentityFor({}, read)).toBeNull();
  });
});

describe('detecting the method of a stored value', () => {
  it('reads FusionDirectory-shaped values as FusionDirectory does', () => {
    const cases: [string | null | undefined, PasswordMethodName | null][] = [
      [undefined, 'empty'],
      [null, 'empty'],
      ['', 'empty'],
      ['{CRYPT}!', 'empty'],
      ['secret', 'clear'],
      ['{SSHA}Zm9vYmFyYmF6cXV4cXV1eA==', 'ssha'],
      ['{ssha}Zm9vYmFyYmF6cXV4cXV1eA==', 'ssha'],
      ['{SSHA}!Zm9vYmFyYmF6cXV4cXV1eA==', 'ssha'],
      ['{SSHA512}abc', 'ssha512'],
      ['{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=', 'sha'],
      ['{MD5}Xr4ilOzQ4PCOq3aQ0qbuaQ==', 'md5'],
      ['{SMD5}abc', 'smd5'],
      ['{CRYPT}abJnggxhB/yWI', 'crypt/standard-des'],
      ['{CRYPT}!abJnggxhB/yWI', 'crypt/standard-des'],
      ['{CRYPT}_J9..abcd/H6HLCcf7nw', 'crypt/enhanced-des'],
      ['{CRYPT}$1$abcdefgh$xyz', 'crypt/md5'],
      ['{crypt}$2a$07$abcdefghijklmnopqrstuu', 'crypt/blowfish'],
      ['{CRYPT}$2y$10$abcdefghijklmnopqrstuu', 'crypt/blowfish'],
      ['{CRYPT}$5$abc$def', 'crypt/sha-256'],
      ['{CRYPT}!$6$abc$def', 'crypt/sha-512'],
      ['{CRYPT}$6$rounds=5000$abc$def', 'crypt/sha-512'],
      ['{SASL}jdoe@EXAMPLE.ORG', 'sasl'],
      ['{ARGON2}$argon2id$v=19$m=65536,t=4,p=1$abc$def', 'argon2'],
      // Schemes no method writes: FusionDirectory calls them clear; Trousseau keeps them unnamed (docs/compatibility.md).
      ['{SSHA256}abc', null],
      ['{PBKDF2-SHA512}10000$abc$def', null],
      ['{CRYPT}$y$j9T$abc$def', null],
    ];
    for (const [stored, expected] of cases) expect([stored, detectPasswordMethod(stored)]).toEqual([stored, expected]);
  });

  it('checks a password against any stored value, pw-sha2 schemes included', async () => {
    const ssha256 = execFileSync('slappasswd', ['-o', 'module-path=/usr/lib/ldap', '-o', 'module-load=pw-sha2.la', '-h', '{SSHA256}', '-s', 'secret']).toString().trim();
    expect(await verifyStoredPassword('secret', ssha256)).toBe(true);
    expect(await verifyStoredPassword('other', ssha256)).toBe(false);
    expect(await verifyStoredPassword('secret', (await hashPassword('crypt/sha-512', 'secret'))!)).toBe(true);
    expect(await verifyStoredPassword('secret', '{SASL}jdoe@EXAMPLE.ORG')).toBeNull();
    expect(await verifyStoredPassword('secret', '{PBKDF2}abc')).toBeNull();
  });
});
