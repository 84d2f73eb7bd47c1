// What the browser flow tests share: labels as a person reads them (the SPA's catalogues and the plugins' messages),
// LDAP as the service account to seed and check entries, an administrator of one's own, and the list grid.
import { randomBytes } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { testLdap } from '../test/harness.ts';
import { LdapGateway } from '../src/ldap/LdapGateway.ts';
import { hashSalted } from '../src/passwords/ssha.ts';
import { installedPlugins } from '../src/plugins/index.ts';
import { catalogues } from '../web/src/i18n/messages/index.ts';

export type Lang = 'en' | 'fr';

/** `{name}` placeholders filled in, as the SPA does (web/src/i18n/index.tsx). */
function fill(text: string, params: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] === undefined ? whole : String(params[name])));
}

/** A text of the SPA's English catalogue, placeholders filled. */
export function t(key: string, params?: Record<string, string | number>): string {
  const text = catalogues.en[key];
  if (text === undefined) throw new Error(`no message ${key} in the web catalogue`);
  return fill(text, params);
}

/** The plugins' messages of one language, merged (labels of types, tabs, attributes, menus and lists). */
export function pluginMessages(lang: Lang): Record<string, string> {
  return Object.assign({}, ...installedPlugins.map((p) => p.messages?.[lang] ?? {})) as Record<string, string>;
}

/** A label the server sends (from the plugins' English messages). */
export function label(key: string): string {
  const text = pluginMessages('en')[key];
  if (text === undefined) throw new Error(`no message ${key} in the plugins`);
  return text;
}

/** A short random suffix: the run's slapd keeps uid and uidNumber unique across every test file. */
export function randomTag(): string {
  return randomBytes(3).toString('hex');
}

/** The service account's gateway over the run's slapd (close it in afterAll). */
export function serviceGateway(): LdapGateway {
  const env = testLdap();
  return new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
}

/** A plain user (inetOrgPerson) straight into LDAP under `ou=people` of `department` (created when missing); returns its DN. */
export async function seedUser(gateway: LdapGateway, department: string, user: { uid: string; givenName: string; sn: string; password?: string }): Promise<string> {
  const people = `ou=people,${department}`;
  if (!(await gateway.read(people))) await gateway.add(people, { objectClass: ['organizationalUnit'], ou: 'people' });
  const dn = `uid=${user.uid},${people}`;
  await gateway.add(dn, {
    objectClass: ['inetOrgPerson', 'organizationalPerson', 'person'],
    uid: user.uid,
    cn: `${user.givenName} ${user.sn}`,
    sn: user.sn,
    givenName: user.givenName,
    ...(user.password ? { userPassword: hashSalted(user.password, 'SSHA') } : {}),
  });
  return dn;
}

/** A user of `department` with a password, to be the `ignoreAcl` administrator (`startTrousseau({ ignoreAclDN })`, ./harness.ts). */
export async function seedAdministrator(gateway: LdapGateway, department: string): Promise<{ uid: string; password: string; dn: string }> {
  const uid = `e2e-admin-${randomTag()}`;
  const password = `pw-${randomTag()}-${randomTag()}`;
  const dn = await seedUser(gateway, department, { uid, givenName: 'Column', sn: 'Keeper', password });
  return { uid, password, dn };
}

/** A Session-Token of REST v1 (`POST /rest.php/v1/login`). */
export async function restLogin(url: string, user: string, password: string): Promise<string> {
  const res = await fetch(`${url}/rest.php/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user, password }) });
  if (res.status !== 200) throw new Error(`REST login of ${user} refused: ${res.status} ${await res.text()}`);
  return (await res.json()) as string;
}

/** The users list of one department, as a URL (the list's state lives in the query string). */
export function usersListUrl(serverUrl: string, department: string, extra: Record<string, string> = {}): string {
  return `${serverUrl}/lists/users?${new URLSearchParams({ base: department, ...extra }).toString()}`;
}

/** The editor of an object. */
export function editorUrl(serverUrl: string, type: string, dn: string, tab?: string): string {
  return `${serverUrl}/objects/${encodeURIComponent(type)}/${encodeURIComponent(dn)}${tab ? `?tab=${encodeURIComponent(tab)}` : ''}`;
}

/**
 * `expect.poll` with room for a loaded machine (the list follows LDAP through content synchronization, the grid
 * follows the search after a debounce): 10 s rather than 1 s.
 * @example await eventually(() => gridDns(page)).toEqual([dn]);
 */
export function eventually<T>(read: () => T | Promise<T>) {
  return expect.poll(read, { timeout: 10_000, interval: 100 });
}

export function grid(page: Page): Locator {
  return page.getByTestId('list-grid');
}

/** DNs of the loaded rows of the grid, sorted (a busy list, still fetching, answers null). */
export async function gridDns(page: Page): Promise<string[] | null> {
  const g = grid(page);
  if ((await g.getAttribute('aria-busy')) === 'true' || (await g.locator('[role=row][aria-busy=true]').count()) > 0) return null;
  const dns = await g.locator('[role=row][data-dn]').evaluateAll((rows) => rows.map((r) => (r as unknown as { dataset: { dn: string } }).dataset.dn));
  return dns.map((d) => d.toLowerCase()).sort();
}

/** The texts of the grid's column headers. */
export async function gridHeaders(page: Page): Promise<string[]> {
  return (await grid(page).getByRole('columnheader').allInnerTexts()).map((s) => s.trim());
}

/** The element that has the keyboard focus: its id, its accessible label when given as aria-label, its aria-invalid. */
export async function focused(page: Page): Promise<{ id: string; label: string | null; invalid: string | null } | null> {
  return page.evaluate(() => {
    const el = (globalThis as unknown as { document: { activeElement: { id: string; getAttribute(n: string): string | null } | null } }).document.activeElement;
    return el ? { id: el.id, label: el.getAttribute('aria-label'), invalid: el.getAttribute('aria-invalid') } : null;
  });
}
