// The task engine of one directory: runs the processors of sub-tasks (mail, audit, and those of other plugins),
// removes completed sub-tasks, re-activates repeatable tasks, and makes one worker pass of all that
// (fd-orchestrator-tools.md §1.6). The orchestrator API, the dashboard and the worker all go through it.
import type { LdapGateway } from '../../ldap/LdapGateway.ts';
import type { LdapEntry } from '../../ldap/LdapEntry.ts';
import { and, eq } from '../../ldap/filter.ts';
import { NoSuchObjectError } from '../../ldap/errors.ts';
import type { SmtpConfig, WorkerConfig } from '../../config/types.ts';
import { DEFAULT_WORKER_CONFIG } from '../../config/types.ts';
import { cycleScheduleOf, isCycleDue, parseCompactTime, parseFdDateTime } from './localTime.ts';
import { defaultProcessors } from './processors/index.ts';
import { readTaskSettings } from './settings.ts';
import { purgeByConfiguration } from '../audit/auditRetention.ts';
import { TaskStore } from './TaskStore.ts';
import {
  GRANULAR_TYPES,
  STATUS_SCHEDULED,
  type ProcessorRun,
  type TaskEndpoint,
  type TaskObjectHooks,
  type TaskProcessor,
  type TaskRunContext,
  type TaskRunner,
  type TaskSettings,
} from './types.ts';

export type TaskLog = (level: 'info' | 'warn' | 'error', message: string) => void;

export interface TaskEngineOptions {
  gateway: LdapGateway;
  baseDN: string;
  /** Where mail goes; without it mail sub-tasks fail with a clear message. */
  smtp?: SmtpConfig;
  publicUrl?: string;
  /** Default: every registered processor ({@link defaultProcessors}). */
  processors?: TaskProcessor[];
  /** How tasks are activated and users refreshed (the object layer); without them, cyclic tasks cannot be activated. */
  hooks?: TaskObjectHooks;
  /** Claim time and mail retries (default DEFAULT_WORKER_CONFIG). */
  worker?: WorkerConfig;
  /** The clock (tests). */
  now?: () => Date;
  log?: TaskLog;
}

/** What one worker pass did on a directory. */
export interface PassSummary {
  /** Expired claims set back to scheduled. */
  reclaimed: number;
  /** Repeatable tasks activated. */
  activated: number;
  /** Per endpoint that had something to do: sub-tasks completed, failed, removed. */
  endpoints: Partial<Record<TaskEndpoint, { completed: number; failed: number; removed: number }>>;
  /** Steps that failed as a whole (the others still ran). */
  errors: string[];
  /** Audit events deleted by the configured retention (`worker.auditRetentionDays`), when any. */
  auditRemoved?: number;
}

const emptyRun = (): ProcessorRun => ({ noneOfType: false, result: null, completed: 0, failed: 0, removed: 0 });

const ENDPOINT_OF_TYPE = new Map<string, TaskEndpoint>(Object.entries(GRANULAR_TYPES).map(([endpoint, type]) => [type, endpoint as TaskEndpoint]));

/**
 * A directory's task engine.
 * @example const engine = new TaskEngine({ gateway, baseDN, smtp }); await engine.runEndpoint('mail', 'orchestrator');
 */
export class TaskEngine implements TaskRunner {
  readonly gateway: LdapGateway;
  readonly baseDN: string;
  private readonly options: TaskEngineOptions;
  private readonly worker: WorkerConfig;
  private readonly now: () => Date;
  private readonly log: TaskLog;
  private processors?: Promise<TaskProcessor[]>;

  constructor(options: TaskEngineOptions) {
    this.options = options;
    this.gateway = options.gateway;
    this.baseDN = options.baseDN;
    this.worker = options.worker ?? DEFAULT_WORKER_CONFIG;
    this.now = options.now ?? (() => new Date());
    this.log = options.log ?? (() => {});
    if (options.processors) this.processors = Promise.resolve(options.processors);
  }

  /** The processors this engine runs. */
  processorList(): Promise<TaskProcessor[]> {
    this.processors ??= defaultProcessors();
    return this.processors;
  }

  /** The settings of the configuration entry, read now. */
  settings(): Promise<TaskSettings> {
    return readTaskSettings(this.gateway, this.baseDN, (m) => this.log('warn', m));
  }

