// What the REST API needs of one directory (FusionDirectory "location"): its services, built once at start.
import type { OrchestratorConfig } from '../../config/types.ts';
import type { LdapGateway } from '../../ldap/LdapGateway.ts';
import type { AccessPolicy } from '../../services/AccessPolicy.ts';
import type { AuditLog } from '../../services/audit/AuditLog.ts';
import type { PasswordRecovery } from '../../services/auth/PasswordRecovery.ts';
import type { UserLockService } from '../../services/auth/UserLockService.ts';
import type { EditLocks } from '../../services/locks/EditLocks.ts';
import type { ObjectService } from '../../services/objects/ObjectService.ts';
import type { SecondFactorPolicy } from '../../services/secondFactor/SecondFactorPolicy.ts';
import type { SiteConfig } from '../../services/SiteConfig.ts';
import type { SnapshotService } from '../../services/snapshots/SnapshotService.ts';
import type { Prolongation } from '../../services/tasks/Prolongation.ts';
import type { TaskEngine } from '../../services/tasks/TaskEngine.ts';

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
  /** The directory's `orchestrator:` block: the first directory with one serves /orchestrator/api (docs/orchestrator.md). */
  orchestrator?: OrchestratorConfig;
  /** The directory's task engine (the orchestrator's PATCH /tasks/… endpoints, the dashboard). */
  tasks?: TaskEngine;
  /** Account prolongation with reminder links (/ui/api/prolongation); absent: that page answers 501. */
  prolongation?: Prolongation;
  /** The audit trail (plugin audit): written by the services, read by /ui/api/audit. */
  audit?: AuditLog;
  /** Who must have a second factor (`secondFactor.requiredFor`, docs/second-factors.md); absent: nobody. */
  secondFactorPolicy?: SecondFactorPolicy;
  /** Snapshots of objects (/ui/api/snapshots, docs/snapshots.md); absent: those routes answer 501. */
  snapshots?: SnapshotService;
}
