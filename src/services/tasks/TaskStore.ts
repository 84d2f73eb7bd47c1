// LDAP access to sub-tasks (`fdTasksGranular` under the tasks base): due ones of a type, atomic claims, status writes
// as FusionDirectory's orchestrator makes them (fd-orchestrator-tools.md §1.5, §1.6.6, §1.9), expired-claim recovery.
import { and, eq, not, type FilterNode } from '../../ldap/filter.ts';
import type { LdapChange, LdapGateway } from '../../ldap/LdapGateway.ts';
import type { LdapEntry } from '../../ldap/LdapEntry.ts';
import { AttributeOrValueExistsError, NoSuchAttributeError, NoSuchObjectError, ConstraintViolationError } from '../../ldap/errors.ts';
import { formatCompactTime, parseCompactTime } from './localTime.ts';
import { CLAIM_PREFIX, STATUS_COMPLETED, STATUS_SCHEDULED, type SubTask, type TaskRunContext } from './types.ts';

const STATUS = 'fdTasksGranularStatus';
const IS_SUBTASK = eq('objectClass', 'fdTasksGranular');

/** The attributes of a sub-task Trousseau reads. */
export const SUBTASK_ATTRIBUTES = [
  'cn', 'fdTasksGranularType', 'fdTasksGranularStatus', 'fdTasksGranularSchedule', 'fdTasksGranularMaster', 'fdTasksGranularMail',
  'fdTasksGranularMailFrom', 'fdTasksGranularMailBCC', 'fdTasksGranularRef', 'fdTasksGranularDN', 'fdTasksGranularHelper',
];

/** A sub-task entry as a {@link SubTask}. */
export function subTaskOf(entry: LdapEntry): SubTask {
  const sub: SubTask = {
    dn: entry.dn,
    cn: entry.first('cn') ?? '',
    type: entry.first('fdTasksGranularType') ?? '',
    status: entry.first(STATUS) ?? '',
    schedule: entry.first('fdTasksGranularSchedule') ?? '',
    master: entry.first('fdTasksGranularMaster') ?? '',
    mail: entry.get('fdTasksGranularMail'),
    ref: entry.get('fdTasksGranularRef'),
    helper: entry.get('fdTasksGranularHelper'),
  };
  const from = entry.first('fdTasksGranularMailFrom');
  if (from !== undefined) sub.mailFrom = from;
  const bcc = entry.first('fdTasksGranularMailBCC');
  if (bcc !== undefined && bcc !== '') sub.bcc = bcc;
  const target = entry.first('fdTasksGranularDN');
  if (target !== undefined) sub.targetDn = target;
  return sub;
}

/** A claim value read back: who holds the sub-task and until when (unix seconds). */
export interface Claim {
  owner: string;
  until: number;
}

/** `claimed <owner> until <unix seconds>` parsed, or undefined for any other status. */
export function parseClaim(status: string): Claim | undefined {
  const m = /^claimed (\S+) until (\d+)$/.exec(status);
  return m ? { owner: m[1]!, until: Number(m[2]) } : undefined;
}

/** The status value of a claim. */
export const claimValue = (owner: string, until: number): string => `${CLAIM_PREFIX}${owner} until ${until}`;

/** Status `1` and a schedule strictly earlier than now (schedule read in `timeZone`); an empty schedule is never due. */
export function isDue(sub: Pick<SubTask, 'status' | 'schedule'>, now: Date, timeZone: string): boolean {
  if (sub.status !== STATUS_SCHEDULED) return false;
  const at = parseCompactTime(sub.schedule, timeZone);
  return at !== undefined && at.getTime() < now.getTime();
}

/** Someone else changed the value first: the claim (or swap) was lost, not an error. */
const isLostRace = (e: unknown): boolean =>
  e instanceof NoSuchAttributeError || e instanceof ConstraintViolationError || e instanceof AttributeOrValueExistsError || e instanceof NoSuchObjectError;

/**
 * Sub-tasks of one directory.
 * @example const store = new TaskStore(gateway, settings.tasksBase, settings.timezone);
 * for (const sub of await store.due('Mail Object', new Date())) if (await store.claim(sub, owner, until)) { … }
 */
