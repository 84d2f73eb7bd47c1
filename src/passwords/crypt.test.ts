import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { crypt, cryptVariantOf, verifyCrypt } from './crypt.ts';
import { randomCryptSalt } from './crypt64.ts';
import { desEncryptBlock } from './desCrypt.ts';

// The system's crypt(3) (libxcrypt on Debian, the one slapd calls for {CRYPT}), reached through Perl's crypt().
function systemCrypt(pairs: readonly (readonly [string, string])[]): string[] {
  const input = pairs.map(([password, setting]) => `${password}\u0001${setting}\u0000`).join('');
  const script = '$/ = "\\0"; while (<STDIN>) { chomp; my ($p, $s) = split /\\x01/, $_, 2; my $r = crypt($p, $s); print((defined $r ? $r : "UNDEF"), "\\n"); }';
  return execFileSync('perl', ['-e', script], { input: Buffer.from(input, 'utf8') }).toString('utf8').split('\n').slice(0, pairs.length);
}

const PASSWORDS = ['secret', '', 'a', 'pässwörd', 'x'.repeat(100), 'twelve chars', 'sixteen chars!!!', 'Tab\there', '€uro 😀', '12345678901234567890'];

describe('crypt(3) variants, compared with the system crypt(3)', () => {
  const settings = [
    'ab', './', 'zZ', '_J9..abcd', '_/...zz.z', '_..z.abcd', '_....abcd',
    '$1$', '$1$a$', '$1$saltsalt', '$1$abcdefghij',
    '$2a$04$abcdefghijklmnopqrstuu', '$2b$05$/OK.fbVrR/bpIqNJ5ianF.', '$2y$04$0123456789ABCDEFGHIJKL',
    '$5$saltstring', '$5$rounds=1000$toolongsaltstringtoolong', '$5$', '$6$saltstring', '$6$rounds=1400$abc', '$6$rounds=5000$x', '$6$',
  ];

  it('gives the same string for every password and setting', () => {
    const pairs = settings.flatMap((setting) => PASSWORDS.map((password) => [password, setting] as const));
    const expected = systemCrypt(pairs);
    const actual = pairs.map(([password, setting]) => crypt(password, setting) ?? 'UNDEF');
    expect(actual).toEqual(expected);
  });

  it('gives the same string for random salts', () => {
    const pairs = Array.from({ length: 20 }, (_, i) => {
      const password = `pw-${i}-${randomCryptSalt(i)}`;
      return [
        [password, randomCryptSalt(2)],
        [password, `_J9..${randomCryptSalt(4)}`],
        [password, `$1$${randomCryptSalt(8)}`],
        [password, `$2a$04$${randomCryptSalt(22)}`],
        [password, `$5$${randomCryptSalt(16)}`],
        [password, `$6$${randomCryptSalt(16)}`],
      ] as const;
    }).flat();
    expect(pairs.map(([p, s]) => crypt(p, s))).toEqual(systemCrypt(pairs));
  });

  it('matches openssl passwd for MD5, SHA-256 and SHA-512 crypt', () => {
    const openssl = (flag: string, salt: string, password: string): string =>
      execFileSync('openssl', ['passwd', flag, '-salt', salt, '-stdin'], { input: password }).toString().trim();
    expect(crypt('secret', '$1$abcdefgh')).toBe(openssl('-1', 'abcdefgh', 'secret'));
    expect(crypt('pässwörd', '$5$0123456789abcdef')).toBe(openssl('-5', '0123456789abcdef', 'pässwörd'));
    expect(crypt('pässwörd', '$6$0123456789abcdef')).toBe(openssl('-6', '0123456789abcdef', 'pässwörd'));
    expect(crypt('secret', '$6$rounds=10000$abcdefgh')).toBe(openssl('-6', 'rounds=10000$abcdefgh', 'secret'));
  });

  it('matches Python’s crypt module', () => {
    const script = 'import crypt, sys, warnings; warnings.simplefilter("ignore"); print(crypt.crypt(sys.argv[1], sys.argv[2]))';
    let python: string;
    try {
      python = execFileSync('python3', ['-W', 'ignore', '-c', script, 'secret', '$6$rounds=2000$salty'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    } catch {
      return; // Python 3.13 dropped the crypt module; Perl and openssl above check the same thing.
    }
    expect(crypt('secret', '$6$rounds=2000$salty')).toBe(python);
  });

  it('reproduces Drepper’s published SHA-crypt test vectors', () => {
    expect(crypt('Hello world!', '$5$saltstring')).toBe('$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZaBBGWEc5');
    expect(crypt('Hello world!', '$6$saltstring')).toBe(
      '$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1',
    );
    expect(crypt('Hello world!', '$6$rounds=10000$saltstringsaltstring')).toBe(
      '$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.',
    );
  });

  it('computes DES itself correctly (FIPS 81 / classic test vector)', () => {
    const out = desEncryptBlock(Buffer.from('133457799BBCDFF1', 'hex'), Buffer.from('0123456789ABCDEF', 'hex'));
    expect(Buffer.from(out).toString('hex')).toBe('85e813540f0ab405');
  });

  it('refuses what libxcrypt refuses, instead of guessing', () => {
    expect(crypt('secret', '$5$rounds=10$abc')).toBeNull(); // glibc would clamp to 1000; libxcrypt fails
    expect(crypt('secret', '$2a$03$abcdefghijklmnopqrstuu')).toBeNull();
    expect(crypt('secret', '$y$j9T$abc')).toBeNull(); // yescrypt: not computed here
    expect(crypt('secret', '!$6$abc$def')).toBeNull(); // a locked value
    expect(crypt('secret', 'a')).toBeNull();
  });

  it('names the variant from the shape of the setting', () => {
    expect(['ab', '_J9..abcd', '$1$x', '$2a$07$abcdefghijklmnopqrstuu', '$5$x', '$6$x', '$y$x'].map(cryptVariantOf)).toEqual([
      'des', 'extended-des', 'md5', 'bcrypt', 'sha-256', 'sha-512', null,
    ]);
  });

  it('verifies a stored crypt string, and nothing else', () => {
    const stored = crypt('secret', '$6$abcdefgh')!;
    expect(verifyCrypt('secret', stored)).toBe(true);
    expect(verifyCrypt('Secret', stored)).toBe(false);
    expect(verifyCrypt('secret', `!${stored}`)).toBe(false);
    expect(verifyCrypt('secret', 'abc')).toBe(false);
    // Traditional DES only reads 8 bytes of the password.
    expect(verifyCrypt('12345678-anything', crypt('12345678', 'ab')!)).toBe(true);
  });
});
