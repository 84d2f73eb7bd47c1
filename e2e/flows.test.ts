// A person's day with the users list and the editor, in Chromium: create a user with Unix and mail settings, find it
// by name and by LDAP filter, stumble on a required field, and lose no edit when two people save the same user.
import { describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../test/harness.ts';
import { checkAccessibility, openPage, screenshot, signIn } from './harness.ts';
import { editorUrl, eventually, focused, grid, gridDns, label, randomTag, restLogin, seedUser, t, usersListUrl } from './flowKit.ts';
import { useBrowserSession } from './session.ts';

const env = testLdap();
const tag = randomTag();

describe('managing users in the browser', { timeout: 90_000 }, () => {
  let department: string;
  /** Users seeded straight into LDAP: two Hoppers (same last name) and a Turing, and Katherine in a sub-department. */
  const seeded: Record<'grace' | 'henry' | 'alan' | 'katherine', string> = { grace: '', henry: '', alan: '', katherine: '' };
  const ada = { uid: `ada-${tag}`, givenName: 'Ada', sn: `Lovelace${tag}`, home: `/home/ada-${tag}`, mail: `ada.${tag}@example.org` };
  let adaDn = '';

  const session = useBrowserSession({
    seed: async (gateway) => {
      department = await testSubtree('e2e-flows');
      seeded.grace = await seedUser(gateway, department, { uid: `grace-${tag}`, givenName: 'Grace', sn: `Hopper${tag}` });
      seeded.henry = await seedUser(gateway, department, { uid: `henry-${tag}`, givenName: 'Henry', sn: `Hopper${tag}` });
      seeded.alan = await seedUser(gateway, department, { uid: `alan-${tag}`, givenName: 'Alan', sn: `Turing${tag}` });
      const lab = `ou=lab,${department}`;
      await gateway.add(lab, { objectClass: ['organizationalUnit', 'gosaDepartment'], ou: 'lab', description: 'A sub-department' });
      seeded.katherine = await seedUser(gateway, lab, { uid: `katherine-${tag}`, givenName: 'Katherine', sn: `Johnson${tag}` });
    },
    signIn: 'fd-admin',
  });

  const everyone = () => [adaDn, seeded.grace, seeded.henry, seeded.alan, seeded.katherine].map((d) => d.toLowerCase()).sort();

  /** Open the users list of our department and wait for its rows. */
  async function openUsersList(): Promise<void> {
    await session.page.goto(usersListUrl(session.server.url, department));
    await session.page.getByRole('heading', { level: 1, name: label('management.users') }).waitFor();
    await eventually(() => gridDns(session.page)).not.toBeNull();
  }

  it('creates a user with Unix and mail settings through the editor, and LDAP holds them', async () => {
    await openUsersList();
    await session.page.getByRole('link', { name: t('lists.create', { type: label('user.type') }), exact: true }).click();
    await session.page.getByRole('heading', { level: 1, name: t('editor.new', { type: label('user.type') }) }).waitFor();

    await session.page.getByLabel(label('user.sn'), { exact: true }).fill(ada.sn);
    await session.page.getByLabel(label('user.givenName'), { exact: true }).fill(ada.givenName);
    await session.page.getByLabel(label('user.uid'), { exact: true }).fill(ada.uid);

    await session.page.getByRole('tab', { name: label('posix.tab'), exact: true }).click();
    await session.page.getByRole('button', { name: t('editor.tab.add', { tab: label('posix.tab') }) }).click();
    await session.page.getByLabel(label('posix.homeDirectory'), { exact: true }).fill(ada.home);
    await screenshot(session.page, 'user-editor-unix-tab');

    await session.page.getByRole('tab', { name: label('mail.tab'), exact: true }).click();
    await session.page.getByRole('button', { name: t('editor.tab.add', { tab: label('mail.tab') }) }).click();
    await session.page.getByLabel(label('mail.mail'), { exact: true }).fill(ada.mail);

    await session.page.getByRole('button', { name: t('editor.save'), exact: true }).click();
    const created = session.page.getByRole('status').filter({ hasText: t('editor.created', { name: ada.uid }) });
    await created.waitFor();
    // The editor now shows the stored user, at its own address.
    adaDn = decodeURIComponent(new URL(session.page.url()).pathname.split('/').pop()!);
    expect(adaDn.toLowerCase()).toBe(`uid=${ada.uid},ou=people,${department}`.toLowerCase());
    expect(await session.page.getByRole('heading', { level: 1 }).innerText()).toBe(`${ada.givenName} ${ada.sn}`);

    const entry = await session.gateway.read(adaDn, ['objectClass', 'sn', 'givenName', 'cn', 'uid', 'homeDirectory', 'uidNumber', 'mail']);
    expect(entry, 'the new user is in LDAP').not.toBeNull();
    expect(entry!.get('objectClass').map((c) => c.toLowerCase())).toEqual(expect.arrayContaining(['inetorgperson', 'posixaccount', 'gosamailaccount']));
    expect(entry!.get('sn')).toEqual([ada.sn]);
    expect(entry!.get('givenName')).toEqual([ada.givenName]);
    expect(entry!.get('cn')).toEqual([`${ada.givenName} ${ada.sn}`]);
    expect(entry!.get('homeDirectory')).toEqual([ada.home]);
    expect(entry!.get('uidNumber')[0]).toMatch(/^\d+$/);
    expect(entry!.get('mail')).toEqual([ada.mail]);
    expect(session.pageErrors).toEqual([]);
  });

  it('shows the user tab of the editor without serious accessibility problems', async () => {
    await session.page.goto(editorUrl(session.server.url, 'user', adaDn));
    await session.page.getByRole('tab', { name: label('user.tab'), exact: true, selected: true }).waitFor();
    await screenshot(session.page, 'user-editor-user-tab');
    expect(await checkAccessibility(session.page)).toEqual([]);
    await session.page.getByRole('tab', { name: label('posix.tab'), exact: true }).click();
    await session.page.getByLabel(label('posix.homeDirectory'), { exact: true }).waitFor();
    expect(await checkAccessibility(session.page)).toEqual([]);
  });

  it('finds the user by typing part of its name in the search box, and only it', async () => {
    await openUsersList();
    // The department holds our five users (with its sub-department), and the list shows them all before the search.
    await eventually(() => gridDns(session.page)).toEqual(everyone());
    await screenshot(session.page, 'users-list');
    expect(await checkAccessibility(session.page)).toEqual([]);

    const search = session.page.getByRole('searchbox', { name: t('lists.search') });
    await search.click();
    await search.pressSequentially(ada.sn.slice(2, 8).toLowerCase());
    await eventually(() => gridDns(session.page)).toEqual([adaDn.toLowerCase()]);
    expect(await session.page.getByTestId('list-total').innerText()).toBe(t('lists.total.one', { count: 1 }));
    // The row reads like the user (the last name is a column of the default and of any configuration in this run).
    await eventually(() => grid(session.page).locator('[role=row][data-dn]').innerText()).toContain(ada.sn);
    // The search is in the URL, so the view can be bookmarked.
    expect(new URL(session.page.url()).searchParams.get('q')).toBe(ada.sn.slice(2, 8).toLowerCase());
  });

  it('narrows the list to this department only, then to the users with Unix settings, from the filter panel', async () => {
    await openUsersList();
    const filters = session.page.getByRole('region', { name: t('lists.filters') });
    const scope = filters.getByRole('group', { name: t('lists.scope') });
    expect(await scope.getByRole('radio', { name: t('lists.scopeSub'), exact: true }).isChecked()).toBe(true);

    // "This department only": the users of its own branch (ou=people), not those of the sub-department.
    await scope.getByRole('radio', { name: t('lists.scopeOne'), exact: true }).check();
    await eventually(() => gridDns(session.page)).toEqual(everyone().filter((d) => d !== seeded.katherine.toLowerCase()));
    expect(new URL(session.page.url()).searchParams.get('scope')).toBe('one');

    // Ada is the only one with Unix settings.
    await filters.getByRole('group', { name: t('lists.hasTab') }).getByRole('checkbox', { name: label('posix.tab'), exact: true }).check();
    await eventually(() => gridDns(session.page)).toEqual([adaDn.toLowerCase()]);
    expect(await session.page.getByTestId('list-total').innerText()).toBe(t('lists.total.one', { count: 1 }));

    // Clearing the filters keeps the scope; the whole subtree brings everyone back.
    await filters.getByRole('button', { name: t('lists.clearFilters'), exact: true }).click();
    await eventually(() => gridDns(session.page)).toEqual(everyone().filter((d) => d !== seeded.katherine.toLowerCase()));
    await scope.getByRole('radio', { name: t('lists.scopeSub'), exact: true }).check();
    await eventually(() => gridDns(session.page)).toEqual(everyone());
  });

  it('filters the users with a raw LDAP filter, and keeps working after a malformed one', async () => {
    await openUsersList();
    const search = session.page.getByRole('searchbox', { name: t('lists.search') });
    const alert = session.page.getByRole('search').getByRole('alert');

    await search.fill(`(sn=Hopper${tag})`);
    await eventually(() => gridDns(session.page)).toEqual([seeded.grace, seeded.henry].map((d) => d.toLowerCase()).sort());
    expect(await session.page.getByTestId('list-total').innerText()).toBe(t('lists.total.other', { count: 2 }));
    expect(await alert.count()).toBe(0);

    // An unbalanced filter: the server refuses it, the message sits under the box, the grid is emptied.
    await search.fill(`(&(sn=Hopper${tag})`);
    await search.press('Enter');
    await alert.waitFor();
    expect((await alert.innerText()).trim()).not.toBe('');
    expect(await search.getAttribute('aria-invalid')).toBe('true');
    await eventually(() => grid(session.page).locator('[role=row][data-dn]').count()).toBe(0);
    await screenshot(session.page, 'users-list-filter-error');

    // Still usable: a correct filter brings rows back and the error goes.
    await search.fill(`(|(sn=Turing${tag})(uid=${ada.uid}))`);
    await eventually(() => gridDns(session.page)).toEqual([seeded.alan, adaDn].map((d) => d.toLowerCase()).sort());
    expect(await alert.count()).toBe(0);
    expect(await search.getAttribute('aria-invalid')).toBeNull();
  });

  it('points at an empty required field after a failed save, with the message the REST API gives', async () => {
    await session.page.goto(editorUrl(session.server.url, 'user', adaDn));
    const lastName = session.page.getByLabel(label('user.sn'), { exact: true });
    await lastName.fill('');
    // Save from another tab: the editor must bring the user back to the field.
    await session.page.getByRole('tab', { name: label('posix.tab'), exact: true }).click();
    await session.page.getByRole('button', { name: t('editor.save'), exact: true }).click();

    const summary = session.page.locator('form').getByRole('alert').filter({ hasText: t('editor.problems', { count: 1 }) });
    await summary.waitFor();
    const expected = t('errors.value.required', { label: label('user.sn') });
    expect(await summary.innerText()).toContain(expected);
    await summary.getByRole('button', { name: `${label('user.tab')} › ${label('user.sn')}`, exact: true }).waitFor();
    await session.page.getByRole('tab', { name: label('user.tab'), exact: true, selected: true }).waitFor();
    await eventually(() => focused(session.page)).toMatchObject({ id: 'field-user-sn', invalid: 'true' });
    const fieldError = session.page.locator('#field-user-sn-error');
    expect(await fieldError.innerText()).toBe(expected);
    expect(await lastName.getAttribute('aria-describedby')).toContain('field-user-sn-error');
    await screenshot(session.page, 'user-editor-validation-error');
    expect(await checkAccessibility(session.page)).toEqual([]);

    // Nothing was written.
    expect((await session.gateway.read(adaDn, ['sn']))!.get('sn')).toEqual([ada.sn]);

    // The same change through REST v1 gets the same words.
    const token = await restLogin(session.server.url, 'fd-admin', env.fdAdminPassword);
    const res = await fetch(`${session.server.url}/rest.php/v1/objects/user/${encodeURIComponent(adaDn)}/user/sn`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'session-token': token },
      body: JSON.stringify(''),
    });
    expect(res.status).toBe(400);
    const errors = (await res.json()) as Array<{ message: string; tab?: string; attribute?: string }>;
    const shown = await fieldError.innerText();
    expect(errors.find((e) => e.attribute === 'sn')).toMatchObject({ tab: 'user', message: shown });

    // Typing a value clears the problem from the field.
    await lastName.fill(ada.sn);
    expect(await lastName.getAttribute('aria-invalid')).toBeNull();
  });

  it('lets the second of two editors compare and choose, and loses neither edit', async () => {
    const other = await openPage(session.browser);
    try {
      await signIn(other, session.server.url, 'fd-admin', env.fdAdminPassword);
      await session.page.goto(editorUrl(session.server.url, 'user', seeded.grace));
      await other.goto(editorUrl(session.server.url, 'user', seeded.grace));
      const description = label('user.description');
      const room = label('user.roomNumber');
      for (const p of [session.page, other]) await p.getByLabel(description, { exact: true }).waitFor();

      // The first person saves a new description.
      await session.page.getByLabel(description, { exact: true }).fill('Rear admiral (first editor)');
      await session.page.getByRole('button', { name: t('editor.save'), exact: true }).click();
      await session.page.getByRole('status').filter({ hasText: t('editor.saved') }).waitFor();

      // The second, who opened the user before, changes the description and the room number.
      await other.getByLabel(description, { exact: true }).fill('Computer pioneer (second editor)');
      await other.getByLabel(room, { exact: true }).fill('B-42');
      await other.getByRole('button', { name: t('editor.save'), exact: true }).click();
      const conflict = other.getByRole('alertdialog', { name: t('editor.conflict.title') });
      await conflict.waitFor();
      await screenshot(other, 'user-editor-conflict');
      expect(await checkAccessibility(other)).toEqual([]);
      await conflict.getByRole('button', { name: t('editor.conflict.compare') }).click();

      const compare = other.getByRole('dialog', { name: t('editor.conflict.compareTitle') });
      await compare.waitFor();
      const descriptionRow = compare.getByRole('row', { name: new RegExp(`^${label('user.tab')} › ${description}`) });
      expect(await descriptionRow.innerText()).toContain('Rear admiral (first editor)');
      expect(await descriptionRow.innerText()).toContain('Computer pioneer (second editor)');
      const roomRow = compare.getByRole('row', { name: new RegExp(`^${label('user.tab')} › ${room}`) });
      expect(await roomRow.innerText()).toContain('B-42');
      await screenshot(other, 'user-editor-conflict-compare');
      expect(await checkAccessibility(other)).toEqual([]);

      // Take the first person's description, keep my room number.
      await compare.getByRole('radiogroup', { name: `${label('user.tab')} › ${description}` }).getByRole('radio', { name: t('editor.conflict.takeTheirs') }).check();
      expect(await compare.getByRole('radiogroup', { name: `${label('user.tab')} › ${room}` }).getByRole('radio', { name: t('editor.conflict.keepMine') }).isChecked()).toBe(true);
      await compare.getByRole('button', { name: t('editor.conflict.saveChoices') }).click();
      await other.getByRole('status').filter({ hasText: t('editor.saved') }).waitFor();
      expect(await compare.count()).toBe(0);

      const entry = await session.gateway.read(seeded.grace, ['description', 'roomNumber']);
      expect(entry!.get('description')).toEqual(['Rear admiral (first editor)']);
      expect(entry!.get('roomNumber')).toEqual(['B-42']);
      // And the second editor now shows what is stored.
      expect(await other.getByLabel(description, { exact: true }).inputValue()).toBe('Rear admiral (first editor)');
    } finally {
      await other.context().close();
    }
  });

  it('shows the groups list and My account', async () => {
    await session.page.goto(`${session.server.url}/lists/groups`);
    await session.page.getByRole('heading', { level: 1, name: label('management.groups') }).waitFor();
    await eventually(() => session.page.getByTestId('list-total').innerText()).toMatch(/\d/);
    await screenshot(session.page, 'groups-list');
    await session.page.getByRole('navigation', { name: t('shell.menu') }).getByRole('link', { name: label('menu.personal'), exact: true }).click();
    await session.page.getByRole('heading', { level: 1, name: t('account.title') }).waitFor();
    await session.page.getByLabel(label('user.uid'), { exact: true }).waitFor();
    expect(await session.page.getByLabel(label('user.uid'), { exact: true }).inputValue()).toBe('fd-admin');
    await screenshot(session.page, 'my-account');
    expect(session.pageErrors).toEqual([]);
  });
});
