// What the REST API needs of one directory (FusionDirectory "location"): its services, built once at start.
import type { LdapGateway } from '../../ldap/LdapGateway.ts';
import type { AccessPolicy } from '../../services/AccessPolicy.ts';
import type { PasswordRecovery } from '../../services/auth/PasswordRecovery.ts';
import type { UserLockService } from '../../services/auth/UserLockService.ts';
import type { EditLocks } from '../../services/locks/EditLocks.ts';
import type { ObjectService } from '../../services/objects/ObjectService.ts';
import type { SiteConfig } from '../../services/SiteConfig.ts';

export interface RestDirectory {
  /** Location name (the `directory` of `/login`, a key of `/directories`). */
  name: string;
  baseDN: string;
  /** Service-account gateway. */
  gateway: LdapGateway;
  config: SiteConfig;
  access: AccessPolicy;
  objects: ObjectService;
  locks: EditLocks;
  userLocks: UserLockService;
  recovery: PasswordRecovery;
}
