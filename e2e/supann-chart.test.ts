// The organisation chart of SupAnn structures in Chromium: FusionDirectory-written structures (with a cycle and a
// parent no structure has) seeded in LDAP, the chart reached from the menu, its problems listed with links, a search
// reaching a structure, zoom by buttons and Ctrl + wheel, the tree view by keyboard, and a click opening the editor.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testSubtree } from '../test/harness.ts';
import { checkAccessibility, screenshot } from './harness.ts';
import { eventually, label, randomTag, t } from './flowKit.ts';
import { useBrowserSession } from './session.ts';

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
  let department = '';
  const code = (name: string) => `${name}-${tag}`;
  const node = (name: string) => session.page.locator(`svg g.org-node[data-code="${code(name)}"]`);

  const session = useBrowserSession({
    seed: async (gateway) => {
      department = await testSubtree('e2e-supann-chart');
      for (const { dn, attributes } of fixture(department)) await gateway.add(dn, attributes);
      await gateway.add(`ou=people,${department}`, { objectClass: 'organizationalUnit', ou: 'people' });
      for (const [i, codes] of [[code('LAB')], [code('LAB'), code('UFR')], [code('UFR')]].entries()) {
        const uid = `chart${i}-${tag.toLowerCase()}`;
        await gateway.add(`uid=${uid},ou=people,${department}`, { objectClass: ['inetOrgPerson', 'organizationalPerson', 'person', 'supannPerson'], uid, cn: uid, sn: uid, supannEntiteAffectation: codes });
      }
    },
    signIn: 'fd-admin',
  });

  it('is in the menu and lists the problems among the structures, with links to them', async () => {
    await session.page.getByRole('navigation').getByRole('link', { name: label('supann.chart.menu'), exact: true }).click();
    await session.page.getByRole('heading', { level: 1, name: t('supann.chart.title') }).waitFor();
    expect(new URL(session.page.url()).pathname).toBe('/supann/chart');
    const problems = session.page.locator('.org-problems');
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

    const search = session.page.getByRole('searchbox', { name: t('supann.chart.search') });
    await search.fill(code('LAB'));
    await search.press('Enter');
    await session.page.getByRole('status').filter({ hasText: t('supann.chart.matchOf', { current: 1, count: 1 }) }).waitFor();
    await eventually(async () => node('LAB').getAttribute('class')).toContain('is-current');
    expect(new URL(session.page.url()).searchParams.get('q')).toBe(code('LAB'));
    // The match is in view in the drawing's scrolled box.
    await eventually(async () => {
      const [box, canvas] = await Promise.all([node('LAB').boundingBox(), session.page.locator('.org-canvas').boundingBox()]);
      return !!box && !!canvas && box.y >= canvas.y && box.y + box.height <= canvas.y + canvas.height;
    }).toBe(true);
    // And marked in the tree view, its branch opened.
    await session.page.getByRole('treeitem', { name: `Laboratoire d'informatique` }).filter({ hasText: code('LAB') }).waitFor();

    await screenshot(session.page, 'supann-chart');
    expect(await checkAccessibility(session.page)).toEqual([]);
  });

  it('zooms with the buttons and with Ctrl + wheel', async () => {
    const canvas = session.page.locator('.org-canvas');
    expect(await canvas.getAttribute('data-zoom')).toBe('1');
    await session.page.getByRole('button', { name: t('supann.chart.zoomIn') }).click();
    expect(await canvas.getAttribute('data-zoom')).toBe('1.25');
    const width = Number(await session.page.locator('svg.org-svg').getAttribute('width'));
    await session.page.getByRole('button', { name: t('supann.chart.zoomReset', { percent: 125 }) }).click();
    expect(await canvas.getAttribute('data-zoom')).toBe('1');
    expect(Number(await session.page.locator('svg.org-svg').getAttribute('width'))).toBeCloseTo(width / 1.25, 0);
    const box = (await canvas.boundingBox())!;
    await session.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await session.page.keyboard.down('Control');
    await session.page.mouse.wheel(0, 200);
    await session.page.keyboard.up('Control');
    await eventually(async () => Number(await canvas.getAttribute('data-zoom'))).toBeLessThan(1);
    await session.page.getByRole('button', { name: /^Zoom \d+ %/ }).click();
    // And with the keyboard, the drawing focused.
    await canvas.focus();
    await session.page.keyboard.press('+');
    expect(await canvas.getAttribute('data-zoom')).toBe('1.25');
    // Enlarged past its box, the drawing scrolls, and stays reachable with the keyboard.
    await session.page.keyboard.press('+');
    await session.page.keyboard.press('+');
    await eventually(() => canvas.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    expect(await checkAccessibility(session.page, '.org-chart-page')).toEqual([]);
    await session.page.keyboard.press('0');
    expect(await canvas.getAttribute('data-zoom')).toBe('1');
  });

  it('moves through the tree view with the keyboard and opens a structure with Enter', async () => {
    const dnOf = (name: string) => `supannCodeEntite=${code(name)},ou=structures,${department}`;
    const focusedDn = () => session.page.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } | null } }).document.activeElement?.getAttribute('data-id'));
    const tree = session.page.getByRole('tree', { name: t('supann.chart.treeTitle') });
    const univ = tree.getByRole('treeitem', { name: `Université d'Exemple ${tag}` });
    await univ.focus();
    // Opened already: the search's match is below it.
    expect(await univ.getAttribute('aria-expanded')).toBe('true');
    await session.page.keyboard.press('ArrowRight');
    // Its first child by name: the laboratory, drawn under the establishment (its first parent met), then the UFR.
    await eventually(focusedDn).toBe(dnOf('LAB'));
    await session.page.keyboard.press('ArrowDown');
    await eventually(focusedDn).toBe(dnOf('UFR'));
    const ufr = tree.getByRole('treeitem', { name: 'UFR Sciences' }).filter({ hasText: code('UFR') });
    expect(await ufr.getAttribute('aria-expanded')).toBe('false');
    await session.page.keyboard.press('ArrowRight');
    expect(await ufr.getAttribute('aria-expanded')).toBe('true');
    await session.page.keyboard.press('ArrowRight');
    await eventually(focusedDn).toBe(dnOf('DEPT'));
    await session.page.keyboard.press('ArrowLeft');
    await eventually(focusedDn).toBe(dnOf('UFR'));
    await session.page.keyboard.press('ArrowLeft');
    expect(await ufr.getAttribute('aria-expanded')).toBe('false');
    await session.page.keyboard.press('ArrowUp');
    await eventually(focusedDn).toBe(dnOf('LAB'));
    await session.page.keyboard.press('Enter');
    await eventually(() => new URL(session.page.url()).pathname).toBe(`/objects/entite/${encodeURIComponent(dnOf('LAB'))}`);
    await session.page.getByRole('heading', { level: 1 }).filter({ hasText: `Laboratoire d'informatique` }).waitFor();
    await session.page.goBack();
    await session.page.getByRole('heading', { level: 1, name: t('supann.chart.title') }).waitFor();
  });

  it('opens a structure’s editor from the drawing', async () => {
    await node('UFR').click();
    await eventually(() => new URL(session.page.url()).pathname).toBe(`/objects/entite/${encodeURIComponent(`supannCodeEntite=${code('UFR')},ou=structures,${department}`)}`);
    await session.page.getByRole('heading', { level: 1 }).filter({ hasText: 'UFR Sciences' }).waitFor();
    await screenshot(session.page, 'supann-structure-editor');
    expect(session.pageErrors).toEqual([]);
  });
});