export class TaskStore {
  constructor(
    private readonly gateway: LdapGateway,
    /** Where sub-tasks are looked for: the tasks branch of the base (fdTasksRDN), docs/compatibility.md. */
    readonly searchBase: string,
    readonly timeZone: string,
  ) {}

  /** The store of a processing pass. */
  static of(context: Pick<TaskRunContext, 'gateway' | 'settings' | 'baseDN'>): TaskStore {
    return new TaskStore(context.gateway, context.settings.tasksBase, context.settings.timezone);
  }

  /**
   * Claim a sub-task for a processing pass (owner and claim time from the context); answers the release function's
   * arguments, or undefined when another worker has it.
   */
  async claimFor(context: Pick<TaskRunContext, 'owner' | 'claimSeconds' | 'now'>, sub: Pick<SubTask, 'dn'>): Promise<{ owner: string; until: number } | undefined> {
    const until = Math.floor(context.now().getTime() / 1000) + context.claimSeconds;
    return (await this.claim(sub, context.owner, until)) ? { owner: context.owner, until } : undefined;
  }

  private async listOf(filter: FilterNode): Promise<SubTask[]> {
    try {
      const out: SubTask[] = [];
      for await (const page of this.gateway.searchPages(this.searchBase, { filter, attributes: SUBTASK_ATTRIBUTES })) out.push(...page.map(subTaskOf));
      return out;
    } catch (e) {
      if (e instanceof NoSuchObjectError) return [];
      throw e;
    }
  }

  /** Whether any sub-task of this type exists (else the orchestrator answers 404). */
  async hasAnyOfType(type: string): Promise<boolean> {
    try {
      for await (const page of this.gateway.searchPages(this.searchBase, { filter: and(IS_SUBTASK, eq('fdTasksGranularType', type)), attributes: ['1.1'], pageSize: 1 })) {
        if (page.length > 0) return true;
      }
      return false;
    } catch (e) {
      if (e instanceof NoSuchObjectError) return false;
      throw e;
    }
  }

  /** Due sub-tasks of a type (`fdTasksGranularType`), in directory order. */
  async due(type: string, now: Date): Promise<SubTask[]> {
    const scheduled = await this.listOf(and(IS_SUBTASK, eq('fdTasksGranularType', type), eq(STATUS, STATUS_SCHEDULED)));
    return scheduled.filter((s) => isDue(s, now, this.timeZone));
  }

  /** Sub-tasks of one main task (by `fdTasksGranularMaster`). */
  async ofMaster(masterDn: string): Promise<SubTask[]> {
    return this.listOf(and(IS_SUBTASK, eq('fdTasksGranularMaster', masterDn)));
  }

  /** One sub-task, or null. */
  async read(dn: string): Promise<SubTask | null> {
    const entry = await this.gateway.read(dn, SUBTASK_ATTRIBUTES, { filter: IS_SUBTASK });
    return entry ? subTaskOf(entry) : null;
  }

  /**
   * Claim a scheduled sub-task: one modify deleting the value `1` and adding `claimed <owner> until <until>`. Only one
   * of several workers can delete the `1`; the others get noSuchAttribute and this answers false.
   */
  async claim(sub: Pick<SubTask, 'dn'>, owner: string, until: number): Promise<boolean> {
    return this.swapStatus(sub.dn, STATUS_SCHEDULED, claimValue(owner, until));
  }

  /** Replace one status value by another atomically (delete old value + add new); false when the old one is gone. */
  private async swapStatus(dn: string, from: string, to: string): Promise<boolean> {
    try {
      await this.gateway.modify(dn, [
        { operation: 'delete', attribute: STATUS, values: [from] },
        { operation: 'add', attribute: STATUS, values: [to] },
      ]);
      return true;
    } catch (e) {
      if (isLostRace(e)) return false;
      throw e;
    }
  }

