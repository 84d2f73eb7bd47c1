// A French-speaking person switches the interface to French and meets no English label on the users list, a user's
// editor (every tab) and My account; someone else turns the dark theme on, and finds it again after a reload.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { testLdap, testSubtree } from '../test/harness.ts';
import { catalogues } from '../web/src/i18n/messages/index.ts';
import { Registry } from '../src/model/Registry.ts';
import { installedPlugins } from '../src/plugins/index.ts';
import { openPage, screenshot, signIn } from './harness.ts';
import { editorUrl, eventually, gridDns, label, randomTag, restLogin, t, usersListUrl } from './flowKit.ts';
import { useBrowserSession } from './session.ts';

const env = testLdap();
const tag = randomTag();

/** What a person reads or hears on a page: its title, the lines of visible text, and the labels given as attributes. */
interface PageTexts {
  lines: string[];
  attributes: Array<{ name: string; value: string; element: string }>;
}

/** The browser globals `readTexts` touches (the project's typecheck has no DOM library). */
interface TextNodeLike {
  tagName: string;
  id: string;
  innerText: string;
  attributes: ArrayLike<{ name: string; value: string }>;
  closest(selector: string): unknown;
  querySelectorAll(selector: string): ArrayLike<TextNodeLike>;
}

async function readTexts(page: Page): Promise<PageTexts> {
  return page.evaluate(() => {
    const d = (globalThis as unknown as { document: { title: string; body: TextNodeLike } }).document;
    // Text marked as another language (the language picker's "English") is meant to stay as it is.
    const foreign = '[lang]:not([lang|=fr])';
    const foreignLines = new Set(
      Array.from(d.body.querySelectorAll(foreign)).flatMap((el) => el.innerText.split(/[\n\t]/).map((s) => s.trim())),
    );
    // innerText puts a table's cells on one line, separated by tabs: each cell is read on its own.
    const lines = [d.title, ...d.body.innerText.split(/[\n\t]/)].map((s) => s.trim()).filter((s) => s !== '' && !foreignLines.has(s));
    const attributes: PageTexts['attributes'] = [];
    for (const el of Array.from(d.body.querySelectorAll('[aria-label], [title], [placeholder], [alt]'))) {
      if (el.closest(foreign)) continue;
      for (const { name, value } of Array.from(el.attributes)) {
        if (['aria-label', 'title', 'placeholder', 'alt'].includes(name) && value.trim()) attributes.push({ name, value: value.trim(), element: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}` });
      }
    }
    return { lines, attributes };
  });
}

/**
 * The English texts a French page must not show: every message (the SPA's catalogues, the plugins' messages) whose
 * French differs or is missing, unless the same words are French somewhere else. Texts with placeholders match as
 * patterns (`Edit {name}` → /^Edit .+$/) when their fixed part has a word to recognise. Compared in lower case, since
 * innerText applies CSS text-transform (the menu's section headings are upper case).
 */
function englishOnly(): { exact: Set<string>; patterns: RegExp[]; french: Set<string> } {
  const pairs: Array<[string, string | undefined]> = Object.entries(catalogues.en).map(([k, en]) => [en, catalogues.fr[k]]);
  for (const plugin of installedPlugins) for (const [k, en] of Object.entries(plugin.messages?.en ?? {})) pairs.push([en, plugin.messages?.fr?.[k]]);
  const french = new Set(pairs.flatMap(([, fr]) => (fr === undefined ? [] : [fr.trim().toLowerCase()])));
  const exact = new Set<string>();
  const patterns: RegExp[] = [];
  for (const [en, fr] of pairs) {
    const text = en.trim().toLowerCase();
    if (fr?.trim().toLowerCase() === text || french.has(text)) continue;
    if (!/\{\w+\}/.test(text)) {
      exact.add(text);
      continue;
    }
    const fixed = text.split(/\{\w+\}/);
    if (!fixed.some((part) => /[A-Za-z]{3,}/.test(part))) continue;
    patterns.push(new RegExp(`^${fixed.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+')}$`, 's'));
  }
  return { exact, patterns, french };
}

const ENGLISH = englishOnly();

/** The English texts found on the page, each with where it was seen. */
async function englishOn(page: Page, where: string): Promise<string[]> {
  const { lines, attributes } = await readTexts(page);
  const isEnglish = (text: string) => {
    const s = text.toLowerCase();
    return !ENGLISH.french.has(s) && (ENGLISH.exact.has(s) || ENGLISH.patterns.some((p) => p.test(s)));
  };
  return [...lines.filter(isEnglish).map((s) => `${where}: text "${s}"`), ...attributes.filter((a) => isEnglish(a.value)).map((a) => `${where}: ${a.element} ${a.name}="${a.value}"`)];
}

describe('language and theme', { timeout: 90_000 }, () => {
  let department: string;
  let userDn: string;

  const session = useBrowserSession({
    seed: async () => {
      department = await testSubtree('e2e-language');
    },
    afterStart: async ({ server }) => {
      // A user with every tab on, so that the editor shows all its fields (created as any REST client would).
      const token = await restLogin(server.url, 'fd-admin', env.fdAdminPassword);
      const res = await fetch(`${server.url}/rest.php/v1/objects/user`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'session-token': token },
        body: JSON.stringify({
          attrs: {
            user: { base: department, uid: `emilie-${tag}`, givenName: 'Émilie', sn: `Châtelet${tag}` },
            posixAccount: { homeDirectory: `/home/emilie-${tag}` },
            mailAccount: { mail: `emilie.${tag}@example.org` },
            personalInfo: { personalTitle: 'Marquise' },
          },
        }),
      });
      expect(res.status, await res.clone().text()).toBe(201);
      userDn = (await res.json()) as string;
    },
    page: false,
  });

  it('leaves no English label on the users list, the editor’s tabs and My account once French is chosen', async () => {
    const page = await openPage(session.browser);
    try {
      await signIn(page, usersListUrl(session.server.url, department), 'fd-admin', env.fdAdminPassword);
      await page.getByRole('combobox', { name: t('common.language'), exact: true }).selectOption({ label: 'Français' });
      await page.locator('html[lang=fr]').waitFor();
      const fr = (key: string) => catalogues.fr[key] ?? `missing French message ${key}`;
      const frLabel = (key: string) => installedPlugins.map((p) => p.messages?.fr?.[key]).find((v) => v !== undefined) ?? `missing French message ${key}`;
      const found: string[] = [];
      /**
       * Collect the English texts of a view once its data settled: labels from the server arrive with the answers
       * asked again after the switch, so a view may show English for a moment (an English text still there after
       * a few seconds is one the page keeps).
       */
      const check = async (where: string) => {
        let last: string[] = [];
        await expect
          .poll(async () => (last = await englishOn(page, where)), { timeout: 5000 })
          .toEqual([])
          .catch(() => undefined);
        found.push(...last);
      };

      // The users list, with its filters and its columns dialog: switched in place, without reloading the page.
      await page.getByRole('heading', { level: 1, name: frLabel('management.users') }).waitFor();
      await eventually(() => gridDns(page)).toEqual([userDn.toLowerCase()]);
      // The menu comes with the session, asked again after the switch.
      await page.getByRole('navigation', { name: fr('shell.menu') }).getByRole('link', { name: frLabel('menu.personal'), exact: true }).waitFor();
      await page.getByTestId('list-total').filter({ hasText: fr('lists.total.one').replace('{count}', '1') }).waitFor();
      await check('users list');
      await screenshot(page, 'users-list-fr');
      await page.getByRole('button', { name: fr('lists.columns'), exact: true }).click();
      const columns = page.getByRole('dialog', { name: fr('lists.columnsTitle').replace('{list}', frLabel('management.users')) });
      await columns.waitFor();
      await check('columns dialog');
      await columns.getByRole('button', { name: fr('common.cancel'), exact: true }).click();

      // The editor, tab by tab.
      await page.goto(editorUrl(session.server.url, 'user', userDn));
      const tabs = page.getByRole('tablist').getByRole('tab');
      await tabs.first().waitFor();
      const tabNames = await tabs.allInnerTexts();
      // Every tab the installed plugins give users, in the registry's order, then References.
      const userTabs = new Registry(installedPlugins).type('user')!.tabs.map((tab) => frLabel(tab.decl.label));
      expect(tabNames.map((s) => s.trim())).toEqual([...userTabs, fr('editor.references')]);
      for (const name of tabNames) {
        // Exactly: "SupAnn" is also part of "Statut SupAnn".
        await page.getByRole('tablist').getByRole('tab', { name: name.trim(), exact: true }).click();
        await page.locator('[role=tabpanel]:not([hidden])').waitFor();
        await page.getByRole('tab', { name: name.trim(), selected: true }).waitFor();
        // The user's primary group (made with its Unix settings) refers to it: wait for the table, not "Loading…".
        if (name.trim() === fr('editor.references')) await page.getByRole('table', { name: fr('editor.references.caption') }).getByRole('row').nth(1).waitFor();
        await check(`editor, tab ${name.trim()}`);
      }

      // My account.
      await page.getByRole('navigation', { name: fr('shell.menu') }).getByRole('link', { name: frLabel('menu.personal'), exact: true }).click();
      await page.getByRole('heading', { level: 1, name: fr('account.title') }).waitFor();
      await page.getByLabel(frLabel('user.uid'), { exact: true }).waitFor();
      await check('My account');

      expect(found).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('turns the dark theme on with the theme button, and keeps it after a reload', async () => {
    const page = await openPage(session.browser);
    type Globals = { document: { documentElement: { dataset: Record<string, string | undefined> }; body: unknown }; getComputedStyle(el: unknown): { backgroundColor: string } };
    const look = () =>
      page.evaluate(() => {
        const w = globalThis as unknown as Globals;
        return { theme: w.document.documentElement.dataset.theme ?? null, background: w.getComputedStyle(w.document.body).backgroundColor };
      });
    try {
      await signIn(page, usersListUrl(session.server.url, department), 'fd-admin', env.fdAdminPassword);
      await page.getByRole('heading', { level: 1, name: label('management.users') }).waitFor();
      const light = await look();
      expect(light.theme).toBe('light');

      await page.getByRole('button', { name: t('common.themeToDark'), exact: true }).click();
      await page.getByRole('button', { name: t('common.themeToLight'), exact: true }).waitFor();
      const dark = await look();
      expect(dark.theme).toBe('dark');
      expect(dark.background).not.toBe(light.background);

      await page.reload();
      await page.getByRole('heading', { level: 1, name: label('management.users') }).waitFor();
      expect(await look()).toEqual(dark);
      await page.getByRole('button', { name: t('common.themeToLight'), exact: true }).waitFor();

      // And back.
      await page.getByRole('button', { name: t('common.themeToLight'), exact: true }).click();
      expect(await look()).toEqual(light);
    } finally {
      await page.context().close();
    }
  });
});
