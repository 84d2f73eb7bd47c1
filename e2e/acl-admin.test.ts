// Access-control administration in Chromium (issue 5): an administrator builds an ACL role in the rights grid, gives it
// on a department to a helper, then asks "what can this user do here" about the helper on a user of that department
// and on the helper himself, and reads which rule gives each right.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testSubtree } from '../test/harness.ts';
import { checkAccessibility, screenshot } from './harness.ts';
import { editorUrl, eventually, label, randomTag, seedUser, t } from './flowKit.ts';
import { useBrowserSession } from './session.ts';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const tag = randomTag();
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

describe('access-control administration in the browser', { timeout: 120_000 }, () => {
  let department = '';
  let helperDn = '';
  let targetDn = '';
  let roleDn = '';
  const roleName = `helpdesk-${tag}`;
  const helper = { uid: `helper-${tag}`, givenName: 'Hugo', sn: `Helper${tag}`, password: `pw-${randomBytes(6).toString('hex')}` };
  const target = { uid: `target-${tag}`, givenName: 'Tina', sn: `Target${tag}` };

  const session = useBrowserSession({
    seed: async (gateway) => {
      department = await testSubtree('e2e-acl-admin');
      await gateway.add(`ou=aclroles,${department}`, { objectClass: 'organizationalUnit', ou: 'aclroles' });
      helperDn = await seedUser(gateway, department, helper);
      targetDn = await seedUser(gateway, department, target);
    },
    signIn: 'fd-admin',
  });

  /** Screenshots in a tall window: the shell scrolls its main area, and these pages are long. */
  async function tallScreenshot(name: string, first: string): Promise<void> {
    await session.page.setViewportSize({ width: 1280, height: 1500 });
    await session.page.locator(first).first().scrollIntoViewIfNeeded();
    await screenshot(session.page, name);
    await session.page.setViewportSize({ width: 1280, height: 800 });
  }

  /** The roles grid's checkbox of one right on one object (tab) of the line. */
  const rightBox = (right: string, object: string) => session.page.getByRole('checkbox', { name: t('acl.role.rightOn', { right: t(`acl.right.${right}`), object }), exact: true });
  /** The read/write boxes of one attribute, in the object's attribute panel. */
  const attributeGroup = (name: string) => session.page.locator('fieldset.acl-attribute', { has: session.page.locator('legend code', { hasText: new RegExp(`^${name}$`) }) });

  it('creates a role in the rights grid, and LDAP holds the line FusionDirectory writes', async () => {
    await session.page.goto(`${session.server.url}/new/aclRole?base=${encodeURIComponent(department)}`);
    await session.page.getByRole('heading', { level: 1, name: t('editor.new', { type: label('aclRole.type') }) }).waitFor();
    await session.page.getByLabel(label('aclRole.cn'), { exact: true }).fill(roleName);

    // The user category, opened from its heading; its objects are the user's tabs.
    const category = session.page.getByRole('button', { name: label('user.type'), exact: true });
    expect(await category.getAttribute('aria-expanded')).toBe('false');
    await category.click();
    expect(await category.getAttribute('aria-expanded')).toBe('true');
    await rightBox('r', label('user.tab')).check();
    await rightBox('w', label('user.tab')).check();

    // The mail tab: for the user's own entry only, and read and write on the mail address alone.
    await rightBox('s', label('mail.tab')).check();
    const attributes = session.page.getByRole('button', { name: `${t('acl.role.attributes')} ${t('acl.role.ofObject', { object: label('mail.tab') })}` });
    await attributes.click();
    expect(await attributes.getAttribute('aria-expanded')).toBe('true');
    const mail = attributeGroup('mail');
    await mail.getByRole('checkbox', { name: t('acl.right.r'), exact: true }).check();
    // Keyboard: Space ticks the focused box.
    await mail.getByRole('checkbox', { name: t('acl.right.w'), exact: true }).focus();
    await session.page.keyboard.press('Space');
    await tallScreenshot('acl-role-editor', '.acl-role');
    expect(await checkAccessibility(session.page)).toEqual([]);

    await session.page.getByRole('button', { name: t('editor.save'), exact: true }).click();
    await session.page.getByRole('status').filter({ hasText: t('editor.created', { name: roleName }) }).waitFor();
    roleDn = decodeURIComponent(new URL(session.page.url()).pathname.split('/').pop()!);
    expect(roleDn.toLowerCase()).toBe(`cn=${roleName},ou=aclroles,${department}`.toLowerCase());
    const entry = await session.gateway.read(roleDn, ['gosaAclTemplate']);
    expect(entry!.get('gosaAclTemplate')).toEqual(['0:user/user;rw,user/mailAccount;s#mail;rw']);
    expect(session.pageErrors).toEqual([]);
  });

  it('reopens the role with its rights ticked, and shows its JSON as the advanced view', async () => {
    await session.page.goto(editorUrl(session.server.url, 'aclRole', roleDn));
    await session.page.getByRole('heading', { level: 1, name: roleName }).waitFor();
    // A category with rights opens by itself.
    expect(await session.page.getByRole('button', { name: label('user.type'), exact: true }).getAttribute('aria-expanded')).toBe('true');
    expect(await rightBox('r', label('user.tab')).isChecked()).toBe(true);
    expect(await rightBox('w', label('user.tab')).isChecked()).toBe(true);
    expect(await rightBox('c', label('user.tab')).isChecked()).toBe(false);
    expect(await rightBox('s', label('mail.tab')).isChecked()).toBe(true);
    expect(await rightBox('r', label('mail.tab')).isChecked()).toBe(false);

    await session.page.getByRole('checkbox', { name: t('acl.role.showJson'), exact: true }).check();
    const json = session.page.getByLabel(t('acl.role.jsonLabel', { label: label('aclRole.gosaAclTemplate') }), { exact: true });
    expect(JSON.parse(await json.inputValue())).toEqual([{ 'user/user': { '0': 'rw' }, 'user/mailAccount': { '0': 's', mail: 'rw' } }]);
    await session.page.getByRole('checkbox', { name: t('acl.role.showJson'), exact: true }).uncheck();
    // Nothing was changed: saving has nothing to write.
    await session.page.getByRole('button', { name: t('editor.save'), exact: true }).click();
    await session.page.getByRole('status').filter({ hasText: t('editor.nothingToSave') }).waitFor();
    expect(await checkAccessibility(session.page)).toEqual([]);
  });

  it('gives the role on the department to the helper, and LDAP holds the assignment', async () => {
    await session.page.goto(editorUrl(session.server.url, 'department', department, 'aclAssignment'));
    await session.page.getByRole('tab', { name: label('aclAssignment.tab'), exact: true, selected: true }).waitFor();
    await session.page.getByRole('button', { name: t('editor.tab.add', { tab: label('aclAssignment.tab') }) }).click();
    await session.page.getByRole('button', { name: t('acl.assign.add'), exact: true }).click();

    const box = session.page.locator('fieldset.acl-assignment-box').first();
    // Subtree by default, explained.
    expect(await box.getByRole('radio', { name: t('acl.scope.subtree'), exact: true }).isChecked()).toBe(true);
    const role = box.getByRole('combobox', { name: t('acl.assign.role'), exact: true });
    await role.fill(roleName);
    await box.getByRole('option').filter({ hasText: roleName }).first().click();
    const members = box.getByRole('combobox', { name: t('acl.assign.membersPick'), exact: true });
    await members.fill(helper.uid);
    await box.getByRole('option').filter({ hasText: helper.uid }).first().click();
    await box.getByRole('list', { name: t('editor.picker.chosen', { label: t('acl.assign.members') }) }).getByText(helper.uid).waitFor();
    await members.press('Escape');
    await tallScreenshot('acl-assignments-editor', '.acl-assignments');
    expect(await checkAccessibility(session.page)).toEqual([]);

    await session.page.getByRole('button', { name: t('editor.save'), exact: true }).click();
    await session.page.getByRole('status').filter({ hasText: t('editor.saved') }).waitFor();
    const entry = await session.gateway.read(department, ['gosaAclEntry', 'objectClass']);
    expect(entry!.get('gosaAclEntry')).toEqual([`0:subtree:${b64(roleDn)}:${b64(helperDn)}::`]);
    expect(entry!.get('objectClass').map((c) => c.toLowerCase())).toContain('gosaacl');
    expect(session.pageErrors).toEqual([]);
  });

  it('explains what the helper can do on a user of the department, from the user editor, rule by rule', async () => {
    await session.page.goto(editorUrl(session.server.url, 'user', targetDn));
    await session.page.getByRole('link', { name: t('acl.explain.link'), exact: true }).click();
    await session.page.getByRole('heading', { level: 1, name: t('acl.explain.title') }).waitFor();
    expect(new URL(session.page.url()).searchParams.get('dn')).toBe(targetDn);
    // The DN is filled in; the user is the one signed in until another is chosen.
    expect(await session.page.getByLabel(t('acl.explain.dn'), { exact: true }).inputValue()).toBe(targetDn);
    const user = session.page.getByRole('combobox', { name: t('acl.explain.user'), exact: true });
    await user.fill(helper.uid);
    await session.page.getByRole('option').filter({ hasText: helper.uid }).first().click();
    await session.page.getByRole('button', { name: t('acl.explain.submit'), exact: true }).click();
    // Both are named as the page met them (display name or login, depending on what loaded first): any such title.
    const either = (a: string, b: string) => `(?:${escapeRegExp(a)}|${escapeRegExp(b)})`;
    const title = t('acl.explain.answerTitle', { user: '\u0000U', entry: '\u0000E' });
    const pattern = escapeRegExp(title).replace('\u0000U', either(`${helper.givenName} ${helper.sn}`, helper.uid)).replace('\u0000E', either(`${target.givenName} ${target.sn}`, target.uid));
    const answer = session.page.getByRole('heading', { level: 2, name: new RegExp(`^${pattern}$`) });
    await answer.waitFor();
    expect(new URL(session.page.url()).searchParams.get('user')).toBe(helperDn);
    expect(await session.page.getByLabel(t('acl.explain.dn'), { exact: true }).inputValue()).toBe(targetDn);

    // The rule of our role, given on the department: it applies, the helper being named among its members. Other
    // rules of the directory (the administrator's on the base…) come before it and do not apply to him.
    const rule = session.page.locator('li.acl-rule', { has: session.page.getByRole('link', { name: roleName, exact: true }) });
    expect(await rule.innerText()).toContain(t('acl.status.applies'));
    expect(await rule.getByRole('link', { name: roleName, exact: true }).getAttribute('href')).toBe(`/objects/aclRole/${encodeURIComponent(roleDn)}`);
    expect(await rule.innerText()).toContain(department);
    expect(await rule.innerText()).toContain(t('acl.explain.matchedSelf'));
    const n = Number((await rule.getAttribute('id'))!.replace('acl-rule-', ''));

    // Read and write on the user tab, given by that rule; nothing more, and nothing of the self-only mail tab.
    const matrix = session.page.locator('table.acl-matrix');
    const row = (object: string, id: string) => matrix.getByRole('row').filter({ has: session.page.getByRole('rowheader', { name: `${object} ${id}`, exact: true }) });
    const cells = row(label('user.tab'), 'user/user').getByRole('cell');
    await cells.nth(0).getByRole('link', { name: t('acl.explain.byRule', { n }) }).waitFor();
    await cells.nth(1).getByRole('link', { name: t('acl.explain.byRule', { n }) }).waitFor();
    expect(await cells.nth(2).getByText(t('acl.explain.notGranted')).count()).toBe(1);
    expect(await row(label('mail.tab'), 'user/mailAccount').getByRole('cell').nth(0).getByText(t('acl.explain.notGranted')).count()).toBe(1);

    // The number next to a right leads to the rule.
    await cells.nth(0).getByRole('link', { name: t('acl.explain.byRule', { n }) }).click();
    await eventually(() => session.page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id)).toBe(`acl-rule-${n}`);
    await tallScreenshot('acl-explain', 'h1');
    expect(await checkAccessibility(session.page)).toEqual([]);
    expect(session.pageErrors).toEqual([]);
  });

  it('explains the self-only rights on the helper\'s own entry, attribute by attribute', async () => {
    await session.page.goto(`${session.server.url}/acl/explain?${new URLSearchParams({ user: helperDn, dn: helperDn }).toString()}`);
    await session.page.getByRole('heading', { level: 2, name: t('acl.explain.answerTitle', { user: helper.uid, entry: helper.uid }) }).waitFor();
    const rule = session.page.locator('li.acl-rule', { has: session.page.getByRole('link', { name: roleName, exact: true }) });
    const n = Number((await rule.getAttribute('id'))!.replace('acl-rule-', ''));
    const mailRow = session.page.locator('table.acl-matrix').getByRole('row').filter({ has: session.page.getByRole('rowheader', { name: `${label('mail.tab')} user/mailAccount`, exact: true }) });
    const attributes = mailRow.getByRole('button');
    expect(await attributes.getAttribute('aria-expanded')).toBe('false');
    await attributes.click();
    expect(await attributes.getAttribute('aria-expanded')).toBe('true');
    const mail = session.page
      .getByRole('table', { name: t('acl.role.attributesOf', { object: label('mail.tab') }) })
      .getByRole('row')
      .filter({ has: session.page.getByRole('rowheader', { name: `${label('mail.mail')} mail`, exact: true }) });
    // On his own entry, the self-only mail tab gives him read and write on the mail address, by our rule.
    await eventually(() => mail.getByRole('link', { name: t('acl.explain.byRule', { n }) }).count()).toBe(2);
    await tallScreenshot('acl-explain-self', '.acl-matrix');
    expect(await checkAccessibility(session.page)).toEqual([]);
  });
});