  private context(settings: TaskSettings, owner: string, signal?: AbortSignal): TaskRunContext {
    return {
      gateway: this.gateway,
      baseDN: this.baseDN,
      settings,
      now: this.now,
      ...(this.options.smtp ? { smtp: this.options.smtp } : {}),
      ...(this.options.publicUrl ? { publicUrl: this.options.publicUrl } : {}),
      owner,
      claimSeconds: this.worker.claimSeconds,
      mailAttempts: this.worker.mailAttempts,
      retryDelayMs: this.worker.retryDelayMs,
      log: this.log,
      ...(signal ? { signal } : {}),
      ...(this.options.hooks ? { hooks: this.options.hooks } : {}),
    };
  }

  private store(settings: TaskSettings): TaskStore {
    return new TaskStore(this.gateway, settings.tasksBase, settings.timezone);
  }

  /** One pass of one endpoint's processor (`PATCH /tasks/<endpoint>`). An endpoint without processor has nothing. */
  async runEndpoint(endpoint: TaskEndpoint, owner = 'orchestrator', signal?: AbortSignal): Promise<ProcessorRun> {
    const processor = (await this.processorList()).find((p) => p.endpoint === endpoint);
    if (!processor) return { ...emptyRun(), noneOfType: true };
    return processor.run(this.context(await this.settings(), owner, signal));
  }

  /** Delete completed sub-tasks (`PATCH /tasks/removeSubTasks`, §1.6.6). */
  async removeCompleted(master?: string): Promise<ProcessorRun> {
    const settings = await this.settings();
    const result: Record<string, { result: true }> = {};
    const run = emptyRun();
    await this.store(settings).deleteCompleted((dn) => {
      result[dn] = { result: true };
      run.removed++;
    }, master);
    run.result = run.removed > 0 ? result : ['No completed sub-tasks were removed.'];
    return run;
  }

  /**
   * Activate repeatable tasks whose cycle has come (`PATCH /tasks/activateCyclicTasks`, §1.6.7), through
   * `hooks.activateTask`. The cycle is calendar arithmetic (a month is a calendar month, see localTime.ts).
   */
  async activateCyclic(): Promise<ProcessorRun> {
    const settings = await this.settings();
    const run = emptyRun();
    let tasks: LdapEntry[];
    try {
      // Under the whole base, as FusionDirectory's orchestrator searches (main tasks may live in departments).
      tasks = await this.gateway.searchAll(this.baseDN, {
        filter: and(eq('objectClass', 'fdTasks'), eq('fdTasksRepeatable', 'TRUE')),
        attributes: ['fdTasksRepeatableSchedule', 'fdTasksLastExec', 'fdTasksScheduleDate'],
      });
    } catch (e) {
      if (!(e instanceof NoSuchObjectError)) throw e;
      tasks = [];
    }
    if (tasks.length === 0) {
      run.result = ['No tasks require activation.'];
      return run;
    }
    const now = this.now();
    const result: Record<string, Record<string, string>> = {};
    for (const task of tasks) {
      const schedule = parseCompactTime(task.first('fdTasksScheduleDate'), settings.timezone);
      // A task without schedule counts as due, as in FusionDirectory.
      if (schedule && schedule.getTime() > now.getTime()) {
        result[task.dn] = { Status: 'This cyclic task has yet to reach its next execution cycle.' };
        continue;
      }
      const lastExecText = task.first('fdTasksLastExec') ?? '';
      if (lastExecText !== '') {
        const cycle = cycleScheduleOf(task.first('fdTasksRepeatableSchedule'));
        if (!cycle) continue;
        const lastExec = parseFdDateTime(lastExecText, settings.timezone);
        if (lastExec && !isCycleDue(lastExec, cycle, now, settings.timezone)) {
          result[task.dn] = { lastExecFailed: 'This cyclic task has yet to reached its next execution cycle.' };
          continue;
        }
      }
      if (!this.options.hooks) {
        result[task.dn] = { Error: 'This task cannot be activated: the task engine of this directory has no object layer to activate tasks with.' };
        continue;
      }
      try {
        await this.options.hooks.activateTask(task.dn);
        result[task.dn] = { result: 'Task has been activated successfully' };
        run.completed++;
      } catch (e) {
        result[task.dn] = { Error: e instanceof Error ? e.message : String(e) };
        run.failed++;
      }
    }
    run.result = Object.keys(result).length > 0 ? result : null;
    return run;
  }

