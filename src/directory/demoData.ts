// Realistic sample data for the demo: departments, people with POSIX accounts, object groups, POSIX groups and roles,
// and a small SupAnn university (structures, affiliations, assignments, registrations, resource states).
import { Client, NoSuchObjectError } from 'ldapts';
import { hashSalted } from '../passwords/ssha.ts';

const GIVEN = ['Camille', 'Louis', 'Léa', 'Hugo', 'Chloé', 'Lucas', 'Manon', 'Gabriel', 'Inès', 'Arthur', 'Jade', 'Jules', 'Zoé', 'Adam', 'Alice', 'Raphaël', 'Emma', 'Noah', 'Sarah', 'Ethan', 'Anna', 'Tom', 'Clara', 'Paul', 'Lina', 'Nathan', 'Eva', 'Théo', 'Maëlle', 'Mathis'];
const FAMILY = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel', 'Girard', 'André', 'Mercier', 'Dupont', 'Lambert', 'Bonnet', 'François', 'Martinez', "N'Diaye"];
const DEPARTMENTS = [
  { ou: 'sciences', description: 'Faculté des sciences', structure: 'UFR-SCI' },
  { ou: 'lettres', description: 'Faculté des lettres', structure: 'UFR-LET' },
  { ou: 'dsi', description: "Direction des systèmes d'information", structure: 'DSI' },
];

/** The demo university's establishment code (a made-up UAI). */
const UAI = '{UAI}0999999Z';

/** SupAnn structures of the demo (fd-plugins.md §3.8): code, name, parent, SupAnn entity type. */
const STRUCTURES = [
  { code: 'UFR-SCI', ou: 'UFR de sciences', parent: 'UNIV-DEMO', type: '{SUPANN}S201' },
  { code: 'UFR-LET', ou: 'UFR de lettres', parent: 'UNIV-DEMO', type: '{SUPANN}S201' },
  { code: 'DSI', ou: 'Direction du numérique', parent: 'UNIV-DEMO', type: '{SUPANN}S230' },
  { code: 'LAB-INFO', ou: "Laboratoire d'informatique", parent: 'UFR-SCI', type: '{SUPANN}S302' },
  { code: 'LAB-MATH', ou: 'Laboratoire de mathématiques', parent: 'UFR-SCI', type: '{SUPANN}S302' },
  { code: 'BIU', ou: 'Bibliothèque universitaire', parent: 'UNIV-DEMO', type: '{SUPANN}S230' },
];

export interface DemoDataOptions {
  url: string;
  bindDN: string;
  bindPassword: string;
  baseDN: string;
  /** People to create (default 240). */
  people?: number;
  /** Password of every sample person (they can sign in). */
  userPassword: string;
}

/** ASCII login from a name: `Léa N'Diaye` → `lndiaye`. */
export function loginOf(given: string, family: string): string {
  const ascii = (s: string) => s.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();
  return `${ascii(given).slice(0, 1)}${ascii(family)}`;
}

export interface DemoDataResult {
  /** False when the sample tree was already there. */
  loaded: boolean;
  people: number;
  entries: number;
}

