// The SupAnn checker: streams over every SupAnn entry below a base (structures, people, groups), applies the rules of
// ./rules.ts and the references between entries, and reports findings grouped by rule (fd-plugins.md §3.12).
import { normalizeDn } from '../../../ldap/dn.ts';
import { eq } from '../../../ldap/filter.ts';
import type { LdapEntry } from '../../../ldap/LdapEntry.ts';
import type { LdapGateway } from '../../../ldap/LdapGateway.ts';
import {
  FLATTENED,
  REGISTRATION_KEYS,
  SUPANN_AFFILIATIONS,
  SUPANN_RULES,
  isGeneralizedTime,
  isPrefixed,
  isPrintableString,
  isStructureCode,
  isValidOrcid,
  readBracketed,
  readStatusLine,
  type SupannRule,
} from './rules.ts';

export interface SupannFinding {
  rule: string;
  dn: string;
  message: string;
  attribute?: string;
}

export interface SupannCheckProgress {
  phase: 'structures' | 'people' | 'groups' | 'references';
  /** Entries of the phase checked so far, and how many there are. */
  done: number;
  total: number;
}

export interface SupannRuleReport extends SupannRule {
  count: number;
  /** The first offending entries (at most `firstCount`). */
  first: Array<{ dn: string; message: string }>;
}

export interface SupannCheckReport {
  base: string;
  checked: { structures: number; people: number; groups: number };
  durationMs: number;
  /** Rules with findings, in report order. */
  rules: SupannRuleReport[];
  findings: number;
}

export interface SupannCheckOptions {
  gateway: LdapGateway;
  base: string;
  /** How many offending DNs each rule lists (default 10). */
  firstCount?: number;
  /** Every finding, as found (CSV export). */
  onFinding?: (finding: SupannFinding) => void;
}

export type SupannCheckEvent = { type: 'progress'; progress: SupannCheckProgress } | { type: 'report'; report: SupannCheckReport };

const PEOPLE_ATTRIBUTES = [
  'eduPersonAffiliation',
  'eduPersonPrimaryAffiliation',
  'eduPersonPrincipalName',
  'eduPersonOrcid',
  'supannEntiteAffectation',
  'supannEntiteAffectationPrincipale',
  'supannTypeEntiteAffectation',
  'supannEtablissement',
  'supannRefId',
  'supannRoleEntite',
  'supannRoleGenerique',
  'supannEtuInscription',
  ...Object.values(FLATTENED),
  'supannRessourceEtatDate',
  'supannRessourceEtat',
  'supannParrainDN',
  'supannCivilite',
  'supannCMSDateFin',
];

const normalize = (dn: string) => {
  try {
    return normalizeDn(dn);
  } catch {
    return dn.toLowerCase();
  }
};

const sameSet = (a: readonly string[], b: readonly string[]) => {
  const x = new Set(a.map((v) => v.toLowerCase()));
  const y = new Set(b.map((v) => v.toLowerCase()));
  return x.size === y.size && [...x].every((v) => y.has(v));
};

/** How many entries a filter finds (DNs only), for the progress bar. */
async function countOf(gateway: LdapGateway, base: string, objectClass: string): Promise<number> {
  let n = 0;
  for await (const page of gateway.searchPages(base, { filter: eq('objectClass', objectClass), attributes: ['1.1'] })) n += page.length;
  return n;
}

/**
 * Check every SupAnn entry below `base`, yielding progress as it goes and the report at the end.
 * @example for await (const e of checkSupann({ gateway, base })) if (e.type === 'report') console.log(e.report.findings)
 */
