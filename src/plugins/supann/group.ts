// SupAnn: the tab "SupAnn" of groups and roles (`supannGroup`, fd-plugins.md §3.9): end date, admins, readers and
// reference ids. Informative: neither FusionDirectory nor the directory enforces admins or readers.
import type { TabDecl } from '../../model/declarations.ts';
import { groupMessages } from './group/groupMessages.ts';
import type { PluginPart } from './PluginPart.ts';

/** Who may be named admin or reader: users, groups and roles (FusionDirectory's picker). */
const MEMBER_TYPES = ['user', 'ogroup', 'group', 'role'];

export const supannGroupTab: TabDecl = {
  id: 'supannGroup',
  label: 'supann.group.tab',
  description: 'supann.group.tab.description',
  objectTypes: ['ogroup', 'group', 'role'],
  objectClasses: ['supannGroupe'],
  priority: 10,
  sections: [
    {
      key: 'supann',
      label: 'supann.group.section',
      attributes: [
        // GeneralizedTime at hour precision, `2026083100Z`, as FusionDirectory writes it.
        { name: 'supannGroupeDateFin', label: 'supann.group.supannGroupeDateFin', kind: 'date', encoding: 'generalizedTimeHour' },
        { name: 'supannGroupeAdminDN', label: 'supann.group.supannGroupeAdminDN', description: 'supann.group.supannGroupeAdminDN.description', kind: 'dns', types: MEMBER_TYPES },
        { name: 'supannGroupeLecteurDN', label: 'supann.group.supannGroupeLecteurDN', description: 'supann.group.supannGroupeLecteurDN.description', kind: 'dns', types: MEMBER_TYPES },
        {
          name: 'supannRefId',
          label: 'supann.group.supannRefId',
          kind: 'set',
          of: { kind: 'string', pattern: '\\{[^}]+\\}.+', patternMessage: 'supann.group.supannRefId.invalid', example: '{APOGEE}GRP-L3-INFO' },
          unique: 'whole',
          resetOnCopy: true,
        },
      ],
    },
  ],
};

export const groupPart: PluginPart = { tabs: [supannGroupTab], messages: groupMessages };
