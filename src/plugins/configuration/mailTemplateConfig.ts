// The "Mail templates" tab of the configuration (fdMailTemplateConf): where mail templates live (fd-core.md §8.1).
import type { TabDecl } from '../../model/declarations.ts';
import { RDN_PATTERN } from './choices.ts';

export const mailTemplateConfigTab: TabDecl = {
  id: 'mailTemplateConfig',
  label: 'config.mailTemplate.tab',
  objectTypes: ['configuration'],
  objectClasses: ['fdMailTemplateConf'],
  priority: 60,
  sections: [
    {
      key: 'mailTemplate',
      label: 'config.section.mailTemplate',
      attributes: [{ name: 'fdMailTemplateRDN', kind: 'string', pattern: RDN_PATTERN, patternMessage: 'config.rdn.invalid', label: 'config.fdMailTemplateRDN', default: 'ou=mailTemplate' }],
    },
  ],
};
