// The shapes shared by the task engine, its processors, the worker, the orchestrator API and the dashboard
// (fd-orchestrator-tools.md §1.4–§1.6, fd-core.md §8). The LDAP layout is FusionDirectory's, unchanged.
import type { LdapGateway } from '../../ldap/LdapGateway.ts';
import type { SmtpConfig } from '../../config/types.ts';

/** The PATCH endpoints of the orchestrator that process one type of sub-task. */
export type TaskEndpoint = 'mail' | 'lifeCycle' | 'notifications' | 'reminder' | 'audit';

/** `fdTasksGranularType` of each endpoint, exactly as FusionDirectory writes it. */
export const GRANULAR_TYPES: Record<TaskEndpoint, string> = {
  mail: 'Mail Object',
  lifeCycle: 'Life Cycle',
  notifications: 'Notifications',
  reminder: 'Reminder',
  audit: 'Audit',
};

/** The `<T>` of the orchestrator's 404 `Task object type : <T> not found` (its own spelling per endpoint). */
export const NOT_FOUND_NAMES: Record<TaskEndpoint, string> = {
  mail: 'Mail Object',
  lifeCycle: 'lifeCycle',
  notifications: 'notifications',
  reminder: 'reminder',
  audit: 'Audit',
};

/** Status values (fd-orchestrator-tools.md §1.5.3): anything else is a failure, the value being the error text. */
export const STATUS_SCHEDULED = '1';
export const STATUS_COMPLETED = '2';
/**
 * A sub-task a worker is processing: `fdTasksGranularStatus: claimed <owner> until <unix seconds>`. FusionDirectory
 * and its orchestrator read it as "failed" and leave it alone; Trousseau's workers take it back after the time.
 */
export const CLAIM_PREFIX = 'claimed ';

/** One `fdTasksGranular` entry, read. */
export interface SubTask {
  dn: string;
  cn: string;
  /** `fdTasksGranularType`. */
  type: string;
  /** `fdTasksGranularStatus` (first value). */
  status: string;
  /** `fdTasksGranularSchedule`: `YYYYMMDDhhmmss`, wall-clock time in the directory's `fdTimezone`. */
  schedule: string;
  /** `fdTasksGranularMaster`: the main task's DN. */
  master: string;
  /** `fdTasksGranularMail`: recipient addresses (mail tasks). */
  mail: string[];
  mailFrom?: string;
  bcc?: string;
  /** `fdTasksGranularRef`: the template's cn (mail), the audit events' DNs (notifications). */
  ref: string[];
  /** `fdTasksGranularDN`: the target entry (life cycle, reminder, notifications; `auditRetentionTask` for audit). */
  targetDn?: string;
  /** `fdTasksGranularHelper`: e.g. the reminder's `[days before the end]`. */
  helper: string[];
}

/** A mail template (`cn=<name>,ou=mailTemplate,<base>`) with its attachments (child `fdMailAttachments` entries). */
export interface MailTemplate {
  dn: string;
  name: string;
  subject: string;
  body: string;
  signature?: string;
  readReceipt: boolean;
  attachments: Array<{ name: string; content: Buffer }>;
}

/** What one processing pass of one endpoint did. */
export interface ProcessorRun {
  /** No sub-task of this type exists at all: the orchestrator answers 404 `Task object type : <T> not found`. */
  noneOfType: boolean;
  /**
   * The orchestrator's answer body (§1.6), before JSON encoding: an object keyed by sub-task DN, a list, or a
   * message string. `null` when nothing was processed ("No results received from the endpoint…").
   */
  result: unknown;
  /** Sub-tasks completed, failed, and removed (not needing processing) by this pass. */
  completed: number;
  failed: number;
  removed: number;
}

