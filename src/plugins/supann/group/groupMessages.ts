// English and French texts of the SupAnn tab of groups and roles.
export const groupMessages: { en: Record<string, string>; fr: Record<string, string> } = {
  en: {
    'supann.group.tab': 'SupAnn',
    'supann.group.tab.description': 'SupAnn information of the group',
    'supann.group.section': 'SupAnn',
    'supann.group.supannGroupeDateFin': 'End date',
    'supann.group.supannGroupeAdminDN': 'Admins',
    'supann.group.supannGroupeAdminDN.description': 'Allowed to edit this group (not enforced: use ACLs)',
    'supann.group.supannGroupeLecteurDN': 'Readers',
    'supann.group.supannGroupeLecteurDN.description': 'Allowed to read the member list (not enforced: use ACLs)',
    'supann.group.supannRefId': 'Ref ids',
    'supann.group.supannRefId.invalid': 'A reference id is written {PREFIX}value, e.g. {APOGEE}GRP-L3-INFO.',
  },
  fr: {
    'supann.group.tab': 'SupAnn',
    'supann.group.tab.description': 'Informations SupAnn du groupe',
    'supann.group.section': 'SupAnn',
    'supann.group.supannGroupeDateFin': 'Date de fin',
    'supann.group.supannGroupeAdminDN': 'Administrateurs',
    'supann.group.supannGroupeAdminDN.description': 'Autorisés à modifier ce groupe (non appliqué : utilisez les ACL)',
    'supann.group.supannGroupeLecteurDN': 'Lecteurs',
    'supann.group.supannGroupeLecteurDN.description': 'Autorisés à lire la liste des membres (non appliqué : utilisez les ACL)',
    'supann.group.supannRefId': 'Identifiants de référence',
    'supann.group.supannRefId.invalid': 'Un identifiant de référence s’écrit {PRÉFIXE}valeur, par exemple {APOGEE}GRP-L3-INFO.',
  },
};
