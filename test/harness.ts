// What integration tests use to reach the run's private slapd: its coordinates and a fresh subtree per test file.
import { randomBytes } from 'node:crypto';
import { Client } from 'ldapts';
import { inject } from 'vitest';

export interface TestLdapEnv {
  /** `ldap://127.0.0.1:<port>` of the private slapd. */
  url: string;
  ldapiUrl: string;
  baseDN: string;
  /** The root DN: the service account, no size limits. */
  adminDN: string;
  adminPassword: string;
  /** FusionDirectory's administrator created by the bootstrap. */
  fdAdminDN: string;
  fdAdminPassword: string;
  /** Folder of the server (config and data). */
  dir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    ldap: TestLdapEnv;
  }
}

/** Coordinates of the private slapd started for this test run. */
export function testLdap(): TestLdapEnv {
  return inject('ldap');
}

/**
 * Create a fresh `ou=<name>-<random>` department under the base for one test file and return its DN.
 * @example const base = await testSubtree('gateway');
 */
export async function testSubtree(name: string): Promise<string> {
  const env = testLdap();
  const ou = `${name.replace(/[^A-Za-z0-9-]/g, '-')}-${randomBytes(4).toString('hex')}`;
  const dn = `ou=${ou},${env.baseDN}`;
  const client = new Client({ url: env.url });
  try {
    await client.bind(env.adminDN, env.adminPassword);
    // A department, as FusionDirectory requires of the base objects are created in.
    await client.add(dn, { objectClass: ['organizationalUnit', 'gosaDepartment'], ou, description: `Test subtree ${name}` });
  } finally {
    await client.unbind();
  }
  return dn;
}
