// The "Password policy" tab of users (fd-plugins.md §2.15): operational attributes of the ppolicy overlay, no
// objectClass. The policy in force, the last change, the lock state, and the administrator's reset.
import type { SaveContext, TabDecl } from '../../model/declarations.ts';
import type { UserLockContributor } from '../../passwords/locking.ts';

/** FusionDirectory's (and slapd's) value of an account locked until an administrator unlocks it. */
export const LOCKED_PERMANENTLY = '000001010000Z';

/** What `pwdAccountLockedTime` means: no value, the permanent lock, or a lock at a date. */
export function lockStatusOf(lockedTime: string): 'unlocked' | 'permanent' | 'locked' {
  if (lockedTime === '') return 'unlocked';
  return lockedTime === LOCKED_PERMANENTLY ? 'permanent' : 'locked';
}

/**
 * FusionDirectory's user lock also locks the account in the overlay (`000001010000Z`: until unlocked); the unlock
 * removes that value only, not a lock the overlay set after failed sign-ins.
 */
export const ppolicyUserLock: UserLockContributor = (action, entry) => {
  if (action === 'lock') return [{ operation: 'replace', attribute: 'pwdAccountLockedTime', values: [LOCKED_PERMANENTLY] }];
  return entry.get('pwdAccountLockedTime')[0] === LOCKED_PERMANENTLY ? [{ operation: 'delete', attribute: 'pwdAccountLockedTime' }] : [];
};

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

export const ppolicyAccountTab: TabDecl = {
  id: 'ppolicyAccount',
  label: 'ppolicy.account.tab',
  description: 'ppolicy.account.tab.description',
  objectTypes: ['user'],
  objectClasses: [],
  // Operational attributes only: nothing to switch on or off (FusionDirectory's tab cannot be removed).
  alwaysActive: true,
  priority: 40,
  behaviour: {
    afterOpen: (values) => ({ lockStatus: lockStatusOf(text(values.pwdAccountLockedTime)) }),
    // Setting pwdReset (TRUE: change at next sign-in, FALSE: same password) also ends a lock, as FusionDirectory does.
    afterSave: async (context: SaveContext & { dn: string }) => {
      if (!context.changed('pwdReset') || text(context.values.pwdReset) === '') return;
      const entry = await context.readEntry(context.dn, ['pwdAccountLockedTime']);
      if (entry && entry.get('pwdAccountLockedTime').length > 0) {
        await context.modifyEntry(context.dn, [{ operation: 'delete', attribute: 'pwdAccountLockedTime' }]);
      }
    },
  },
  sections: [
    {
      key: 'ppolicy',
      label: 'ppolicy.account.section',
      attributes: [
        // Empty: the overlay's default policy (olcPPolicyDefault), if the server has one.
        { name: 'pwdPolicySubentry', kind: 'select', label: 'ppolicy.account.pwdPolicySubentry', description: 'ppolicy.account.pwdPolicySubentry.description', choicesFromObjects: { types: ['ppolicy'], displayAttribute: 'cn' } },
        { name: 'pwdChangedTime', kind: 'readOnly', label: 'ppolicy.account.pwdChangedTime', description: 'ppolicy.account.pwdChangedTime.description' },
        { name: 'pwdAccountLockedTime', kind: 'readOnly', label: 'ppolicy.account.pwdAccountLockedTime' },
        {
          name: 'lockStatus',
          kind: 'select',
          label: 'ppolicy.account.lockStatus',
          inLdap: false,
          derived: true,
          choices: [
            { value: 'unlocked', label: 'ppolicy.account.lockStatus.unlocked' },
            { value: 'permanent', label: 'ppolicy.account.lockStatus.permanent' },
            { value: 'locked', label: 'ppolicy.account.lockStatus.locked' },
          ],
        },
        {
          name: 'pwdReset',
          kind: 'select',
          label: 'ppolicy.account.pwdReset',
          // Operational and about the source's password, which is not copied either.
          resetOnCopy: true,
          description: 'ppolicy.account.pwdReset.description',
          choices: [
            { value: 'TRUE', label: 'ppolicy.account.pwdReset.TRUE' },
            { value: 'FALSE', label: 'ppolicy.account.pwdReset.FALSE' },
          ],
        },
      ],
    },
  ],
};
