import { describe, expect, it } from 'vitest';

import { normalizeDn } from '../ldap/dn.ts';
import { dnKey, parentKey } from './dnKey.ts';
import { foldText, prepareCaseIgnore, prepareCaseExact } from './fold.ts';

describe('foldText', () => {
  it('folds case, accents and spaces, and returns the same string when already folded', () => {
    expect(foldText('  Émile   ZOLA ')).toBe('emile zola');
    expect(foldText('Straße Œuvre Ærø Łódź')).toBe('strasse oeuvre aero lodz');
    expect(foldText('ﬁne')).toBe('fine');
    const folded = 'jean.dupont@example.org';
    expect(foldText(folded)).toBe(folded);
  });
});

describe('LDAP string preparation', () => {
  it('keeps accents significant and squeezes spaces', () => {
    expect(prepareCaseIgnore('  Émile   Zola ')).toBe('émile zola');
    expect(prepareCaseExact('  Émile   Zola ')).toBe('Émile Zola');
  });
});

describe('dnKey', () => {
  it('gives the text normalizeDn gives', () => {
    for (const dn of [
      'uid=User1,ou=People,dc=Example,dc=org',
      'cn=John Smith,ou=people,dc=x',
      'commonName=X,dc=y',
      'cn=a\\,b,ou=x\\,y,dc=z',
      'cn="a,b",dc=x',
      'cn= a  b ,dc=x',
      'fdFoo=AbC,ou=x',
      'uid=a+cn=b,dc=x',
      'cn=Émile,dc=x',
      'uid=x;ou=y',
      'ou=only',
    ]) {
      expect(dnKey(dn)).toBe(normalizeDn(dn));
    }
  });

  it('returns the DN itself when it is already normalized, and finds parents', () => {
    const dn = 'uid=a,ou=people,dc=x';
    expect(dnKey(dn)).toBe(dn);
    expect(parentKey(dn)).toBe('ou=people,dc=x');
    expect(parentKey('cn=a\\,b,dc=x')).toBe('dc=x');
    expect(parentKey('dc=x')).toBe('');
  });
});
