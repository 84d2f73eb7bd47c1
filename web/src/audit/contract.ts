// Shapes of /ui/api/audit… (src/http/ui-api/auditApi.ts; documented in src/http/openapi/uiPaths.ts).
/** An event as read back (the server's own type). */
export type { AuditEvent } from '../../../src/services/audit/AuditLog.ts';
import type { AuditEvent } from '../../../src/services/audit/AuditLog.ts';

export interface AuditPageAnswer {
  events: AuditEvent[];
  next?: string;
}

export const AUDIT_PATH = '/audit';
export const AUDIT_ACTIONS = ['modify', 'create', 'remove', 'copy', 'snapshot', 'security', 'error'];

/** "3 minutes ago" in the UI language. */
export function relativeTime(iso: string, lang: string, now = Date.now()): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const seconds = Math.round((t - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [['year', 31_536_000], ['month', 2_592_000], ['day', 86_400], ['hour', 3600], ['minute', 60]];
  for (const [unit, size] of units) if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
  return rtf.format(seconds, 'second');
}

/** What a security event was, as a message key of the Security tab. */
export function securityKind(e: AuditEvent): string {
  if (e.objectType === 'login') return 'audit.kind.login';
  if (e.objectType === 'login failure') return 'audit.kind.loginFailure';
  if (e.objectType === 'logout') return 'audit.kind.logout';
  if (e.objectType === 'account') return /unlocked\.?$/.test(e.result) ? 'audit.kind.unlock' : 'audit.kind.lock';
  const names = e.attributes.map((a) => a.toLowerCase());
  if (names.includes('userpassword')) return 'audit.kind.password';
  if (names.some((n) => n === 'fdtotptokens' || n === 'fdwebauthnregistrations' || n === 'fdwebauthnrecoverycode')) return 'audit.kind.secondFactor';
  return 'audit.kind.other';
}
