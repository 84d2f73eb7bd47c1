// The SupAnn checker over a generated tree of 2 000 valid people with one defect seeded per rule (./generateSupannTree.ts):
// it reports each seeded defect, on the entry that carries it, and nothing else (issue 6).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../../../../test/harness.ts';
import { LdapGateway } from '../../../ldap/LdapGateway.ts';
import { compareFindings, generateSupannTree, UNSEEDABLE_RULES, type GeneratedSupannTree } from './generateSupannTree.ts';
import { checkSupann, type SupannCheckReport, type SupannFinding } from './SupannCheck.ts';
import { SUPANN_RULES } from './rules.ts';

const env = testLdap();
/** Entries added at once: enough to keep slapd busy, few enough for its connection. */
const BATCH = 50;
let gateway: LdapGateway;
let tree: GeneratedSupannTree;
let report: SupannCheckReport;
const findings: SupannFinding[] = [];

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
  const base = await testSubtree('supannseeded');
  // uids are unique across the shared test directory: a tag of this run in each; no uidNumber at all.
  tree = generateSupannTree({ base, people: 2000, structures: 200, seed: 6, uidPrefix: `sd${randomBytes(3).toString('hex')}-` });
  // Parents come first in `entries`; the ou entries and structures are added one by one, the rest in batches.
  let i = 0;
  for (; i < tree.entries.length && !tree.entries[i]!.dn.startsWith('uid='); i++) await gateway.add(tree.entries[i]!.dn, tree.entries[i]!.attributes);
  for (; i < tree.entries.length; i += BATCH) await Promise.all(tree.entries.slice(i, i + BATCH).map((e) => gateway.add(e.dn, e.attributes)));
  for await (const event of checkSupann({ gateway, base, onFinding: (f) => findings.push(f) })) if (event.type === 'report') report = event.report;
}, 120_000);

afterAll(() => gateway.close());

describe('the SupAnn checker over a generated tree with seeded defects', () => {
  it('goes through every generated structure, person and group', () => {
    expect(report.checked).toEqual(tree.counts);
  });

  it('seeds every rule the directory lets it store', () => {
    expect(tree.unseeded.sort()).toEqual([...UNSEEDABLE_RULES].sort());
    expect(SUPANN_RULES.length - tree.unseeded.length).toBe(tree.expected.exact.size + tree.expected.anyOf.size);
  });

  it('finds each seeded defect on its entry, and nothing else', () => {
    const comparison = compareFindings(tree.expected, findings);
    // The per-rule table first: a failure names the rule, the DNs missing and those reported but not seeded.
    expect(comparison.perRule.filter((r) => r.missing.length > 0 || r.unexpected.length > 0)).toEqual([]);
    expect(comparison.equal).toBe(true);
    expect(report.findings).toBe(findings.length);
  });
});
