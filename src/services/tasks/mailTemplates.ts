// Mail templates (`fdMailTemplate` + child `fdMailAttachments`, fd-orchestrator-tools.md §2) read from the directory,
// and their rendering: body + "\n\n" + signature, with `{{attribute}}` placeholders filled from a recipient's entry.
import { escapeDnValue } from '../../ldap/dn.ts';
import { eq, or } from '../../ldap/filter.ts';
import type { LdapGateway } from '../../ldap/LdapGateway.ts';
import type { LdapEntry } from '../../ldap/LdapEntry.ts';
import { NoSuchObjectError } from '../../ldap/errors.ts';
import type { MailTemplate } from './types.ts';

/** The attribute that holds an attachment's bytes. */
const CONTENT = 'fdMailAttachmentsContent';

/**
 * Load a template by name (`cn=<name>,<mailTemplateBase>`) with its attachments, or null when there is none.
 * @example await loadMailTemplate(gateway, 'ou=mailTemplate,dc=example,dc=org', 'welcome')
 */
export async function loadMailTemplate(gateway: LdapGateway, mailTemplateBase: string, name: string): Promise<MailTemplate | null> {
  const dn = `cn=${escapeDnValue(name)},${mailTemplateBase}`;
  let entries: LdapEntry[];
  try {
    entries = await gateway.searchAll(dn, {
      scope: 'sub',
      filter: or(eq('objectClass', 'fdMailTemplate'), eq('objectClass', 'fdMailAttachments')),
      binaryAttributes: [CONTENT],
    });
  } catch (e) {
    if (e instanceof NoSuchObjectError) return null;
    throw e;
  }
  const isTemplate = (e: LdapEntry) => e.get('objectClass').some((c) => c.toLowerCase() === 'fdmailtemplate');
  const entry = entries.find(isTemplate);
  if (!entry) return null;
  const template: MailTemplate = {
    dn: entry.dn,
    name: entry.first('cn') ?? name,
    subject: entry.first('fdMailTemplateSubject') ?? '',
    body: entry.first('fdMailTemplateBody') ?? '',
    readReceipt: entry.first('fdMailTemplateReadReceipt') === 'TRUE',
    attachments: entries
      .filter((e) => !isTemplate(e) && e.has(CONTENT))
      .map((e) => ({ name: e.first('cn') ?? 'attachment', content: e.buffers(CONTENT)[0]! })),
  };
  const signature = entry.first('fdMailTemplateSignature');
  if (signature !== undefined) template.signature = signature;
  return template;
}

/** Where placeholder values come from: an entry, or plain attributes (names compared without regard to case). */
export type PlaceholderSource = Pick<LdapEntry, 'get'> | Readonly<Record<string, string | readonly string[] | undefined>>;

/** A rendered message, and the placeholders that had no value (shown by the preview). */
export interface RenderedMail {
  subject: string;
  text: string;
  missing: string[];
}

// `\{{` is a literal `{{`; `{{ name }}` a placeholder (attribute description, spaces allowed inside the braces).
const TOKEN = /\\\{\{|\{\{\s*([A-Za-z][A-Za-z0-9-]*(?:;[A-Za-z0-9-]+)*)\s*\}\}/g;

/** The attribute names a text's placeholders ask for, in order of first use, without duplicates (case-insensitive). */
export function placeholdersOf(text: string): string[] {
  const seen = new Map<string, string>();
  for (const m of text.matchAll(TOKEN)) if (m[1] !== undefined && !seen.has(m[1].toLowerCase())) seen.set(m[1].toLowerCase(), m[1]);
  return [...seen.values()];
}

function valueOf(source: PlaceholderSource | undefined, name: string): string | undefined {
  if (!source) return undefined;
  if (typeof (source as Pick<LdapEntry, 'get'>).get === 'function') return (source as Pick<LdapEntry, 'get'>).get(name)[0];
  const record = source as Readonly<Record<string, string | readonly string[] | undefined>>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
  const v = key === undefined ? undefined : record[key];
  return typeof v === 'string' ? v : v?.[0];
}

function fill(text: string, source: PlaceholderSource | undefined, missing: Set<string>, inHeader: boolean): string {
  return text.replace(TOKEN, (token, name: string | undefined) => {
    if (name === undefined) return '{{';
    const value = valueOf(source, name);
    if (value === undefined || value === '') {
      missing.add(name);
      return '';
    }
    // Plain text: inserted as is; in the subject, a line break would start a new header.
    return inHeader ? value.replace(/[\r\n]+/g, ' ') : value;
  });
}

/**
 * The subject and text a template sends to one recipient. Without placeholders this is exactly what FusionDirectory
 * sends: the body, then `\n\n` and the signature when there is one.
 * @example renderMail(template, userEntry) // { subject: 'Welcome Jane', text: 'Hello Jane,…\n\n-- IT', missing: [] }
 */
export function renderMail(template: Pick<MailTemplate, 'subject' | 'body' | 'signature'>, recipient?: PlaceholderSource): RenderedMail {
  const missing = new Set<string>();
  const subject = fill(template.subject, recipient, missing, true);
  let text = fill(template.body, recipient, missing, false);
  if (template.signature !== undefined && template.signature !== '') text += `\n\n${fill(template.signature, recipient, missing, false)}`;
  return { subject, text, missing: [...missing] };
}

/** Whether a template has any placeholder (then the recipient's entry must be looked up). */
export function hasPlaceholders(template: Pick<MailTemplate, 'subject' | 'body' | 'signature'>): boolean {
  return placeholdersOf(`${template.subject}\n${template.body}\n${template.signature ?? ''}`).length > 0;
}
