// SupAnn people in Chromium (issue 6): a student and a staff member filled through the SupAnn tab over seeded
// structures, LDAP holding what FusionDirectory would (derived supannEtu*, roles, entity types), the organisation chart
// counting them, and the {COMPTE} status locking then unlocking the staff member's password, as ldapwhoami sees it.
import { execFile } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../test/harness.ts';
import { Nomenclatures } from '../src/nomenclatures/Nomenclatures.ts';
import { hashSalted } from '../src/passwords/ssha.ts';
import { checkAccessibility, screenshot } from './harness.ts';
import { editorUrl, eventually, label, randomTag, t, usersListUrl } from './flowKit.ts';
import { useBrowserSession } from './session.ts';

/** The SupAnn lists FusionDirectory installs (the shipped ones have `affiliation` only). */
const REFERENCE_NOMENCLATURES = '/work/shared/reference/supann-nomenclatures';

const env = testLdap();
const tag = randomTag();
const TAG = tag.toUpperCase();
const code = (name: string) => `${name}-${TAG}`;
/** An establishment code of our own: codes are unique among the structures of the whole directory. */
const uai = `{UAI}${String(randomInt(1_000_000)).padStart(7, '0')}${String.fromCharCode(65 + randomInt(26))}`;

/** `ldapwhoami` (Debian's ldap-utils) as `dn` with `password`: its exit code and what it printed. */
async function whoami(dn: string, password: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await promisify(execFile)('ldapwhoami', ['-x', '-H', env.url, '-D', dn, '-w', password]);
    return { code: 0, out: stdout };
  } catch (e) {
    const failure = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failure.code === 'number' ? failure.code : -1, out: `${failure.stdout ?? ''}${failure.stderr ?? ''}` };
  }
}

