import { describe, expect, it } from 'vitest';
import { accountLockAction, lockResourceStates, supannLockChanges } from './supannLock.ts';

describe('the SupAnn status and the user lock', () => {
  it('locks the password for an inactive or suspended account, unlocks it for an active one', () => {
    expect(accountLockAction(['{MAIL}S:::', '{COMPTE}A:SupannActif:20240901:'])).toBe('unlock');
    expect(accountLockAction(['{COMPTE}I:SupannExpire::'])).toBe('lock');
    expect(accountLockAction(['{COMPTE}S:::'])).toBe('lock');
    expect(accountLockAction(['{MAIL}S:::'])).toBeUndefined();
  });

  it('locks every active resource from the list, with today as start and no end', () => {
    expect(lockResourceStates('lock', ['{COMPTE}A:SupannActif:20240901:20250831', '{MAIL}I:SupannExpire::', '{BIBLIO}A:::'], '20250102')).toEqual([
      '{COMPTE}S:SupannVerrouille:20250102:',
      '{MAIL}I:SupannExpire::',
      '{BIBLIO}S:SupannVerrouille:20250102:',
    ]);
    expect(lockResourceStates('lock', ['{COMPTE}S:::'], '20250102')).toBeUndefined();
  });

  it('unlocks every suspended or inactive resource from the list', () => {
    expect(lockResourceStates('unlock', ['{COMPTE}S:SupannVerrouille:20250102:', '{MAIL}I:SupannExpire::', '{BIBLIO}A:::'], '20250103')).toEqual([
      '{COMPTE}A:SupannActif:20250103:',
      '{MAIL}A:SupannActif:20250103:',
      '{BIBLIO}A:::',
    ]);
  });

  it('gives the changes of both attributes for one modify', () => {
    expect(supannLockChanges('lock', ['{COMPTE}A:SupannActif:20240901:'], '20250102')).toEqual([
      { operation: 'replace', attribute: 'supannRessourceEtatDate', values: ['{COMPTE}S:SupannVerrouille:20250102:'] },
      { operation: 'replace', attribute: 'supannRessourceEtat', values: ['{COMPTE}S:SupannVerrouille'] },
    ]);
    expect(supannLockChanges('unlock', ['{COMPTE}A:::'], '20250102')).toEqual([]);
  });
});