export async function* checkSupann(options: SupannCheckOptions): AsyncGenerator<SupannCheckEvent, void, undefined> {
  const { gateway, base } = options;
  const firstCount = options.firstCount ?? 10;
  const started = Date.now();
  const byRule = new Map<string, SupannRuleReport>(SUPANN_RULES.map((r) => [r.id, { ...r, count: 0, first: [] }]));
  let findings = 0;
  const report = (rule: string, dn: string, message: string, attribute?: string) => {
    const r = byRule.get(rule);
    if (!r) throw new Error(`unknown SupAnn rule ${rule}`);
    r.count++;
    findings++;
    if (r.first.length < firstCount) r.first.push({ dn, message });
    options.onFinding?.({ rule, dn, message, ...(attribute ? { attribute } : {}) });
  };
  /** supannRefId → the DNs using it, across structures, people and groups. */
  const refIds = new Map<string, string[]>();
  const noteRefIds = (e: LdapEntry) => {
    for (const v of e.get('supannRefId')) {
      if (!isPrefixed(v)) report('refId.prefix', e.dn, `"${v}" has no {PREFIX}`, 'supannRefId');
      const list = refIds.get(v) ?? [];
      list.push(e.dn);
      refIds.set(v, list);
    }
  };

  // ---- structures ----
  const structureTotal = await countOf(gateway, base, 'supannEntite');
  const codes = new Map<string, string[]>();
  const parents = new Map<string, { dn: string; parents: string[] }>();
  const establishments = new Set<string>();
  let structures = 0;
  for await (const page of gateway.searchPages(base, { filter: eq('objectClass', 'supannEntite'), attributes: ['supannCodeEntite', 'supannCodeEntiteParent', 'supannEtablissement', 'supannRefId'] })) {
    for (const e of page) {
      structures++;
      const code = e.first('supannCodeEntite') ?? '';
      if (!isStructureCode(code)) report('structure.code', e.dn, `"${code}" is not a valid structure code`, 'supannCodeEntite');
      codes.set(code, [...(codes.get(code) ?? []), e.dn]);
      parents.set(code, { dn: e.dn, parents: e.get('supannCodeEntiteParent') });
      for (const v of e.get('supannEtablissement')) {
        if (!isPrefixed(v, true)) report('establishment.prefix', e.dn, `"${v}" has no {PREFIX}`, 'supannEtablissement');
        establishments.add(v);
      }
      noteRefIds(e);
    }
    yield { type: 'progress', progress: { phase: 'structures', done: structures, total: structureTotal } };
  }
  for (const [code, dns] of codes) if (dns.length > 1) for (const dn of dns) report('structure.duplicateCode', dn, `the code "${code}" is also that of ${dns.filter((d) => d !== dn).join(', ')}`, 'supannCodeEntite');
  for (const [code, { dn, parents: up }] of parents) {
    for (const p of up) if (!codes.has(p)) report('structure.danglingParent', dn, `the parent "${p}" of "${code}" does not exist`, 'supannCodeEntiteParent');
  }
  // Cycles: walk up from each structure; a code met twice on one walk is on a cycle (reported once per cycle).
  const onCycle = new Set<string>();
  for (const start of parents.keys()) {
    const path: string[] = [];
    const seen = new Set<string>();
    const walk = (code: string): void => {
      if (onCycle.has(code)) return;
      if (seen.has(code)) {
        const cycle = path.slice(path.indexOf(code));
        if (cycle.every((c) => !onCycle.has(c))) {
          for (const c of cycle) onCycle.add(c);
          report('structure.cycle', parents.get(code)!.dn, `${[...cycle, code].join(' → ')}`, 'supannCodeEntiteParent');
        }
        return;
      }
      seen.add(code);
      path.push(code);
      for (const p of parents.get(code)?.parents ?? []) if (parents.has(p)) walk(p);
      path.pop();
    };
    walk(start);
  }

  // ---- people ----
  const peopleTotal = await countOf(gateway, base, 'supannPerson');
  const eppns = new Map<string, string[]>();
  /** DNs to resolve at the end: normalised DN → [referring DN, attribute, rule]. */
  const references = new Map<string, Array<{ from: string; attribute: string; rule: string }>>();
  const refer = (dn: string, from: string, attribute: string, rule: string) => {
    const key = normalize(dn);
    references.set(key, [...(references.get(key) ?? []), { from, attribute, rule }]);
  };
  let people = 0;
  for await (const page of gateway.searchPages(base, { filter: eq('objectClass', 'supannPerson'), attributes: PEOPLE_ATTRIBUTES })) {
    for (const e of page) {
      people++;
      checkPerson(e, { report, codes, establishments, eppns, refer });
      noteRefIds(e);
    }
    yield { type: 'progress', progress: { phase: 'people', done: people, total: peopleTotal } };
  }
  for (const [eppn, dns] of eppns) if (dns.length > 1) for (const dn of dns) report('eppn.duplicate', dn, `"${eppn}" is also that of ${dns.filter((d) => d !== dn).join(', ')}`, 'eduPersonPrincipalName');

  // ---- groups ----
  const groupTotal = await countOf(gateway, base, 'supannGroupe');
  let groups = 0;
  for await (const page of gateway.searchPages(base, { filter: eq('objectClass', 'supannGroupe'), attributes: ['supannGroupeAdminDN', 'supannGroupeLecteurDN', 'supannGroupeDateFin', 'supannRefId'] })) {
    for (const e of page) {
      groups++;
      for (const attribute of ['supannGroupeAdminDN', 'supannGroupeLecteurDN']) for (const dn of e.get(attribute)) refer(dn, e.dn, attribute, 'group.memberDnMissing');
      for (const v of e.get('supannGroupeDateFin')) if (!isGeneralizedTime(v)) report('date.generalizedTime', e.dn, `"${v}" is not a GeneralizedTime`, 'supannGroupeDateFin');
      noteRefIds(e);
    }
    yield { type: 'progress', progress: { phase: 'groups', done: groups, total: groupTotal } };
  }
  for (const [value, dns] of refIds) if (dns.length > 1) for (const dn of dns) report('refId.duplicate', dn, `"${value}" is also that of ${dns.filter((d) => d !== dn).join(', ')}`, 'supannRefId');

  // ---- references: each named DN read once ----
  let resolved = 0;
  for (const [dn, uses] of references) {
    let exists = false;
    try {
      exists = (await gateway.read(dn, ['1.1'])) !== null;
    } catch {
      exists = false;
    }
    if (!exists) for (const u of uses) report(u.rule, u.from, `"${dn}" does not exist`, u.attribute);
    resolved++;
    if (resolved % 200 === 0 || resolved === references.size) yield { type: 'progress', progress: { phase: 'references', done: resolved, total: references.size } };
  }

  yield {
    type: 'report',
    report: { base, checked: { structures, people, groups }, durationMs: Date.now() - started, rules: [...byRule.values()].filter((r) => r.count > 0), findings },
  };
}

