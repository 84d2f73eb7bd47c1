// Starts one private slapd for the whole test run (bootstrapped like a fresh FusionDirectory site) and stops it after.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ManagedDirectory } from '../src/directory/ManagedDirectory.ts';
import { bootstrapDirectory } from '../src/directory/bootstrap.ts';
import { LdapGateway } from '../src/ldap/LdapGateway.ts';
import type { TestLdapEnv } from './harness.ts';

let directory: ManagedDirectory | undefined;

export async function setup(project: TestProject): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'trousseau-test-'));
  const adminPassword = 'test-service-secret';
  const baseDN = 'dc=test,dc=trousseau';
  directory = new ManagedDirectory({ dir, baseDN, adminPassword });
  await directory.start();
  const fdAdminPassword = 'fd-admin-secret';
  const gateway = new LdapGateway({ urls: [directory.url], bind: { method: 'simple', dn: directory.adminDN, password: adminPassword } });
  try {
    await bootstrapDirectory({ gateway, baseDN, adminPassword: fdAdminPassword });
  } finally {
    await gateway.close();
  }
  const env: TestLdapEnv = {
    url: directory.url,
    ldapiUrl: directory.ldapiUrl,
    baseDN,
    adminDN: directory.adminDN,
    adminPassword,
    fdAdminDN: `uid=fd-admin,ou=people,${baseDN}`,
    fdAdminPassword,
    dir,
  };
  project.provide('ldap', env);
}

export async function teardown(): Promise<void> {
  if (process.env.TROUSSEAU_KEEP_TEST_DIRECTORY) return;
  await directory?.destroy();
}
