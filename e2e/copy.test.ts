// Copying a user in Chromium (FusionDirectory's copy & paste in one step): from the users list's row action, the
// new-user editor opens prefilled; the administrator changes the login and the name, saves, and the new user opens
// with the copied values — without the source's password or Unix id. The editor of a user offers Copy too.
import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testSubtree } from '../test/harness.ts';
import { hashSalted } from '../src/passwords/ssha.ts';
import { checkAccessibility, screenshot } from './harness.ts';
import { editorUrl, eventually, grid, gridDns, label, randomTag, t, usersListUrl } from './flowKit.ts';
import { useBrowserSession } from './session.ts';

const tag = randomTag();

describe('copying a user in the browser', { timeout: 90_000 }, () => {
  let department: string;
  let sourceDn = '';
  // uidNumbers 92900–92999 are this file's (the integration test of the copy uses 92100–92899).
  const sourceUidNumber = String(92900 + randomInt(0, 100));
  const source = { uid: `tmpl-${tag}`, givenName: 'Terry', sn: `Template${tag}` };
  const copy = { uid: `newbie-${tag}`, givenName: 'Nina', sn: `Newbie${tag}` };

  const session = useBrowserSession({
    seed: async (gateway) => {
      department = await testSubtree('e2e-copy');
      const people = `ou=people,${department}`;
      await gateway.add(people, { objectClass: ['organizationalUnit'], ou: 'people' });
      sourceDn = `uid=${source.uid},${people}`;
      await gateway.add(sourceDn, {
        objectClass: ['inetOrgPerson', 'organizationalPerson', 'person', 'posixAccount', 'shadowAccount'],
        uid: source.uid,
        cn: `${source.givenName} ${source.sn}`,
        sn: source.sn,
        givenName: source.givenName,
        description: 'Front desk, second floor',
        l: 'Grenoble',
        userPassword: hashSalted('Template-secret-1', 'SSHA'),
        uidNumber: sourceUidNumber,
        gidNumber: sourceUidNumber,
        homeDirectory: `/home/${source.uid}`,
        loginShell: '/bin/bash',
      });
    },
    signIn: 'fd-admin',
  });

  it('copies a user from the list: new login and name, the other values kept, a password and Unix id of its own', async () => {
    await session.page.goto(usersListUrl(session.server.url, department));
    await session.page.getByRole('heading', { level: 1, name: label('management.users') }).waitFor();
    await eventually(() => gridDns(session.page)).toEqual([sourceDn.toLowerCase()]);
    const row = grid(session.page).locator(`[role=row][data-dn="${sourceDn}"]`);
    await row.getByRole('link', { name: new RegExp(`^${t('lists.copy')} `) }).click();

    await session.page.getByRole('heading', { level: 1, name: t('editor.copyOf', { name: source.uid }) }).waitFor();
    // Prefilled from the source: the login (to be changed) and the other values.
    const uidField = session.page.getByLabel(label('user.uid'), { exact: true });
    await expect.poll(() => uidField.inputValue()).toBe(source.uid);
    expect(await session.page.getByLabel(label('user.description'), { exact: true }).inputValue()).toBe('Front desk, second floor');
    await screenshot(session.page, 'user-copy-editor');
    expect(await checkAccessibility(session.page)).toEqual([]);

    await uidField.fill(copy.uid);
    await session.page.getByLabel(label('user.givenName'), { exact: true }).fill(copy.givenName);
    await session.page.getByLabel(label('user.sn'), { exact: true }).fill(copy.sn);
    await session.page.getByRole('button', { name: t('editor.save'), exact: true }).click();
    await session.page.getByRole('status').filter({ hasText: t('editor.created', { name: copy.uid }) }).waitFor();

    // The new user opens at its own address, with the copied values.
    const copyDn = decodeURIComponent(new URL(session.page.url()).pathname.split('/').pop()!);
    expect(copyDn.toLowerCase()).toBe(`uid=${copy.uid},ou=people,${department}`.toLowerCase());
    expect(await session.page.getByRole('heading', { level: 1 }).innerText()).toBe(`${copy.givenName} ${copy.sn}`);
    expect(await session.page.getByLabel(label('user.description'), { exact: true }).inputValue()).toBe('Front desk, second floor');
    expect(await session.page.getByLabel(label('user.l'), { exact: true }).inputValue()).toBe('Grenoble');
    await session.page.getByRole('tab', { name: label('posix.tab'), exact: true }).click();
    // The home directory the copy left as the source's follows the new login.
    expect(await session.page.getByLabel(label('posix.homeDirectory'), { exact: true }).inputValue()).toBe(`/home/${copy.uid}`);

    const entry = (await session.gateway.read(copyDn, ['cn', 'description', 'loginShell', 'uidNumber', 'userPassword']))!;
    expect(entry.get('cn')).toEqual([`${copy.givenName} ${copy.sn}`]);
    expect(entry.get('loginShell')).toEqual(['/bin/bash']);
    expect(entry.get('userPassword')).toEqual([]);
    expect(entry.first('uidNumber')).toMatch(/^\d+$/);
    expect(entry.first('uidNumber')).not.toBe(sourceUidNumber);
    // The source is as it was.
    expect((await session.gateway.read(sourceDn, ['uid']))!.get('uid')).toEqual([source.uid]);
    expect(session.pageErrors).toEqual([]);
  });

  it('offers Copy in the editor of a user, opening the same prefilled editor', async () => {
    await session.page.goto(editorUrl(session.server.url, 'user', sourceDn));
    await session.page.getByRole('heading', { level: 1, name: `${source.givenName} ${source.sn}` }).waitFor();
    await session.page.getByRole('link', { name: t('editor.copy'), exact: true }).click();
    await session.page.getByRole('heading', { level: 1, name: t('editor.copyOf', { name: source.uid }) }).waitFor();
    expect(new URL(session.page.url()).searchParams.get('copyOf')).toBe(sourceDn);
    await expect.poll(() => session.page.getByLabel(label('user.uid'), { exact: true }).inputValue()).toBe(source.uid);
    // Leaving the untouched copy asks nothing and writes nothing.
    await session.page.getByRole('button', { name: t('common.cancel'), exact: true }).click();
    await session.page.getByRole('heading', { level: 1, name: `${source.givenName} ${source.sn}` }).waitFor();
    expect(session.pageErrors).toEqual([]);
  });
});
