// A generated SupAnn directory, FusionDirectory-shaped and valid by every rule of ./rules.ts, with defects seeded on a
// deterministic sample of entries (one defect per entry) and the findings the checker must report: evidence at scale
// that `trousseau supann check` finds each seeded defect and nothing else (issue 6; bench/supann-check.bench.ts).
import { escapeDnValue, normalizeDn } from '../../../ldap/dn.ts';
import { SUPANN_RULES } from './rules.ts';

/** One LDAP entry to add (or write as LDIF). */
export interface GeneratedEntry {
  dn: string;
  attributes: Record<string, string[]>;
}

export interface GenerateSupannTreeOptions {
  /** The entries go below this DN (it must exist); `ou=structures`, `ou=people` and `ou=groups` are created. */
  base: string;
  /** How many people (60 % students, 30 % staff, 10 % faculty); one group per 100 people (at least 3). */
  people: number;
  /** How many entities below the establishment (default 200). */
  structures?: number;
  /** Seed of the pseudo-random choices: same options, same tree. */
  seed: number;
  /** Defects seeded per rule (default 1); uniqueness rules get that many pairs, `structure.cycle` that many 3-cycles. */
  defects?: number;
  /** Prepended to every uid (the test directory's uids are unique across the whole tree). */
  uidPrefix?: string;
}

/** What the checker must report: per rule, the DNs (normalised); `anyOf` rules report one DN of each group. */
export interface ExpectedFindings {
  exact: Map<string, Set<string>>;
  /** `structure.cycle`: one finding per cycle, on any structure of it (the walk starts where the search does). */
  anyOf: Map<string, string[][]>;
}

export interface GeneratedSupannTree {
  /** Parents before children, in the order to add them. */
  entries: GeneratedEntry[];
  expected: ExpectedFindings;
  /** Rules of SUPANN_RULES no generated entry can break (the schema's syntax refuses the value). */
  unseeded: string[];
  counts: { structures: number; people: number; groups: number };
}

/**
 * Rules the LDAP server itself refuses to store a breaking value for: supannCivilite is a PrintableString and the
 * dates are GeneralizedTime, so slapd rejects the add (the checker covers directories loaded without schema checks).
 */
export const UNSEEDABLE_RULES = ['civilite.printable', 'date.generalizedTime'] as const;

const ESTABLISHMENT = '{UAI}0751717J';
const DOMAIN = 'univ-example.fr';
const ENTITY_TYPES = ['{SUPANN}S201', '{SUPANN}S230', '{SUPANN}S302', '{SUPANN}S100'];
const ROLES = ['{SUPANN}R00', '{SUPANN}R10', '{SUPANN}R40', '{SUPANN}R51'];
const GIVEN = ['Jean', 'Marie', 'Paul', 'Léa', 'Hugo', 'Chloé', 'Louis', 'Inès', 'Jules', 'Zoé', 'Éric', 'Anaïs'];
const FAMILY = ['Dupont', 'Martin', 'Bernard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Lefèvre', 'Girard', 'Noël'];

/** mulberry32: a small deterministic generator, enough to pick samples. */
function randomFrom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A valid ORCID for a number (ISO 7064 11,2 check character). */
function orcidOf(n: number): string {
  const digits = String(1_000_000 + n).padStart(15, '0');
  let total = 0;
  for (const d of digits) total = (total + Number(d)) * 2;
  const check = (12 - (total % 11)) % 11;
  const all = digits + (check === 10 ? 'X' : String(check));
  return `${all.slice(0, 4)}-${all.slice(4, 8)}-${all.slice(8, 12)}-${all.slice(12)}`;
}

const normalize = (dn: string): string => normalizeDn(dn);
type Kind = 'student' | 'staff' | 'faculty';
const kindOf = (i: number): Kind => (i % 10 < 6 ? 'student' : i % 10 < 9 ? 'staff' : 'faculty');

