// The audit plugin (fd-plugins.md §2.14, fd-core.md §11.2): its settings on the configuration entry, the read-only
// `auditEvent` type (the events src/services/audit/AuditLog.ts writes) and the retention task tab of tasks.
import type { ObjectTypeDecl, PluginManifest, TabDecl } from '../../model/declarations.ts';
import { AUDIT_ACTIONS, DEFAULT_AUDIT_ACTIONS } from '../../services/audit/AuditLog.ts';
import { RDN_PATTERN } from '../configuration/choices.ts';
import { auditTaskTab } from '../workflow/typeTabs.ts';
import { en, fr } from './messages.ts';

/** The "Audit" tab of the configuration (fdAuditPluginConf). */
export const auditConfigTab: TabDecl = {
  id: 'auditConfig',
  label: 'audit.config.tab',
  objectTypes: ['configuration'],
  objectClasses: ['fdAuditPluginConf'],
  priority: 60,
  sections: [
    {
      key: 'audit',
      label: 'audit.config.section',
      attributes: [
        { name: 'fdAuditRDN', kind: 'string', pattern: RDN_PATTERN, patternMessage: 'config.rdn.invalid', label: 'audit.fdAuditRDN', required: true, default: 'ou=audit' },
        {
          name: 'fdAuditActions',
          kind: 'set',
          of: { kind: 'select', choices: AUDIT_ACTIONS.map((a) => ({ value: a, label: `audit.action.${a}` })) },
          label: 'audit.fdAuditActions',
          default: [...DEFAULT_AUDIT_ACTIONS],
        },
        { name: 'fdAuditConfHiddenAttrValues', kind: 'set', of: { kind: 'string' }, label: 'audit.fdAuditConfHiddenAttrValues', description: 'audit.fdAuditConfHiddenAttrValues.description', default: [] },
      ],
    },
  ],
};

/** Audit events: read-only (no menu list of the engine; the audit page reads them through /ui/api/audit). */
export const auditEventType: ObjectTypeDecl = {
  id: 'auditEvent',
  label: 'audit.event.type',
  description: 'audit.event.type.description',
  filter: '(objectClass=fdAuditEvent)',
  ou: { configKey: 'fdAuditRDN', default: 'ou=audit' },
  mainAttribute: 'fdAuditDateTime',
  mainTab: 'auditEvent',
  icon: 'audit',
  snapshots: false,
};

export const auditEventTab: TabDecl = {
  id: 'auditEvent',
  label: 'audit.event.tab',
  objectTypes: ['auditEvent'],
  objectClasses: ['fdAuditEvent'],
  alwaysActive: true,
  searchAttributes: ['fdAuditObject', 'fdAuditAuthorDN'],
  sections: [
    {
      key: 'event',
      label: 'audit.event.section',
      attributes: [
        { name: 'fdAuditDateTime', kind: 'readOnly', label: 'audit.fdAuditDateTime' },
        { name: 'fdAuditAction', kind: 'readOnly', label: 'audit.fdAuditAction' },
        { name: 'fdAuditAuthorDN', kind: 'readOnly', label: 'audit.fdAuditAuthorDN' },
        { name: 'fdAuditAuthorIP', kind: 'readOnly', label: 'audit.fdAuditAuthorIP' },
        { name: 'fdAuditObjectType', kind: 'readOnly', label: 'audit.fdAuditObjectType' },
        { name: 'fdAuditObject', kind: 'readOnly', label: 'audit.fdAuditObject' },
        { name: 'fdAuditAttributes', kind: 'readOnly', multi: true, label: 'audit.fdAuditAttributes' },
        { name: 'fdAuditResult', kind: 'readOnly', label: 'audit.fdAuditResult' },
        { name: 'fdAuditId', kind: 'readOnly', label: 'audit.fdAuditId' },
      ],
    },
  ],
};

export const auditPlugin: PluginManifest = {
  id: 'audit',
  dependsOn: ['workflow', 'configuration'],
  schemas: ['audit-fd', 'audit-fd-conf'],
  types: [auditEventType],
  tabs: [auditTaskTab, auditConfigTab, auditEventTab],
  messages: { en, fr },
};
