import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Nomenclatures, SHIPPED_NOMENCLATURES } from './Nomenclatures.ts';
import { parseNomenclature } from './parseNomenclature.ts';
import { defaultSubStates, SUPANN_RESOURCE_STATE_MESSAGES, SUPANN_RESOURCE_STATES, SUPANN_RESOURCE_SUBSTATES } from './supannResourceStates.ts';

/** FusionDirectory's own lists (supann/contrib/etc), beside the checkout. */
const REFERENCE = fileURLToPath(new URL('../../../shared/reference/supann-nomenclatures/', import.meta.url));
const reference = new Nomenclatures({ folder: REFERENCE, warn: (m) => expect.fail(m) });

function tempFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'trousseau-nomenclatures-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('parsing a file', () => {
  it('reads CODE;LABEL lines, ignoring comments, blank lines, extra fields, a BOM and CRLF', () => {
    const text = '\ufeff# header\r\n\r\nS230;Service informatique;extra\r\n  # indented comment\nS201;Composante\nLONE\n;no code\n';
    expect(parseNomenclature(text, { diploma: false })).toEqual([
      { code: 'S230', label: 'Service informatique' },
      { code: 'S201', label: 'Composante' },
      { code: 'LONE', label: 'LONE' },
    ]);
  });

  it('keeps the last line of a code given twice', () => {
    expect(parseNomenclature('A;first\nA;second\n', { diploma: false })).toEqual([{ code: 'A', label: 'second' }]);
  });

  it('reads diplomas with their type and sector, prefixed {SISE} unless they have their own prefix', () => {
    expect(parseNomenclature('1000265;CB;06;GENIE BIOLOGIQUE;AGRONOMIE\n1000013;CD;16;ANALYSE;\nX1;{LOCAL}T;{LOCAL}S;Mine;\n', { diploma: true })).toEqual([
      { code: '1000265', label: 'GENIE BIOLOGIQUE - AGRONOMIE', type: '{SISE}CB', sector: '{SISE}06' },
      { code: '1000013', label: 'ANALYSE', type: '{SISE}CD', sector: '{SISE}16' },
      { code: 'X1', label: 'Mine', type: '{LOCAL}T', sector: '{LOCAL}S' },
    ]);
  });
});