  /** Write a final status as FusionDirectory's orchestrator does: replace `cn` (same value) and the status. */
  async setStatus(sub: Pick<SubTask, 'dn' | 'cn'>, status: string): Promise<void> {
    const changes: LdapChange[] = [];
    if (sub.cn !== '') changes.push({ operation: 'replace', attribute: 'cn', values: [sub.cn] });
    changes.push({ operation: 'replace', attribute: STATUS, values: [status] });
    await this.gateway.modify(sub.dn, changes);
  }

  /** Status `2`. */
  complete(sub: Pick<SubTask, 'dn' | 'cn'>): Promise<void> {
    return this.setStatus(sub, STATUS_COMPLETED);
  }

  /** Status = the error text (never `1` or `2`, never looking like a claim, never empty). */
  fail(sub: Pick<SubTask, 'dn' | 'cn'>, message: string): Promise<void> {
    let text = message.replace(/\s+/g, ' ').trim() || 'Failed';
    if (text === STATUS_SCHEDULED || text === STATUS_COMPLETED || text.startsWith(CLAIM_PREFIX)) text = `Error: ${text}`;
    return this.setStatus(sub, text);
  }

  /** Give a claimed sub-task back (status `1`), only if the claim is still this one. */
  release(sub: Pick<SubTask, 'dn'>, owner: string, until: number): Promise<boolean> {
    return this.swapStatus(sub.dn, claimValue(owner, until), STATUS_SCHEDULED);
  }

  /**
   * Set every claim whose time has passed back to `1` (delete the old claim value + add `1`, so that two workers
   * reclaiming at once do not both win). Returns the DNs taken back.
   */
  async reclaimExpired(now: Date): Promise<string[]> {
    // fdTasksGranularStatus has no SUBSTR rule: find what is neither scheduled nor completed, then look.
    const others = await this.listOf(and(IS_SUBTASK, not(eq(STATUS, STATUS_SCHEDULED)), not(eq(STATUS, STATUS_COMPLETED))));
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const back: string[] = [];
    for (const sub of others) {
      const claim = parseClaim(sub.status);
      if (claim && claim.until < nowSeconds && (await this.swapStatus(sub.dn, sub.status, STATUS_SCHEDULED))) back.push(sub.dn);
    }
    return back;
  }

  /**
   * Renew failed sub-tasks (FusionDirectory's dashboard action "Renew"): status back to `1`. A scheduled, completed
   * or currently claimed sub-task is left as it is. Returns the DNs renewed.
   */
  async renew(dns: string[], now: Date): Promise<string[]> {
    const renewed: string[] = [];
    const nowSeconds = Math.floor(now.getTime() / 1000);
    for (const dn of dns) {
      const sub = await this.read(dn);
      if (!sub || sub.status === STATUS_SCHEDULED || sub.status === STATUS_COMPLETED) continue;
      const claim = parseClaim(sub.status);
      if (claim && claim.until >= nowSeconds) continue;
      await this.setStatus(sub, STATUS_SCHEDULED);
      renewed.push(sub.dn);
    }
    return renewed;
  }

  /** Make scheduled sub-tasks due now: schedule = one second before `now`, in the directory's zone. */
  async advanceSchedule(subs: SubTask[], now: Date): Promise<void> {
    const schedule = formatCompactTime(new Date(now.getTime() - 1000), this.timeZone);
    for (const sub of subs) await this.gateway.modify(sub.dn, [{ operation: 'replace', attribute: 'fdTasksGranularSchedule', values: [schedule] }]);
  }

  /** Delete completed sub-tasks page by page; `onDeleted` hears each DN deleted. */
  async deleteCompleted(onDeleted: (dn: string) => void, master?: string): Promise<void> {
    const filter = and(IS_SUBTASK, eq(STATUS, STATUS_COMPLETED), ...(master !== undefined ? [eq('fdTasksGranularMaster', master)] : []));
    try {
      for await (const page of this.gateway.searchPages(this.searchBase, { filter, attributes: ['1.1'] })) {
        for (const entry of page) {
          try {
            await this.gateway.delete(entry.dn);
            onDeleted(entry.dn);
          } catch (e) {
            // Another worker removed it first.
            if (!(e instanceof NoSuchObjectError)) throw e;
          }
        }
      }
    } catch (e) {
      if (!(e instanceof NoSuchObjectError)) throw e;
    }
  }
}
