// Mail templates (fd-core.md §8.1, fd-orchestrator-tools.md §2): `cn=<name>,ou=mailTemplate,<base>`, objectClass
// fdMailTemplate, attachments as child `fdMailAttachments` entries. Beyond FusionDirectory: `{{attribute}}`
// placeholders filled from each recipient's entry when the mail is sent (src/services/tasks/mailTemplates.ts).
import type { ObjectTypeDecl, SaveContext, TabDecl } from '../../model/declarations.ts';

export const mailTemplateType: ObjectTypeDecl = {
  id: 'mailTemplate',
  label: 'workflow.mailTemplate.type',
  description: 'workflow.mailTemplate.type.description',
  filter: '(objectClass=fdMailTemplate)',
  ou: { configKey: 'fdMailTemplateRDN', default: 'ou=mailTemplate' },
  mainAttribute: 'cn',
  mainTab: 'mailTemplate',
  icon: 'mail',
  menu: { section: 'workflow', priority: 10 },
};

/** `{{name}}` placeholders whose name is not an attribute name (a typo such as `{{ given name }}`). */
function badPlaceholders(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?<!\\)\{\{([^}]*)\}\}/g)) if (!/^\s*[A-Za-z][A-Za-z0-9-]*(;[A-Za-z0-9-]+)*\s*$/.test(m[1]!)) out.push(m[0]);
  return out;
}

export const mailTemplateTab: TabDecl = {
  id: 'mailTemplate',
  label: 'workflow.mailTemplate.tab',
  objectTypes: ['mailTemplate'],
  objectClasses: ['fdMailTemplate'],
  alwaysActive: true,
  searchAttributes: ['cn', 'fdMailTemplateSubject'],
  sections: [
    {
      key: 'template',
      label: 'workflow.mailTemplate.section',
      attributes: [
        { name: 'cn', kind: 'string', label: 'workflow.mailTemplate.cn', required: true, forbiddenCharacters: ',+"\\<>;=/' },
        { name: 'fdMailTemplateSubject', kind: 'string', label: 'workflow.mailTemplate.subject', required: true },
        { name: 'fdMailTemplateBody', kind: 'text', label: 'workflow.mailTemplate.body', description: 'workflow.mailTemplate.body.description', required: true },
        { name: 'fdMailTemplateSignature', kind: 'text', label: 'workflow.mailTemplate.signature' },
        { name: 'fdMailTemplateReadReceipt', kind: 'boolean', label: 'workflow.mailTemplate.readReceipt', description: 'workflow.mailTemplate.readReceipt.description', default: false },
        {
          name: 'attachments',
          kind: 'files',
          children: { objectClass: 'fdMailAttachments', nameAttribute: 'cn', contentAttribute: 'fdMailAttachmentsContent' },
          label: 'workflow.mailTemplate.attachments',
          description: 'workflow.mailTemplate.attachments.description',
          inLdap: false,
        },
      ],
    },
  ],
  behaviour: {
    check(context: SaveContext) {
      const problems: Array<{ attribute: string; code: string; message: string }> = [];
      for (const attribute of ['fdMailTemplateSubject', 'fdMailTemplateBody', 'fdMailTemplateSignature']) {
        const v = context.values[attribute];
        const bad = typeof v === 'string' ? badPlaceholders(v) : [];
        if (bad.length > 0) problems.push({ attribute, code: 'value.pattern', message: `${bad.join(', ')} is not a placeholder: write {{attributeName}}, e.g. {{givenName}} (or \\{{ for literal braces).` });
      }
      return problems;
    },
  },
};
