// What the life-cycle, notification and reminder processors share: claims with their deadline, removal of sub-tasks
// that need no processing, the anti-spam time stamp of sent mails, and text appended to a template's body.
import { NoSuchObjectError } from '../../../ldap/errors.ts';
import { SiteConfig } from '../../SiteConfig.ts';
import type { MailTemplate, SubTask, TaskRunContext } from '../types.ts';
import { TaskStore } from '../TaskStore.ts';

/** A pass's view of its sub-tasks: the store (TaskStore), the claims this pass holds, removals. */
export class SubTaskRun {
  readonly store: TaskStore;
  private readonly claims = new Map<string, { owner: string; until: number }>();

  constructor(private readonly context: TaskRunContext) {
    this.store = TaskStore.of(context);
  }

  /** Due sub-tasks of a type. */
  due(type: string): Promise<SubTask[]> {
    return this.store.due(type, this.context.now());
  }

  /** Claim a sub-task for this pass; false when another worker (or the orchestrator's PATCH) has it. */
  async claim(sub: SubTask): Promise<boolean> {
    const claim = await this.store.claimFor(this.context, sub);
    if (claim) this.claims.set(sub.dn, claim);
    return claim !== undefined;
  }

  /** Give a claimed sub-task back (status `1`), e.g. when the mail limit stopped the pass. */
  async release(sub: SubTask): Promise<void> {
    const claim = this.claims.get(sub.dn);
    if (claim) await this.store.release(sub, claim.owner, claim.until);
  }

  /** Delete a sub-task that needs no processing (FusionDirectory's removal); true when it was there. */
  async remove(sub: SubTask): Promise<boolean> {
    try {
      await this.context.gateway.delete(sub.dn);
      return true;
    } catch (e) {
      if (e instanceof NoSuchObjectError) return false;
      throw e;
    }
  }

  /** Whether the worker is stopping (no further sub-task is started). */
  get stopping(): boolean {
    return this.context.signal?.aborted === true;
  }
}

/** `fdTasksConfLastExecTime = now` (unix seconds) on the configuration entry, as after each mail FusionDirectory sends. */
export async function stampMailSent(context: TaskRunContext): Promise<void> {
  await context.gateway.modify(SiteConfig.configDN(context.baseDN), [
    { operation: 'replace', attribute: 'fdTasksConfLastExecTime', values: [String(Math.floor(context.now().getTime() / 1000))] },
  ]);
}

/**
 * A template with text appended to its body (before the signature, as FusionDirectory appends it). The text is data,
 * not template: its `{{` cannot start a placeholder.
 */
export function withBodyText(template: MailTemplate, text: string): MailTemplate {
  return { ...template, body: template.body + text.replaceAll('{{', '\\{{') };
}

/** The text of an error, for a status or a result. */
export const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The mail limit of a pass: `fdTasksConfMaxEmails` (0 = none), counted in recipients. */
export class MailBudget {
  private sent = 0;
  constructor(private readonly max: number) {}

  /** Whether more mail may go. FusionDirectory stops only when the count equals the maximum exactly; here at or over it. */
  get open(): boolean {
    return this.max === 0 || this.sent < this.max;
  }

  spend(recipients: number): void {
    this.sent += recipients;
  }
}
