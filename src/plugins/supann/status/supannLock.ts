// The SupAnn status and the user lock (fd-plugins.md §3.4): the `{COMPTE}` state locks or unlocks the password after a
// save, and FusionDirectory's lock/unlock of the user list rewrites the resource states.
import { AppError } from '../../../errors/AppError.ts';
import type { LdapChange } from '../../../ldap/LdapGateway.ts';
import type { SaveContext } from '../../../model/declarations.ts';
import { type LockAction, PasswordLockError, planUserLock, type UserLockContributor } from '../../../passwords/index.ts';
import { todayDay } from '../dates/supannDay.ts';
import { formatResourceState, parseResourceState, projectResourceState } from './resourceStates.ts';

/** What the `{COMPTE}` line asks of the password: `A` unlocked, `I` or `S` locked; nothing without such a line. */
export function accountLockAction(lines: readonly string[]): LockAction | undefined {
  for (const value of lines) {
    const line = parseResourceState(value);
    if (line?.resource !== 'COMPTE') continue;
    if (line.state === 'A') return 'unlock';
    if (line.state === 'I' || line.state === 'S') return 'lock';
  }
  return undefined;
}

/**
 * After a save: lock or unlock the user's password as the `{COMPTE}` line says (FusionDirectory locks only the
 * password here, not the other tabs). A password already in that state is left alone.
 */
export async function applyAccountLock(context: SaveContext & { dn: string }, lines: readonly string[]): Promise<void> {
  const action = accountLockAction(lines);
  if (!action) return;
  const entry = await context.readEntry(context.dn, ['userPassword']);
  if (!entry) return;
  let plan;
  try {
    plan = planUserLock(action, entry.get('userPassword')[0]);
  } catch (e) {
    // The entry is saved; its clear-text password cannot carry the lock mark (FusionDirectory refuses it too).
    if (e instanceof PasswordLockError) {
      throw new AppError({ code: 'value.invalid', message: `The account state was saved but the password could not be locked: ${e.message}`, dn: context.dn, tab: 'supannAccountStatus', attribute: 'supannRessourceEtatDate' });
    }
    throw e;
  }
  if (plan.changed) await context.modifyEntry(context.dn, plan.changes.map((c) => ({ operation: c.operation, attribute: c.attribute, ...(c.values ? { values: c.values.map(String) } : {}) })));
}

/**
 * FusionDirectory's lock/unlock from the user list, on the resource states: LOCK turns every `A` line into
 * `{RES}S:SupannVerrouille:<today>:`, UNLOCK every `S` or `I` line into `{RES}A:SupannActif:<today>:`; other lines
 * stay. Returns the new lines, or undefined when none changes.
 * @example lockResourceStates('lock', ['{COMPTE}A:SupannActif:20240901:20250831'], '20250101') // ['{COMPTE}S:SupannVerrouille:20250101:']
 */
export function lockResourceStates(action: LockAction, lines: readonly string[], today: string): string[] | undefined {
  let changed = false;
  const out = lines.map((value) => {
    const line = parseResourceState(value);
    if (!line) return value;
    if (action === 'lock' && line.state === 'A') {
      changed = true;
      return formatResourceState({ ...line, state: 'S', substate: 'SupannVerrouille', start: today, end: '' });
    }
    if (action === 'unlock' && (line.state === 'S' || line.state === 'I')) {
      changed = true;
      return formatResourceState({ ...line, state: 'A', substate: 'SupannActif', start: today, end: '' });
    }
    return value;
  });
  return changed ? out : undefined;
}

/**
 * The changes a list lock or unlock adds for SupAnn (both attributes rewritten in the same modify), given the
 * user's supannRessourceEtatDate values; none when no line changes. The shape of a user-lock contributor
 * (src/passwords/locking.ts), once contributors are given the entry they lock.
 */
export function supannLockChanges(action: LockAction, lines: readonly string[], today: string): LdapChange[] {
  const next = lockResourceStates(action, lines, today);
  if (!next) return [];
  const projected = [...new Set(next.map((v) => parseResourceState(v)).filter((l) => l !== undefined).map(projectResourceState))];
  return [
    { operation: 'replace', attribute: 'supannRessourceEtatDate', values: next },
    { operation: 'replace', attribute: 'supannRessourceEtat', values: projected },
  ];
}

/**
 * The supann plugin's user-lock contributor: a lock or unlock from the lists rewrites the user's resource states as
 * FusionDirectory does (fd-plugins.md §3.4 "General lock/unlock"), in the same modify as the password.
 */
export const supannUserLock: UserLockContributor = (action, entry) => supannLockChanges(action, entry.get('supannRessourceEtatDate'), todayDay());
