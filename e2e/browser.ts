// The browser side of the UI tests and the UI benchmark: Debian's Chromium driven by playwright-core, sign-in through
// the page, screenshots in both themes and an axe-core accessibility check. No test-runner dependency (bench/ uses it).
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { catalogues } from '../web/src/i18n/messages/index.ts';

/** Debian's Chromium (installed by `node scripts/setup.mjs --test`). */
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'screenshots');

/** The flags Chromium needs in a container (no sandbox, no GPU, small /dev/shm). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'];

/**
 * Headless Debian Chromium; close it in `afterAll`.
 * @example const browser = await launchBrowser(); const page = await openPage(browser);
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/**
 * A page in a fresh context (own cookies and storage): English, light scheme, 1280×800 unless `options` says otherwise.
 * The app's Content-Security-Policy stays in force, as in real use.
 */
export async function openPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US', colorScheme: 'light', viewport: { width: 1280, height: 800 }, ...options });
  // tsx compiles with esbuild's keepNames, which wraps named inner functions in `__name(fn, "name")`: a function
  // given to page.evaluate carries those calls into the page, where the helper must then exist (a no-op here).
  await context.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
  return context.newPage();
}

/** A sign-in label from the SPA's English catalogue, so the tests find fields the way a person reads them. */
function label(key: string): string {
  const text = catalogues.en[key];
  if (!text) throw new Error(`the SPA's English catalogue has no message ${key}`);
  return text;
}

/**
 * Open `url` (any page of the app: signed out, it shows the sign-in form) and sign in through the form's labelled
 * fields. Resolves once the form is gone; throws with the page's message when the sign-in is refused. Passwords are
 * typed, never logged.
 * @example await signIn(page, server.url, 'fd-admin', env.fdAdminPassword);
 */
export async function signIn(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(url);
  const passwordField = page.getByLabel(label('signin.password'), { exact: true });
  const form = page.locator('form', { has: passwordField });
  await form.getByLabel(label('signin.username'), { exact: true }).fill(username);
  await passwordField.fill(password);
  await form.getByRole('button', { name: label('signin.submit'), exact: true }).click();
  const refused = form.getByRole('alert');
  // Whichever comes first; the other wait ends in an error value later, never in an unhandled rejection.
  const settle = <T>(wait: Promise<void>, what: T): Promise<T | Error> => wait.then(() => what, (e: Error) => e);
  const outcome = await Promise.race([settle(form.waitFor({ state: 'detached' }), 'signed-in' as const), settle(refused.waitFor(), 'refused' as const)]);
  if (outcome instanceof Error) throw outcome;
  if (outcome === 'refused') throw new Error(`signing in as ${username} was refused: ${(await refused.innerText()).trim()}`);
}

/** The few browser globals the functions run in the page touch (the project's typecheck has no DOM library). */
interface PageGlobals {
  document: { documentElement: { dataset: Record<string, string | undefined> } };
  matchMedia(query: string): { matches: boolean };
  axe?: {
    run(
      context: unknown,
      options: unknown,
    ): Promise<{ violations: Array<{ id: string; impact?: string | null; help: string; helpUrl: string; nodes: Array<{ target: unknown[]; failureSummary?: string }> }> }>;
  };
}

export type ScreenshotTheme = 'light' | 'dark';

/**
 * Full-page PNGs of the page as it is, in the light and the dark theme: `e2e/screenshots/<name>-<theme>.png`
 * (git-ignored). The theme is switched like the app does it (`data-theme` on <html>, and the colour scheme for
 * native controls), then put back. Returns the files written.
 */
export async function screenshot(page: Page, name: string, themes: ScreenshotTheme[] = ['light', 'dark']): Promise<string[]> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const before = await page.evaluate(() => {
    const w = globalThis as unknown as PageGlobals;
    return { theme: w.document.documentElement.dataset.theme ?? null, dark: w.matchMedia('(prefers-color-scheme: dark)').matches };
  });
  const files: string[] = [];
  try {
    for (const theme of themes) {
      await page.emulateMedia({ colorScheme: theme });
      await page.evaluate((t) => {
        (globalThis as unknown as PageGlobals).document.documentElement.dataset.theme = t;
      }, theme);
      const file = path.join(SCREENSHOTS_DIR, `${name.replace(/[^\w.-]+/g, '-')}-${theme}.png`);
      await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
      files.push(file);
    }
  } finally {
    await page.evaluate((t) => {
      const { dataset } = (globalThis as unknown as PageGlobals).document.documentElement;
      if (t === null) delete dataset.theme;
      else dataset.theme = t;
    }, before.theme);
    await page.emulateMedia({ colorScheme: before.dark ? 'dark' : 'light' });
  }
  return files;
}

/** One axe-core rule broken somewhere on the page. */
export interface AccessibilityViolation {
  /** axe rule id, e.g. `color-contrast`, `label`. */
  id: string;
  impact: 'serious' | 'critical';
  help: string;
  helpUrl: string;
  /** CSS selectors of the offending elements, with axe's summary of what to fix for each. */
  nodes: Array<{ target: string; summary: string }>;
}

/** Which part of the page to check: a CSS selector, or axe's include/exclude lists. */
export type AccessibilityContext = string | { include?: string[]; exclude?: string[] };

let axeSource: string | undefined;

/**
 * Run axe-core on the page (or `context` of it) and return the violations of impact serious or critical, so that
 * `expect(await checkAccessibility(page)).toEqual([])` prints each rule, its help and the offending selectors.
 */
export async function checkAccessibility(page: Page, context?: AccessibilityContext): Promise<AccessibilityViolation[]> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol rather than added as an inline <script> (page.addScriptTag): the app's
  // Content-Security-Policy (script-src 'self') refuses inline scripts, and the refusal would be a console error.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axeSource);
  const results = await page.evaluate(async (ctx) => {
    const w = globalThis as unknown as PageGlobals;
    const { violations } = await w.axe!.run(ctx ?? w.document, { resultTypes: ['violations'] });
    return violations.map((v) => ({ id: v.id, impact: v.impact ?? null, help: v.help, helpUrl: v.helpUrl, nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' '), summary: n.failureSummary ?? '' })) }));
  }, context ?? null);
  return results.filter((v): v is AccessibilityViolation => v.impact === 'serious' || v.impact === 'critical');
}
