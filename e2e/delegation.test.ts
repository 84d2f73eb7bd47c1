// Delegated administration in Chromium (issue 5): a sales manager sees, creates and edits the users of his department
// but is offered no delete and is refused one; a plain user changes his phone number and password in My account, has
// no users list in his menu, and is refused, in plain words, an administrator's page typed into the address bar.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { testLdap, testSubtree } from '../test/harness.ts';
import { screenshot, signIn } from './harness.ts';
import { editorUrl, eventually, grid, label, randomTag, restLogin, seedUser, t, usersListUrl } from './flowKit.ts';
import { useBrowserSession } from './session.ts';

const env = testLdap();
const tag = randomTag();
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
/** gosaAclEntry as FusionDirectory writes it: six fields, empty filters as empty fields. */
const assignment = (priority: number, role: string, members: string[]) => [priority, 'subtree', b64(role), members.map(b64).join(','), '', ''].join(':');
const lower = (...dns: string[]) => dns.map((d) => d.toLowerCase()).sort();

/** DNs of the rows the grid shows with their data, sorted (unlike flowKit's gridDns, busy placeholders do not hide them). */
async function rowDns(page: Page): Promise<string[]> {
  const dns = await grid(page).locator('[role=row][data-dn]').evaluateAll((rows) => rows.map((r) => (r as unknown as { dataset: { dn: string } }).dataset.dn));
  return dns.map((d) => d.toLowerCase()).sort();
}

interface Person {
  uid: string;
  givenName: string;
  sn: string;
  password: string;
  dn: string;
}

