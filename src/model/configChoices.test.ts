import { describe, expect, it } from 'vitest';
import { configChoices } from './configChoices.ts';

const config: Record<string, string[]> = {
  fdShells: ['/bin/bash', '/bin/zsh'],
  fdSupannCMSTypes: ['etudiant;étudiant', 'visiteur;visiteur, anonyme', '{UNIV}badge;badge;x'],
  fdSupannRessourceLabels: ['BIBLIO:Library', 'COMPTE:Account again'],
  fdSupannRessourceSubStates: ['0:A:SupannActif', '1:S:SupannVerrouille'],
  fdSupannCMSAppDomains: ['x-biblio-xlsb;xlsb.biblio.univ-example.fr'],
};
const list = (key: string) => config[key] ?? [];

describe('choices from the configuration', () => {
  it('takes values whole by default', () => {
    expect(configChoices('fdShells', list)).toEqual([{ value: '/bin/bash', label: '/bin/bash' }, { value: '/bin/zsh', label: '/bin/zsh' }]);
  });

  it('splits code and label, the label keeping any further separator', () => {
    expect(configChoices({ key: 'fdSupannCMSTypes', separator: ';' }, list)).toEqual([
      { value: 'etudiant', label: 'étudiant' },
      { value: 'visiteur', label: 'visiteur, anonyme' },
      { value: '{UNIV}badge', label: 'badge;x' },
    ]);
  });

  it('puts built-in choices first and does not repeat them', () => {
    const builtIn = [{ value: 'COMPTE', label: 'Account' }, { value: 'MAIL', label: 'Mail' }];
    expect(configChoices({ key: 'fdSupannRessourceLabels', separator: ':', builtIn }, list).map((c) => c.value)).toEqual(['COMPTE', 'MAIL', 'BIBLIO']);
  });

  it('reads the value from another field, and assumes the default while the key is absent', () => {
    expect(configChoices({ key: 'fdSupannRessourceSubStates', separator: ':', valueField: 2 }, list).map((c) => c.value)).toEqual(['SupannActif', 'SupannVerrouille']);
    expect(configChoices({ key: 'fdSupannCMSAppDomains', separator: ';', valueField: 1 }, list)).toEqual([{ value: 'xlsb.biblio.univ-example.fr', label: 'xlsb.biblio.univ-example.fr' }]);
    expect(configChoices({ key: 'fdSupannCMSFormats', separator: ';', default: ['MIFARE:XLSB;Mifare XLSB'] }, list)).toEqual([{ value: 'MIFARE:XLSB', label: 'Mifare XLSB' }]);
  });
});