/** The rules seeded on one person, and which kind of person can carry each. */
const PERSON_DEFECTS: Record<string, Kind[] | 'any'> = {
  'refId.prefix': 'any',
  'establishment.prefix': 'any',
  'person.establishmentUnknown': 'any',
  'affiliation.unknown': 'any',
  'affiliation.primaryNotAmong': ['student'],
  'affiliation.memberAndAffiliate': 'any',
  'assignment.unknown': 'any',
  'assignment.principalNotAmong': 'any',
  'eppn.form': 'any',
  'orcid.invalid': ['faculty'],
  'role.form': ['staff', 'faculty'],
  'role.typeNotAmong': ['staff', 'faculty'],
  'role.codeNotAmong': ['staff', 'faculty'],
  'role.generic': ['staff', 'faculty'],
  'registration.form': ['student'],
  'registration.flattened': ['student'],
  'status.form': 'any',
  'status.duplicateResource': 'any',
  'status.projection': 'any',
  'parrain.missing': 'any',
};
/** Rules seeded on a pair of people sharing a value. */
const PAIR_DEFECTS = ['refId.duplicate', 'eppn.duplicate'];

/**
 * Generate a valid SupAnn tree with seeded defects and the findings they must produce.
 * @example const { entries, expected } = generateSupannTree({ base, people: 2000, seed: 6 })
 */
