import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/AppError.ts';
import { loadConfig } from './loadConfig.ts';
import { decryptAdminPassword, readFusionDirectoryConf } from './readFusionDirectoryConf.ts';

const fixture = path.resolve(import.meta.dirname, '../../test/fixtures/fusiondirectory.conf');
const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'trousseau-config-'));

function expectConfigError(fn: () => unknown, pattern: RegExp): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toMatch(/^config\./);
    expect((e as AppError).message).toMatch(pattern);
    return;
  }
  throw new Error('expected a configuration error');
}

describe('fusiondirectory.conf', () => {
  it('reads every location, choosing the referral with the shortest base', () => {
    const { directories, defaultName } = readFusionDirectoryConf(fixture);
    expect(defaultName).toBe('Production');
    expect(directories.map((d) => d.name)).toEqual(['Production', 'Legacy']);
    const prod = directories[0]!;
    expect(prod.base).toBe('dc=univ,dc=fr');
    expect(prod.uris).toEqual(['ldap://ldap1.univ.fr:389']);
    expect(prod.bindDN).toBe('cn=admin,dc=univ,dc=fr');
    expect(prod.bindPassword.reveal()).toBe('s3cret&more');
    expect(prod.startTLS).toBe(true);
    expect(prod.ignoreAclDN).toBe('uid=root-admin,ou=people,dc=univ,dc=fr');
  });

  it('accepts upper-case element names and the pre-1.3 URI-with-base form', () => {
    const legacy = readFusionDirectoryConf(fixture).directories[1]!;
    expect(legacy.uris).toEqual(['ldap://old.example.com']);
    expect(legacy.base).toBe('dc=example,dc=com');
    expect(legacy.bindPassword.reveal()).toBe('old');
  });

  it('decrypts the web app format: hex of an OpenSSL Salted__ AES-256-CBC blob keyed by the FDKEY string', () => {
    const fdKey = 'bWFzdGVyLWtleS1mb3ItdGVzdHMtb25seS0xMjM0NTY=';
    const r = spawnSync('openssl', ['enc', '-aes-256-cbc', '-md', 'md5', '-salt', '-pass', `pass:${fdKey}`], { input: 'p@ss wörd' });
    expect(r.status).toBe(0);
    const hex = r.stdout.toString('hex');
    expect(Buffer.from(hex, 'hex').subarray(0, 8).toString()).toBe('Salted__');
    expect(decryptAdminPassword(hex, fdKey)).toBe('p@ss wörd');
  });

  it('decrypts the CLI tools format: base64 libsodium secretbox with a 0x80 pad', () => {
    const key = nacl.randomBytes(32);
    const nonce = nacl.randomBytes(24);
    const message = Buffer.concat([Buffer.from('tools-pass'), Buffer.from([0x80])]);
    const boxed = Buffer.concat([Buffer.from(nonce), Buffer.from(nacl.secretbox(message, nonce, key))]).toString('base64');
    expect(decryptAdminPassword(boxed, Buffer.from(key).toString('base64'))).toBe('tools-pass');
    const tampered = Buffer.from(boxed, 'base64');
    tampered[30] = tampered[30]! ^ 1;
    expect(() => decryptAdminPassword(tampered.toString('base64'), Buffer.from(key).toString('base64'))).toThrow(/tampered/);
  });

  it('reads the FDKEY from fusiondirectory.secrets beside the file', () => {
    const dir = tmp();
    const key = nacl.randomBytes(32);
    const nonce = nacl.randomBytes(24);
    const boxed = Buffer.concat([Buffer.from(nonce), Buffer.from(nacl.secretbox(Buffer.concat([Buffer.from('from-secrets'), Buffer.from([0x80])]), nonce, key))]).toString('base64');
    writeFileSync(path.join(dir, 'fusiondirectory.conf'), `<conf><main><location name="x"><referral URI="ldap://h" base="dc=x" adminDn="cn=a,dc=x" adminPassword="${boxed}"/></location></main></conf>`);
    writeFileSync(path.join(dir, 'fusiondirectory.secrets'), `RequestHeader set FDKEY ${Buffer.from(key).toString('base64')}\n`);
    expect(readFusionDirectoryConf(path.join(dir, 'fusiondirectory.conf')).directories[0]!.bindPassword.reveal()).toBe('from-secrets');
  });
});

