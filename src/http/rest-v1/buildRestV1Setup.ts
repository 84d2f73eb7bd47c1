// Builds the services REST v1 answers with, one set per configured directory, from its gateway and its fd* configuration.
import type { OrchestratorConfig, SecondFactorConfig, SmtpConfig, WorkerConfig } from '../../config/types.ts';
import type { LdapGateway } from '../../ldap/LdapGateway.ts';
import { Registry } from '../../model/Registry.ts';
import type { PluginManifest } from '../../model/declarations.ts';
import { Nomenclatures } from '../../nomenclatures/Nomenclatures.ts';
import { installedPlugins } from '../../plugins/index.ts';
import { AclPolicy } from '../../services/acl/AclPolicy.ts';
import { AuditLog } from '../../services/audit/AuditLog.ts';
import { Authenticator } from '../../services/auth/Authenticator.ts';
import { LoginThrottle } from '../../services/auth/LoginThrottle.ts';
import { SessionRevocations } from '../../services/auth/SessionRevocations.ts';
import { SessionService, type SessionDirectory } from '../../services/auth/SessionService.ts';
import { PasswordRecovery } from '../../services/auth/PasswordRecovery.ts';
import { UserLockService } from '../../services/auth/UserLockService.ts';
import { EditLocks } from '../../services/locks/EditLocks.ts';
import { Mailer } from '../../services/mail/Mailer.ts';
import type { ListIndexes } from '../../services/objects/ListIndexes.ts';
import { ObjectService } from '../../services/objects/ObjectService.ts';
import { SecondFactorPolicy } from '../../services/secondFactor/SecondFactorPolicy.ts';
import { SiteConfig } from '../../services/SiteConfig.ts';
import { SnapshotService } from '../../services/snapshots/SnapshotService.ts';
import { taskObjectHooks } from '../../services/tasks/objectHooks.ts';
import { Prolongation } from '../../services/tasks/Prolongation.ts';
import { createTaskEngine } from '../../services/tasks/TaskEngine.ts';
import type { RestDirectory } from './RestDirectory.ts';
import type { RestV1Setup } from './restV1.ts';

/** One directory as the server knows it. */
export interface RestV1DirectorySource {
  name: string;
  base: string;
  /** Service-account gateway (owned by the caller, which closes it). */
  gateway: LdapGateway;
  ignoreAclDN?: string;
  /** In-memory list indexes for this directory (owned by the caller, which closes them). */
  indexes?: ListIndexes;
  /** Where its mails go (password recovery); without it, recovery by mail is unavailable. */
  smtp?: SmtpConfig;
  /** The address users reach the web interface at, for links in mails (`http.publicUrl`). */
  publicUrl?: string;
  /** Its `orchestrator:` block: the first directory with one answers /orchestrator/api (docs/orchestrator.md). */
  orchestrator?: OrchestratorConfig;
  /** Its `secondFactor:` block: who must have a second factor in the web interface (docs/second-factors.md). */
  secondFactor?: SecondFactorConfig;
}

export interface RestV1SetupOptions {
  directories: RestV1DirectorySource[];
  /** Session signing secret (see `loadSessionKey`). */
  sessionKey: Buffer;
  plugins?: PluginManifest[];
  throttle?: LoginThrottle;
  warn?: (message: string) => void;
  /** How a directory's configuration entry is read (default SiteConfig.load); tests change settings here. */
  loadConfig?: (gateway: LdapGateway, baseDN: string) => Promise<SiteConfig>;
  /** The value lists of every directory (trousseau.yaml `supann.nomenclatures`); default: the lists Trousseau ships. */
  nomenclatures?: Nomenclatures;
  /** Claim time and mail retries of the task engines (trousseau.yaml `worker:`). */
  worker?: WorkerConfig;
}

/**
 * Reads each directory's configuration entry and wires its services.
 * @example restV1(app, { setup: () => buildRestV1Setup({ directories, sessionKey }) })
 */
