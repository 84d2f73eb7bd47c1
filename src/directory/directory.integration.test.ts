import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'ldapts';
import { afterAll, describe, expect, it } from 'vitest';
import { testLdap } from '../../test/harness.ts';
import { LdapGateway } from '../ldap/LdapGateway.ts';
import { bootstrapDirectory, grantsEverything } from './bootstrap.ts';
import { ManagedDirectory } from './ManagedDirectory.ts';

const env = testLdap();

async function withClient<T>(url: string, dn: string, password: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ url });
  await client.bind(dn, password);
  try {
    return await fn(client);
  } finally {
    await client.unbind();
  }
}

const values = (v: unknown): string[] => ([] as unknown[]).concat(v ?? []).map(String);

describe('the bootstrapped directory', () => {
  it('has the base as a department and the FusionDirectory branches', async () => {
    await withClient(env.url, env.adminDN, env.adminPassword, async (c) => {
      const base = (await c.search(env.baseDN, { scope: 'base', attributes: ['objectClass', 'ou', 'description'] })).searchEntries[0]!;
      expect(values(base.objectClass)).toContain('gosaDepartment');
      expect(values(base.description)).toHaveLength(1);
      for (const branch of ['ou=people', 'ou=groups', 'ou=aclroles', 'ou=fusiondirectory', 'ou=locks,ou=fusiondirectory']) {
        const { searchEntries } = await c.search(`${branch},${env.baseDN}`, { scope: 'base', attributes: ['objectClass'] });
        expect(values(searchEntries[0]!.objectClass)).toContain('organizationalUnit');
      }
    });
  });

  it('has the configuration entry with FusionDirectory default keys', async () => {
    await withClient(env.url, env.adminDN, env.adminPassword, async (c) => {
      const { searchEntries } = await c.search(`cn=config,ou=fusiondirectory,${env.baseDN}`, { scope: 'base', attributes: ['*'] });
      const config = searchEntries[0]!;
      expect(values(config.objectClass)).toEqual(expect.arrayContaining(['fusionDirectoryConf', 'fdPasswordRecoveryConf', 'fdTasksConf']));
      expect(config.fdUserRDN).toBe('ou=people');
      expect(config.fdAclRoleRDN).toBe('ou=aclroles');
      expect(config.fdModificationDetectionAttribute).toBe('entryCSN');
      expect(config.fdCnPattern).toBe('%givenName% %sn%');
      expect(config.fdPasswordDefaultHash).toBe('ssha');
      expect(config.fdTasksRDN).toBe('ou=tasks');
      // The recovery salt is site-specific, not FusionDirectory's published default.
      expect(config.fdPasswordRecoverySalt).not.toBe('SomethingSecretAndVeryLong');
    });
  });

  it('lets fd-admin sign in and gives him an all-rights role on the base', async () => {
    const who = await withClient(env.url, env.fdAdminDN, env.fdAdminPassword, (c) => c.exop('1.3.6.1.4.1.4203.1.11.3'));
    expect(who.value).toBe(`dn:${env.fdAdminDN}`);
    await withClient(env.url, env.adminDN, env.adminPassword, async (c) => {
      const role = (await c.search(`cn=admin,ou=aclroles,${env.baseDN}`, { scope: 'base', attributes: ['gosaAclTemplate', 'objectClass'] })).searchEntries[0]!;
      expect(values(role.gosaAclTemplate)).toEqual(['0:all;cmdrw']);
      const base = (await c.search(env.baseDN, { scope: 'base', attributes: ['gosaAclEntry'] })).searchEntries[0]!;
      const [entry] = values(base.gosaAclEntry);
      const [priority, scope, role64, members64] = entry!.split(':');
      expect(priority).toBe('0');
      expect(scope).toBe('subtree');
      expect(Buffer.from(role64!, 'base64').toString()).toBe(`cn=admin,ou=aclroles,${env.baseDN}`);
      expect(Buffer.from(members64!, 'base64').toString()).toBe(env.fdAdminDN);
      for (const name of ['manager', 'editowninfos', 'editownpwd']) {
        const r = (await c.search(`cn=${name},ou=aclroles,${env.baseDN}`, { scope: 'base', attributes: ['gosaAclTemplate'] })).searchEntries[0]!;
        expect(values(r.gosaAclTemplate)).toHaveLength(1);
      }
    });
  });

  it('changes nothing when run a second time', async () => {
    const gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
    const result = await bootstrapDirectory({ gateway, baseDN: env.baseDN, adminPassword: 'another-password' }).finally(() => gateway.close());
    expect(result.created).toEqual([]);
    // fd-admin keeps the password he had.
    const who = await withClient(env.url, env.fdAdminDN, env.fdAdminPassword, (c) => c.exop('1.3.6.1.4.1.4203.1.11.3'));
    expect(who.value).toBe(`dn:${env.fdAdminDN}`);
  });

  it('is configured with the overlays, indexes and limits lists need', async () => {
    await withClient(env.url, env.adminDN, env.adminPassword, async (c) => {
      const overlays = (await c.search('olcDatabase={1}mdb,cn=config', { scope: 'one', filter: '(objectClass=olcOverlayConfig)', attributes: ['olcOverlay'] })).searchEntries;
      expect(overlays.map((o) => String(o.olcOverlay).replace(/^\{\d+\}/, '')).sort()).toEqual(['dynlist', 'memberof', 'ppolicy', 'refint', 'sssvlv', 'syncprov', 'unique']);
      const db = (await c.search('olcDatabase={1}mdb,cn=config', { scope: 'base', attributes: ['olcDbIndex', 'olcLimits'] })).searchEntries[0]!;
      const indexes = values(db.olcDbIndex);
      for (const expected of ['objectClass eq', 'uid eq,sub', 'sn eq,sub', 'mail eq,sub', 'member eq', 'entryCSN eq', 'supannAliasLogin eq', 'eduPersonPrincipalName eq']) {
        expect(indexes).toContain(expected);
      }
      expect(values(db.olcLimits).join('\n')).toContain('size.pr=unlimited');
      const global = (await c.search('cn=config', { scope: 'base', attributes: ['olcIndexSubstrAnyLen', 'olcAttributeOptions'] })).searchEntries[0]!;
      expect(Number(global.olcIndexSubstrAnyLen)).toBeLessThanOrEqual(3);
      expect(values(global.olcAttributeOptions)).toContain('x-');
      const modules = (await c.search('cn=config', { scope: 'one', filter: '(objectClass=olcModuleList)', attributes: ['olcModuleLoad'] })).searchEntries[0]!;
      const loaded = values(modules.olcModuleLoad).map((m) => m.replace(/^\{\d+\}/, ''));
      expect(loaded).toEqual(expect.arrayContaining(['argon2', 'pw-sha2', 'sssvlv', 'syncprov', 'back_mdb']));
    });
  });

  it('recognises an all-rights role value', () => {
    expect(grantsEverything('0:all;cmdrw')).toBe(true);
    expect(grantsEverything('1:user/user;cmdrw,all;rwcdm')).toBe(true);
    expect(grantsEverything('0:all;rw')).toBe(false);
    expect(grantsEverything('0:user/user;cmdrw')).toBe(false);
  });
});