describe('trousseau.yaml', () => {
  it('reads directories and lets environment variables override the first one', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'secret.txt'), 'from-file\n');
    writeFileSync(
      path.join(dir, 'trousseau.yaml'),
      'http:\n  port: 9000\ndirectories:\n  - name: main\n    uris: [ldap://a.example:389, ldaps://b.example]\n    base: dc=example,dc=org\n    bindDN: cn=svc,dc=example,dc=org\n    passwordFile: secret.txt\n',
    );
    const config = loadConfig({ cwd: dir, env: {} });
    expect(config.http.port).toBe(9000);
    expect(config.directories[0]!.uris).toEqual(['ldap://a.example:389', 'ldaps://b.example']);
    expect(config.directories[0]!.bindPassword.reveal()).toBe('from-file');
    const overridden = loadConfig({ cwd: dir, env: { TROUSSEAU_LDAP_URI: 'ldap://c.example', TROUSSEAU_LDAP_PASSWORD: 'env-pass', TROUSSEAU_HTTP_PORT: '9100' } });
    expect(overridden.directories[0]!.name).toBe('main');
    expect(overridden.directories[0]!.uris).toEqual(['ldap://c.example']);
    expect(overridden.directories[0]!.base).toBe('dc=example,dc=org');
    expect(overridden.directories[0]!.bindPassword.reveal()).toBe('env-pass');
    expect(overridden.http.port).toBe(9100);
  });

  it('takes directories from a fusiondirectory.conf named in the file, default location first', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'trousseau.yaml'), `fusionDirectoryConf: ${fixture}\n`);
    expect(loadConfig({ cwd: dir, env: {} }).directories.map((d) => d.name)).toEqual(['Production', 'Legacy']);
  });

  it('never shows a password in logs, JSON or inspect output', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'trousseau.yaml'), 'directories:\n  - uris: ldap://a\n    base: dc=x\n    bindDN: cn=a,dc=x\n    password: hunter2-secret\n');
    const config = loadConfig({ cwd: dir, env: {} });
    expect(JSON.stringify(config)).not.toContain('hunter2-secret');
    expect(inspect(config, { depth: 10 })).not.toContain('hunter2-secret');
    expect(`${config.directories[0]!.bindPassword}`).toBe('[secret]');
  });

  it('names the file and key of each mistake', () => {
    const dir = tmp();
    const write = (text: string) => writeFileSync(path.join(dir, 'trousseau.yaml'), text);
    write('directories:\n  - uris: http://nope\n    base: dc=x\n');
    expectConfigError(() => loadConfig({ cwd: dir, env: {} }), /directories\[0\].*http:\/\/nope.*not an ldap/);
    write('directories:\n  - uris: ldap://a\n');
    expectConfigError(() => loadConfig({ cwd: dir, env: {} }), /"base".*required/);
    write('http:\n  port: 99999\n');
    expectConfigError(() => loadConfig({ cwd: dir, env: {} }), /"port" must be a whole number/);
    write('directories: [\n');
    expectConfigError(() => loadConfig({ cwd: dir, env: {} }), /trousseau\.yaml: cannot be parsed/);
    expectConfigError(() => loadConfig({ cwd: dir, env: {}, file: 'missing.yaml' }), /missing\.yaml does not exist/);
  });
});

