// The task settings of the configuration entry `cn=config,ou=fusiondirectory,<base>`: where tasks and mail templates
// live, the directory's timezone and the mail anti-spam settings (fd-orchestrator-tools.md §1.5.4).
import type { LdapGateway } from '../../ldap/LdapGateway.ts';
import type { LdapEntry } from '../../ldap/LdapEntry.ts';
import { SiteConfig } from '../SiteConfig.ts';
import { isValidTimeZone } from './localTime.ts';
import type { TaskSettings } from './types.ts';

/** The attributes of the configuration entry the tasks read. */
export const TASK_SETTINGS_ATTRIBUTES = ['fdTasksRDN', 'fdMailTemplateRDN', 'fdTimezone', 'fdTasksConfMaxEmails', 'fdTasksConfIntervalEmails', 'fdTasksConfLastExecTime'];

/** A non-negative integer setting, or the fallback when absent or not a number. */
function intOf(entry: LdapEntry | null, name: string, fallback: number): number {
  const text = entry?.first(name)?.trim();
  if (text === undefined || !/^\d+$/.test(text)) return fallback;
  return Number(text);
}

/** An RDN setting (`ou=tasks`), or the fallback when absent or empty. */
function rdnOf(entry: LdapEntry | null, name: string, fallback: string): string {
  const value = entry?.first(name)?.trim();
  return value ? value : fallback;
}

/** The settings of a configuration entry (null: every default). */
export function taskSettingsOf(baseDN: string, entry: LdapEntry | null, warn?: (message: string) => void): TaskSettings {
  const zone = entry?.first('fdTimezone')?.trim() || 'UTC';
  const timezone = isValidTimeZone(zone) ? zone : 'UTC';
  if (timezone !== zone) warn?.(`fdTimezone "${zone}" is not a known timezone; task schedules are read as UTC`);
  return {
    tasksBase: `${rdnOf(entry, 'fdTasksRDN', 'ou=tasks')},${baseDN}`,
    mailTemplateBase: `${rdnOf(entry, 'fdMailTemplateRDN', 'ou=mailTemplate')},${baseDN}`,
    timezone,
    maxEmails: intOf(entry, 'fdTasksConfMaxEmails', 50),
    intervalMinutes: intOf(entry, 'fdTasksConfIntervalEmails', 0),
    lastExecTime: intOf(entry, 'fdTasksConfLastExecTime', 0),
  };
}

/**
 * Read the task settings of a directory.
 * @example const settings = await readTaskSettings(gateway, 'dc=example,dc=org');
 */
export async function readTaskSettings(gateway: LdapGateway, baseDN: string, warn?: (message: string) => void): Promise<TaskSettings> {
  const entry = await gateway.read(SiteConfig.configDN(baseDN), TASK_SETTINGS_ATTRIBUTES);
  return taskSettingsOf(baseDN, entry, warn);
}