/** The task settings of the configuration entry (`fdTasksConf`, `fdTimezone`), read at the start of a pass. */
export interface TaskSettings {
  /** `fdTasksRDN` + base: where main tasks and sub-tasks live. */
  tasksBase: string;
  /** `fdMailTemplateRDN` + base. */
  mailTemplateBase: string;
  /** `fdTimezone` (IANA name), default `UTC`. */
  timezone: string;
  /** `fdTasksConfMaxEmails`, default 50; 0 means no limit. */
  maxEmails: number;
  /** `fdTasksConfIntervalEmails`, minutes between two mail runs; 0 or absent means no interval. */
  intervalMinutes: number;
  /** `fdTasksConfLastExecTime` (unix seconds), 0 when absent. */
  lastExecTime: number;
}

/** Everything a processor needs for one pass. */
export interface TaskRunContext {
  gateway: LdapGateway;
  baseDN: string;
  settings: TaskSettings;
  /** The clock (tests move it). */
  now(): Date;
  /** Where mail goes; absent: mail, notification and reminder sub-tasks fail with a clear message. */
  smtp?: SmtpConfig;
  /** The address users reach the web interface at, for links in mails (account prolongation). */
  publicUrl?: string;
  /** Who is processing: a worker's id, or `orchestrator` for the PATCH endpoints. Written in claims. */
  owner: string;
  /** Seconds a claim lasts. */
  claimSeconds: number;
  /** Temporary SMTP failures: attempts and the first retry delay (ms), multiplied by 4 each time. */
  mailAttempts: number;
  retryDelayMs: number;
  log(level: 'info' | 'warn' | 'error', message: string): void;
  /** Set when the worker is stopping: a processor finishes the sub-task in hand and starts no other. */
  signal?: AbortSignal;
  /**
   * The object layer (life cycle: re-save the user after its state changed). Without it, the life cycle still writes
   * the state, its projection and the `{COMPTE}` password lock itself; other tabs' derived values are not redone.
   */
  hooks?: TaskObjectHooks;
}

/** One processor per endpoint; the worker and the orchestrator's PATCH share them. */
export interface TaskProcessor {
  endpoint: TaskEndpoint;
  run(context: TaskRunContext): Promise<ProcessorRun>;
}

/** What the orchestrator API and the dashboard ask of a directory's task engine (src/services/tasks/TaskEngine.ts). */
export interface TaskRunner {
  /** One pass of one endpoint's processor over the due sub-tasks of its type (`PATCH /tasks/<endpoint>`). */
  runEndpoint(endpoint: TaskEndpoint, owner?: string): Promise<ProcessorRun>;
  /** Delete completed sub-tasks (`PATCH /tasks/removeSubTasks`): `{<dn>: {result: true}}` or `["No completed sub-tasks were removed."]`. */
  removeCompleted(master?: string): Promise<ProcessorRun>;
  /** Re-activate repeatable tasks whose cycle has come (`PATCH /tasks/activateCyclicTasks`), results as §1.6.7. */
  activateCyclic(): Promise<ProcessorRun>;
  /** The dashboard's "Run now": a main task's scheduled sub-tasks processed at once (TaskEngine). */
  runNow?(masterDn: string): Promise<ProcessorRun>;
  /** The dashboard's "Renew": failed sub-tasks back to `1`; the DNs renewed (TaskEngine). */
  renew?(dns: string[]): Promise<string[]>;
}

/**
 * What the engine asks of the object layer (ObjectService, as the service account), so that tasks are activated and
 * users re-saved exactly as a save in the UI or REST would: sub-tasks generated by the task's tabs, SupAnn values
 * and the account lock recomputed.
 */
export interface TaskObjectHooks {
  /** Save the main task with `fdSubTasksActivation: TRUE`: its type tab creates the sub-tasks, `fdTasksLastExec` is stamped. */
  activateTask(taskDn: string): Promise<void>;
  /** Open and save a user unchanged but for its derived values (FusionDirectory's `PATCH /objects/user/<dn>` with `[]`). */
  refreshUser(userDn: string): Promise<void>;
}