describe('mail settings (smtp) and the public address', () => {
  const dirWith = (smtp: string, extra = '') => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'trousseau.yaml'), `${extra}directories:\n  - uris: ldap://a\n    base: dc=x\n    bindDN: cn=a,dc=x\n    password: p\n    smtp:\n${smtp}`);
    return dir;
  };

  it('reads an SMTP server with STARTTLS and a password file, and keeps it when the environment overrides the directory', () => {
    const dir = dirWith('      host: smtp.example.org\n      startTLS: true\n      user: trousseau\n      passwordFile: smtp.secret\n');
    writeFileSync(path.join(dir, 'smtp.secret'), 'mail-pass\n');
    const smtp = loadConfig({ cwd: dir, env: {} }).directories[0]!.smtp!;
    expect(smtp).toMatchObject({ transport: 'smtp', host: 'smtp.example.org', port: 587, secure: false, startTLS: true, tlsVerify: true, user: 'trousseau', timeoutMs: 15_000 });
    expect(smtp.transport === 'smtp' && smtp.password?.reveal()).toBe('mail-pass');
    expect(JSON.stringify(smtp)).not.toContain('mail-pass');
    const overridden = loadConfig({ cwd: dir, env: { TROUSSEAU_LDAP_URI: 'ldap://b' } }).directories[0]!;
    expect(overridden.uris).toEqual(['ldap://b']);
    expect(overridden.smtp).toMatchObject({ host: 'smtp.example.org', user: 'trousseau' });
  });

  it('defaults the port to 465 with implicit TLS, and reads a folder relative to the file', () => {
    expect(loadConfig({ cwd: dirWith('      host: smtp.example.org\n      secure: true\n'), env: {} }).directories[0]!.smtp).toMatchObject({ port: 465, secure: true });
    const dir = dirWith('      folder: var/mail\n');
    expect(loadConfig({ cwd: dir, env: {} }).directories[0]!.smtp).toEqual({ transport: 'folder', folder: path.join(dir, 'var/mail') });
  });

  it('says what is wrong with an smtp block', () => {
    const cases: Array<[string, RegExp]> = [
      ['      port: 25\n', /directories\[0\] smtp: give "host" \(the SMTP server\) or "folder"/],
      ['      host: h\n      secure: true\n      startTLS: true\n', /"secure" .* and "startTLS" .* exclude each other/],
      ['      host: h\n      user: u\n', /"user" needs "password" or "passwordFile"/],
      ['      host: h\n      password: p\n', /"password" needs "user"/],
      ['      host: h\n      hots: x\n', /unknown key "hots"/],
      ['      folder: var/mail\n      host: h\n', /"folder" writes mails into files .* takes no "host"/],
      ['      host: h\n      port: 0\n', /"port" must be a whole number from 1 to 65535/],
    ];
    for (const [smtp, pattern] of cases) expectConfigError(() => loadConfig({ cwd: dirWith(smtp), env: {} }), pattern);
    const dir = tmp();
    writeFileSync(path.join(dir, 'trousseau.yaml'), 'directories:\n  - uris: ldap://a\n    base: dc=x\n    smtp: smtp.example.org\n');
    expectConfigError(() => loadConfig({ cwd: dir, env: {} }), /"smtp" must be a block/);
  });

  it('reads http.publicUrl (or TROUSSEAU_PUBLIC_URL) without its trailing slash, and refuses what is not an http(s) address', () => {
    expect(loadConfig({ cwd: dirWith('      folder: m\n', 'http:\n  publicUrl: https://idm.example.org/trousseau/\n'), env: {} }).http.publicUrl).toBe('https://idm.example.org/trousseau');
    expect(loadConfig({ cwd: tmp(), env: { TROUSSEAU_PUBLIC_URL: 'http://127.0.0.1:8080' } }).http.publicUrl).toBe('http://127.0.0.1:8080');
    expect(loadConfig({ cwd: tmp(), env: {} }).http.publicUrl).toBeUndefined();
    expectConfigError(() => loadConfig({ cwd: tmp(), env: { TROUSSEAU_PUBLIC_URL: 'idm.example.org' } }), /"publicUrl" must be the http:\/\/ or https:\/\/ address/);
  });
});