export async function buildRestV1Setup(options: RestV1SetupOptions): Promise<RestV1Setup> {
  const registry = new Registry(options.plugins ?? installedPlugins);
  const nomenclatures = options.nomenclatures ?? new Nomenclatures(options.warn ? { warn: options.warn } : {});
  const supann = registry.allTabs().some((t) => t.decl.objectClasses.some((oc) => oc.toLowerCase() === 'supannperson'));
  const directories: RestDirectory[] = [];
  const sessionDirectories: SessionDirectory[] = [];
  for (const source of options.directories) {
    const { gateway, base: baseDN } = source;
    const config = await (options.loadConfig ?? SiteConfig.load)(gateway, baseDN);
    const access = new AclPolicy({
      gateway,
      baseDN,
      ...(source.ignoreAclDN ? { ignoreAclDN: source.ignoreAclDN } : {}),
      targetFilterLimit: () => config.int('fdAclTargetFilterLimit', 100),
      ...(options.warn ? { warn: options.warn } : {}),
    });
    const lifetimeSeconds = config.int('fdSessionLifeTime', 1800);
    const locks = new EditLocks({ gateway, baseDN, lifetimeSeconds });
    const onWrite = (write: Parameters<AclPolicy['noticeWrite']>[0]) => access.noticeWrite(write);
    // The worker's changes go through object services of their own (activations, user refreshes).
    const hooks = taskObjectHooks({ gateway, baseDN, registry, config, nomenclatures, onWrite, ...(source.indexes ? { indexes: source.indexes } : {}) });
    const audit = registry.type('auditEvent') ? new AuditLog({ gateway, baseDN, config }) : undefined;
    const log = (level: 'info' | 'warn' | 'error', message: string) => {
      if (level !== 'info') options.warn?.(message);
    };
    const snapshots = new SnapshotService({ gateway, registry, config, access, onWrite, ...(source.indexes ? { indexes: source.indexes } : {}), ...(audit ? { audit } : {}) });
    directories.push({
      name: source.name,
      baseDN,
      gateway,
      config,
      access,
      objects: new ObjectService({ gateway, registry, config, access, nomenclatures, onWrite, ...(source.indexes ? { indexes: source.indexes } : {}), ...(audit ? { audit } : {}), beforeModify: (actor, obj) => snapshots.beforeModify(actor, obj) }),
      locks,
      snapshots,
      userLocks: new UserLockService({ gateway, access, baseDN, contributors: (options.plugins ?? installedPlugins).flatMap((p) => p.userLockContributors ?? []), ...(audit ? { audit } : {}) }),
      recovery: new PasswordRecovery({ gateway, config, access, supann, ...(audit ? { audit } : {}), ...(source.smtp ? { mailer: new Mailer(source.smtp) } : {}), ...(source.publicUrl ? { publicUrl: source.publicUrl } : {}) }),
      tasks: createTaskEngine(source, { hooks, log, ...(options.worker ? { worker: options.worker } : {}) }),
      prolongation: new Prolongation({ gateway, baseDN, hooks, log }),
      ...(source.orchestrator ? { orchestrator: source.orchestrator } : {}),
      ...(audit ? { audit } : {}),
      ...(source.secondFactor?.requiredFor.length ? { secondFactorPolicy: new SecondFactorPolicy({ gateway, requiredFor: source.secondFactor.requiredFor, ...(options.warn ? { warn: options.warn } : {}) }) } : {}),
    });
    sessionDirectories.push({
      name: source.name,
      authenticator: new Authenticator({ gateway, config, access, ...(options.warn ? { warn: options.warn } : {}) }),
      revocations: new SessionRevocations({ gateway, baseDN }),
      lifetimeSeconds,
      locks,
      ...(audit ? { audit } : {}),
    });
  }
  const sessions = new SessionService({ key: options.sessionKey, directories: sessionDirectories, throttle: options.throttle ?? new LoginThrottle() });
  return { directories, sessions };
}
