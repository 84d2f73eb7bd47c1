// The `trousseau` command as a user runs it: a real process, real slapd servers, exit codes and printed lines.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap } from '../../test/harness.ts';
import { freePort, ManagedDirectory } from '../directory/ManagedDirectory.ts';

const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin', 'trousseau.mjs');
const env = testLdap();
// No configuration file: every command gets its target on the command line.
const cleanEnv = { ...process.env, TROUSSEAU_CONFIG: '', TROUSSEAU_DIRECTORY_DIR: path.join(os.tmpdir(), 'trousseau-cli-none') };

function trousseau(args: string[], extraEnv: NodeJS.ProcessEnv = {}): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: os.tmpdir(), env: { ...cleanEnv, ...extraEnv }, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('trousseau schema', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'trousseau-stock-'));
  const stock = new ManagedDirectory({ dir, baseDN: 'dc=stock,dc=test', adminPassword: 'stock-pw', schemas: 'stock' });
  beforeAll(() => stock.start());
  afterAll(() => stock.destroy());
  const overTcp = () => ['--uri', stock.url, '--bind-dn', stock.adminDN, '--password', 'stock-pw'];

  it('check lists, by name, what a stock slapd lacks, and exits non-zero', () => {
    const { code, out } = trousseau(['schema', 'check', ...overTcp()]);
    expect(code).toBe(1);
    expect(out).toMatch(/^missing objectClass fdLockEntry \(1\.3\.6\.1\.4\.1\.38414\.62\.2\.1\) \[core-fd\]$/m);
    expect(out).toMatch(/^missing objectClass fusionDirectoryConf .*\[core-fd-conf\]$/m);
    expect(out).toMatch(/^missing attributeType supannAliasLogin .*\[supann-2019-11-22\]$/m);
    expect(out).toMatch(/^missing attributeType eduPersonPrincipalName .*\[eduperson\]$/m);
    expect(out).toMatch(/^\s+core-fd\s+missing/m);
  });

  it('doctor says the schema is missing and how to fix it', () => {
    const { code, out } = trousseau(['doctor', ...overTcp(), '--base', 'dc=stock,dc=test']);
    expect(code).toBe(1);
    const line = out.split('\n').find((l) => l.startsWith('FAIL schema:'));
    expect(line).toMatch(/classes\/attributes are missing \(.*\).*Fix: Run `trousseau schema install`/);
  });

  it('install adds them over ldapi as root, after which check exits 0', () => {
    const install = trousseau(['schema', 'install', '--uri', stock.ldapiUrl]);
    expect(install.out).toContain('installed core-fd');
    expect(install.out).toContain('installed supann-2019-11-22');
    expect(install.code).toBe(0);
    const check = trousseau(['schema', 'check', ...overTcp()]);
    expect(check.out).toContain('Everything Trousseau needs is there.');
    expect(check.code).toBe(0);
    // Installing again is a no-op.
    expect(trousseau(['schema', 'install', '--uri', stock.ldapiUrl]).out).toContain('Nothing to install.');
  });

  it('print writes one cn=config LDIF record per schema', () => {
    const { code, out } = trousseau(['schema', 'print', '--schemas', 'fdFranceConnect']);
    expect(code).toBe(0);
    const dns = out.split('\n').filter((l) => l.startsWith('dn: '));
    // fdFranceConnect depends on the SupAnn schema, which comes first.
    expect(dns).toEqual(['dn: cn=supann-2019-11-22,cn=schema,cn=config', 'dn: cn=fdFranceConnect,cn=schema,cn=config']);
  });

  it('rejects an unknown schema name with a clear message', () => {
    const { code, out } = trousseau(['schema', 'print', '--schemas', 'nope']);
    expect(code).toBe(1);
    expect(out).toContain('Unknown schema "nope"');
  });
});

describe('trousseau doctor', () => {
  const target = () => ['--uri', env.url, '--bind-dn', env.adminDN, '--base', env.baseDN];

  it('is all good on a bootstrapped private directory', () => {
    const { code, out } = trousseau(['doctor', ...target(), '--password', env.adminPassword]);
    expect(out).toMatch(/^ok {3}credentials: bound as cn=admin,dc=test,dc=trousseau\./m);
    expect(out).toMatch(/^ok {3}schema: all \d+ schemas/m);
    expect(out).toMatch(/^ok {3}config entry:/m);
    expect(out).toMatch(/^ok {3}indexes:/m);
    expect(out).toMatch(/^ok {3}size limits: a paged read returned all \d+ entries/m);
    expect(code).toBe(0);
  });

  it('names a wrong password and how to fix it', () => {
    const { code, out } = trousseau(['doctor', ...target(), '--password', 'not-the-password']);
    expect(code).toBe(1);
    const lines = out.split('\n').filter((l) => l.startsWith('FAIL'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^FAIL credentials: the server refused the password of cn=admin,dc=test,dc=trousseau \(invalid credentials\)\. Fix: /);
  });

  it('names a wrong port and how to fix it', async () => {
    const port = await freePort();
    const { code, out } = trousseau(['doctor', '--uri', `ldap://127.0.0.1:${port}`, '--bind-dn', env.adminDN, '--password', env.adminPassword, '--base', env.baseDN]);
    expect(code).toBe(1);
    const lines = out.split('\n').filter((l) => l.startsWith('FAIL'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^FAIL connectivity: cannot connect to ldap://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED.*Fix: Start the LDAP server, or correct the host or port`));
  });
});

describe('trousseau demo', () => {
  it('brings up a directory and the server, prints working credentials, and stops both on Ctrl-C', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'trousseau-demo-'));
    const child = spawn(process.execPath, [bin, 'demo', '--port', '0', '--people', '30'], { cwd: os.tmpdir(), env: { ...cleanEnv, TROUSSEAU_DIRECTORY_DIR: dir, TROUSSEAU_LOG_LEVEL: 'warn' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const deadline = Date.now() + 45_000;
    while (!out.includes('Press Ctrl-C') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    expect(out).toContain('Press Ctrl-C');
    const web = /Web:\s+(\S+)/.exec(out)![1]!;
    const uri = /LDAP URI:\s+(\S+)/.exec(out)![1]!;
    const base = /Base DN:\s+(\S+)/.exec(out)![1]!;
    const [, login, password, adminDN] = /Admin:\s+(\S+) \/ (\S+)\s+\(DN (.+)\)/.exec(out)!;
    expect(login).toBe('fd-admin');
    expect(base).toBe('dc=example,dc=org');
    const whoami = spawnSync('ldapwhoami', ['-x', '-H', uri, '-D', adminDN!, '-w', password!], { encoding: 'utf8' });
    expect(whoami.stdout.trim()).toBe(`dn:${adminDN}`);
    const ready = await fetch(`${web}/readyz`);
    expect(ready.status).toBe(200);
    // The sample data is there (read as the service account, whose password the demo keeps in its folder).
    const service = JSON.parse(readFileSync(path.join(dir, 'credentials.json'), 'utf8')) as { servicePassword: string };
    const people = spawnSync('ldapsearch', ['-x', '-LLL', '-H', uri, '-D', `cn=admin,${base}`, '-w', service.servicePassword, '-b', base, '(objectClass=inetOrgPerson)', 'uid'], { encoding: 'utf8' });
    expect(people.stdout.split('\n').filter((l) => l.startsWith('uid: '))).toHaveLength(31);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toContain('Directory stopped.');
    expect(new ManagedDirectory({ dir }).status().running).toBe(false);
    await new ManagedDirectory({ dir }).destroy();
  }, 90_000);
});
