// Account prolongation with a reminder link (fd-orchestrator-tools.md §1.11, FusionDirectory's
// accountProlongation.php): the user types his login, the token of the link is checked, and his SupAnn state and/or
// shadowExpire move forward by the reminder task's number of days. See docs/lifecycle.md.
import { AppError } from '../../errors/AppError.ts';
import { and, eq, type FilterNode } from '../../ldap/filter.ts';
import type { LdapGateway } from '../../ldap/LdapGateway.ts';
import { PasswordLockError } from '../../passwords/locking.ts';
import { formatResourceState, parseResourceState } from '../../plugins/supann/status/resourceStates.ts';
import { RateLimit } from '../auth/RateLimit.ts';
import { addDays, dayOfShadowExpire, followAccountLock, isDay, isoDay, todayIn, writeResourceStates } from './accountStates.ts';
import { readTaskSettings } from './settings.ts';
import { isLinkParameter, ReminderTokens } from './tokens.ts';
import type { TaskObjectHooks } from './types.ts';

/** How the login typed on the page is looked up (the choices of FusionDirectory's page). */
export const PROLONGATION_METHODS = ['uid', 'mail', 'EPPN', 'supannAlias'] as const;
export type ProlongationMethod = (typeof PROLONGATION_METHODS)[number];

const LOGIN_ATTRIBUTE: Record<ProlongationMethod, string> = { uid: 'uid', mail: 'mail', EPPN: 'eduPersonPrincipalName', supannAlias: 'supannAliasLogin' };

/** The one answer to a wrong token, an expired one, an unknown login or a login the link is not for. */
export const PROLONGATION_REFUSED = 'This prolongation link is not valid for this login, or it has expired.';

export interface ProlongationLimits {
  /** Refused attempts (wrong link or login) from one client address within the window (default 10). */
  failedPerClient: number;
  /** Default 15 minutes. */
  windowMs: number;
}

export interface ProlongationOptions {
  gateway: LdapGateway;
  baseDN: string;
  /** Re-save the user through the object services (derived values, lock), as FusionDirectory's page saves him. */
  hooks?: Pick<TaskObjectHooks, 'refreshUser'>;
  limits?: Partial<ProlongationLimits>;
  now?: () => Date;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

/** What a prolongation did. */
export interface ProlongationResult {
  /** The main task's cn. */
  task: string;
  /** The new end date of the SupAnn state (`YYYY-MM-DD`), when one was prolonged. */
  endDate?: string;
  /** The resource state written, e.g. `{COMPTE}A:SupannActif:20261126:20271126`. */
  state?: string;
  /** The new account expiry (`YYYY-MM-DD`) from shadowExpire, when it was prolonged. */
  posixEndDate?: string;
}

/** The reminder task's prolongation settings (`fdTasksReminder*`). */
interface ReminderTaskSettings {
  cn: string;
  prolongation: boolean;
  posix: boolean;
  days: number | undefined;
  nextResource: string;
  nextState: string;
  nextSubState: string;
}

const refused = () => new AppError({ code: 'value.invalid', message: PROLONGATION_REFUSED, attribute: 'token' });

export class Prolongation {
  private readonly o: ProlongationOptions;
  private readonly tokens: ReminderTokens;
  private readonly failed: RateLimit;
  private readonly now: () => Date;

  constructor(options: ProlongationOptions) {
    this.o = options;
    this.now = options.now ?? (() => new Date());
    this.tokens = new ReminderTokens({ gateway: options.gateway, baseDN: options.baseDN, now: this.now });
    const limits = { failedPerClient: 10, windowMs: 15 * 60_000, ...options.limits };
    this.failed = new RateLimit({ limit: limits.failedPerClient, windowMs: limits.windowMs, now: () => this.now().getTime() });
  }

  private guard(ip: string | undefined): void {
    if (ip !== undefined && !this.failed.allows(ip)) {
      throw new AppError({ code: 'value.invalid', message: 'Too many invalid prolongation attempts were made from your address; wait a quarter of an hour and try again.' });
    }
  }

  private refuse(ip: string | undefined): AppError {
    if (ip !== undefined) this.failed.take(ip);
    return refused();
  }

  /** The reminder task named in a link (`cn`), wherever it lives under the base; undefined when not exactly one. */
  private async reminderTask(cn: string): Promise<ReminderTaskSettings | undefined> {
    if (!isLinkParameter(cn)) return undefined;
    const found = await this.o.gateway.searchAll(this.o.baseDN, {
      filter: and(eq('objectClass', 'fdTasksReminder'), eq('cn', cn)),
      attributes: ['cn', 'fdTasksReminderAccountProlongation', 'fdTasksReminderPosix', 'fdTasksReminderSupannNewEndDate', 'fdTasksReminderNextResource', 'fdTasksReminderNextState', 'fdTasksReminderNextSubState'],
      sizeLimit: 2,
    });
    if (found.length !== 1) return undefined;
    const task = found[0]!;
    const daysText = task.first('fdTasksReminderSupannNewEndDate')?.trim() ?? '';
    return {
      cn: task.first('cn') ?? cn,
      prolongation: (task.first('fdTasksReminderAccountProlongation') ?? '').toUpperCase() === 'TRUE',
      posix: (task.first('fdTasksReminderPosix') ?? '').toUpperCase() === 'TRUE',
      days: /^\d+$/.test(daysText) ? Number(daysText) : undefined,
      nextResource: task.first('fdTasksReminderNextResource')?.trim() ?? '',
      nextState: task.first('fdTasksReminderNextState')?.trim() ?? '',
      nextSubState: task.first('fdTasksReminderNextSubState')?.trim() ?? '',
    };
  }