describe('the nomenclature folder (supann.nomenclatures)', () => {
  const none = path.join(os.tmpdir(), 'trousseau-no-such-fd-supann-dir');
  const withYaml = (yaml: string) => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'trousseau.yaml'), yaml);
    return dir;
  };

  it('reads the folder relative to the file, or TROUSSEAU_NOMENCLATURES relative to the working directory, which wins', () => {
    const dir = withYaml('supann:\n  nomenclatures: lists\n');
    mkdirSync(path.join(dir, 'lists'));
    expect(loadConfig({ cwd: dir, env: {}, fdSupannDir: none }).supann).toEqual({ nomenclatures: path.join(dir, 'lists') });
    mkdirSync(path.join(dir, 'other'));
    expect(loadConfig({ cwd: dir, env: { TROUSSEAU_NOMENCLATURES: 'other' }, fdSupannDir: none }).supann).toEqual({ nomenclatures: path.join(dir, 'other') });
  });

  it("uses FusionDirectory's folder when nothing is set and it exists, and only the shipped lists otherwise", () => {
    const fd = tmp();
    expect(loadConfig({ cwd: tmp(), env: {}, fdSupannDir: fd }).supann).toEqual({ nomenclatures: fd });
    expect(loadConfig({ cwd: tmp(), env: {}, fdSupannDir: none }).supann).toEqual({});
  });

  it('says what is wrong with the setting', () => {
    expectConfigError(() => loadConfig({ cwd: withYaml('supann:\n  nomenclatures: missing\n'), env: {}, fdSupannDir: none }), /supann: .*"nomenclatures": .*missing is not a folder/);
    expectConfigError(() => loadConfig({ cwd: tmp(), env: { TROUSSEAU_NOMENCLATURES: '/no/such/folder' }, fdSupannDir: none }), /TROUSSEAU_NOMENCLATURES: \/no\/such\/folder is not a folder/);
    expectConfigError(() => loadConfig({ cwd: withYaml('supann:\n  nomenclature: x\n'), env: {}, fdSupannDir: none }), /unknown key "nomenclature" \(known: nomenclatures\)/);
    expectConfigError(() => loadConfig({ cwd: withYaml('supann: /etc/fusiondirectory/supann\n'), env: {}, fdSupannDir: none }), /"supann" must be a block/);
  });
});

describe('the orchestrator block and the worker block', () => {
  const withYaml = (yaml: string) => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'trousseau.yaml'), yaml);
    return dir;
  };
  const directory = 'directories:\n  - uris: ldap://a.example\n    base: dc=example,dc=org\n';

  it("takes the key and lifetimes from the PHP orchestrator's orchestrator.conf, and lets trousseau.yaml override them", () => {
    const dir = withYaml(`${directory}    orchestrator:\n      orchestratorConf: orchestrator.conf\n      tokenExpiry: 600\n`);
    writeFileSync(
      path.join(dir, 'orchestrator.conf'),
      ['# FusionDirectory Orchestrator', 'LDAP_OU_DSA="ou=dsa,dc=example,dc=org"', 'export SECRET_KEY="a 256 bit \\"web\\" key, long enough"', "TOKEN_EXPIRY='300'", 'REFRESH_EXPIRY=432000 # five days', ''].join('\n'),
    );
    const orchestrator = loadConfig({ cwd: dir, env: {} }).directories[0]!.orchestrator!;
    expect(orchestrator.secretKey.reveal()).toBe('a 256 bit "web" key, long enough');
    expect(orchestrator).toMatchObject({ tokenExpiry: 600, refreshExpiry: 432000, dsaBase: 'ou=dsa,dc=example,dc=org' });
    // The key never shows in a dump of the configuration.
    expect(inspect(orchestrator)).not.toContain('long enough');
  });

  it('says what is wrong with an orchestrator block', () => {
    expectConfigError(() => loadConfig({ cwd: withYaml(`${directory}    orchestrator:\n      tokenExpiry: 300\n`), env: {} }), /"secretKey" .* is required/);
    expectConfigError(() => loadConfig({ cwd: withYaml(`${directory}    orchestrator:\n      secretKey: short\n`), env: {} }), /at least 16 characters/);
    expectConfigError(() => loadConfig({ cwd: withYaml(`${directory}    orchestrator:\n      secretKey: long-enough-secret-key\n      tokenExpiry: forever\n`), env: {} }), /"tokenExpiry" must be a whole number/);
    expectConfigError(() => loadConfig({ cwd: withYaml(`${directory}    orchestrator:\n      secret: x\n`), env: {} }), /unknown key "secret"/);
  });

  it('gives the worker its defaults, reads the block, and takes the environment over it', () => {
    expect(loadConfig({ cwd: tmp(), env: {} }).worker).toEqual({ inServer: true, pollSeconds: 30, claimSeconds: 300, mailAttempts: 3, retryDelayMs: 2000 });
    const dir = withYaml('worker:\n  inServer: false\n  pollSeconds: 5\n  mailAttempts: 5\n');
    expect(loadConfig({ cwd: dir, env: {} }).worker).toMatchObject({ inServer: false, pollSeconds: 5, mailAttempts: 5 });
    expect(loadConfig({ cwd: dir, env: { TROUSSEAU_WORKER_IN_SERVER: 'true', TROUSSEAU_WORKER_POLL_SECONDS: '10' } }).worker).toMatchObject({ inServer: true, pollSeconds: 10 });
    expectConfigError(() => loadConfig({ cwd: withYaml('worker:\n  pollSeconds: 0\n'), env: {} }), /"pollSeconds" must be a whole number from 1/);
    expectConfigError(() => loadConfig({ cwd: withYaml('worker:\n  poll: 5\n'), env: {} }), /unknown key "poll"/);
  });

  it('reads the audit retention of the worker, absent by default, and refuses a negative one', () => {
    expect(loadConfig({ cwd: tmp(), env: {} }).worker?.auditRetentionDays).toBeUndefined();
    expect(loadConfig({ cwd: withYaml('worker:\n  auditRetentionDays: 365\n'), env: {} }).worker?.auditRetentionDays).toBe(365);
    expectConfigError(() => loadConfig({ cwd: withYaml('worker:\n  auditRetentionDays: -1\n'), env: {} }), /"auditRetentionDays" must be a whole number from 0/);
  });
});

