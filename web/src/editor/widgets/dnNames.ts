// Display names of DNs: what a picker learnt from the server, else the value of the DN's first RDN.

const known = new Map<string, string>();

/** Remember the name the server gave for a DN (picker results, references). */
export function rememberName(dn: string, name: string): void {
  known.set(dn.toLowerCase(), name);
}

/** The first RDN's value, unescaped: `uid=jdoe,ou=people,…` → `jdoe`. */
export function rdnValue(dn: string): string {
  const first = dn.split(/(?<!\\),/)[0] ?? dn;
  const eq = first.indexOf('=');
  const raw = eq < 0 ? first : first.slice(eq + 1);
  return raw.replace(/\\([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))).replace(/\\(.)/g, '$1');
}

/** The best name known for a DN. */
export function nameOf(dn: string): string {
  return known.get(dn.toLowerCase()) ?? rdnValue(dn);
}