export function generateSupannTree(options: GenerateSupannTreeOptions): GeneratedSupannTree {
  const { base, seed } = options;
  const structureCount = options.structures ?? 200;
  const perRule = options.defects ?? 1;
  const prefix = options.uidPrefix ?? '';
  const random = randomFrom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const entries: GeneratedEntry[] = [];
  const exact = new Map<string, Set<string>>();
  const anyOf = new Map<string, string[][]>();
  const expect = (rule: string, dn: string) => {
    const set = exact.get(rule) ?? new Set<string>();
    set.add(normalize(dn));
    exact.set(rule, set);
  };

  const structuresDn = `ou=structures,${base}`;
  const peopleDn = `ou=people,${base}`;
  const groupsDn = `ou=groups,${base}`;
  for (const ou of ['structures', 'people', 'groups']) entries.push({ dn: `ou=${ou},${base}`, attributes: { objectClass: ['organizationalUnit'], ou: [ou] } });

  // ---- the establishment and its entities: parents before children, no cycle.
  entries.push({
    dn: `supannCodeEntite=ETAB,${structuresDn}`,
    attributes: {
      objectClass: ['top', 'supannEntite', 'organization', 'supannOrg', 'eduOrg'],
      o: ['Université Exemple'],
      supannCodeEntite: ['ETAB'],
      supannEtablissement: [ESTABLISHMENT],
      eduOrgLegalName: ['Université Exemple'],
      supannRefId: ['{SIHAM}S-ETAB'],
    },
  });
  const codeOf = (k: number) => `E${String(k).padStart(4, '0')}`;
  const typeOf = new Map<string, string>();
  const structure = (dn: string, code: string, parent: string | undefined, type: string, name: string): GeneratedEntry => ({
    dn,
    attributes: {
      objectClass: ['top', 'organizationalUnit', 'supannEntite'],
      ou: [name],
      supannCodeEntite: [code],
      ...(parent ? { supannCodeEntiteParent: [parent] } : {}),
      supannTypeEntite: [type],
      supannRefId: [`{SIHAM}S-${code}`],
    },
  });
  for (let k = 1; k <= structureCount; k++) {
    const code = codeOf(k);
    const type = ENTITY_TYPES[k % ENTITY_TYPES.length]!;
    typeOf.set(code, type);
    entries.push(structure(`supannCodeEntite=${code},${structuresDn}`, code, k <= 10 ? 'ETAB' : codeOf(Math.floor((k - 1) / 10)), type, `Entité ${k}`));
  }
  const codes = [...typeOf.keys()];
  // Seeded structures: extra entries, so that no person's assignment changes.
  for (let d = 0; d < perRule; d++) {
    const bad = `BAD CODE ${d}!`;
    const badDn = `supannCodeEntite=${escapeDnValue(bad)},${structuresDn}`;
    entries.push(structure(badDn, bad, 'ETAB', ENTITY_TYPES[0]!, `Mauvais code ${d}`));
    expect('structure.code', badDn);
    for (const side of ['a', 'b']) {
      const dn = `ou=doublon-${d}-${side},${structuresDn}`;
      const e = structure(dn, `DUP${d}`, 'ETAB', ENTITY_TYPES[1]!, `doublon-${d}-${side}`);
      e.attributes.supannRefId = [`{SIHAM}S-DUP${d}${side}`];
      entries.push(e);
      expect('structure.duplicateCode', dn);
    }
    const orphanDn = `supannCodeEntite=ORPHAN${d},${structuresDn}`;
    entries.push(structure(orphanDn, `ORPHAN${d}`, `GONE${d}`, ENTITY_TYPES[2]!, `Service orphelin ${d}`));
    expect('structure.danglingParent', orphanDn);
    const cycle = [1, 2, 3].map((n) => `CYC${d}-${n}`);
    const cycleDns = cycle.map((code) => `supannCodeEntite=${code},${structuresDn}`);
    cycle.forEach((code, n) => entries.push(structure(cycleDns[n]!, code, cycle[(n + 1) % 3], ENTITY_TYPES[3]!, `Cycle ${d} ${n}`)));
    anyOf.set('structure.cycle', [...(anyOf.get('structure.cycle') ?? []), cycleDns.map(normalize)]);
  }

  // ---- people: every one valid first.
  const uidOf = (i: number) => `${prefix}p${String(i).padStart(6, '0')}`;
  const personDn = (i: number) => `uid=${uidOf(i)},${peopleDn}`;
  const staffSoFar: number[] = [];
  const people: GeneratedEntry[] = [];
  for (let i = 0; i < options.people; i++) {
    const kind = kindOf(i);
    const uid = uidOf(i);
    const given = pick(GIVEN);
    const family = pick(FAMILY);
    const main = pick(codes);
    const a: Record<string, string[]> = {
      objectClass: ['inetOrgPerson', 'organizationalPerson', 'person', 'eduPerson', 'supannPerson'],
      uid: [uid],
      cn: [`${given} ${family}`],
      sn: [family],
      givenName: [given],
      mail: [`${uid}@${DOMAIN}`],
      supannCivilite: [pick(['M.', 'Mme'])],
      supannListeRouge: ['FALSE'],
      eduPersonPrincipalName: [`${uid}@${DOMAIN}`],
      supannEtablissement: [ESTABLISHMENT],
      supannEntiteAffectation: [main],
      supannEntiteAffectationPrincipale: [main],
      supannRessourceEtatDate: ['{COMPTE}A:SupannActif:20240901:20270930'],
      supannRessourceEtat: ['{COMPTE}A:SupannActif'],
    };
    if (kind === 'student') {
      a.eduPersonAffiliation = ['student', 'member'];
      a.eduPersonPrimaryAffiliation = ['student'];
      a.supannRefId = [`{APOGEE}${String(20_000_000 + i)}`];
      const years = random() < 0.4 ? ['2023', '2024'] : ['2024'];
      const registrations = years.map((year, n) => ({
        anneeinsc: year,
        regimeinsc: '{SISE}10',
        sectdisc: `{SISE}0${1 + (i % 9)}`,
        typedip: '{SISE}XB',
        cursusann: n === years.length - 1 ? '{SUPANN}M1' : '{SUPANN}L3',
        affect: main,
        diplome: `{SISE}22005${31 + n}`,
      }));
      a.supannEtuInscription = registrations.map(
        (r) => `[etab=${ESTABLISHMENT}][anneeinsc=${r.anneeinsc}][regimeinsc=${r.regimeinsc}][sectdisc=${r.sectdisc}][typedip=${r.typedip}][cursusann=${r.cursusann}][affect=${r.affect}][diplome=${r.diplome}]`,
      );
      const flat = (key: keyof (typeof registrations)[number]) => [...new Set(registrations.map((r) => r[key]))];
      a.supannEtuAnneeInscription = flat('anneeinsc');
      a.supannEtuRegimeInscription = flat('regimeinsc');
      a.supannEtuSecteurDisciplinaire = flat('sectdisc');
      a.supannEtuTypeDiplome = flat('typedip');
      a.supannEtuCursusAnnee = flat('cursusann');
      a.supannEtuDiplome = flat('diplome');
      // One student in twenty has a sponsor among the staff already generated.
      if (i % 20 === 0 && staffSoFar.length > 0) a.supannParrainDN = [personDn(pick(staffSoFar))];
    } else {
      const second = random() < 0.3 ? pick(codes.filter((c) => c !== main)) : undefined;
      const assignments = second ? [main, second] : [main];
      a.supannEntiteAffectation = assignments;
      a.supannTypeEntiteAffectation = [...new Set(assignments.map((c) => typeOf.get(c)!))];
      const role = pick(ROLES);
      a.supannRoleEntite = [`[role=${role}][type=${typeOf.get(main)!}][code=${main}]`];
      a.supannRoleGenerique = [role];
      a.supannActivite = ['{REFERENS}E1B22'];
      a.supannRefId = [`{SIHAM}${String(100_000 + i)}`];
      if (kind === 'faculty') {
        a.eduPersonAffiliation = ['faculty', 'teacher', 'researcher', 'employee', 'member'];
        a.eduPersonPrimaryAffiliation = ['faculty'];
        a.eduPersonOrcid = [orcidOf(i)];
      } else {
        a.eduPersonAffiliation = ['staff', 'employee', 'member'];
        a.eduPersonPrimaryAffiliation = ['staff'];
      }
      staffSoFar.push(i);
    }
    people.push({ dn: personDn(i), attributes: a });
  }

  // ---- seeded person defects: a shuffled order of people, each taken once.
  const order = people.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const taken = new Set<number>();
  const take = (kinds: Kind[] | 'any'): number => {
    const i = order.find((n) => !taken.has(n) && (kinds === 'any' || kinds.includes(kindOf(n))));
    if (i === undefined) throw new Error('not enough people to seed every defect: generate more people or fewer defects');
    taken.add(i);
    return i;
  };
  for (let d = 0; d < perRule; d++) {
    for (const [rule, kinds] of Object.entries(PERSON_DEFECTS)) {
      const i = take(kinds);
      const e = people[i]!;
      seedPersonDefect(rule, e.attributes, { other: codes.find((c) => !e.attributes.supannEntiteAffectation!.includes(c))!, missing: `uid=${prefix}nobody${d},${peopleDn}` });
      expect(rule, e.dn);
    }
    for (const rule of PAIR_DEFECTS) {
      const [first, second] = [people[take('any')]!, people[take('any')]!];
      const attribute = rule === 'refId.duplicate' ? 'supannRefId' : 'eduPersonPrincipalName';
      second.attributes[attribute] = [...first.attributes[attribute]!];
      expect(rule, first.dn);
      expect(rule, second.dn);
    }
  }
  entries.push(...people);

  // ---- groups: admins and readers among the people, members too.
  const groupCount = Math.max(3, Math.floor(options.people / 100));
  const groups: GeneratedEntry[] = [];
  for (let g = 0; g < groupCount; g++) {
    const members = [0, 1, 2].map(() => personDn(Math.floor(random() * options.people)));
    groups.push({
      dn: `cn=${prefix}groupe${g},${groupsDn}`,
      attributes: {
        objectClass: ['groupOfNames', 'supannGroupe'],
        cn: [`${prefix}groupe${g}`],
        member: [...new Set(members)],
        supannGroupeDateFin: ['20270831000000Z'],
        supannGroupeAdminDN: [members[0]!],
        supannGroupeLecteurDN: [members[1]!],
        supannRefId: [`{GROUPER}G${g}`],
      },
    });
  }
  if (perRule > groupCount) throw new Error('more group defects than groups');
  for (let d = 0; d < perRule; d++) {
    const e = groups[Math.floor((d * groupCount) / perRule)]!;
    e.attributes.supannGroupeLecteurDN = [`uid=${prefix}ghost${d},${peopleDn}`];
    expect('group.memberDnMissing', e.dn);
  }
  entries.push(...groups);

  const seeded = new Set([...exact.keys(), ...anyOf.keys()]);
  return {
    entries,
    expected: { exact, anyOf },
    unseeded: SUPANN_RULES.map((r) => r.id).filter((id) => !seeded.has(id)),
    counts: { structures: 1 + structureCount + 7 * perRule, people: options.people, groups: groupCount },
  };
}