interface PersonContext {
  report(rule: string, dn: string, message: string, attribute?: string): void;
  codes: Map<string, string[]>;
  establishments: Set<string>;
  eppns: Map<string, string[]>;
  refer(dn: string, from: string, attribute: string, rule: string): void;
}

/** The rules of one person's entry (the references are resolved later). */
function checkPerson(e: LdapEntry, c: PersonContext): void {
  const { dn } = e;
  const affiliations = e.get('eduPersonAffiliation');
  for (const a of affiliations) if (!SUPANN_AFFILIATIONS.includes(a)) c.report('affiliation.unknown', dn, `"${a}" is not a SupAnn affiliation`, 'eduPersonAffiliation');
  const primary = e.first('eduPersonPrimaryAffiliation');
  if (primary !== undefined && !affiliations.includes(primary)) c.report('affiliation.primaryNotAmong', dn, `"${primary}" is not among ${affiliations.join(', ') || 'no affiliation'}`, 'eduPersonPrimaryAffiliation');
  if (affiliations.includes('member') && affiliations.includes('affiliate')) c.report('affiliation.memberAndAffiliate', dn, 'member and affiliate together', 'eduPersonAffiliation');

  const assignments = e.get('supannEntiteAffectation');
  for (const a of assignments) if (!c.codes.has(a)) c.report('assignment.unknown', dn, `no structure has the code "${a}"`, 'supannEntiteAffectation');
  const principal = e.first('supannEntiteAffectationPrincipale');
  if (principal !== undefined && !assignments.includes(principal)) c.report('assignment.principalNotAmong', dn, `"${principal}" is not among ${assignments.join(', ') || 'no assignment'}`, 'supannEntiteAffectationPrincipale');
  for (const v of e.get('supannEtablissement')) {
    if (!isPrefixed(v, true)) c.report('establishment.prefix', dn, `"${v}" has no {PREFIX}`, 'supannEtablissement');
    else if (!c.establishments.has(v)) c.report('person.establishmentUnknown', dn, `no establishment has the code "${v}"`, 'supannEtablissement');
  }

  const eppn = e.first('eduPersonPrincipalName');
  if (eppn !== undefined) {
    if (!/^[^@\s]+@[^@\s]+$/.test(eppn)) c.report('eppn.form', dn, `"${eppn}" is not id@domain`, 'eduPersonPrincipalName');
    const key = eppn.toLowerCase();
    c.eppns.set(key, [...(c.eppns.get(key) ?? []), dn]);
  }
  for (const v of e.get('eduPersonOrcid')) if (!isValidOrcid(v)) c.report('orcid.invalid', dn, `"${v}" is not a valid ORCID`, 'eduPersonOrcid');

  const types = e.get('supannTypeEntiteAffectation');
  const roles: string[] = [];
  for (const v of e.get('supannRoleEntite')) {
    const parts = readBracketed(v, ['role', 'type', 'code']);
    const role = parts?.role ?? '';
    const type = parts?.type ?? '';
    const code = parts?.code ?? '';
    if (role === '' || type === '') {
      c.report('role.form', dn, `"${v}"`, 'supannRoleEntite');
      continue;
    }
    roles.push(role);
    if (!types.includes(type)) c.report('role.typeNotAmong', dn, `type "${type}" of "${v}" is not among ${types.join(', ') || 'no entity type'}`, 'supannRoleEntite');
    if (code !== '' && !assignments.includes(code)) c.report('role.codeNotAmong', dn, `code "${code}" of "${v}" is not among ${assignments.join(', ') || 'no assignment'}`, 'supannRoleEntite');
  }
  if (e.get('supannRoleEntite').length > 0 && !sameSet(roles, e.get('supannRoleGenerique'))) {
    c.report('role.generic', dn, `supannRoleGenerique is ${e.get('supannRoleGenerique').join(', ') || 'empty'}, the roles are ${[...new Set(roles)].join(', ')}`, 'supannRoleGenerique');
  }

  const registrations = e.get('supannEtuInscription');
  const flattened = new Map<string, Set<string>>(Object.values(FLATTENED).map((a) => [a, new Set<string>()]));
  let readable = true;
  for (const v of registrations) {
    const parts = readBracketed(v, REGISTRATION_KEYS);
    if (!parts || !parts.etab || !parts.anneeinsc || !parts.typedip || !parts.cursusann) {
      c.report('registration.form', dn, `"${v}"`, 'supannEtuInscription');
      readable = false;
      continue;
    }
    for (const [key, attribute] of Object.entries(FLATTENED)) {
      const sub = parts[key] ?? '';
      // FusionDirectory never copies the unknown marker into the flattened attributes.
      if (sub !== '' && sub !== '{INCONNU}') flattened.get(attribute)!.add(sub);
    }
  }
  if (readable && registrations.length > 0) {
    const differing = Object.values(FLATTENED).filter((a) => !sameSet([...flattened.get(a)!], e.get(a)));
    if (differing.length > 0) c.report('registration.flattened', dn, `${differing.join(', ')} differ from the registrations`, differing[0]);
  }

  const statusLines = e.get('supannRessourceEtatDate');
  const resources = new Map<string, number>();
  const projection: string[] = [];
  let statusReadable = true;
  for (const v of statusLines) {
    const line = readStatusLine(v);
    if (!line || !['A', 'I', 'S'].includes(line.state) || (line.start !== '' && !/^\d{8}/.test(line.start)) || (line.end !== '' && !/^\d{8}/.test(line.end))) {
      c.report('status.form', dn, `"${v}"`, 'supannRessourceEtatDate');
      statusReadable = false;
      continue;
    }
    resources.set(line.resource, (resources.get(line.resource) ?? 0) + 1);
    projection.push(`{${line.resource}}${line.state}${line.substate ? `:${line.substate}` : ''}`);
  }
  for (const [resource, n] of resources) if (n > 1) c.report('status.duplicateResource', dn, `${n} lines for {${resource}}`, 'supannRessourceEtatDate');
  if (statusReadable && statusLines.length > 0 && !sameSet(projection, e.get('supannRessourceEtat'))) {
    c.report('status.projection', dn, `supannRessourceEtat is ${e.get('supannRessourceEtat').join(', ') || 'empty'}, the lines say ${projection.join(', ')}`, 'supannRessourceEtat');
  }

  for (const p of e.get('supannParrainDN')) c.refer(p, dn, 'supannParrainDN', 'parrain.missing');
  const civilite = e.first('supannCivilite');
  if (civilite !== undefined && !isPrintableString(civilite)) c.report('civilite.printable', dn, `"${civilite}"`, 'supannCivilite');
  for (const v of e.get('supannCMSDateFin')) if (!isGeneralizedTime(v)) c.report('date.generalizedTime', dn, `"${v}" is not a GeneralizedTime`, 'supannCMSDateFin');
}
