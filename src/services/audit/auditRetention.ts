// Retention of audit events (fd-plugins.md §2.14): deleting the `fdAuditEvent` entries older than a number of days,
// page by page. Used by the audit task (src/services/tasks/processors/audit.ts, `fdAuditTasksRetention`) and by the
// task worker's pass with the configuration file's `worker.auditRetentionDays` (src/services/tasks/TaskEngine.ts).
import type { LdapGateway } from '../../ldap/LdapGateway.ts';
import { NoSuchObjectError } from '../../ldap/errors.ts';
import { and, eq, ge, not } from '../../ldap/filter.ts';
import { SiteConfig } from '../SiteConfig.ts';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The first `fdAuditDateTime` kept: FusionDirectory removes an event when the whole-day difference between its (UTC)
 * date and today is at least the retention, i.e. every event of a day up to today − retention.
 * @example auditCutoff(new Date('2024-02-29T10:00:00Z'), 30) // '20240131000000Z'
 */
export function auditCutoff(now: Date, retentionDays: number): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - retentionDays + 1));
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}000000Z`;
}

/**
 * Delete the audit events under `base` dated before `cutoff` (a GeneralizedTime), page by page, a few deletions at a
 * time; returns how many were deleted. A missing base deletes nothing. Stops between pages when `signal` aborts.
 */
export async function purgeAuditEvents(gateway: LdapGateway, base: string, cutoff: string, signal?: AbortSignal): Promise<number> {
  const filter = and(eq('objectClass', 'fdAuditEvent'), not(ge('fdAuditDateTime', cutoff)));
  let deleted = 0;
  try {
    for await (const page of gateway.searchPages(base, { filter, attributes: ['1.1'] })) {
      if (signal?.aborted) break;
      // A few deletions at a time: fast, without flooding the server.
      for (let i = 0; i < page.length; i += 8) {
        await Promise.all(
          page.slice(i, i + 8).map(async (entry) => {
            try {
              await gateway.delete(entry.dn);
              deleted++;
            } catch (e) {
              if (!(e instanceof NoSuchObjectError)) throw e;
            }
          }),
        );
      }
    }
  } catch (e) {
    if (!(e instanceof NoSuchObjectError)) throw e;
  }
  return deleted;
}

/**
 * Apply the configured retention (`worker.auditRetentionDays` of the configuration file): delete the events of the
 * directory's audit branch (the configuration entry's `fdAuditRDN`, default `ou=audit`) older than `days`; 0 keeps
 * them for ever. Returns how many were deleted.
 */
export async function purgeByConfiguration(gateway: LdapGateway, baseDN: string, days: number, now: Date, signal?: AbortSignal): Promise<number> {
  if (!Number.isInteger(days) || days <= 0) return 0;
  const config = await gateway.read(SiteConfig.configDN(baseDN), ['fdAuditRDN']);
  const rdn = (config?.first('fdAuditRDN') ?? 'ou=audit').trim().replace(/,$/, '') || 'ou=audit';
  return purgeAuditEvents(gateway, `${rdn},${baseDN}`, auditCutoff(now, days), signal);
}