describe('a private directory of its own', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'trousseau-md-'));
  const md = new ManagedDirectory({ dir, baseDN: 'o=Université Test', adminPassword: 'pw-1' });
  afterAll(() => md.destroy());

  it('starts, stops and restarts on the same port with its data', async () => {
    await md.start();
    expect(md.status()).toMatchObject({ running: true, initialised: true, baseDN: 'o=Université Test' });
    const port = md.port;
    await withClient(md.url, md.adminDN, 'pw-1', (c) => c.add(md.baseDN, { objectClass: 'organization', o: 'Université Test' }));
    await md.stop();
    expect(md.status().running).toBe(false);
    await md.start();
    expect(md.port).toBe(port);
    const { searchEntries } = await withClient(md.url, md.adminDN, 'pw-1', (c) => c.search(md.baseDN, { scope: 'base' }));
    expect(searchEntries[0]!.o).toBe('Université Test');
    // Starting a running directory is harmless.
    await md.start();
    expect(md.status().running).toBe(true);
  });

  it('answers on its ldapi socket to the local root user', async () => {
    // ldapts speaks ldap:// and ldaps:// only; an ldapi socket is reached through createConnection.
    const client = new Client({ url: 'ldap://localhost', createConnection: (() => net.connect(md.ldapiPath)) as unknown as typeof net.connect });
    await client.bind('EXTERNAL');
    const who = await client.exop('1.3.6.1.4.1.4203.1.11.3');
    await client.unbind();
    expect(who.value).toBe('dn:gidNumber=0+uidNumber=0,cn=peercred,cn=external,cn=auth');
  });
});
