// The SupAnn check in Chromium: from the menu, run it, watch it end, read the broken rules with their entries, and
// download every finding as CSV.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testSubtree } from '../test/harness.ts';
import { loadFixture } from '../test/ldifFixture.ts';
import { checkAccessibility, screenshot } from './harness.ts';
import { label, randomTag, t } from './flowKit.ts';
import { useBrowserSession } from './session.ts';

const tag = randomTag();

describe('the SupAnn check in the browser', { timeout: 120_000 }, () => {
  let S = '';

  const session = useBrowserSession({
    seed: async (gateway) => {
      S = await testSubtree('e2e-supanncheck');
      await loadFixture(gateway, 'supann/check.ldif', { BASE: S, TAG: tag });
    },
    page: { viewport: { width: 1280, height: 1200 } },
    signIn: 'fd-admin',
  });

  it('runs from the menu and lists the broken rules with their first entries', async () => {
    await session.page.getByRole('navigation').getByRole('link', { name: label('supann.check.menu'), exact: true }).click();
    await session.page.getByRole('heading', { level: 1, name: t('supannCheck.title') }).waitFor();
    await session.page.getByRole('button', { name: t('supannCheck.run'), exact: true }).click();
    const result = session.page.locator('#supann-check-result');
    await result.waitFor({ timeout: 60_000 });
    const table = session.page.locator('.supann-check-table');
    // Our cycle and our messy person are among the findings (other test files may add their own).
    const cycleRow = table.getByRole('row').filter({ has: session.page.locator('code', { hasText: /^structure\.cycle$/ }) });
    await expect.poll(() => cycleRow.count()).toBeGreaterThan(0);
    const messy = `uid=messy-${tag},ou=people,${S}`;
    const orcidRow = table.getByRole('row').filter({ has: session.page.locator('code', { hasText: /^orcid\.invalid$/ }) });
    expect(await orcidRow.getByRole('link', { name: messy }).count()).toBeGreaterThan(0);
    expect(await session.page.getByRole('button', { name: t('supannCheck.again'), exact: true }).isEnabled()).toBe(true);
    await screenshot(session.page, 'supann-check');
    expect((await checkAccessibility(session.page)).filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  });

  it('downloads every finding as CSV', async () => {
    const [download] = await Promise.all([session.page.waitForEvent('download'), session.page.getByRole('link', { name: t('supannCheck.downloadCsv'), exact: true }).click()]);
    expect(download.suggestedFilename()).toBe('supann-check.csv');
    const file = await download.path();
    const csv = readFileSync(file, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('rule,severity,dn,attribute,message');
    // DNs hold commas: quoted, as RFC 4180 wants.
    expect(csv).toContain(`orcid.invalid,error,"uid=messy-${tag},ou=people,${S}",eduPersonOrcid,`);
  });
});