  /**
   * Whether a link can still prolong an account: its token is held by some user, valid, and its task is a reminder
   * task with prolongation. Answers the task's name only. Wrong links count against the client's limit.
   */
  async checkLink(token: string, task: string, context: { ip?: string } = {}): Promise<{ valid: boolean; task?: string }> {
    this.guard(context.ip);
    const found = isLinkParameter(token) ? await this.reminderTask(task) : undefined;
    if (!found?.prolongation || !(await this.tokens.exists(token))) {
      if (context.ip !== undefined) this.failed.take(context.ip);
      return { valid: false };
    }
    return { valid: true, task: found.cn };
  }

  /** The user a login designates with a method; undefined unless exactly one. */
  private async userOf(login: string, method: ProlongationMethod): Promise<{ dn: string; uid: string } | undefined> {
    const filter: FilterNode = and(eq('objectClass', 'inetOrgPerson'), eq(LOGIN_ATTRIBUTE[method], login));
    const users = await this.o.gateway.searchAll(this.o.baseDN, { filter, attributes: ['uid'], sizeLimit: 2 });
    if (users.length !== 1) return undefined;
    const uid = users[0]!.first('uid');
    return uid ? { dn: users[0]!.dn, uid } : undefined;
  }

  /**
   * Prolong the account a link was mailed for. The token, the task and the login must agree (else one message for
   * every case, and the attempt counts against the client); the token is then spent.
   */
  async prolong(input: { token: string; task: string; login: string; method: string }, context: { ip?: string } = {}): Promise<ProlongationResult> {
    this.guard(context.ip);
    if (!(PROLONGATION_METHODS as readonly string[]).includes(input.method)) {
      throw new AppError({ code: 'value.invalid', message: `Choose how the login is given: ${PROLONGATION_METHODS.join(', ')}.`, attribute: 'method' });
    }
    const login = input.login.trim();
    if (login === '' || login.length > 256) throw new AppError({ code: 'value.invalid', message: 'Give your login.', attribute: 'login' });
    if (!isLinkParameter(input.token) || !isLinkParameter(input.task)) throw this.refuse(context.ip);
    const task = await this.reminderTask(input.task);
    const user = await this.userOf(login, input.method as ProlongationMethod);
    const token = user ? await this.tokens.check(user.uid, input.token, user.dn) : undefined;
    if (!task?.prolongation || !user || !token) throw this.refuse(context.ip);

    const days = task.days;
    const supann = task.nextResource !== '' && task.nextResource.toUpperCase() !== 'NONE';
    if (days === undefined || (!supann && !task.posix)) {
      throw new AppError({ code: 'feature.unavailable', message: `The reminder task "${task.cn}" does not say how to prolong an account (number of days, state or Posix expiry); ask your administrator.` });
    }
    const entry = await this.o.gateway.read(user.dn, ['supannRessourceEtatDate', 'shadowExpire']);
    if (!entry) throw this.refuse(context.ip);
    const settings = await readTaskSettings(this.o.gateway, this.o.baseDN);
    const today = todayIn(this.now(), settings.timezone);
    const result: ProlongationResult = { task: task.cn };

    // Check everything before the first write: either both parts are written, or none.
    let lines: string[] | undefined;
    if (supann) {
      lines = entry.get('supannRessourceEtatDate');
      const index = lines.findIndex((v) => parseResourceState(v)?.resource === task.nextResource);
      if (index < 0) {
        throw new AppError({ code: 'value.invalid', message: `Your account has no "${task.nextResource}" state to prolong; ask your administrator.`, attribute: 'supannRessourceEtatDate' });
      }
      const old = parseResourceState(lines[index]!)!;
      // FusionDirectory counts from the old end date; an open-ended state is counted from today.
      const start = isDay(old.end) ? old.end : today;
      const end = addDays(start, days);
      const state = formatResourceState({ resource: task.nextResource, state: task.nextState, substate: task.nextSubState, start, end });
      lines = lines.map((v, i) => (i === index ? state : v));
      result.endDate = isoDay(end);
      result.state = state;
    }
    let shadowExpire: number | undefined;
    const shadowText = entry.first('shadowExpire');
    if (task.posix && shadowText !== undefined && /^-?\d+$/.test(shadowText.trim())) {
      shadowExpire = Number(shadowText.trim()) + days;
      result.posixEndDate = isoDay(dayOfShadowExpire(shadowExpire));
    }

    if (lines) await writeResourceStates(this.o.gateway, user.dn, lines);
    if (shadowExpire !== undefined) await this.o.gateway.modify(user.dn, [{ operation: 'replace', attribute: 'shadowExpire', values: [String(shadowExpire)] }]);
    // Spent before anything else can fail: a link prolongs once.
    await this.tokens.remove(user.uid);
    await this.refresh(user.dn);
    this.o.log?.('info', `account prolongation: ${user.dn} prolonged with task ${task.cn}${result.endDate ? ` until ${result.endDate}` : ''}${result.posixEndDate ? ` (Posix until ${result.posixEndDate})` : ''}`);
    return result;
  }

  /** Re-save through the object services (when wired), then make sure the password lock follows `{COMPTE}`. */
  private async refresh(dn: string): Promise<void> {
    if (this.o.hooks) {
      try {
        await this.o.hooks.refreshUser(dn);
      } catch (e) {
        this.o.log?.('warn', `account prolongation: ${dn} was prolonged but could not be re-saved: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    try {
      await followAccountLock(this.o.gateway, dn);
    } catch (e) {
      if (!(e instanceof PasswordLockError)) throw e;
      this.o.log?.('warn', `account prolongation: ${dn}: ${e.message}`);
    }
  }
}
