// What the task engine asks of the object layer, done through an ObjectService of its own acting as the worker: a
// task activation is the save a user would make with "Activate at save" ticked (the type tab creates the
// sub-tasks), a user refresh is a save of the unchanged user (SupAnn values and the account lock recomputed), as
// FusionDirectory's orchestrator asks its REST API (fd-orchestrator-tools.md §1.10).
import type { LdapGateway } from '../../ldap/LdapGateway.ts';
import type { Registry } from '../../model/Registry.ts';
import type { Nomenclatures } from '../../nomenclatures/Nomenclatures.ts';
import { SuperAdministratorPolicy, type Actor } from '../AccessPolicy.ts';
import type { ListIndexes } from '../objects/ListIndexes.ts';
import { ObjectService, type ObjectWrite } from '../objects/ObjectService.ts';
import type { SiteConfig } from '../SiteConfig.ts';
import type { TaskObjectHooks } from './types.ts';

export interface TaskObjectHooksOptions {
  gateway: LdapGateway;
  baseDN: string;
  registry: Registry;
  config: SiteConfig;
  nomenclatures?: Nomenclatures;
  indexes?: ListIndexes;
  onWrite?: (write: ObjectWrite) => void;
}

/** The author of the worker's changes (in triggers' callerDN, and in audit events). */
export function workerActor(baseDN: string): Actor {
  return { dn: `cn=trousseau-worker,${baseDN}` };
}

export function taskObjectHooks(options: TaskObjectHooksOptions): TaskObjectHooks {
  const actor = workerActor(options.baseDN);
  const objects = new ObjectService({
    gateway: options.gateway,
    registry: options.registry,
    config: options.config,
    access: new SuperAdministratorPolicy(options.gateway, options.baseDN, actor.dn),
    ...(options.nomenclatures ? { nomenclatures: options.nomenclatures } : {}),
    ...(options.indexes ? { indexes: options.indexes } : {}),
    ...(options.onWrite ? { onWrite: options.onWrite } : {}),
  });
  return {
    async activateTask(taskDn) {
      const task = await objects.open(actor, 'tasks', taskDn);
      await objects.setValues(actor, task, 'tasks', { fdSubTasksActivation: true });
      await objects.save(actor, task);
    },
    async refreshUser(userDn) {
      const user = await objects.open(actor, 'user', userDn);
      await objects.save(actor, user);
    },
  };
}
