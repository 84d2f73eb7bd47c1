// How the roles, groups or departments that require a second factor are named on screen: the value of the DN's
// first RDN (cn=admins,… → admins), else the DN itself.

/** The short name of a requirer's DN. */
export function requirerName(dn: string): string {
  const m = /^\s*[^=,+]+=((?:\\.|[^,+\\])+)/.exec(dn);
  return m ? m[1]!.replace(/\\(.)/g, '$1').trim() : dn;
}

/** The short names of requirers, joined for a sentence. */
export function requirerNames(dns: readonly string[]): string {
  return dns.map(requirerName).join(', ');
}