describe("FusionDirectory's lists", () => {
  it('loads every file of the reference folder, with the counts of fd-plugins.md §3.11', () => {
    const files = reference.lists().filter((f) => f.source === 'site');
    expect(files.map((f) => f.name).sort()).toEqual(readdirSync(REFERENCE).sort());
    const count = Object.fromEntries(files.map((f) => [f.name, f.entries]));
    expect(count).toMatchObject({
      affiliation: 13,
      entite_SUPANN: 89,
      role_SUPANN: 157,
      corps_NCORPS: 515,
      activite_REFERENS: 825,
      activite_CNU: 207,
      activite_BAP: 8,
      'activite_PCS-ESE': 429,
      activite_REME: 105,
      activite_RIME: 282,
      typediplome_SISE: 214,
      diplome_SISE: 27_062,
      discipline_SISE: 64,
      eturegimeinscription_SISE: 31,
      etablissement_SUPANN: 2,
    });
    // Every data line of every file is a choice (no line lost, none made up).
    for (const f of files) {
      const lines = readFileSync(path.join(REFERENCE, f.name), 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
      expect(f.entries, f.name).toBe(lines.length);
    }
  });

  it('takes the prefix from the file name, after the first "_"', () => {
    expect(reference.prefixes('activite')).toEqual(['BAP', 'CNU', 'PCS-ESE', 'REFERENS', 'REME', 'RIME']);
    expect(reference.lists().find((f) => f.name === 'activite_PCS-ESE')).toMatchObject({ list: 'activite', prefix: 'PCS-ESE' });
    expect(reference.has('entite', true, '{SUPANN}S230')).toBe(true);
    expect(reference.has('activite', true, '{PCS-ESE}388a')).toBe(true);
    expect(reference.has('activite', true, '{CNU}0100')).toBe(true);
    expect(reference.has('entite', true, 'S230')).toBe(false);
    expect(reference.has('entite', false, '{SUPANN}S230')).toBe(false);
  });

  it('reads a list without prefix from the file of that exact name', () => {
    expect(reference.has('affiliation', false, 'student')).toBe(true);
    expect(reference.has('affiliation', true, 'student')).toBe(false);
    expect(reference.size('affiliation', false)).toBe(13);
    expect(reference.label('affiliation', false, 'student')).toBe('Personne en formation (student)');
  });

  it('does not take typediplome_SISE for a diploma file (the list name is matched whole)', () => {
    expect(reference.size('diplome', true)).toBe(27_062);
    expect(reference.size('typediplome', true)).toBe(214);
    expect(reference.find('typediplome', true, '{SISE}XB')).toEqual({ value: '{SISE}XB', label: expect.any(String) });
  });

  it('gives diplomas "LABEL1 - LABEL2", their type and sector', () => {
    expect(reference.find('diplome', true, '{SISE}1000267')).toEqual({ value: '{SISE}1000267', label: 'GENIE BIOLOGIQUE - AGRONOMIE', type: '{SISE}CB', sector: '{SISE}06' });
  });

  it('cuts labels longer than 50 characters for display, and keeps the whole label', () => {
    const long = reference.choices('activite', true).find((c) => c.fullLabel !== undefined)!;
    expect([...long.label]).toHaveLength(51);
    expect(long.label.endsWith('…')).toBe(true);
    expect(long.fullLabel!.startsWith(long.label.slice(0, -1))).toBe(true);
  });

  it('sorts choices by label', () => {
    const labels = reference.choices('entite', true).map((c) => c.label);
    const folded = labels.map((l) => l.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase());
    expect(folded).toEqual([...folded].sort());
  });
});

describe('searching', () => {
  it('finds codes and labels whatever the case and accents, every word matching', () => {
    const { choices, total } = reference.search('entite', true, 'SERVICE géNéral');
    expect(total).toBeGreaterThan(0);
    for (const c of choices) expect(c.label).toMatch(/service/i);
    expect(choices.map((c) => c.value)).toContain('{SUPANN}S231');
    const accented = reference.search('activite', true, 'ingenieur etudes');
    expect(accented.total).toBeGreaterThan(0);
    expect(accented.choices.every((c) => /ing[ée]nieur/i.test(c.fullLabel ?? c.label))).toBe(true);
    // "établissement" in the file, typed without accent nor case.
    expect(reference.search('affiliation', false, 'ETABLISSEMENT externe').choices.map((c) => c.value)).toEqual(['affiliate']);
  });

  it('puts the exact code first, then what starts with the text', () => {
    const { choices } = reference.search('entite', true, 'S230');
    expect(choices[0]!.value).toBe('{SUPANN}S230');
    expect(reference.search('diplome', true, '1000267').choices[0]!.value).toBe('{SISE}1000267');
    // A prefix is searchable too: "{cnu}01" finds the CNU sections starting with 01.
    expect(reference.search('activite', true, '{cnu}01').choices.every((c) => c.value.startsWith('{CNU}01'))).toBe(true);
  });

  it('searches the whole label, beyond the 50 characters shown', () => {
    const long = reference.choices('activite', true).find((c) => c.fullLabel !== undefined && c.fullLabel.length > 60)!;
    const tail = long.fullLabel!.slice(-8).trim();
    expect(reference.search('activite', true, tail, { limit: 1000 }).choices.map((c) => c.value)).toContain(long.value);
  });

  it('counts every match and returns at most the limit', () => {
    const { choices, total } = reference.search('diplome', true, 'master', { limit: 7 });
    expect(choices).toHaveLength(7);
    expect(total).toBe(263);
    expect(reference.search('diplome', true, '', { limit: 3 })).toMatchObject({ total: 27_062 });
    expect(reference.search('diplome', true, 'zzzqqq')).toEqual({ choices: [], total: 0 });
  });

  it('filters diplomas by type and sector, with or without {SISE}', () => {
    const filtered = reference.search('diplome', true, '', { limit: 10_000, where: { type: 'CB', sector: '{SISE}06' } });
    expect(filtered.total).toBeGreaterThan(0);
    expect(filtered.choices.every((c) => c.type === '{SISE}CB' && c.sector === '{SISE}06')).toBe(true);
    expect(filtered.choices.map((c) => c.value)).toContain('{SISE}1000267');
    const bio = reference.search('diplome', true, 'agronomie', { where: { type: '{SISE}CB' } });
    expect(bio.choices.map((c) => c.value)).toContain('{SISE}1000267');
    expect(reference.search('diplome', true, 'agronomie', { where: { type: 'CB', sector: '01' } }).choices.map((c) => c.value)).not.toContain('{SISE}1000267');
  });

  it('answers a search of the 27 062 diplomas at once (figures: npm run bench:nomenclatures)', () => {
    const queries = ['m', 'ma', 'mas', 'mast', 'master info', 'droit'];
    for (const q of queries) reference.search('diplome', true, q);
    const started = performance.now();
    for (const q of queries) reference.search('diplome', true, q);
    // A generous bound: test runs share the machine with slapd and other files.
    expect((performance.now() - started) / queries.length).toBeLessThan(100);
  });
});

describe("a site's folder over the shipped lists", () => {
  it('ships the 13 SupAnn affiliations, and nothing else for eduPerson', () => {
    const shipped = new Nomenclatures();
    expect(shipped.lists().map((f) => [f.name, f.source, f.entries])).toEqual([['affiliation', 'shipped', 13]]);
    expect(shipped.choices('affiliation', false).map((c) => c.value).sort()).toEqual(
      ['affiliate', 'alum', 'emeritus', 'employee', 'faculty', 'library-walk-in', 'member', 'registered-reader', 'researcher', 'retired', 'staff', 'student', 'teacher'],
    );
    expect(shipped.size('entite', true)).toBe(0);
    expect(SHIPPED_NOMENCLATURES.endsWith(`${path.sep}plugins${path.sep}supann${path.sep}nomenclatures${path.sep}`)).toBe(true);
  });

  it("lets the site's file replace a shipped one of the same name", () => {
    const site = new Nomenclatures({ folder: tempFolder({ affiliation: 'student;Étudiant·e\nmember;Membre\n' }) });
    expect(site.lists()).toMatchObject([{ name: 'affiliation', source: 'site', entries: 2 }]);
    expect(site.label('affiliation', false, 'student')).toBe('Étudiant·e');
    expect(site.has('affiliation', false, 'staff')).toBe(false);
  });

  it('adds a prefix for a custom file dropped in the folder, and ignores leftovers', () => {
    const folder = tempFolder({ activite_MYUNIV: '# our jobs\nDEV;Développeur\nADM;Administrateur\n', 'activite_MYUNIV.dpkg-old': 'OLD;old\n', '.hidden': 'x;y\n', 'activite_BAP~': 'x;y\n' });
    const site = new Nomenclatures({ folder, shipped: [REFERENCE] });
    expect(site.prefixes('activite')).toEqual(['BAP', 'CNU', 'MYUNIV', 'PCS-ESE', 'REFERENS', 'REME', 'RIME']);
    expect(site.has('activite', true, '{MYUNIV}DEV')).toBe(true);
    expect(site.search('activite', true, 'developpeur').choices[0]).toEqual({ value: '{MYUNIV}DEV', label: 'Développeur' });
    expect(site.size('activite', true)).toBe(8 + 207 + 429 + 825 + 105 + 282 + 2);
  });

  it('reads files added after a reload', () => {
    const folder = tempFolder({});
    const site = new Nomenclatures({ folder });
    expect(site.has('etuetape', true, '{APOGEE}E1')).toBe(false);
    writeFileSync(path.join(folder, 'etuetape_APOGEE'), 'E1;Première année\n');
    expect(site.has('etuetape', true, '{APOGEE}E1')).toBe(false);
    expect(site.reload().has('etuetape', true, '{APOGEE}E1')).toBe(true);
  });

  it('reports a folder it cannot read and goes on with the shipped lists', () => {
    const warnings: string[] = [];
    const site = new Nomenclatures({ folder: '/nonexistent/supann', warn: (m) => warnings.push(m) });
    expect(site.has('affiliation', false, 'student')).toBe(true);
    expect(warnings).toEqual([expect.stringContaining('/nonexistent/supann')]);
  });
});

describe('SupAnn resource states', () => {
  it('has the three states and the twelve official sub-states in FusionDirectory order, labelled in both languages', () => {
    expect(SUPANN_RESOURCE_STATES.map((s) => s.code)).toEqual(['A', 'I', 'S']);
    expect(SUPANN_RESOURCE_SUBSTATES).toHaveLength(12);
    expect(defaultSubStates()[0]).toBe('0:A:SupannAnticipe');
    expect(defaultSubStates()[11]).toBe('11:S:SupannVerrouTechnique');
    const keys = [...SUPANN_RESOURCE_STATES, ...SUPANN_RESOURCE_SUBSTATES].map((s) => s.label);
    for (const lang of ['en', 'fr'] as const) for (const key of keys) expect(SUPANN_RESOURCE_STATE_MESSAGES[lang][key], `${lang} ${key}`).toBeTruthy();
    expect(Object.keys(SUPANN_RESOURCE_STATE_MESSAGES.en).sort()).toEqual(Object.keys(SUPANN_RESOURCE_STATE_MESSAGES.fr).sort());
  });
});