describe('delegated administration in the browser', { timeout: 120_000 }, () => {
  let S = '';
  let SALES = '';
  let MARKETING = '';
  const person = (key: string, givenName: string): Person => ({ uid: `${key}-${tag}`, givenName, sn: `Deleg${tag}`, password: `pw-${randomBytes(6).toString('hex')}`, dn: '' });
  const manager = person('manager', 'Mona');
  const plain = person('plain', 'Paul');
  const seller = person('seller', 'Sam');
  const closer = person('closer', 'Carl');
  const marketer = person('marketer', 'Mia');
  const recruit = { uid: `recruit-${tag}`, givenName: 'Rita', sn: `Recruit${tag}` };

  async function seed(p: Person, department: string): Promise<void> {
    p.dn = await seedUser(session.gateway, department, p);
  }

  /** A page of its own (cookies, storage) signed in as `p`, its page errors collected. */
  async function signedInAs(p: Person): Promise<Page> {
    const page = await session.openPage();
    await signIn(page, session.server.url, p.uid, p.password);
    return page;
  }

  const session = useBrowserSession({
    seed: async (gateway) => {
      S = await testSubtree('e2e-delegation');
      SALES = `ou=sales,${S}`;
      MARKETING = `ou=marketing,${S}`;
      await gateway.add(`ou=aclroles,${S}`, { objectClass: 'organizationalUnit', ou: 'aclroles' });
      for (const [department, ou] of [
        [SALES, 'sales'],
        [MARKETING, 'marketing'],
      ] as const) {
        await gateway.add(department, { objectClass: ['organizationalUnit', 'gosaDepartment'], ou, description: `The ${ou} department` });
      }
      await seed(manager, S);
      await seed(seller, SALES);
      await seed(closer, SALES);
      await seed(marketer, MARKETING);
      await seed(plain, MARKETING);
      await gateway.modify(plain.dn, [{ operation: 'add', attribute: 'telephoneNumber', values: ['+33 1 00 00 00 01'] }]);
      // The sales manager: FusionDirectory's "manager" role without delete, on sales; everyone: editowninfos and
      // editownpwd as FusionDirectory's setup writes them (the test directory's bootstrap), for all users (`*`).
      const role = `cn=sales-manager-${tag},ou=aclroles,${S}`;
      await gateway.add(role, { objectClass: ['top', 'gosaRole'], cn: `sales-manager-${tag}`, description: 'Users of a department, no delete', gosaAclTemplate: '0:user/user;cmrw,user/posixAccount;cmrw' });
      await gateway.modify(SALES, [
        { operation: 'add', attribute: 'objectClass', values: ['gosaAcl'] },
        { operation: 'add', attribute: 'gosaAclEntry', values: [assignment(0, role, [manager.dn])] },
      ]);
      await gateway.modify(S, [
        { operation: 'add', attribute: 'objectClass', values: ['gosaAcl'] },
        {
          operation: 'add',
          attribute: 'gosaAclEntry',
          values: [assignment(0, `cn=editowninfos,ou=aclroles,${env.baseDN}`, ['*']), assignment(1, `cn=editownpwd,ou=aclroles,${env.baseDN}`, ['*'])],
        },
      ]);
    },
    page: false,
  });

  describe('the sales manager', () => {
    let page: Page;
    beforeAll(async () => {
      page = await signedInAs(manager);
    });
    afterAll(async () => {
      await page?.context().close();
    });

    async function openUsersList(): Promise<void> {
      await page.goto(usersListUrl(session.server.url, S));
      await page.getByRole('heading', { level: 1, name: label('management.users') }).waitFor();
    }

    // The total counts only the rows he may read: counting the others would tell him how many there are, and leave the
    // grid waiting for rows it never gets (busy placeholders).
    it('sees the users of sales (and himself) in the users list, none of marketing, and is offered "New"', async () => {
      await page.getByRole('navigation', { name: t('shell.menu') }).getByRole('link', { name: label('management.users'), exact: true }).waitFor();
      await openUsersList();
      await page.getByRole('link', { name: t('lists.create', { type: label('user.type') }), exact: true }).waitFor();
      await eventually(() => rowDns(page)).toEqual(lower(seller.dn, closer.dn, manager.dn));
      await screenshot(page, 'delegation-manager-users-list');
      expect(await page.getByTestId('list-total').innerText()).toBe(t('lists.total.other', { count: 3 }));
      await eventually(() => grid(page).locator('[role=row][aria-busy=true]').count()).toBe(0);
      expect(session.pageErrors).toEqual([]);
    });

    it('creates a user in sales from "New"', async () => {
      await openUsersList();
      await page.getByRole('link', { name: t('lists.create', { type: label('user.type') }), exact: true }).click();
      await page.getByRole('heading', { level: 1, name: t('editor.new', { type: label('user.type') }) }).waitFor();
      await page.getByLabel(label('user.sn'), { exact: true }).fill(recruit.sn);
      await page.getByLabel(label('user.givenName'), { exact: true }).fill(recruit.givenName);
      await page.getByLabel(label('user.uid'), { exact: true }).fill(recruit.uid);
      await page.getByRole('button', { name: t('editor.save'), exact: true }).click();
      await page.getByRole('status').filter({ hasText: t('editor.created', { name: recruit.uid }) }).waitFor();
      expect(await session.gateway.read(`uid=${recruit.uid},ou=people,${SALES}`, ['uid'])).not.toBeNull();
      expect(session.pageErrors).toEqual([]);
    });

    it('opens a sales user with editable fields, saves a change, and is offered no delete', async () => {
      await page.goto(editorUrl(session.server.url, 'user', seller.dn));
      await page.getByRole('tab', { name: label('user.tab'), exact: true, selected: true }).waitFor();
      const phone = page.getByLabel(label('user.telephoneNumber'), { exact: true });
      expect(await phone.isEditable()).toBe(true);
      expect(await page.getByLabel(label('user.sn'), { exact: true }).isEditable()).toBe(true);
      expect(await page.getByRole('button', { name: t('editor.delete'), exact: true }).count()).toBe(0);
      await phone.fill('+33 1 23 45 67 89');
      await screenshot(page, 'delegation-manager-editor');
      await page.getByRole('button', { name: t('editor.save'), exact: true }).click();
      await page.getByRole('status').filter({ hasText: t('editor.saved') }).waitFor();
      expect((await session.gateway.read(seller.dn, ['telephoneNumber']))!.get('telephoneNumber')).toEqual(['+33 1 23 45 67 89']);
      expect(session.pageErrors).toEqual([]);
    });

    it('is refused, with the reason, a delete asked from the list', async () => {
      await openUsersList();
      await page.getByRole('checkbox', { name: t('lists.selectRow', { name: `${closer.givenName} ${closer.sn}` }), exact: true }).check();
      await page.getByRole('group', { name: t('lists.bulkActions') }).getByRole('button', { name: t('lists.delete'), exact: true }).click();
      await page.getByRole('alertdialog', { name: t('lists.deleteTitle') }).getByRole('button', { name: t('lists.deleteConfirm.one', { count: 1 }), exact: true }).click();
      const outcome = page.getByRole('alertdialog', { name: t('lists.bulkFailuresTitle') });
      await outcome.waitFor();
      expect(await outcome.innerText()).toContain(`You have no permission to delete the object: ${closer.dn}`);
      await screenshot(page, 'delegation-manager-delete-refused');
      expect(await session.gateway.read(closer.dn, ['uid'])).not.toBeNull();
      await outcome.getByRole('button', { name: t('common.close'), exact: true }).click();
      expect(session.pageErrors).toEqual([]);
    });
  });

  describe('a plain user', () => {
    let page: Page;
    beforeAll(async () => {
      page = await signedInAs(plain);
    });
    afterAll(async () => {
      await page?.context().close();
    });

    it('has My account in his menu, and no users list', async () => {
      const menu = page.getByRole('navigation', { name: t('shell.menu') });
      await menu.getByRole('link', { name: label('menu.personal'), exact: true }).waitFor();
      expect(await menu.getByRole('link', { name: label('management.users'), exact: true }).count()).toBe(0);
      expect(await menu.getByRole('link', { name: label('management.groups'), exact: true }).count()).toBe(0);
    });

    it('changes his phone number in My account', async () => {
      await page.getByRole('navigation', { name: t('shell.menu') }).getByRole('link', { name: label('menu.personal'), exact: true }).click();
      await page.getByRole('heading', { level: 1, name: t('account.title') }).waitFor();
      const phone = page.getByLabel(label('user.telephoneNumber'), { exact: true });
      expect(await phone.inputValue()).toBe('+33 1 00 00 00 01');
      await phone.fill('+33 6 12 34 56 78');
      await page.getByRole('button', { name: t('editor.save'), exact: true }).click();
      await page.getByRole('status').filter({ hasText: t('editor.saved') }).waitFor();
      expect((await session.gateway.read(plain.dn, ['telephoneNumber']))!.get('telephoneNumber')).toEqual(['+33 6 12 34 56 78']);
      await screenshot(page, 'delegation-plain-my-account');
      expect(session.pageErrors).toEqual([]);
    });

    it('changes his password in My account, after giving the current one', async () => {
      await page.goto(`${session.server.url}/account`);
      const form = page.getByRole('form', { name: t('account.passwordTitle') });
      const fresh = `fresh-${randomBytes(6).toString('hex')}`;
      // A wrong current password: refused, in words.
      await form.getByLabel(t('account.current'), { exact: true }).fill('not-my-password');
      await form.getByLabel(t('account.new'), { exact: true }).fill(fresh);
      await form.getByLabel(t('account.again'), { exact: true }).fill(fresh);
      await form.getByRole('button', { name: t('account.submit'), exact: true }).click();
      await form.getByRole('alert').filter({ hasText: 'The current password is not right.' }).waitFor();
      await screenshot(page, 'delegation-plain-password-refused');
      // The right one.
      await form.getByLabel(t('account.current'), { exact: true }).fill(plain.password);
      await form.getByRole('button', { name: t('account.submit'), exact: true }).click();
      await form.getByRole('status').filter({ hasText: t('account.changed') }).waitFor();
      await expect(restLogin(session.server.url, plain.uid, plain.password)).rejects.toThrow(/401/);
      expect(await restLogin(session.server.url, plain.uid, fresh)).toMatch(/\S/);
      plain.password = fresh;
      expect(session.pageErrors).toEqual([]);
    });

    it('is refused, in plain words, another user typed into the address bar', async () => {
      await page.goto(editorUrl(session.server.url, 'user', marketer.dn));
      await page.getByRole('heading', { level: 1, name: t('editor.openFailed') }).waitFor();
      const alert = page.getByRole('alert').filter({ hasText: `You have no permission to read the object "${marketer.dn}"` });
      await alert.waitFor();
      expect(await page.getByLabel(label('user.telephoneNumber'), { exact: true }).count()).toBe(0);
      await screenshot(page, 'delegation-plain-refused');
      expect(session.pageErrors).toEqual([]);
    });
  });
});
