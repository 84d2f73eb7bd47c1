// A person adds a column to the users list, keeps it for himself, finds it again after signing in again, and removes
// it. Signed in as an administrator of our own (FusionDirectory's ignoreAcl): fd-admin's column settings are shared
// by the whole run, and another test file writes and forgets them.
import { describe, expect, it } from 'vitest';
import { testSubtree } from '../test/harness.ts';
import { checkAccessibility, screenshot, signIn } from './harness.ts';
import { eventually, focused, grid, gridDns, gridHeaders, label, randomTag, seedAdministrator, seedUser, t, usersListUrl } from './flowKit.ts';
import { useBrowserSession } from './session.ts';

const tag = randomTag();

describe('the columns of the users list', { timeout: 90_000 }, () => {
  let department: string;
  let admin: { uid: string; password: string; dn: string };
  let userDn: string;
  const mail = `mary.${tag}@example.org`;
  const columnLabel = `Mail ${tag}`;

  const session = useBrowserSession({
    seed: async (gateway) => {
      department = await testSubtree('e2e-columns');
      admin = await seedAdministrator(gateway, department);
      userDn = await seedUser(gateway, department, { uid: `mary-${tag}`, givenName: 'Mary', sn: `Somerville${tag}` });
      await gateway.modify(userDn, [{ operation: 'add', attribute: 'mail', values: [mail] }]);
    },
    server: () => ({ ignoreAclDN: admin.dn }),
    // Leave no personal configuration behind, whatever happened: the page's own session forgets it.
    beforeClose: async ({ page, server }) => {
      await page
        .evaluate(async (url) => {
          const current = (await (await fetch(`${url}/ui/api/session`)).json()) as { csrf?: string };
          if (current.csrf) await fetch(`${url}/ui/api/lists/users/columns?scope=user`, { method: 'DELETE', headers: { 'x-csrf-token': current.csrf } });
        }, server.url)
        .catch(() => undefined);
    },
  });

  const dialogName = () => t('lists.columnsTitle', { list: label('management.users') });

  /** Sign in (again) on the users list of our department and wait for its rows. */
  async function signInToList(): Promise<void> {
    await signIn(session.page, usersListUrl(session.server.url, department), admin.uid, admin.password);
    await session.page.getByRole('heading', { level: 1, name: label('management.users') }).waitFor();
    await eventually(() => gridDns(session.page)).toContain(userDn.toLowerCase());
  }

  async function signOut(): Promise<void> {
    await session.page.getByRole('button', { name: t('shell.signOut'), exact: true }).click();
    await session.page.getByRole('heading', { level: 1, name: t('signin.title') }).waitFor();
  }

  async function openColumns() {
    await session.page.getByRole('button', { name: t('lists.columns'), exact: true }).click();
    const dialog = session.page.getByRole('dialog', { name: dialogName() });
    await dialog.waitFor();
    return dialog;
  }

  it('adds a mail column, keeps it after signing in again, then removes it for good', async () => {
    await signInToList();
    const before = await gridHeaders(session.page);
    expect(before).not.toContain(columnLabel);
    expect(await grid(session.page).innerText()).not.toContain(mail);

    let dialog = await openColumns();
    expect(await dialog.innerText()).toContain(t('lists.columnsSource.default'));
    const count = await dialog.getByRole('listitem').count();
    expect(count).toBeGreaterThan(0);
    await dialog.getByRole('button', { name: t('lists.columnAdd'), exact: true }).click();
    const n = count + 1;
    // The new column's kind takes the focus; it shows text by default.
    await eventually(async () => (await focused(session.page))?.label).toBe(t('lists.columnKindOf', { n }));
    await dialog.getByRole('combobox', { name: t('lists.columnAttributeOf', { n }), exact: true }).selectOption({ value: 'mail' });
    await dialog.getByRole('textbox', { name: t('lists.columnLabelOf', { n }), exact: true }).fill(columnLabel);
    await screenshot(session.page, 'columns-dialog');
    expect(await checkAccessibility(session.page)).toEqual([]);
    await dialog.getByRole('button', { name: t('lists.columnsSaveMine'), exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });

    // The header shows the new column last, and the row its value.
    await eventually(() => gridHeaders(session.page)).toEqual([...before, columnLabel]);
    await eventually(() => grid(session.page).locator(`[role=row][data-dn="${userDn}"]`).innerText()).toContain(mail);
    // Not a trial in the URL: stored for this user.
    expect(new URL(session.page.url()).searchParams.has('cols')).toBe(false);

    await signOut();
    await signInToList();
    await eventually(() => gridHeaders(session.page)).toEqual([...before, columnLabel]);
    expect(await grid(session.page).locator(`[role=row][data-dn="${userDn}"]`).innerText()).toContain(mail);

    dialog = await openColumns();
    expect(await dialog.innerText()).toContain(t('lists.columnsSource.user'));
    expect(await dialog.getByRole('textbox', { name: t('lists.columnLabelOf', { n }), exact: true }).inputValue()).toBe(columnLabel);
    await dialog.getByRole('button', { name: t('lists.columnRemove', { n }), exact: true }).click();
    expect(await dialog.getByRole('listitem').count()).toBe(count);
    await dialog.getByRole('button', { name: t('lists.columnsSaveMine'), exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await eventually(() => gridHeaders(session.page)).toEqual(before);

    await signOut();
    await signInToList();
    await eventually(() => gridHeaders(session.page)).toEqual(before);
    expect(await grid(session.page).innerText()).not.toContain(mail);

    // Back to the list's default: "Forget my configuration".
    dialog = await openColumns();
    expect(await dialog.innerText()).toContain(t('lists.columnsSource.user'));
    await dialog.getByRole('button', { name: t('lists.columnsForget'), exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    dialog = await openColumns();
    expect(await dialog.innerText()).toContain(t('lists.columnsSource.default'));
    await dialog.getByRole('button', { name: t('common.cancel'), exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
  });
});
