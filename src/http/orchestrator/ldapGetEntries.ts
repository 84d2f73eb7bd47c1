// PHP's ldap_get_entries() structure, which `GET /orchestrator/api/tasks` returns JSON-encoded (fd-orchestrator-tools.md
// §1.4.5): `count` then the entries by index; in each entry, per attribute (lower-cased) its values with their `count`,
// the attribute's index → its name, then `count` and `dn`. The bundled client reads `cn[0]` and the top `count`.
import type { LdapEntry } from '../../ldap/LdapEntry.ts';
import type { PhpValue } from '../../services/orchestrator/phpJson.ts';

/** The structure, as ordered PHP arrays (Maps keep `count` before the numeric keys). */
export function ldapGetEntries(entries: LdapEntry[]): Map<string, PhpValue> {
  const result = new Map<string, PhpValue>([['count', entries.length]]);
  entries.forEach((entry, index) => {
    const shaped = new Map<string, PhpValue>();
    let attributes = 0;
    for (const name of entry.names()) {
      const lower = name.toLowerCase();
      const values = entry.get(name);
      shaped.set(lower, new Map<string, PhpValue>([['count', values.length], ...values.map((v, i): [string, PhpValue] => [String(i), v])]));
      shaped.set(String(attributes), lower);
      attributes += 1;
    }
    shaped.set('count', attributes);
    shaped.set('dn', entry.dn);
    result.set(String(index), shaped);
  });
  return result;
}
