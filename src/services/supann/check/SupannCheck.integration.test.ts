// The SupAnn checker over FusionDirectory-shaped entries (test/fixtures/supann/check.ldif): every rule it breaks is
// reported with its entries, the clean ones are not; and `trousseau supann check` as a user runs it.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../../../../test/harness.ts';
import { loadFixture } from '../../../../test/ldifFixture.ts';
import { LdapGateway } from '../../../ldap/LdapGateway.ts';
import { checkSupann, type SupannCheckReport, type SupannFinding } from './SupannCheck.ts';
import { reportText } from './formatReport.ts';
import { isValidOrcid } from './rules.ts';

const env = testLdap();
const tag = randomBytes(3).toString('hex');
let gateway: LdapGateway;
let S: string;
let report: SupannCheckReport;
const findings: SupannFinding[] = [];
const progress: string[] = [];

const dnOf = (key: string) => `uid=${key}-${tag},ou=people,${S}`;
/** The lower-cased DNs a rule reported. */
const dnsOf = (rule: string) => [...new Set(findings.filter((f) => f.rule === rule).map((f) => f.dn.toLowerCase()))].sort();

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
  S = await testSubtree('supanncheck');
  await loadFixture(gateway, 'supann/check.ldif', { BASE: S, TAG: tag });
  for await (const event of checkSupann({ gateway, base: S, onFinding: (f) => findings.push(f) })) {
    if (event.type === 'progress') progress.push(`${event.progress.phase} ${event.progress.done}/${event.progress.total}`);
    else report = event.report;
  }
});

afterAll(() => gateway.close());

describe('the SupAnn checker', () => {
  it('goes through every structure, person and group, with progress', () => {
    expect(report.checked).toEqual({ structures: 6, people: 3, groups: 1 });
    expect(progress).toContain('structures 6/6');
    expect(progress).toContain('people 3/3');
    expect(progress).toContain('groups 1/1');
    expect(report.findings).toBe(findings.length);
  });

  it('finds nothing wrong with a clean person and the structures he names, but the values others copied from him', () => {
    // The messy person uses his eduPersonPrincipalName, the group his supannRefId: reported on each side.
    expect(findings.filter((f) => f.dn.toLowerCase() === dnOf('clean').toLowerCase()).map((f) => f.rule).sort()).toEqual(['eppn.duplicate', 'refId.duplicate']);
    expect(findings.filter((f) => f.dn.toLowerCase() === dnOf('parrain').toLowerCase())).toEqual([]);
  });

  it('reports a structure cycle once, and a parent that does not exist', () => {
    const cycles = findings.filter((f) => f.rule === 'structure.cycle');
    expect(cycles).toHaveLength(1);
    expect(cycles[0]!.message).toMatch(/^LAB-(A|B) → LAB-(A|B) → LAB-(A|B)$/);
    expect(findings.filter((f) => f.rule === 'structure.danglingParent').map((f) => f.message)).toEqual(['the parent "GONE" of "ORPHAN" does not exist']);
  });

  it('reports each broken rule of a person, naming the attribute', () => {
    const messy = dnOf('messy').toLowerCase();
    const rulesOfMessy = new Set(findings.filter((f) => f.dn.toLowerCase() === messy).map((f) => f.rule));
    for (const rule of [
      'affiliation.unknown',
      'affiliation.primaryNotAmong',
      'affiliation.memberAndAffiliate',
      'assignment.unknown',
      'assignment.principalNotAmong',
      'orcid.invalid',
      'role.form',
      'role.typeNotAmong',
      'role.generic',
      'registration.flattened',
      'refId.prefix',
      'status.form',
      'status.duplicateResource',
      'parrain.missing',
      'person.establishmentUnknown',
    ]) {
      expect(rulesOfMessy, rule).toContain(rule);
    }
    expect(findings.find((f) => f.rule === 'orcid.invalid')).toMatchObject({ attribute: 'eduPersonOrcid', message: '"0000-0002-1825-0098" is not a valid ORCID' });
    expect(findings.find((f) => f.rule === 'parrain.missing')!.message).toContain(`uid=nobody-${tag}`);
  });

  it('reports values shared by entries that must be unique, on each of them', () => {
    expect(dnsOf('eppn.duplicate')).toEqual([dnOf('clean'), dnOf('messy')].map((d) => d.toLowerCase()).sort());
    expect(dnsOf('refId.duplicate')).toEqual([dnOf('clean'), `cn=projet-${tag},ou=groups,${S}`].map((d) => d.toLowerCase()).sort());
  });

  it('resolves group admins and readers', () => {
    expect(findings.filter((f) => f.rule === 'group.memberDnMissing').map((f) => f.attribute)).toEqual(['supannGroupeLecteurDN']);
  });

  it('groups the report by rule, in text too', () => {
    const eppn = report.rules.find((r) => r.id === 'eppn.duplicate')!;
    expect(eppn).toMatchObject({ severity: 'error', count: 2 });
    expect(eppn.first).toHaveLength(2);
    const text = reportText(report);
    expect(text).toContain(`SupAnn check of ${S}: 6 structure(s), 3 person(s), 1 group(s)`);
    expect(text).toMatch(/^ERROR structure\.cycle \(1\): /m);
  });

  it('checks ORCID check characters correctly (FusionDirectory 1.5 inverts the test)', () => {
    expect(isValidOrcid('0000-0002-1825-0097')).toBe(true);
    expect(isValidOrcid('https://orcid.org/0000-0002-1825-0097')).toBe(true);
    expect(isValidOrcid('0000-0001-5109-3700')).toBe(true);
    expect(isValidOrcid('0000-0002-1694-233X')).toBe(true);
    expect(isValidOrcid('0000-0002-1825-0098')).toBe(false);
    expect(isValidOrcid('0000-0002-1825-009')).toBe(false);
  });

  it('runs as `trousseau supann check`, as JSON and CSV, and exits 1 when there are errors', () => {
    const bin = path.resolve(import.meta.dirname, '../../../../bin/trousseau.mjs');
    const run = (format: string) =>
      spawnSync(process.execPath, [bin, 'supann', 'check', '--uri', env.url, '--bind-dn', env.adminDN, '--password', env.adminPassword, '--base', S, '--format', format], {
        cwd: os.tmpdir(),
        env: { ...process.env, TROUSSEAU_CONFIG: '', TROUSSEAU_DIRECTORY_DIR: path.join(os.tmpdir(), 'trousseau-cli-none') },
        encoding: 'utf8',
        timeout: 60_000,
      });
    const json = run('json');
    expect(json.status).toBe(1);
    expect((JSON.parse(json.stdout) as SupannCheckReport).rules.map((r) => r.id)).toEqual(report.rules.map((r) => r.id));
    const csv = run('csv');
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('rule,severity,dn,attribute,message');
    expect(lines).toHaveLength(findings.length + 1);
    expect(run('yaml').stderr).toContain('Unknown format "yaml": use text, json, csv.');
  });
});
