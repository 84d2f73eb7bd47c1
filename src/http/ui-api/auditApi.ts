// The audit page and the users' Security tab (fd-plugins.md §2.14): searches of the audit trail, its CSV export and
// one event's detail, through the directory's AuditLog (src/services/audit/AuditLog.ts). docs/audit.md.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors/AppError.ts';
import { parseDn } from '../../ldap/dn.ts';
import { hasNul } from '../../ldap/filter.ts';
import type { Actor } from '../../services/AccessPolicy.ts';
import { AUDIT_ACTIONS, type AuditEvent, type AuditLog, type AuditQuery } from '../../services/audit/AuditLog.ts';
import { csvField } from '../../services/csvField.ts';
import type { RestDirectory } from '../rest-v1/RestDirectory.ts';
import { queryOf } from './queryOf.ts';

export interface AuditRoutesOptions {
  signedIn(request: FastifyRequest, reply: FastifyReply): Promise<{ directory: RestDirectory; actor: Actor }>;
}

const invalid = (message: string, attribute: string) => new AppError({ code: 'value.invalid', message, attribute });

function dateParam(q: URLSearchParams, name: string): Date | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
  if (Number.isNaN(d.getTime())) throw invalid(`"${name}" must be a date (ISO 8601), e.g. 2025-02-24 or 2025-02-24T15:08:00Z`, name);
  // A day given alone for `to` means the whole day.
  if (name === 'to' && /^\d{4}-\d{2}-\d{2}$/.test(v)) d.setUTCHours(23, 59, 59, 999);
  return d;
}

function textParam(q: URLSearchParams, name: string): string | undefined {
  const v = q.get(name);
  if (v === null || v.trim() === '') return undefined;
  if (v.length > 1000) throw invalid(`"${name}" is too long`, name);
  if (hasNul(v)) throw invalid(`"${name}" cannot contain a NUL character`, name);
  return v.trim();
}

/** The audit query of a request's parameters, validated. */
export function auditQueryOf(q: URLSearchParams): AuditQuery {
  const action = textParam(q, 'action');
  if (action !== undefined && !(AUDIT_ACTIONS as readonly string[]).includes(action)) throw invalid(`"action" must be one of ${AUDIT_ACTIONS.join(', ')}`, 'action');
  const limitText = q.get('limit');
  let limit: number | undefined;
  if (limitText !== null && limitText !== '') {
    limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw invalid('"limit" must be an integer from 1 to 500', 'limit');
  }
  const from = dateParam(q, 'from');
  const to = dateParam(q, 'to');
  if (from && to && from > to) throw invalid('"from" is after "to"', 'from');
  const type = textParam(q, 'type');
  const author = textParam(q, 'author');
  const object = textParam(q, 'object');
  const cursor = textParam(q, 'cursor');
  return { ...(from ? { from } : {}), ...(to ? { to } : {}), ...(action ? { action } : {}), ...(type ? { type } : {}), ...(author ? { author } : {}), ...(object ? { object } : {}), ...(limit ? { limit } : {}), ...(cursor ? { cursor } : {}) };
}

function auditOf(directory: RestDirectory): AuditLog {
  if (!directory.audit) throw new AppError({ code: 'feature.unavailable', message: 'The audit plugin is not installed.' });
  return directory.audit;
}

/** `r` on audit events at the audit branch (FusionDirectory's ACL category auditEvent). */
async function mayRead(directory: RestDirectory, audit: AuditLog, actor: Actor): Promise<boolean> {
  return (await directory.access.rights(actor, { dn: audit.branch, category: 'auditEvent', tab: 'auditEvent' })).includes('r');
}

async function requireRead(directory: RestDirectory, audit: AuditLog, actor: Actor): Promise<void> {
  if (!(await mayRead(directory, audit, actor))) throw new AppError({ code: 'acl.denied', message: 'You have no permission to read the audit trail.' });
}

const CSV_COLUMNS: Array<[string, (e: AuditEvent) => string]> = [
  ['time', (e) => e.time],
  ['action', (e) => e.action],
  ['author', (e) => e.author],
  ['authorIp', (e) => e.authorIp],
  ['objectType', (e) => e.objectType],
  ['object', (e) => e.object],
  ['attributes', (e) => (e.changes ? JSON.stringify(e.changes) : e.attributes.join(' '))],
  ['result', (e) => e.result],
  ['dn', (e) => e.dn],
];

export function auditRoutes(app: FastifyInstance, options: AuditRoutesOptions): void {
  app.get('/audit', async (request, reply) => {
    const call = await options.signedIn(request, reply);
    const audit = auditOf(call.directory);
    await requireRead(call.directory, audit, call.actor);
    const page = await audit.search(auditQueryOf(queryOf(request)));
    return { events: page.events, ...(page.nextCursor ? { next: page.nextCursor } : {}) };
  });

  app.get('/audit.csv', async (request, reply) => {
    const call = await options.signedIn(request, reply);
    const audit = auditOf(call.directory);
    await requireRead(call.directory, audit, call.actor);
    const query = auditQueryOf(queryOf(request));
    const { limit: _limit, ...all } = query;
    async function* lines(): AsyncGenerator<string> {
      yield `${CSV_COLUMNS.map(([name]) => name).join(',')}\r\n`;
      for await (const e of audit.stream(all)) yield `${CSV_COLUMNS.map(([, get]) => csvField(get(e))).join(',')}\r\n`;
    }
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', 'attachment; filename="audit.csv"');
    const { Readable } = await import('node:stream');
    return reply.send(Readable.from(lines()));
  });

  app.get('/audit/event', async (request, reply) => {
    const call = await options.signedIn(request, reply);
    const audit = auditOf(call.directory);
    await requireRead(call.directory, audit, call.actor);
    const dn = queryOf(request).get('dn') ?? '';
    try {
      parseDn(dn);
    } catch {
      throw invalid('"dn" is not a valid DN', 'dn');
    }
    if (dn === '') throw invalid('Give the event\'s "dn"', 'dn');
    const event = await audit.read(dn);
    if (!event) throw new AppError({ code: 'object.not_found', message: `Non-existing audit event "${dn}"`, dn });
    return event;
  });

  app.get('/audit/security', async (request, reply) => {
    const call = await options.signedIn(request, reply);
    const audit = auditOf(call.directory);
    const dn = queryOf(request).get('dn') ?? '';
    if (dn === '') throw invalid('Give the user\'s "dn"', 'dn');
    try {
      parseDn(dn);
    } catch {
      throw invalid('"dn" is not a valid DN', 'dn');
    }
    // One's own security events, or anyone's with the right to read the audit trail.
    const own = parseDn(dn).length > 0 && call.actor.dn.toLowerCase() === dn.toLowerCase();
    if (!own) await requireRead(call.directory, audit, call.actor);
    const entry = await call.directory.gateway.read(dn, ['uid']);
    if (!entry) throw new AppError({ code: 'object.not_found', message: `Non-existing dn "${dn}"!`, dn });
    const uid = entry.first('uid');
    return { events: await audit.securityEvents({ dn: entry.dn, ...(uid ? { uid } : {}) }) };
  });
}
