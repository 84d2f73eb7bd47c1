// The organisation chart of SupAnn structures in Chromium: FusionDirectory-written structures (with a cycle and a
// parent no structure has) seeded in LDAP, the chart reached from the menu, its problems listed with links, a search
// reaching a structure, zoom by buttons and Ctrl + wheel, the tree view by keyboard, and a click opening the editor.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { testLdap, testSubtree } from '../test/harness.ts';
import type { LdapGateway } from '../src/ldap/LdapGateway.ts';
import { checkAccessibility, launchBrowser, openPage, screenshot, signIn, startTrousseau, type RunningTrousseau } from './harness.ts';
import { eventually, label, randomTag, serviceGateway, t } from './flowKit.ts';

const env = testLdap();
const tag = randomTag().toUpperCase();

/** The fixture's entries (test/fixtures/supann/structures.ldif), BASE and TAG filled. */
function fixture(base: string): Array<{ dn: string; attributes: Record<string, string[]> }> {
  const text = readFileSync(path.resolve(import.meta.dirname, '../test/fixtures/supann/structures.ldif'), 'utf8').replaceAll('BASE', base).replaceAll('TAG', tag);
  return text
    .split(/\n\s*\n/)
    .map((r) => r.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#')))
    .filter((lines) => lines.length > 0)
    .map((lines) => {
      const attributes: Record<string, string[]> = {};
      for (const line of lines.slice(1)) (attributes[line.slice(0, line.indexOf(': '))] ??= []).push(line.slice(line.indexOf(': ') + 2));
      return { dn: lines[0]!.slice(4), attributes };
    });
}

describe('the organisation chart in the browser', { timeout: 120_000 }, () => {
  let server: RunningTrousseau;
  let browser: Browser;
  let page: Page;
  let gateway: LdapGateway;
  let department = '';
  const pageErrors: string[] = [];
  const code = (name: string) => `${name}-${tag}`;
  const node = (name: string) => page.locator(`svg g.org-node[data-code="${code(name)}"]`);

  beforeAll(async () => {
    gateway = serviceGateway();
    department = await testSubtree('e2e-supann-chart');
    for (const { dn, attributes } of fixture(department)) await gateway.add(dn, attributes);
    await gateway.add(`ou=people,${department}`, { objectClass: 'organizationalUnit', ou: 'people' });
    for (const [i, codes] of [[code('LAB')], [code('LAB'), code('UFR')], [code('UFR')]].entries()) {
      const uid = `chart${i}-${tag.toLowerCase()}`;
      await gateway.add(`uid=${uid},ou=people,${department}`, { objectClass: ['inetOrgPerson', 'organizationalPerson', 'person', 'supannPerson'], uid, cn: uid, sn: uid, supannEntiteAffectation: codes });
    }
    server = await startTrousseau();
    browser = await launchBrowser();
    page = await openPage(browser);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signIn(page, server.url, 'fd-admin', env.fdAdminPassword);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await gateway?.close();
  });

  it('is in the menu and lists the problems among the structures, with links to them', async () => {
    await page.getByRole('navigation').getByRole('link', { name: label('supann.chart.menu'), exact: true }).click();
    await page.getByRole('heading', { level: 1, name: t('supann.chart.title') }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/supann/chart');
    const problems = page.locator('.org-problems');
    const cycle = problems.getByRole('listitem').filter({ hasText: code('CYA') });
    await cycle.waitFor();
    expect(await cycle.getByRole('link').count()).toBe(4);
    expect(await cycle.innerText()).toMatch(new RegExp(`${code('CYA')}.*→.*${code('CYC')}.*→.*${code('CYB')}.*→.*${code('CYA')}`, 's'));
    const dangling = problems.getByRole('listitem').filter({ hasText: code('GONE') });
    expect(await dangling.innerText()).toContain(t('supann.chart.dangling', { parent: code('GONE') }));
    expect(await dangling.getByRole('link').getAttribute('href')).toBe(`/objects/entite/${encodeURIComponent(`supannCodeEntite=${code('ORPHAN')},ou=structures,${department}`)}`);
  });

  it('draws the structures with their member counts, finds one and brings it into view', async () => {
    await node('LAB').waitFor();
    expect(await node('LAB').locator('.org-node-badge text').textContent()).toBe('2');
    expect(await node('UFR').locator('.org-node-badge text').textContent()).toBe('2');
    expect(await node('UNIV').getAttribute('class')).toContain('is-establishment');
    expect(await node('CYB').getAttribute('class')).toContain('is-problem');

    const search = page.getByRole('searchbox', { name: t('supann.chart.search') });
    await search.fill(code('LAB'));
    await search.press('Enter');
    await page.getByRole('status').filter({ hasText: t('supann.chart.matchOf', { current: 1, count: 1 }) }).waitFor();
    await eventually(async () => node('LAB').getAttribute('class')).toContain('is-current');
    expect(new URL(page.url()).searchParams.get('q')).toBe(code('LAB'));
    // The match is in view in the drawing's scrolled box.
    await eventually(async () => {
      const [box, canvas] = await Promise.all([node('LAB').boundingBox(), page.locator('.org-canvas').boundingBox()]);
      return !!box && !!canvas && box.y >= canvas.y && box.y + box.height <= canvas.y + canvas.height;
    }).toBe(true);
    // And marked in the tree view, its branch opened.
    await page.getByRole('treeitem', { name: `Laboratoire d'informatique` }).filter({ hasText: code('LAB') }).waitFor();

    await screenshot(page, 'supann-chart');
    expect(await checkAccessibility(page)).toEqual([]);
  });

  it('zooms with the buttons and with Ctrl + wheel', async () => {
    const canvas = page.locator('.org-canvas');
    expect(await canvas.getAttribute('data-zoom')).toBe('1');
    await page.getByRole('button', { name: t('supann.chart.zoomIn') }).click();
    expect(await canvas.getAttribute('data-zoom')).toBe('1.25');
    const width = Number(await page.locator('svg.org-svg').getAttribute('width'));
    await page.getByRole('button', { name: t('supann.chart.zoomReset', { percent: 125 }) }).click();
    expect(await canvas.getAttribute('data-zoom')).toBe('1');
    expect(Number(await page.locator('svg.org-svg').getAttribute('width'))).toBeCloseTo(width / 1.25, 0);
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, 200);
    await page.keyboard.up('Control');
    await eventually(async () => Number(await canvas.getAttribute('data-zoom'))).toBeLessThan(1);
    await page.getByRole('button', { name: /^Zoom \d+ %/ }).click();
    // And with the keyboard, the drawing focused.
    await canvas.focus();
    await page.keyboard.press('+');
    expect(await canvas.getAttribute('data-zoom')).toBe('1.25');
    // Enlarged past its box, the drawing scrolls, and stays reachable with the keyboard.
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await eventually(() => canvas.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    expect(await checkAccessibility(page, '.org-chart-page')).toEqual([]);
    await page.keyboard.press('0');
    expect(await canvas.getAttribute('data-zoom')).toBe('1');
  });

  it('moves through the tree view with the keyboard and opens a structure with Enter', async () => {
    const dnOf = (name: string) => `supannCodeEntite=${code(name)},ou=structures,${department}`;
    const focusedDn = () => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } | null } }).document.activeElement?.getAttribute('data-id'));
    const tree = page.getByRole('tree', { name: t('supann.chart.treeTitle') });
    const univ = tree.getByRole('treeitem', { name: `Université d'Exemple ${tag}` });
    await univ.focus();
    // Opened already: the search's match is below it.
    expect(await univ.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('ArrowRight');
    // Its first child by name: the laboratory, drawn under the establishment (its first parent met), then the UFR.
    await eventually(focusedDn).toBe(dnOf('LAB'));
    await page.keyboard.press('ArrowDown');
    await eventually(focusedDn).toBe(dnOf('UFR'));
    const ufr = tree.getByRole('treeitem', { name: 'UFR Sciences' }).filter({ hasText: code('UFR') });
    expect(await ufr.getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('ArrowRight');
    expect(await ufr.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('ArrowRight');
    await eventually(focusedDn).toBe(dnOf('DEPT'));
    await page.keyboard.press('ArrowLeft');
    await eventually(focusedDn).toBe(dnOf('UFR'));
    await page.keyboard.press('ArrowLeft');
    expect(await ufr.getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('ArrowUp');
    await eventually(focusedDn).toBe(dnOf('LAB'));
    await page.keyboard.press('Enter');
    await eventually(() => new URL(page.url()).pathname).toBe(`/objects/entite/${encodeURIComponent(dnOf('LAB'))}`);
    await page.getByRole('heading', { level: 1 }).filter({ hasText: `Laboratoire d'informatique` }).waitFor();
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: t('supann.chart.title') }).waitFor();
  });

  it('opens a structure’s editor from the drawing', async () => {
    await node('UFR').click();
    await eventually(() => new URL(page.url()).pathname).toBe(`/objects/entite/${encodeURIComponent(`supannCodeEntite=${code('UFR')},ou=structures,${department}`)}`);
    await page.getByRole('heading', { level: 1 }).filter({ hasText: 'UFR Sciences' }).waitFor();
    await screenshot(page, 'supann-structure-editor');
    expect(pageErrors).toEqual([]);
  });
});
