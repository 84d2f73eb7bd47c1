// Rendering mail templates: FusionDirectory's body + signature, and the placeholders filled from a recipient's entry.
import { describe, expect, it } from 'vitest';
import { LdapEntry } from '../../ldap/LdapEntry.ts';
import { placeholdersOf, renderMail } from './mailTemplates.ts';

const jane = new LdapEntry('uid=jane,ou=people,dc=example,dc=org', { givenName: ['Jane'], mail: ['jane@example.org', 'j@example.org'], sn: ['Doe'] });

describe('renderMail', () => {
  it('sends what FusionDirectory sends for a template without placeholders', () => {
    expect(renderMail({ subject: 'Welcome', body: 'Hello, your account is ready.', signature: '-- IT team' })).toEqual({
      subject: 'Welcome',
      text: 'Hello, your account is ready.\n\n-- IT team',
      missing: [],
    });
    expect(renderMail({ subject: 'Welcome', body: 'Hello.', signature: '' }).text).toBe('Hello.');
    expect(renderMail({ subject: 'Welcome', body: 'Hello.' }).text).toBe('Hello.');
  });

  it('fills placeholders from the first value of the attribute, whatever the case of its name', () => {
    const out = renderMail({ subject: 'Welcome {{givenName}}', body: 'Dear {{ GIVENNAME }} {{sn}},\nyour address is {{mail}}.', signature: 'Sent to {{Mail}}' }, jane);
    expect(out).toEqual({ subject: 'Welcome Jane', text: 'Dear Jane Doe,\nyour address is jane@example.org.\n\nSent to jane@example.org', missing: [] });
  });

  it('renders an absent attribute empty and lists it as missing', () => {
    expect(renderMail({ subject: 'Hi {{title}}', body: '{{givenName}} / {{employeeNumber}}' }, jane)).toEqual({ subject: 'Hi ', text: 'Jane / ', missing: ['title', 'employeeNumber'] });
    expect(renderMail({ subject: 'Hi {{givenName}}', body: 'x' }).missing).toEqual(['givenName']);
  });

  it('writes \\{{ as a literal {{ and leaves text that is not a placeholder alone', () => {
    expect(renderMail({ subject: 's', body: 'Use \\{{givenName}} to say {{givenName}}; {{ not a name }} {x}' }, jane).text).toBe('Use {{givenName}} to say Jane; {{ not a name }} {x}');
  });

  it('inserts values literally, and never lets one break the subject into a new header', () => {
    const mallory = { cn: 'Mallory\r\nBcc: victim@example.org', description: 'line1\nline2 {{cn}}' };
    const out = renderMail({ subject: 'For {{cn}}', body: '{{description}}' }, mallory);
    expect(out.subject).toBe('For Mallory Bcc: victim@example.org');
    expect(out.text).toBe('line1\nline2 {{cn}}');
  });

  it('lists the placeholders of a text once each, in order', () => {
    expect(placeholdersOf('{{givenName}} {{sn}} {{GivenName}} \\{{mail}} {{ uid }}')).toEqual(['givenName', 'sn', 'uid']);
  });
});
