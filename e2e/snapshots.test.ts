// Snapshots in Chromium (fd-core.md §7.1): fd-admin takes a snapshot of a user in the editor's Snapshots panel,
// changes the user, restores the snapshot and sees (and LDAP holds) the old value again; then deletes the user and
// brings him back from the users list's "Deleted objects…"; finally deletes the snapshot.
import { describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../test/harness.ts';
import { eq } from '../src/ldap/filter.ts';
import { NoSuchObjectError } from '../src/ldap/errors.ts';
import { checkAccessibility, screenshot } from './harness.ts';
import { editorUrl, eventually, gridDns, label, randomTag, seedUser, t, usersListUrl } from './flowKit.ts';
import { useBrowserSession } from './session.ts';

const env = testLdap();
const tag = randomTag();
const snapshotBase = `ou=snapshots,${env.baseDN}`;

describe('snapshots in the browser', { timeout: 180_000 }, () => {
  let department = '';
  const user = { uid: `snap-${tag}`, givenName: 'Sacha', sn: `Instant${tag}`, dn: '' };
  const before = `Grenoble ${tag}`;
  const after = `Lyon ${tag}`;
  const why = `before the reorganisation ${tag}`;

  const session = useBrowserSession({
    seed: async (gateway) => {
      department = await testSubtree('e2e-snapshots');
      user.dn = await seedUser(gateway, department, user);
      await gateway.modify(user.dn, [{ operation: 'replace', attribute: 'l', values: [before] }]);
    },
    // The run's configuration entry has FusionDirectory's defaults (src/directory/configDefaults.ts); said again here
    // so that the test does not depend on another file leaving them alone. One data source a user may pick.
    server: { settings: { fdEnableSnapshots: 'TRUE', fdSnapshotBase: snapshotBase, fdSnapshotSourceData: 'SIHAM' } },
    signIn: 'fd-admin',
    afterClose: async (gateway) => {
      // The snapshots of this file's user (deleting an object keeps them).
      for (const e of await gateway.searchAll(snapshotBase, { filter: eq('gosaSnapshotDN', user.dn), attributes: ['1.1'] }).catch(() => [])) await gateway.delete(e.dn).catch(() => {});
    },
  });

  /** The snapshot entries of an object in LDAP (the snapshot base is created with the first snapshot of the run). */
  const snapshotsOf = async (dn: string) => {
    const entries = await session.gateway.searchAll(snapshotBase, { filter: eq('gosaSnapshotDN', dn), attributes: ['description', 'fdSnapshotDataSource'] }).catch((e: unknown) => {
      if (e instanceof NoSuchObjectError) return [];
      throw e;
    });
    return entries.map((e) => ({ description: e.first('description'), source: e.first('fdSnapshotDataSource') }));
  };
  const locationInLdap = async () => (await session.gateway.read(user.dn, ['l']))?.get('l');
  const panel = () => session.page.getByTestId('snapshots-panel');
  const status = (text: string) => session.page.getByRole('status').filter({ hasText: text });

  it('takes a snapshot of a user from the editor, with a description', async () => {
    const page = session.page;
    await page.goto(editorUrl(session.server.url, 'user', user.dn));
    const toggle = page.getByRole('button', { name: t('snapshots.title', { count: 0 }), exact: true });
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await page.getByText(t('snapshots.none')).waitFor();
    const take = page.getByRole('button', { name: t('snapshots.take'), exact: true });
    const isFocused = (locator: typeof take) => locator.evaluate((el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement);
    // Escape closes the dialog and gives the focus back to the button that opened it.
    await take.click();
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await eventually(() => isFocused(take)).toBe(true);
    await take.click();

    const dialog = page.getByRole('dialog', { name: t('snapshots.takeTitle', { name: `${user.givenName} ${user.sn}` }) });
    await dialog.waitFor();
    const description = dialog.getByLabel(t('snapshots.description'), { exact: true });
    // The description has the focus, and may not be left empty.
    expect(await description.evaluate((el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement)).toBe(true);
    await dialog.getByRole('button', { name: t('snapshots.create'), exact: true }).click();
    await dialog.getByText(t('snapshots.descriptionRequired')).waitFor();
    expect(await description.getAttribute('aria-invalid')).toBe('true');
    expect(await snapshotsOf(user.dn)).toEqual([]);

    await description.fill(why);
    // The configured sources are offered; by default the snapshot's source is this portal (FD).
    const source = dialog.getByLabel(t('snapshots.source'), { exact: true });
    expect(await source.locator('option').allInnerTexts()).toEqual([t('snapshots.sourceDefault'), 'SIHAM']);
    expect(await source.inputValue()).toBe('');
    await screenshot(page, 'snapshots-take-dialog', ['light']);
    expect(await checkAccessibility(page)).toEqual([]);
    await description.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await status(t('snapshots.taken')).waitFor();

    const rows = panel().getByRole('table').locator('tbody tr');
    await eventually(() => rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain(why);
    expect(await rows.first().innerText()).toContain('FD');
    expect(await snapshotsOf(user.dn)).toEqual([{ description: why, source: 'FD' }]);
    await screenshot(page, 'snapshots-panel');
    expect(await checkAccessibility(page)).toEqual([]);
    // The editor's form was not submitted by the dialog: nothing to save, nothing saved.
    expect(await locationInLdap()).toEqual([before]);
  });

  it('restores the snapshot over a changed user: the form and LDAP have the old value again', async () => {
    const page = session.page;
    const location = page.getByLabel(label('user.l'), { exact: true });
    await location.fill(after);
    await page.getByRole('button', { name: t('editor.save'), exact: true }).click();
    await status(t('editor.saved')).waitFor();
    expect(await locationInLdap()).toEqual([after]);

    await panel().getByRole('row', { name: new RegExp(why) }).getByRole('button', { name: /^Restore the snapshot of / }).click();
    const confirm = page.getByRole('alertdialog', { name: /^Restore the snapshot of / });
    await confirm.waitFor();
    expect(await confirm.innerText()).toContain('current values');
    // The safe choice has the focus.
    expect(await confirm.getByRole('button', { name: t('common.cancel'), exact: true }).evaluate((el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement)).toBe(true);
    await screenshot(page, 'snapshots-restore-confirm', ['light']);
    expect(await checkAccessibility(page)).toEqual([]);
    await confirm.getByRole('button', { name: t('snapshots.restoreConfirm'), exact: true }).click();
    await confirm.waitFor({ state: 'detached' });

    await status('was restored').waitFor();
    await eventually(() => location.inputValue()).toBe(before);
    expect(await locationInLdap()).toEqual([before]);
    // The form starts again from the restored entry: saving now is not a conflict.
    await location.fill(`${before} (checked)`);
    await page.getByRole('button', { name: t('editor.save'), exact: true }).click();
    await status(t('editor.saved')).waitFor();
    expect(await locationInLdap()).toEqual([`${before} (checked)`]);
  });

  it('brings a deleted user back from "Deleted objects…" of the users list', async () => {
    const page = session.page;
    await page.getByRole('button', { name: t('editor.delete'), exact: true }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: t('editor.deleteConfirm'), exact: true }).click();
    await eventually(async () => (await session.gateway.read(user.dn)) === null).toBe(true);
    // The editor goes back to the previous page once the object is deleted.
    await page.waitForURL((url) => !url.pathname.startsWith('/objects/'));
    await page.waitForLoadState();
    // Deleting the object kept its snapshot.
    expect(await snapshotsOf(user.dn)).toEqual([{ description: why, source: 'FD' }]);

    await page.goto(usersListUrl(session.server.url, department));
    await eventually(() => gridDns(page)).toEqual([]);
    const open = page.getByRole('button', { name: t('snapshots.deletedObjects'), exact: true });
    await open.click();
    const dialog = page.getByRole('dialog', { name: t('snapshots.deletedTitle', { department: department.split(',')[0]!.slice('ou='.length) }) });
    await dialog.waitFor();
    const row = dialog.getByRole('row', { name: new RegExp(user.uid) });
    await row.waitFor();
    expect(await row.innerText()).toContain(why);
    expect(await dialog.locator('tbody tr').count()).toBe(1);
    await screenshot(page, 'snapshots-deleted-objects');
    expect(await checkAccessibility(page)).toEqual([]);

    await row.getByRole('button', { name: t('snapshots.restoreDeletedLabel', { name: user.uid }), exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await status(`${user.uid} was restored from its snapshot`).waitFor();
    await eventually(() => gridDns(page)).toEqual([user.dn.toLowerCase()]);
    expect(await locationInLdap()).toEqual([before]);
    // Focus went back to the button that opened the dialog.
    await eventually(() => open.evaluate((el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement)).toBe(true);
    // The object exists again: it is no longer among the deleted ones.
    await open.click();
    await dialog.getByText(t('snapshots.deletedNone')).waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('deletes the snapshot from the panel after a confirmation', async () => {
    const page = session.page;
    await page.goto(editorUrl(session.server.url, 'user', user.dn));
    await page.getByRole('button', { name: t('snapshots.title', { count: 1 }), exact: true }).click();
    await panel().getByRole('row', { name: new RegExp(why) }).getByRole('button', { name: /^Delete the snapshot of / }).click();
    const confirm = page.getByRole('alertdialog', { name: /^Delete the snapshot of / });
    await confirm.getByRole('button', { name: t('snapshots.deleteConfirm'), exact: true }).click();
    await confirm.waitFor({ state: 'detached' });
    await status(t('snapshots.deleted')).waitFor();
    expect(await snapshotsOf(user.dn)).toEqual([]);
    expect(await locationInLdap()).toEqual([before]);
    expect(session.pageErrors).toEqual([]);
  });
});

describe('snapshots disabled in the configuration', { timeout: 120_000 }, () => {
  let dn = '';
  const session = useBrowserSession({
    seed: async (gateway) => {
      dn = await seedUser(gateway, await testSubtree('e2e-snapshots-off'), { uid: `nosnap-${tag}`, givenName: 'Noé', sn: `Off${tag}` });
    },
    server: { settings: { fdEnableSnapshots: 'FALSE' } },
    signIn: 'fd-admin',
  });

  it('shows no Snapshots panel in the editor', async () => {
    const asked: string[] = [];
    session.page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/ui/api/snapshots')) asked.push(r.url());
    });
    await session.page.goto(editorUrl(session.server.url, 'user', dn));
    // The user's other panels are drawn; the snapshots' is not.
    await session.page.getByTestId('user-second-factors').waitFor();
    await session.page.getByRole('tab', { name: label('user.tab'), exact: true }).waitFor();
    // The type description says snapshots are off (asked in the page, with its session), so the editor asks nothing
    // about them. (Waiting for the editor's own response raced the previous page's request, cut by the navigation.)
    expect(await session.page.evaluate(() => fetch('/ui/api/types/user').then((r) => r.json()))).toMatchObject({ snapshots: false });
    expect(await session.page.getByTestId('snapshots-panel').count()).toBe(0);
    expect(asked).toEqual([]);
    expect(session.pageErrors).toEqual([]);
  });
});