  /** Renew failed sub-tasks (dashboard "Renew": status back to `1`); returns the DNs renewed. */
  async renew(dns: string[]): Promise<string[]> {
    const settings = await this.settings();
    return this.store(settings).renew(dns, this.now());
  }

  /**
   * Run a main task's scheduled sub-tasks now: their schedule is set to one second ago, then their endpoint runs
   * (with its usual limits: the mail interval and maximum still apply).
   */
  async runNow(masterDn: string, owner = 'orchestrator'): Promise<ProcessorRun> {
    const settings = await this.settings();
    const store = this.store(settings);
    const scheduled = (await store.ofMaster(masterDn)).filter((s) => s.status === STATUS_SCHEDULED);
    await store.advanceSchedule(scheduled, this.now());
    const endpoints = [...new Set(scheduled.map((s) => ENDPOINT_OF_TYPE.get(s.type)).filter((e): e is TaskEndpoint => e !== undefined))];
    const merged = emptyRun();
    for (const endpoint of endpoints) {
      const run = await this.runEndpoint(endpoint, owner);
      merged.completed += run.completed;
      merged.failed += run.failed;
      merged.removed += run.removed;
      if (run.result !== null) {
        merged.result =
          merged.result && typeof merged.result === 'object' && !Array.isArray(merged.result) && typeof run.result === 'object' && !Array.isArray(run.result)
            ? { ...(merged.result as object), ...(run.result as object) }
            : run.result;
      }
    }
    return merged;
  }

  /** One worker pass: take back expired claims, activate due repeatable tasks, then run every endpoint's processor. */
  async pass(owner: string, signal?: AbortSignal): Promise<PassSummary> {
    const summary: PassSummary = { reclaimed: 0, activated: 0, endpoints: {}, errors: [] };
    const step = async (name: string, fn: () => Promise<void>) => {
      if (signal?.aborted) return;
      try {
        await fn();
      } catch (e) {
        const message = `${name}: ${e instanceof Error ? e.message : String(e)}`;
        summary.errors.push(message);
        this.log('error', message);
      }
    };
    await step('reclaim', async () => {
      const settings = await this.settings();
      const back = await this.store(settings).reclaimExpired(this.now());
      summary.reclaimed = back.length;
      for (const dn of back) this.log('warn', `claim expired, sub-task scheduled again: ${dn}`);
    });
    // Without the object layer, activation cannot happen: skip it rather than fail every pass.
    if (this.options.hooks) {
      await step('activateCyclicTasks', async () => {
        summary.activated = (await this.activateCyclic()).completed;
      });
    }
    // Retention by configuration (worker.auditRetentionDays; absent or 0: for ever), besides the audit task.
    const retention = this.worker.auditRetentionDays ?? 0;
    if (retention > 0) {
      await step('auditRetention', async () => {
        const deleted = await purgeByConfiguration(this.gateway, this.baseDN, retention, this.now(), signal);
        if (deleted > 0) {
          summary.auditRemoved = deleted;
          this.log('info', `audit retention ${retention} days (configuration): ${deleted} event(s) removed`);
        }
      });
    }
    for (const processor of await this.processorList()) {
      await step(processor.endpoint, async () => {
        const run = await this.runEndpoint(processor.endpoint, owner, signal);
        if (run.completed + run.failed + run.removed > 0) summary.endpoints[processor.endpoint] = { completed: run.completed, failed: run.failed, removed: run.removed };
      });
    }
    return summary;
  }
}

/** What {@link createTaskEngine} needs of a directory (the shape the server already builds per directory). */
export interface TaskEngineSource {
  name?: string;
  base: string;
  gateway: LdapGateway;
  smtp?: SmtpConfig;
  publicUrl?: string;
}

/**
 * The task engine of a configured directory.
 * @example createTaskEngine({ base: d.base, gateway, smtp: d.smtp }, { worker: config.worker, hooks })
 */
export function createTaskEngine(source: TaskEngineSource, options: Omit<TaskEngineOptions, 'gateway' | 'baseDN' | 'smtp' | 'publicUrl'> = {}): TaskEngine {
  return new TaskEngine({
    ...options,
    gateway: source.gateway,
    baseDN: source.base,
    ...(source.smtp ? { smtp: source.smtp } : {}),
    ...(source.publicUrl ? { publicUrl: source.publicUrl } : {}),
  });
}
