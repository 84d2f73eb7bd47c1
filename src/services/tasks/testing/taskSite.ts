// Test helpers of the task engine: a FusionDirectory site in a fresh subtree (test/fixtures/fd-tasks.ldif), mail
// sub-tasks written as FusionDirectory writes them, and the MIME parts of a received message.
import { randomBytes } from 'node:crypto';
import type { SmtpServerConfig } from '../../../config/types.ts';
import type { LdapGateway } from '../../../ldap/LdapGateway.ts';
import { testSubtree } from '../../../../test/harness.ts';
import { loadFixture } from '../../../../test/ldifFixture.ts';

export interface TaskSite {
  base: string;
  configDn: string;
  tasksBase: string;
  templateBase: string;
  masterDn: string;
}

/** A fresh subtree holding the fixture site; `settings` replaces attributes of its configuration entry. */
export async function createTaskSite(gateway: LdapGateway, name: string, settings: Record<string, string | null> = {}): Promise<TaskSite> {
  const base = await testSubtree(name);
  await loadFixture(gateway, 'fd-tasks.ldif', { BASE: base });
  const site: TaskSite = {
    base,
    configDn: `cn=config,ou=fusiondirectory,${base}`,
    tasksBase: `ou=tasks,${base}`,
    templateBase: `ou=mailTemplate,${base}`,
    masterDn: `cn=Newsletter,ou=tasks,${base}`,
  };
  const changes = Object.entries(settings).map(([attribute, value]) => ({ operation: 'replace' as const, attribute, values: value === null ? [] : [value] }));
  if (changes.length > 0) await gateway.modify(site.configDn, changes);
  return site;
}

export interface MailSubTaskOptions {
  /** Recipient of the i-th sub-task. */
  address: (i: number) => string;
  ref?: string;
  from?: string;
  bcc?: string;
  schedule?: string;
  master?: string;
}

/** `count` mail sub-tasks as FusionDirectory writes them on activation (one per recipient, status 1). */
export async function addMailSubTasks(gateway: LdapGateway, site: TaskSite, count: number, options: MailSubTaskOptions): Promise<Array<{ dn: string; address: string }>> {
  const stamp = `${Math.floor(Date.now() / 1000)}_${randomBytes(2).toString('hex')}`;
  const out: Array<{ dn: string; address: string }> = [];
  for (let i = 0; i < count; i += 20) {
    const batch = Array.from({ length: Math.min(20, count - i) }, (_, k) => i + k);
    await Promise.all(
      batch.map(async (n) => {
        const cn = `Newsletter-SubTask-${stamp}${String(n).padStart(4, '0')}`;
        const dn = `cn=${cn},${site.tasksBase}`;
        await gateway.add(dn, {
          objectClass: 'fdTasksGranular',
          cn,
          fdTasksGranularMaster: options.master ?? site.masterDn,
          fdTasksGranularType: 'Mail Object',
          fdTasksGranularStatus: '1',
          fdTasksGranularSchedule: options.schedule ?? '20240130080000',
          fdTasksGranularMail: options.address(n),
          fdTasksGranularMailFrom: options.from ?? 'noreply@example.org',
          fdTasksGranularRef: options.ref ?? 'welcome',
          ...(options.bcc ? { fdTasksGranularMailBCC: options.bcc } : {}),
        });
        out[n] = { dn, address: options.address(n) };
      }),
    );
  }
  return out;
}

/** Statuses of the sub-tasks under the site's tasks base, by DN (lower-cased). */
export async function statusesOf(gateway: LdapGateway, site: TaskSite): Promise<Map<string, string>> {
  const entries = await gateway.searchAll(site.tasksBase, { filter: '(objectClass=fdTasksGranular)', attributes: ['fdTasksGranularStatus'] });
  return new Map(entries.map((e) => [e.dn.toLowerCase(), e.get('fdTasksGranularStatus').join(' | ')]));
}

/** An SMTP configuration for a sink on loopback. */
export const smtpOf = (sink: { host: string; port: number }): SmtpServerConfig => ({
  transport: 'smtp',
  host: sink.host,
  port: sink.port,
  secure: false,
  startTLS: false,
  tlsVerify: true,
  timeoutMs: 5000,
});

export interface MimePart {
  headers: Record<string, string>;
  /** Decoded bytes. */
  content: Buffer;
  filename?: string;
}

function splitHead(raw: string): { headers: Record<string, string>; body: string } {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split === -1 ? raw : raw.slice(0, split);
  const body = split === -1 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function decode(body: string, encoding: string | undefined): Buffer {
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64');
    case 'quoted-printable': {
      const soft = body.replace(/=\r?\n/g, '');
      const bytes: number[] = [];
      for (let i = 0; i < soft.length; i++) {
        if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
          bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
          i += 2;
        } else bytes.push(...Buffer.from(soft[i]!, 'utf8'));
      }
      return Buffer.from(bytes);
    }
    default:
      return Buffer.from(body, 'utf8');
  }
}

/** The leaf parts of a message (a single-part message is one part), bodies decoded. */
export function mimePartsOf(raw: string): MimePart[] {
  const { headers, body } = splitHead(raw);
  const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
  if (!/^multipart\//i.test(headers['content-type'] ?? '') || !boundary) {
    const filename = /filename="?([^";]+)"?/i.exec(headers['content-disposition'] ?? '')?.[1];
    return [{ headers, content: decode(body.replace(/\r?\n$/, ''), headers['content-transfer-encoding']), ...(filename ? { filename } : {}) }];
  }
  const parts = body.split(`--${boundary}`).slice(1);
  return parts.filter((p) => !p.startsWith('--')).flatMap((p) => mimePartsOf(p.replace(/^\r?\n/, '').replace(/\r?\n$/, '')));
}

/** The text of a message and its attachments. */
export function mailContentOf(raw: string): { text: string; attachments: Array<{ filename: string; contentType: string; content: Buffer }> } {
  const parts = mimePartsOf(raw);
  const textPart = parts.find((p) => !p.filename && /^text\/plain/i.test(p.headers['content-type'] ?? 'text/plain'));
  return {
    text: (textPart?.content.toString('utf8') ?? '').replace(/\r\n/g, '\n'),
    attachments: parts
      .filter((p) => p.filename)
      .map((p) => ({ filename: p.filename!, contentType: (p.headers['content-type'] ?? '').split(';')[0]!.trim(), content: p.content })),
  };
}
