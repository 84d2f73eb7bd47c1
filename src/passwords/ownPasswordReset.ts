// slapd's ppolicy overlay, with pwdMustChange, sets pwdReset when anybody but the user writes the password: the
// service account writing a user's own change (web interface, REST v1, recovery) looks like an administrator's reset.

interface EntryAccess {
  readEntry(dn: string, attributes: string[]): Promise<{ get(attribute: string): string[] } | null>;
  modifyEntry(dn: string, changes: Array<{ operation: 'delete'; attribute: string; values: string[] }>): Promise<void>;
}

/**
 * After users changed their own password: clear the pwdReset the overlay set, else the next sign-in would ask for a
 * change once more (docs/ppolicy.md).
 * @example await clearOwnPasswordReset({ readEntry, modifyEntry }, 'uid=pat,ou=people,dc=example,dc=org')
 */
export async function clearOwnPasswordReset(access: EntryAccess, dn: string): Promise<void> {
  const entry = await access.readEntry(dn, ['pwdReset']);
  if (entry?.get('pwdReset')[0] === 'TRUE') await access.modifyEntry(dn, [{ operation: 'delete', attribute: 'pwdReset', values: ['TRUE'] }]);
}