describe('SupAnn people in the browser', { timeout: 180_000 }, () => {
  let department = '';
  const student = { uid: `etu-${tag}`, givenName: 'Camille', sn: `Etudiante${tag}`, eppn: `etu-${tag}@univ-example.fr`, dn: '' };
  const staff = { uid: `dsi-${tag}`, givenName: 'Dominique', sn: `Agent${tag}`, eppn: `dsi-${tag}@univ-example.fr`, password: `pw-${randomTag()}-${randomTag()}`, dn: '' };
  const registration = `[etab=${uai}][anneeinsc=2026][typedip={SISE}XB][cursusann={SUPANN}L1][affect=${code('UFR')}]`;
  const role = `[role={SUPANN}R00][type={SUPANN}S230][code=${code('DSI')}]`;

  const session = useBrowserSession({
    seed: async (gateway) => {
      department = await testSubtree('e2e-supann-people');
      const structures = `ou=structures,${department}`;
      await gateway.add(structures, { objectClass: 'organizationalUnit', ou: 'structures' });
      await gateway.add(`supannCodeEntite=${code('UNIV')},${structures}`, {
        objectClass: ['top', 'supannEntite', 'organization', 'supannOrg', 'eduOrg'],
        o: `Université d'Exemple ${TAG}`,
        eduOrgLegalName: `Université d'Exemple ${TAG}`,
        supannEtablissement: uai,
        supannTypeEntite: '{SUPANN}S102',
        supannCodeEntite: code('UNIV'),
      });
      await gateway.add(`supannCodeEntite=${code('UFR')},${structures}`, {
        objectClass: ['top', 'supannEntite', 'organizationalUnit'],
        ou: `UFR Sciences ${TAG}`,
        supannTypeEntite: '{SUPANN}S201',
        supannCodeEntite: code('UFR'),
        supannCodeEntiteParent: code('UNIV'),
      });
      await gateway.add(`supannCodeEntite=${code('DSI')},${structures}`, {
        objectClass: ['top', 'supannEntite', 'organizationalUnit'],
        ou: `Direction du numérique ${TAG}`,
        supannTypeEntite: '{SUPANN}S230',
        supannCodeEntite: code('DSI'),
        supannCodeEntiteParent: code('UNIV'),
      });
    },
    server: { nomenclatures: new Nomenclatures({ folder: REFERENCE_NOMENCLATURES }) },
    signIn: 'fd-admin',
  });

  /** The users list of our department → New, the User tab filled. */
  async function newUser(person: { uid: string; givenName: string; sn: string }): Promise<void> {
    await session.page.goto(usersListUrl(session.server.url, department));
    await session.page.getByRole('link', { name: t('lists.create', { type: label('user.type') }), exact: true }).click();
    await session.page.getByRole('heading', { level: 1, name: t('editor.new', { type: label('user.type') }) }).waitFor();
    await session.page.getByLabel(label('user.sn'), { exact: true }).fill(person.sn);
    await session.page.getByLabel(label('user.givenName'), { exact: true }).fill(person.givenName);
    await session.page.getByLabel(label('user.uid'), { exact: true }).fill(person.uid);
  }

  /** Open an optional tab of the editor and switch it on. */
  async function addTab(tabLabel: string): Promise<void> {
    await session.page.getByRole('tab', { name: tabLabel, exact: true }).click();
    await session.page.getByRole('button', { name: t('editor.tab.add', { tab: tabLabel }) }).click();
  }

  /** Add a value to a list field: pick it in its select, or type it in its box, then its Add button. */
  async function addToList(fieldLabel: string, value: string, how: 'select' | 'type'): Promise<void> {
    if (how === 'select') {
      const select = session.page.getByRole('combobox', { name: fieldLabel, exact: true });
      await select.selectOption(value);
      await select.locator('..').getByRole('button', { name: t('editor.list.add'), exact: true }).click();
    } else {
      const box = session.page.getByRole('textbox', { name: fieldLabel, exact: true });
      await box.fill(value);
      await box.locator('..').getByRole('button', { name: t('editor.list.add'), exact: true }).click();
    }
  }

  /**
   * Set a part of the new composite of a section (a registration, a role) to `value`: picked in its select, or, for
   * a long nomenclature, found by typing its code in the search box and taking the result with that value.
   */
  async function setPart(section: string, partLabel: string, value: string): Promise<void> {
    // The first part is also labelled by the field ("Student registrations Establishment").
    const name = new RegExp(`(^| )${partLabel.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    const box = session.page.getByRole('group', { name: section, exact: true }).getByRole('combobox', { name });
    if ((await box.evaluate((el) => (el as unknown as { tagName: string }).tagName)) === 'SELECT') {
      await box.selectOption(value);
      return;
    }
    await box.click();
    await box.pressSequentially(value.replace(/^\{[^}]*\}/, ''));
    await session.page.locator('[role=option]:visible').filter({ has: session.page.locator('.option-detail', { hasText: new RegExp(`^${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) }).click();
  }

  async function addComposite(section: string): Promise<void> {
    await session.page.getByRole('group', { name: section, exact: true }).getByRole('button', { name: t('editor.list.add'), exact: true }).click();
  }

  /** Save a new object; returns its DN from the editor's new address. */
  async function saveNew(name: string): Promise<string> {
    await session.page.getByRole('button', { name: t('editor.save'), exact: true }).click();
    await session.page.getByRole('status').filter({ hasText: t('editor.created', { name }) }).waitFor();
    return decodeURIComponent(new URL(session.page.url()).pathname.split('/').pop()!);
  }

  async function saveExisting(): Promise<void> {
    await session.page.getByRole('button', { name: t('editor.save'), exact: true }).click();
    await session.page.getByRole('status').filter({ hasText: t('editor.saved') }).waitFor();
  }

  async function read(dn: string, attributes: string[]): Promise<Record<string, string[]>> {
    const entry = await session.gateway.read(dn, attributes);
    expect(entry, `${dn} is in LDAP`).not.toBeNull();
    return Object.fromEntries(attributes.map((a) => [a, entry!.get(a)]));
  }

  it('creates a student through the SupAnn tab, and LDAP holds the registration and its flattened parts', async () => {
    await newUser(student);
    await addTab(label('supannAccount.tab'));
    await session.page.getByRole('textbox', { name: label('supannAccount.eduPersonPrincipalName'), exact: true }).fill(student.eppn);
    await addToList(label('supannAccount.eduPersonAffiliation'), 'student', 'select');
    await addToList(label('supannAccount.eduPersonAffiliation'), 'member', 'select');
    await session.page.getByRole('combobox', { name: label('supannAccount.eduPersonPrimaryAffiliation'), exact: true }).selectOption('student');
    await addToList(label('supannAccount.supannEntiteAffectation'), code('UFR'), 'select');
    await session.page.getByRole('combobox', { name: label('supannAccount.supannEntiteAffectationPrincipale'), exact: true }).selectOption(code('UFR'));
    // The registration by parts: the establishment, the year, the diploma type found by typing, the curriculum year.
    const registrations = label('supannAccount.section.registrations');
    await setPart(registrations, label('supannAccount.etu.etab'), uai);
    await session.page.getByRole('group', { name: registrations, exact: true }).getByRole('spinbutton', { name: label('supannAccount.etu.anneeinsc'), exact: true }).fill('2026');
    await setPart(registrations, label('supannAccount.etu.typedip'), '{SISE}XB');
    await setPart(registrations, label('supannAccount.etu.cursusann'), '{SUPANN}L1');
    await setPart(registrations, label('supannAccount.etu.affect'), code('UFR'));
    await addComposite(registrations);
    await eventually(() => session.page.getByRole('list', { name: t('editor.list.values', { label: label('supannAccount.supannEtuInscription') }) }).innerText()).toContain(registration);
    await screenshot(session.page, 'supann-people-student-tab');
    expect(await checkAccessibility(session.page)).toEqual([]);

    student.dn = await saveNew(student.uid);
    expect(student.dn.toLowerCase()).toBe(`uid=${student.uid},ou=people,${department}`.toLowerCase());
    const stored = await read(student.dn, [
      'objectClass',
      'eduPersonPrincipalName',
      'eduPersonAffiliation',
      'eduPersonPrimaryAffiliation',
      'supannEntiteAffectation',
      'supannEntiteAffectationPrincipale',
      'supannTypeEntiteAffectation',
      'supannEtablissement',
      'supannEtuInscription',
      'supannEtuAnneeInscription',
      'supannEtuTypeDiplome',
      'supannEtuCursusAnnee',
      'supannEtuRegimeInscription',
      'supannEtuSecteurDisciplinaire',
    ]);
    expect(stored.objectClass!.map((c) => c.toLowerCase())).toEqual(expect.arrayContaining(['eduperson', 'supannperson']));
    expect(stored.eduPersonPrincipalName).toEqual([student.eppn]);
    expect([...stored.eduPersonAffiliation!].sort()).toEqual(['member', 'student']);
    expect(stored.eduPersonPrimaryAffiliation).toEqual(['student']);
    expect(stored.supannEntiteAffectation).toEqual([code('UFR')]);
    expect(stored.supannEntiteAffectationPrincipale).toEqual([code('UFR')]);
    expect(stored.supannTypeEntiteAffectation).toEqual(['{SUPANN}S201']);
    // The registration's establishment joins the person's establishments.
    expect(stored.supannEtablissement).toEqual([uai]);
    // FusionDirectory writes {INCONNU} for an empty regime and sector, and leaves {INCONNU} out of the flattened values.
    expect(stored.supannEtuInscription).toEqual([`[etab=${uai}][anneeinsc=2026][regimeinsc={INCONNU}][sectdisc={INCONNU}][typedip={SISE}XB][cursusann={SUPANN}L1][affect=${code('UFR')}]`]);
    expect(stored.supannEtuAnneeInscription).toEqual(['2026']);
    expect(stored.supannEtuTypeDiplome).toEqual(['{SISE}XB']);
    expect(stored.supannEtuCursusAnnee).toEqual(['{SUPANN}L1']);
    expect(stored.supannEtuRegimeInscription).toEqual([]);
    expect(stored.supannEtuSecteurDisciplinaire).toEqual([]);
    expect(session.pageErrors).toEqual([]);
  });

  it('creates a staff member with a role and an activity found by typing, and LDAP holds the generic role and entity type', async () => {
    await newUser(staff);
    await addTab(label('supannAccount.tab'));
    await session.page.getByRole('textbox', { name: label('supannAccount.eduPersonPrincipalName'), exact: true }).fill(staff.eppn);
    await addToList(label('supannAccount.eduPersonAffiliation'), 'staff', 'select');
    await addToList(label('supannAccount.eduPersonAffiliation'), 'employee', 'select');
    await session.page.getByRole('combobox', { name: label('supannAccount.eduPersonPrimaryAffiliation'), exact: true }).selectOption('staff');
    await addToList(label('supannAccount.supannEntiteAffectation'), code('DSI'), 'select');
    await session.page.getByRole('combobox', { name: label('supannAccount.supannEntiteAffectationPrincipale'), exact: true }).selectOption(code('DSI'));
    // The activity from the REFERENS list, by typing part of its label.
    const activity = session.page.getByRole('combobox', { name: label('supannAccount.supannActivite'), exact: true });
    await activity.click();
    await activity.pressSequentially('expert res et telecomm');
    await session.page.getByRole('option').filter({ hasText: 'E1C23' }).click();
    await session.page.getByRole('list', { name: t('editor.list.values', { label: label('supannAccount.supannActivite') }) }).filter({ hasText: '{REFERENS}E1C23' }).waitFor();
    // The role: its type among the person's entity types (the DSI's), its entity among his assignments.
    await addToList(label('supannAccount.supannTypeEntiteAffectation'), '{SUPANN}S230', 'select');
    const roles = label('supannAccount.section.roles');
    await setPart(roles, label('supannAccount.role.role'), '{SUPANN}R00');
    await setPart(roles, label('supannAccount.role.type'), '{SUPANN}S230');
    await setPart(roles, label('supannAccount.role.code'), code('DSI'));
    await addComposite(roles);
    await eventually(() => session.page.getByRole('list', { name: t('editor.list.values', { label: label('supannAccount.supannRoleEntite') }) }).innerText()).toContain(role);
    await screenshot(session.page, 'supann-people-staff-tab');

    staff.dn = await saveNew(staff.uid);
    const stored = await read(staff.dn, [
      'eduPersonAffiliation',
      'eduPersonPrimaryAffiliation',
      'supannEntiteAffectation',
      'supannEntiteAffectationPrincipale',
      'supannTypeEntiteAffectation',
      'supannActivite',
      'supannRoleEntite',
      'supannRoleGenerique',
    ]);
    expect([...stored.eduPersonAffiliation!].sort()).toEqual(['employee', 'staff']);
    expect(stored.eduPersonPrimaryAffiliation).toEqual(['staff']);
    expect(stored.supannEntiteAffectation).toEqual([code('DSI')]);
    expect(stored.supannEntiteAffectationPrincipale).toEqual([code('DSI')]);
    expect(stored.supannTypeEntiteAffectation).toEqual(['{SUPANN}S230']);
    expect(stored.supannActivite).toEqual(['{REFERENS}E1C23']);
    expect(stored.supannRoleEntite).toEqual([role]);
    expect(stored.supannRoleGenerique).toEqual(['{SUPANN}R00']);

    // A password to sign in to LDAP with (the lock below acts on it).
    await session.gateway.modify(staff.dn, [{ operation: 'replace', attribute: 'userPassword', values: [hashSalted(staff.password, 'SSHA')] }]);
    expect((await whoami(staff.dn, staff.password)).code).toBe(0);
    expect(session.pageErrors).toEqual([]);
  });

  it('shows both people in the organisation chart’s member counts', async () => {
    await session.page.goto(`${session.server.url}/supann/chart`);
    await session.page.getByRole('heading', { level: 1, name: t('supann.chart.title') }).waitFor();
    const node = (name: string) => session.page.locator(`svg g.org-node[data-code="${code(name)}"]`);
    await node('UNIV').waitFor();
    expect(await node('UNIV').getAttribute('class')).toContain('is-establishment');
    expect(await node('UFR').locator('.org-node-badge text').textContent()).toBe('1');
    expect(await node('DSI').locator('.org-node-badge text').textContent()).toBe('1');
    const search = session.page.getByRole('searchbox', { name: t('supann.chart.search') });
    await search.fill(code('DSI'));
    await search.press('Enter');
    await eventually(async () => node('DSI').getAttribute('class')).toContain('is-current');
    await screenshot(session.page, 'supann-people-chart');
  });

  it('locks the staff member through the {COMPTE} status, ldapwhoami refused, and unlocks him, ldapwhoami accepted', async () => {
    const statusTab = label('supann.status.tab');
    await session.page.goto(editorUrl(session.server.url, 'user', staff.dn));
    await session.page.getByRole('heading', { level: 1 }).filter({ hasText: staff.sn }).waitFor();
    await addTab(statusTab);
    // A resource state is set by its parts: the account, inactive.
    const statusSection = label('supann.status.section');
    await setPart(statusSection, label('supann.status.resource'), 'COMPTE');
    await setPart(statusSection, label('supann.status.state'), 'I');
    await addComposite(statusSection);
    await screenshot(session.page, 'supann-people-status-tab');
    await saveExisting();
    expect((await read(staff.dn, ['supannRessourceEtatDate'])).supannRessourceEtatDate).toEqual(['{COMPTE}I:::']);
    // FusionDirectory's lock: a `!` after the password's {SCHEME}.
    expect((await read(staff.dn, ['userPassword'])).userPassword![0]).toMatch(/^\{SSHA\}!/);
    const refused = await whoami(staff.dn, staff.password);
    expect(refused.code).not.toBe(0);
    expect(refused.out).toMatch(/Invalid credentials \(49\)/);

    await session.page.getByRole('button', { name: t('editor.list.remove', { value: '{COMPTE}I:::' }) }).click();
    await setPart(statusSection, label('supann.status.resource'), 'COMPTE');
    await setPart(statusSection, label('supann.status.state'), 'A');
    await addComposite(statusSection);
    await saveExisting();
    expect((await read(staff.dn, ['supannRessourceEtatDate'])).supannRessourceEtatDate).toEqual(['{COMPTE}A:::']);
    expect((await read(staff.dn, ['userPassword'])).userPassword![0]).toMatch(/^\{SSHA\}[^!]/);
    const accepted = await whoami(staff.dn, staff.password);
    expect(accepted.code).toBe(0);
    expect(accepted.out.trim().toLowerCase()).toBe(`dn:${staff.dn}`.toLowerCase());
    expect(session.pageErrors).toEqual([]);
  });
});
