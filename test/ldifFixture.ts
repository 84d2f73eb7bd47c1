// The small LDIF fixtures of test/fixtures (plain `attr: value` lines, `#` comments, records separated by blank
// lines), read with their placeholders (BASE, TAG…) replaced, and added to the test directory.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { LdapGateway } from '../src/ldap/LdapGateway.ts';

export interface FixtureRecord {
  dn: string;
  attributes: Record<string, string[]>;
}

/**
 * The records of `test/fixtures/<name>`, each placeholder replaced in order, then `rewrite` applied to the text.
 * @example fixtureRecords('supann/check.ldif', { BASE: base, TAG: tag })
 */
export function fixtureRecords(name: string, replace: Record<string, string> = {}, rewrite: (text: string) => string = (t) => t): FixtureRecord[] {
  let text = readFileSync(path.resolve(import.meta.dirname, 'fixtures', name), 'utf8');
  for (const [from, to] of Object.entries(replace)) text = text.replaceAll(from, to);
  return rewrite(text)
    .split(/\n\n+/)
    .map((r) => r.split('\n').filter((l) => l !== '' && !l.startsWith('#')))
    .filter((lines) => lines.length > 0)
    .map((lines) => {
      const attributes: Record<string, string[]> = {};
      for (const line of lines.slice(1)) (attributes[line.slice(0, line.indexOf(': '))] ??= []).push(line.slice(line.indexOf(': ') + 2));
      return { dn: lines[0]!.slice(4), attributes };
    });
}

/** Add the records of a fixture to the directory, in order; returns them. */
export async function loadFixture(gateway: LdapGateway, name: string, replace: Record<string, string> = {}): Promise<FixtureRecord[]> {
  const records = fixtureRecords(name, replace);
  for (const { dn, attributes } of records) await gateway.add(dn, attributes);
  return records;
}
