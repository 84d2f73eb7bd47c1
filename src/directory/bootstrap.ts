// Writes the entries FusionDirectory's setup writes (base department, branches, config entry, fd-admin) when missing.
import { randomBytes } from 'node:crypto';
import { AclFormatError, parseAclAssignmentEntry, parseAclRoleTemplate } from '../acl/index.ts';
import type { LdapGateway } from '../ldap/LdapGateway.ts';
import { hashSalted } from '../passwords/ssha.ts';
import { CONFIG_OBJECT_CLASSES, defaultConfigAttributes } from './configDefaults.ts';

export interface BootstrapOptions {
  /** A gateway bound as an account that may write the base (the service account). */
  gateway: LdapGateway;
  baseDN: string;
  /** Password given to `uid=fd-admin` when it is created; an existing administrator is left alone. */
  adminPassword: string;
  log?: (line: string) => void;
}

export interface BootstrapResult {
  created: string[];
  adminDN: string;
}

type Attrs = Record<string, string | string[]>;

/** The default ACL roles FusionDirectory's setup creates (fd-core.md §5.1). */
export const DEFAULT_ACL_ROLES: Record<string, { template: string; description: string }> = {
  admin: { template: '0:all;cmdrw', description: 'Gives all rights on all objects' },
  manager: { template: '0:user/user;cmdrw,user/posixAccount;cmdrw', description: 'Give rights on users' },
  editowninfos: { template: '0:user/user;srw,user/posixAccount;srw', description: 'Allow users to edit their own information' },
  editownpwd: { template: '0:user/user;s#userPassword;rw', description: 'Allow users to edit their own password' },
};

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** Base entry attributes for the naming attribute of the suffix; the base is always a department. */
export function baseEntryAttributes(baseDN: string): Attrs {
  const first = baseDN.split(',')[0] ?? '';
  const eq = first.indexOf('=');
  const attr = first.slice(0, eq).trim().toLowerCase();
  const value = first.slice(eq + 1).trim();
  const department = { ou: value, description: value };
  switch (attr) {
    case 'dc':
      return { objectClass: ['top', 'dcObject', 'organization', 'gosaDepartment'], dc: value, o: value, ...department };
    case 'o':
      return { objectClass: ['top', 'organization', 'gosaDepartment'], o: value, ...department };
    case 'ou':
      return { objectClass: ['top', 'organizationalUnit', 'gosaDepartment'], ...department };
    case 'c':
      return { objectClass: ['top', 'country', 'gosaDepartment'], c: value, ...department };
    default:
      throw new Error(`Cannot create a base entry named by "${attr}"; create ${baseDN} yourself and run again.`);
  }
}

/** Create the FusionDirectory base layout where it is missing. Running it twice changes nothing. */
export async function bootstrapDirectory(o: BootstrapOptions): Promise<BootstrapResult> {
  const log = o.log ?? (() => {});
  const ldap = o.gateway;
  const created: string[] = [];
  const ensure = async (dn: string, attributes: Attrs) => {
    if ((await ldap.read(dn, ['1.1'])) !== null) return false;
    await ldap.add(dn, attributes);
    created.push(dn);
    return true;
  };
  const base = o.baseDN;
  const adminDN = `uid=fd-admin,ou=people,${base}`;
  {
    await ensure(base, baseEntryAttributes(base));
    for (const ou of ['people', 'groups', 'aclroles', 'fusiondirectory']) {
      await ensure(`ou=${ou},${base}`, { objectClass: 'organizationalUnit', ou });
    }
    await ensure(`ou=locks,ou=fusiondirectory,${base}`, { objectClass: 'organizationalUnit', ou: 'locks' });
    const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
    await ensure(`cn=config,ou=fusiondirectory,${base}`, {
      objectClass: CONFIG_OBJECT_CLASSES,
      ...defaultConfigAttributes(base, randomBytes(24).toString('base64url'), timezone),
    });
    for (const [cn, role] of Object.entries(DEFAULT_ACL_ROLES)) {
      await ensure(`cn=${cn},ou=aclroles,${base}`, { objectClass: ['top', 'gosaRole'], cn, description: role.description, gosaAclTemplate: role.template });
    }
    if (!(await hasSuperAdministrator(ldap, base))) {
      await ensure(adminDN, {
        objectClass: ['top', 'person', 'organizationalPerson', 'inetOrgPerson'],
        uid: 'fd-admin',
        givenName: 'System',
        sn: 'Administrator',
        cn: 'System Administrator',
        userPassword: hashSalted(o.adminPassword, 'SSHA'),
      });
      await assignSuperAdministrator(ldap, base, `cn=admin,ou=aclroles,${base}`, adminDN);
      created.push(`gosaAclEntry on ${base}`);
    }
    for (const dn of created) log(`created ${dn}`);
    return { created, adminDN };
  }
}

/** True when the base holds a subtree assignment of a role granting `all;cmdrw` (what FusionDirectory's setup checks). */
async function hasSuperAdministrator(ldap: LdapGateway, base: string): Promise<boolean> {
  const entry = await ldap.read(base, ['gosaAclEntry']);
  for (const value of entry?.get('gosaAclEntry') ?? []) {
    let assignment;
    try {
      assignment = parseAclAssignmentEntry(value);
    } catch (e) {
      if (e instanceof AclFormatError) continue;
      throw e;
    }
    if (assignment.scope !== 'subtree' || assignment.members.length === 0) continue;
    const role = await ldap.read(assignment.role, ['gosaAclTemplate']);
    if (role?.get('gosaAclTemplate').some(grantsEverything)) return true;
  }
  return false;
}

/** A role value `<i>:all;cmdrw…` grants every right on every object. */
export function grantsEverything(template: string): boolean {
  try {
    return parseAclRoleTemplate(template).objects.some((o) => o.object === 'all' && [...'cmdrw'].every((p) => o.permissions.includes(p)));
  } catch (e) {
    if (e instanceof AclFormatError) return false;
    throw e;
  }
}

async function assignSuperAdministrator(ldap: LdapGateway, base: string, roleDN: string, userDN: string): Promise<void> {
  const entry = await ldap.read(base, ['objectClass', 'gosaAclEntry']);
  const classes = (entry?.get('objectClass') ?? []).map((c) => c.toLowerCase());
  const existing = entry?.get('gosaAclEntry') ?? [];
  // FusionDirectory's tools write the four-field form for this assignment; priorities after existing ones.
  const value = `${existing.length}:subtree:${b64(roleDN)}:${b64(userDN)}`;
  await ldap.modify(base, [
    ...(classes.includes('gosaacl') ? [] : [{ operation: 'add' as const, attribute: 'objectClass', values: ['gosaAcl'] }]),
    { operation: 'add', attribute: 'gosaAclEntry', values: [value] },
  ]);
}
