// The checks of selects whose choices are a nomenclature or the values of another attribute (src/model/kinds/scalar.ts).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AttributeDecl } from '../model/declarations.ts';
import { kindOf } from '../model/kinds/index.ts';
import { Nomenclatures } from './Nomenclatures.ts';

const nomenclatures = new Nomenclatures({ folder: fileURLToPath(new URL('../../../shared/reference/supann-nomenclatures/', import.meta.url)) });

const check = (decl: AttributeDecl, value: unknown, context = {}) => kindOf(decl).check(kindOf(decl).fromJson(value, decl), decl, context);

describe('a select among the values of another attribute (choicesFromValues)', () => {
  const primary: AttributeDecl = { name: 'eduPersonPrimaryAffiliation', label: 'Primary affiliation', kind: 'select', choicesFromValues: { attribute: 'eduPersonAffiliation' } };
  const affiliations = (values: string[]) => ({ valuesOf: (name: string) => (name === 'eduPersonAffiliation' ? values : []) });

  it('accepts one of the current values of the other attribute', () => {
    expect(check(primary, 'student', affiliations(['member', 'student']))).toEqual([]);
  });

  it('refuses another value, naming the other attribute and its values', () => {
    expect(check(primary, 'staff', affiliations(['member', 'student']))).toEqual([
      {
        code: 'value.choice',
        message: '"staff" is not in the list of possible choices for "eduPersonPrimaryAffiliation": the values of "eduPersonAffiliation" (member, student).',
        params: { attribute: 'eduPersonAffiliation' },
      },
    ]);
    expect(check(primary, 'staff', affiliations([]))[0]!.message).toMatch(/\(none\)\.$/);
  });

  it('is checked inside composites and sets too, and not at all without the values', () => {
    const role: AttributeDecl = {
      name: 'supannRoleEntite',
      label: 'Roles',
      kind: 'set',
      of: { kind: 'composite', bracketed: true, parts: [{ name: 'role', spec: { kind: 'string' } }, { name: 'type', spec: { kind: 'select', choicesFromValues: { attribute: 'supannTypeEntiteAffectation' } } }] },
    };
    const types = { valuesOf: () => ['{SUPANN}S230'] };
    expect(check(role, ['[role={SUPANN}R00][type={SUPANN}S230]'], types)).toEqual([]);
    expect(check(role, ['[role={SUPANN}R00][type={SUPANN}S201]'], types)).toMatchObject([{ code: 'value.choice' }]);
    expect(check(primary, 'anything')).toEqual([]);
  });
});

describe('a select of a nomenclature (choicesFromNomenclature)', () => {
  const affiliation: AttributeDecl = { name: 'eduPersonAffiliation', label: 'Affiliations', kind: 'set', of: { kind: 'select', choicesFromNomenclature: { list: 'affiliation' } } };
  const entityType: AttributeDecl = { name: 'supannTypeEntite', label: 'Entity type', kind: 'select', choicesFromNomenclature: { list: 'entite', prefixed: true } };
  const step: AttributeDecl = { name: 'supannEtuEtape', label: 'Step', kind: 'select', choicesFromNomenclature: { list: 'etuetape', prefixed: true } };

  it('accepts the codes of the list', () => {
    expect(check(affiliation, ['member', 'student'], { nomenclatures })).toEqual([]);
    expect(check(entityType, '{SUPANN}S230', { nomenclatures })).toEqual([]);
  });

  it('refuses an unknown code, naming the list', () => {
    expect(check(affiliation, ['studnet'], { nomenclatures })).toEqual([{ code: 'value.choice', message: '"studnet" is not a code of the "affiliation" nomenclature for "eduPersonAffiliation".', params: { list: 'affiliation' } }]);
    expect(check(entityType, '{SUPANN}S999', { nomenclatures })).toEqual([
      { code: 'value.choice', message: '"S999" is not a code of the "entite_SUPANN" nomenclature for "supannTypeEntite".', params: { list: 'entite', prefix: 'SUPANN' } },
    ]);
  });

  it('says whether a prefixed value lacks its prefix or has an unknown one', () => {
    expect(check(entityType, 'S230', { nomenclatures })[0]!.message).toBe('"S230" has no prefix for "supannTypeEntite": write it {PREFIX}code with a prefix of the "entite" nomenclatures ({SUPANN}).');
    expect(check(entityType, '{SISE}S230', { nomenclatures })[0]!.message).toBe('"{SISE}S230" has the prefix {SISE}, which no "entite" nomenclature has, for "supannTypeEntite" (known: {SUPANN}).');
    expect(check(step, '{APOGEE}E1', { nomenclatures })[0]!.message).toBe('"{APOGEE}E1" cannot be a value of "supannEtuEtape": no "etuetape_*" nomenclature file is installed.');
  });

  it('keeps a value the entry already had, and checks nothing without nomenclatures', () => {
    expect(check(entityType, '{OLD}X1', { nomenclatures, stored: new Set(['{OLD}X1']) })).toEqual([]);
    expect(check(entityType, '{OLD}X1')).toEqual([]);
  });

  it('describes the value without an enum in JSON Schema (the lists belong to the site)', () => {
    expect(kindOf(entityType).jsonSchema(entityType)).toEqual({ type: 'string' });
  });
});
