// The personal plugin's user tab (fd-plugins.md §2.19): fdPersonalInfo.
import type { PluginManifest, TabDecl } from '../../model/declarations.ts';

/** `site:id` social accounts, with the checks FusionDirectory applies per site. */
const SOCIAL = '(?:facebook|linkedin):.+|twitter:@?[A-Za-z0-9_]+|diaspora:[^@\\s]+@[^@\\s]+|github:[A-Za-z\\d](?:[A-Za-z\\d]|-(?=[A-Za-z\\d])){0,38}|googlescholar:[-\\w]{12}|matrix:@[-=./\\w]+:.+';

export const personalInfoTab: TabDecl = {
  id: 'personalInfo',
  label: 'personal.tab',
  objectTypes: ['user'],
  objectClasses: ['fdPersonalInfo'],
  priority: 6,
  selfModify: true,
  sections: [
    {
      key: 'personal',
      label: 'personal.section',
      attributes: [
        { name: 'personalTitle', kind: 'string', label: 'personal.personalTitle' },
        { name: 'fdNickName', kind: 'set', of: { kind: 'string' }, label: 'personal.fdNickName' },
        { name: 'fdBadge', kind: 'string', label: 'personal.fdBadge' },
        { name: 'dateOfBirth', kind: 'date', encoding: 'isoDate', label: 'personal.dateOfBirth' },
        { name: 'gender', kind: 'select', label: 'personal.gender', choices: [{ value: 'M', label: 'personal.gender.M' }, { value: 'F', label: 'personal.gender.F' }] },
        { name: 'co', kind: 'string', label: 'personal.co' },
        { name: 'fdContractStartDate', kind: 'date', encoding: 'generalizedTime', label: 'personal.fdContractStartDate' },
        { name: 'fdContractEndDate', kind: 'date', encoding: 'generalizedTime', label: 'personal.fdContractEndDate' },
        { name: 'fdPhotoVisible', kind: 'boolean', label: 'personal.fdPhotoVisible', default: true },
        { name: 'fdSocialAccount', kind: 'set', of: { kind: 'string', pattern: SOCIAL, patternMessage: 'personal.fdSocialAccount.invalid' }, label: 'personal.fdSocialAccount' },
        { name: 'fdPrivateMail', kind: 'set', of: { kind: 'mail' }, label: 'personal.fdPrivateMail' },
      ],
    },
  ],
};

export const personalPlugin: PluginManifest = {
  id: 'personal',
  dependsOn: ['core'],
  tabs: [personalInfoTab],
  schemas: ['personal-fd', 'personal-fd-conf'],
  messages: {
    en: {
      'personal.tab': 'Personal',
      'personal.section': 'Personal information',
      'personal.personalTitle': 'Personal title',
      'personal.fdNickName': 'Nickname',
      'personal.fdBadge': 'Badge number',
      'personal.dateOfBirth': 'Date of birth',
      'personal.gender': 'Sex',
      'personal.gender.M': 'Male',
      'personal.gender.F': 'Female',
      'personal.co': 'Country',
      'personal.fdContractStartDate': 'Contract start date',
      'personal.fdContractEndDate': 'Contract end date',
      'personal.fdPhotoVisible': 'Photo visible',
      'personal.fdSocialAccount': 'Social accounts',
      'personal.fdSocialAccount.invalid': 'A social account is written site:id, with a site among facebook, twitter, diaspora, linkedin, github, googlescholar and matrix.',
      'personal.fdPrivateMail': 'Private e-mail addresses',
    },
    fr: {
      'personal.tab': 'Personnel',
      'personal.section': 'Informations personnelles',
      'personal.personalTitle': 'Civilité',
      'personal.fdNickName': 'Surnom',
      'personal.fdBadge': 'Numéro de badge',
      'personal.dateOfBirth': 'Date de naissance',
      'personal.gender': 'Sexe',
      'personal.gender.M': 'Masculin',
      'personal.gender.F': 'Féminin',
      'personal.co': 'Pays',
      'personal.fdContractStartDate': 'Début du contrat',
      'personal.fdContractEndDate': 'Fin du contrat',
      'personal.fdPhotoVisible': 'Photo visible',
      'personal.fdSocialAccount': 'Comptes de réseaux sociaux',
      'personal.fdSocialAccount.invalid': 'Un compte social s’écrit site:identifiant, le site étant facebook, twitter, diaspora, linkedin, github, googlescholar ou matrix.',
      'personal.fdPrivateMail': 'Adresses électroniques personnelles',
    },
  },
};