/** Load the sample tree unless it is already there (its first department exists). */
export async function loadDemoData(o: DemoDataOptions): Promise<DemoDataResult> {
  const client = new Client({ url: o.url, timeout: 30_000 });
  await client.bind(o.bindDN, o.bindPassword);
  try {
    const marker = `ou=${DEPARTMENTS[0]!.ou},${o.baseDN}`;
    try {
      await client.search(marker, { scope: 'base', attributes: ['1.1'] });
      return { loaded: false, people: 0, entries: 0 };
    } catch (e) {
      if (!(e instanceof NoSuchObjectError)) throw e;
    }
    let created = 0;
    const add = async (dn: string, attributes: Record<string, string | string[]>) => {
      await client.add(dn, attributes);
      created++;
    };
    const passwordHash = hashSalted(o.userPassword, 'SSHA');
    const people: Array<{ dn: string; uid: string; department: string }> = [];
    const used = new Set<string>(['fd-admin']);
    const count = o.people ?? 240;
    for (const d of DEPARTMENTS) {
      const dn = `ou=${d.ou},${o.baseDN}`;
      await add(dn, { objectClass: ['organizationalUnit', 'gosaDepartment'], ou: d.ou, description: d.description });
      for (const branch of ['people', 'groups', 'roles']) await add(`ou=${branch},${dn}`, { objectClass: 'organizationalUnit', ou: branch });
    }
    // SupAnn: the establishment and its structures under ou=structures (fdSupannStructuresRDN's default).
    const structures = `ou=structures,${o.baseDN}`;
    await add(structures, { objectClass: 'organizationalUnit', ou: 'structures' });
    await add(`supannCodeEntite=UNIV-DEMO,${structures}`, {
      objectClass: ['top', 'supannEntite', 'organization', 'supannOrg', 'eduOrg'],
      o: 'Université de démonstration',
      supannCodeEntite: 'UNIV-DEMO',
      supannEtablissement: UAI,
      supannTypeEntite: '{SUPANN}S102',
      eduOrgLegalName: 'Université de démonstration',
      eduOrgHomePageURI: 'https://www.univ-demo.fr',
    });
    for (const st of STRUCTURES) {
      await add(`supannCodeEntite=${st.code},${structures}`, {
        objectClass: ['top', 'organizationalUnit', 'supannEntite'],
        ou: st.ou,
        supannCodeEntite: st.code,
        supannCodeEntiteParent: st.parent,
        supannTypeEntite: st.type,
      });
    }
    const typeOf = new Map(STRUCTURES.map((st) => [st.code, st.type]));
    for (let i = 0; i < count; i++) {
      const given = GIVEN[i % GIVEN.length]!;
      const family = FAMILY[(i * 7 + Math.floor(i / GIVEN.length)) % FAMILY.length]!;
      let uid = loginOf(given, family);
      for (let n = 2; used.has(uid); n++) uid = `${loginOf(given, family)}${n}`;
      used.add(uid);
      const { ou: department, structure } = DEPARTMENTS[i % DEPARTMENTS.length]!;
      const dn = `uid=${uid},ou=people,ou=${department},${o.baseDN}`;
      const uidNumber = 1100 + i;
      const kind = i % 5 === 0 ? 'faculty' : i % 5 === 1 ? 'staff' : 'student';
      // A student's registration and its flattened companions, as FusionDirectory writes them.
      const year = String(2023 + (i % 3));
      const cursus = ['{SUPANN}L1', '{SUPANN}L2', '{SUPANN}L3', '{SUPANN}M1', '{SUPANN}M2'][i % 5]!;
      const supann: Record<string, string | string[]> = {
        supannListeRouge: 'FALSE',
        eduPersonPrincipalName: `${uid}@univ-demo.fr`,
        eduPersonAffiliation: kind === 'student' ? ['member', 'student'] : kind === 'faculty' ? ['employee', 'faculty', 'member'] : ['employee', 'member', 'staff'],
        eduPersonPrimaryAffiliation: kind,
        supannEtablissement: UAI,
        supannEntiteAffectation: structure,
        supannEntiteAffectationPrincipale: structure,
        supannTypeEntiteAffectation: typeOf.get(structure)!,
        supannRessourceEtatDate: `{COMPTE}A:SupannActif:${year}0901:`,
        supannRessourceEtat: '{COMPTE}A:SupannActif',
        ...(kind === 'student'
          ? {
              supannEtuId: String(21000000 + i),
              supannEtuInscription: `[etab=${UAI}][anneeinsc=${year}][regimeinsc={SISE}10][sectdisc={SISE}01][typedip={SISE}XB][cursusann=${cursus}][affect=${structure}]`,
              supannEtuAnneeInscription: year,
              supannEtuRegimeInscription: '{SISE}10',
              supannEtuSecteurDisciplinaire: '{SISE}01',
              supannEtuTypeDiplome: '{SISE}XB',
              supannEtuCursusAnnee: cursus,
            }
          : { supannEmpId: String(5000 + i) }),
      };
      await add(dn, {
        ...supann,
        objectClass: ['top', 'person', 'organizationalPerson', 'inetOrgPerson', 'posixAccount', 'shadowAccount', 'eduPerson', 'supannPerson'],
        uid,
        givenName: given,
        sn: family,
        cn: `${given} ${family}`,
        mail: `${uid}@univ-demo.fr`,
        telephoneNumber: `+33 1 44 ${String(10 + (i % 90)).padStart(2, '0')} ${String(i % 100).padStart(2, '0')} ${String((i * 3) % 100).padStart(2, '0')}`,
        title: i % 5 === 0 ? 'Enseignant-chercheur' : i % 5 === 1 ? 'Ingénieur' : 'Étudiant',
        uidNumber: String(uidNumber),
        gidNumber: '1100',
        homeDirectory: `/home/${uid}`,
        loginShell: '/bin/bash',
        userPassword: passwordHash,
      });
      people.push({ dn, uid, department });
    }
    await add(`cn=users,ou=groups,${o.baseDN}`, { objectClass: 'posixGroup', cn: 'users', gidNumber: '1100', description: 'All people', memberUid: people.map((p) => p.uid) });
    for (const d of DEPARTMENTS) {
      const members = people.filter((p) => p.department === d.ou).map((p) => p.dn);
      await add(`cn=staff-${d.ou},ou=groups,ou=${d.ou},${o.baseDN}`, {
        objectClass: ['groupOfNames', 'gosaGroupOfNames'],
        cn: `staff-${d.ou}`,
        description: `Everyone in ${d.description}`,
        gosaGroupObjects: '[U]',
        member: members,
      });
      await add(`cn=head-${d.ou},ou=roles,ou=${d.ou},${o.baseDN}`, {
        objectClass: 'organizationalRole',
        cn: `head-${d.ou}`,
        description: `Head of ${d.description}`,
        roleOccupant: members[0]!,
      });
    }
    // A DSA for the orchestrator API and its client (docs/orchestrator.md), with the sample people's password.
    await add(`ou=dsa,${o.baseDN}`, { objectClass: 'organizationalUnit', ou: 'dsa' });
    await add(`cn=orchestrator,ou=dsa,${o.baseDN}`, { objectClass: ['organizationalRole', 'simpleSecurityObject'], cn: 'orchestrator', description: 'Orchestrator client (cron)', userPassword: passwordHash });
    return { loaded: true, people: people.length, entries: created };
  } finally {
    await client.unbind().catch(() => {});
  }
}