/** Give one valid person exactly one defect of `rule`. */
function seedPersonDefect(rule: string, a: Record<string, string[]>, context: { other: string; missing: string }): void {
  switch (rule) {
    case 'refId.prefix':
      a.supannRefId = [a.supannRefId![0]!.replace(/^\{[^}]+\}/, 'NOPREFIX-')];
      break;
    case 'establishment.prefix':
      a.supannEtablissement = ['0751717J'];
      break;
    case 'person.establishmentUnknown':
      a.supannEtablissement = ['{UAI}9999999Z'];
      break;
    case 'affiliation.unknown':
      a.eduPersonAffiliation = [...a.eduPersonAffiliation!, 'wizard'];
      break;
    case 'affiliation.primaryNotAmong':
      a.eduPersonPrimaryAffiliation = ['faculty'];
      break;
    case 'affiliation.memberAndAffiliate':
      a.eduPersonAffiliation = [...a.eduPersonAffiliation!, 'affiliate'];
      break;
    case 'assignment.unknown':
      a.supannEntiteAffectation = [...a.supannEntiteAffectation!, 'NOWHERE'];
      break;
    case 'assignment.principalNotAmong':
      a.supannEntiteAffectationPrincipale = [context.other];
      break;
    case 'eppn.form':
      a.eduPersonPrincipalName = [a.eduPersonPrincipalName![0]!.replace('@', '.at.')];
      break;
    case 'orcid.invalid': {
      const v = a.eduPersonOrcid![0]!;
      const last = v.at(-1)!;
      a.eduPersonOrcid = [v.slice(0, -1) + (last === '0' ? '1' : '0')];
      break;
    }
    case 'role.form':
      a.supannRoleEntite = [...a.supannRoleEntite!, 'role=R00'];
      break;
    case 'role.typeNotAmong':
      a.supannRoleEntite = [a.supannRoleEntite![0]!.replace(/\[type=[^\]]*\]/, '[type={SUPANN}S999]')];
      break;
    case 'role.codeNotAmong':
      a.supannRoleEntite = [a.supannRoleEntite![0]!.replace(/\[code=[^\]]*\]/, `[code=${context.other}]`)];
      break;
    case 'role.generic':
      a.supannRoleGenerique = ['{SUPANN}T31'];
      break;
    case 'registration.form':
      a.supannEtuInscription = [...a.supannEtuInscription!, '[etab={UAI}0751717J][anneeinsc=2022][typedip={SISE}XB]'];
      break;
    case 'registration.flattened':
      a.supannEtuAnneeInscription = ['2019'];
      break;
    case 'status.form':
      a.supannRessourceEtatDate = [...a.supannRessourceEtatDate!, '{MAIL}X:Broken'];
      break;
    case 'status.duplicateResource':
      a.supannRessourceEtatDate = [...a.supannRessourceEtatDate!, '{COMPTE}I:SupannExpire:20230901:20240831'];
      a.supannRessourceEtat = [...a.supannRessourceEtat!, '{COMPTE}I:SupannExpire'];
      break;
    case 'status.projection':
      a.supannRessourceEtat = ['{COMPTE}I:SupannExpire'];
      break;
    case 'parrain.missing':
      a.supannParrainDN = [context.missing];
      break;
    default:
      throw new Error(`no way to seed ${rule}`);
  }
}

