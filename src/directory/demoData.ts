// Realistic sample data for the demo: departments, people with POSIX accounts, object groups, POSIX groups and roles.
import { Client, NoSuchObjectError } from 'ldapts';
import { hashSalted } from '../passwords/ssha.ts';

const GIVEN = ['Camille', 'Louis', 'Léa', 'Hugo', 'Chloé', 'Lucas', 'Manon', 'Gabriel', 'Inès', 'Arthur', 'Jade', 'Jules', 'Zoé', 'Adam', 'Alice', 'Raphaël', 'Emma', 'Noah', 'Sarah', 'Ethan', 'Anna', 'Tom', 'Clara', 'Paul', 'Lina', 'Nathan', 'Eva', 'Théo', 'Maëlle', 'Mathis'];
const FAMILY = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel', 'Girard', 'André', 'Mercier', 'Dupont', 'Lambert', 'Bonnet', 'François', 'Martinez', "N'Diaye"];
const DEPARTMENTS = [
  { ou: 'sciences', description: 'Faculté des sciences' },
  { ou: 'lettres', description: 'Faculté des lettres' },
  { ou: 'dsi', description: "Direction des systèmes d'information" },
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
    for (let i = 0; i < count; i++) {
      const given = GIVEN[i % GIVEN.length]!;
      const family = FAMILY[(i * 7 + Math.floor(i / GIVEN.length)) % FAMILY.length]!;
      let uid = loginOf(given, family);
      for (let n = 2; used.has(uid); n++) uid = `${loginOf(given, family)}${n}`;
      used.add(uid);
      const department = DEPARTMENTS[i % DEPARTMENTS.length]!.ou;
      const dn = `uid=${uid},ou=people,ou=${department},${o.baseDN}`;
      const uidNumber = 1100 + i;
      await add(dn, {
        objectClass: ['top', 'person', 'organizationalPerson', 'inetOrgPerson', 'posixAccount', 'shadowAccount'],
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
    return { loaded: true, people: people.length, entries: created };
  } finally {
    await client.unbind().catch(() => {});
  }
}