describe('the secondFactor block of a directory', () => {
  const withYaml = (yaml: string) => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'trousseau.yaml'), yaml);
    return dir;
  };
  const directory = 'directories:\n  - uris: ldap://a.example\n    base: dc=example,dc=org\n';

  it('reads the roles, groups and departments that require a second factor; none by default', () => {
    expect(loadConfig({ cwd: withYaml(directory), env: {} }).directories[0]!.secondFactor).toBeUndefined();
    const yaml = `${directory}    secondFactor:\n      requiredFor:\n        - cn=admins,ou=roles,dc=example,dc=org\n        - "ou=DSI, dc=example,dc=org"\n`;
    expect(loadConfig({ cwd: withYaml(yaml), env: {} }).directories[0]!.secondFactor).toEqual({ requiredFor: ['cn=admins,ou=roles,dc=example,dc=org', 'ou=DSI, dc=example,dc=org'] });
  });

  it('keeps the requirement when the environment overrides the first directory', () => {
    const yaml = `${directory}    secondFactor:\n      requiredFor: ["ou=dsi,dc=example,dc=org"]\n`;
    const config = loadConfig({ cwd: withYaml(yaml), env: { TROUSSEAU_LDAP_URI: 'ldap://b.example' } });
    expect(config.directories[0]!.uris).toEqual(['ldap://b.example']);
    expect(config.directories[0]!.secondFactor).toEqual({ requiredFor: ['ou=dsi,dc=example,dc=org'] });
  });

  it('says what is wrong with a secondFactor block', () => {
    expectConfigError(() => loadConfig({ cwd: withYaml(`${directory}    secondFactor:\n      requiredFor: [not a dn]\n`), env: {} }), /secondFactor: requiredFor\[0\] "not a dn" is not a DN/);
    expectConfigError(() => loadConfig({ cwd: withYaml(`${directory}    secondFactor:\n      requiredFor: cn=admins,dc=example,dc=org\n`), env: {} }), /"requiredFor" must be a list of DNs/);
    expectConfigError(() => loadConfig({ cwd: withYaml(`${directory}    secondFactor:\n      requiredFor: [42]\n`), env: {} }), /requiredFor\[0\] must be a DN/);
    expectConfigError(() => loadConfig({ cwd: withYaml(`${directory}    secondFactor:\n      required: [ou=dsi,dc=example,dc=org]\n`), env: {} }), /unknown key "required" \(known: requiredFor\)/);
    expectConfigError(() => loadConfig({ cwd: withYaml(`${directory}    secondFactor: ou=dsi,dc=example,dc=org\n`), env: {} }), /"secondFactor" must be a block/);
  });
});