/** How the findings of a run compare with the seeded ones: per rule, the DNs missing and those not seeded. */
export interface FindingsComparison {
  equal: boolean;
  perRule: Array<{ rule: string; expected: number; found: number; missing: string[]; unexpected: string[] }>;
}

/**
 * Compare the findings of a run (rule and DN of each) with the expected ones.
 * @example compareFindings(tree.expected, findings).equal
 */
export function compareFindings(expected: ExpectedFindings, findings: Iterable<{ rule: string; dn: string }>): FindingsComparison {
  const found = new Map<string, string[]>();
  for (const f of findings) found.set(f.rule, [...(found.get(f.rule) ?? []), normalize(f.dn)]);
  const perRule = SUPANN_RULES.map(({ id: rule }) => {
    const dns = found.get(rule) ?? [];
    const groups = expected.anyOf.get(rule);
    if (groups) {
      // One finding per group, on a DN of the group.
      const left = [...dns];
      const missing: string[] = [];
      for (const group of groups) {
        const at = left.findIndex((dn) => group.includes(dn));
        if (at === -1) missing.push(group.join(' | '));
        else left.splice(at, 1);
      }
      return { rule, expected: groups.length, found: dns.length, missing, unexpected: left };
    }
    const want = expected.exact.get(rule) ?? new Set<string>();
    const got = new Set(dns);
    // A DN reported twice for one rule is unexpected too: each seeded entry breaks the rule once.
    const unexpected = [...dns.filter((dn) => !want.has(dn)), ...(got.size < dns.length ? [`(${dns.length - got.size} repeated)`] : [])];
    return { rule, expected: want.size, found: dns.length, missing: [...want].filter((dn) => !got.has(dn)), unexpected };
  });
  return { equal: perRule.every((r) => r.missing.length === 0 && r.unexpected.length === 0), perRule };
}
