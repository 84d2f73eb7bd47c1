// The set-up every browser test file shares: seed LDAP, start Trousseau, launch Chromium, open a page that collects
// its uncaught errors, sign in; then close the browser, the server and the service gateway, in that order.
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { testLdap } from '../test/harness.ts';
import type { LdapGateway } from '../src/ldap/LdapGateway.ts';
import { serviceGateway } from './flowKit.ts';
import { launchBrowser, openPage, signIn, startTrousseau, type RunningTrousseau, type StartTrousseauOptions } from './harness.ts';

/** What a test file reads once `beforeAll` has run; each getter throws when read before (or when not set up). */
export interface BrowserSession {
  readonly server: RunningTrousseau;
  readonly browser: Browser;
  /** The shared page (absent with `page: false`). */
  readonly page: Page;
  /** Messages of the uncaught errors of the shared page and of the pages opened by {@link BrowserSession.openPage}. */
  readonly pageErrors: string[];
  /** The service account's gateway over the run's slapd (created on first use, closed last). */
  readonly gateway: LdapGateway;
  /** Another page in a fresh context (own cookies), its uncaught errors collected into `pageErrors`. */
  openPage(options?: BrowserContextOptions): Promise<Page>;
}

/** How the server starts: `startTrousseau` with options (or options computed once seeded), or a start of one's own. */
type ServerStart =
  | { server?: StartTrousseauOptions | (() => StartTrousseauOptions); start?: never }
  | { start: (gateway: LdapGateway) => Promise<RunningTrousseau>; server?: never };

export type BrowserSessionOptions = ServerStart & {
  /** LDAP entries (and anything else) the server needs before it starts, with the service gateway. */
  seed?: (gateway: LdapGateway) => Promise<void>;
  /** Run once the server listens, before Chromium starts (e.g. data created through REST). */
  afterStart?: (session: BrowserSession) => Promise<void>;
  /** The shared page's context (viewport, locale, colour scheme; openPage's defaults otherwise), or `false` for none. */
  page?: BrowserContextOptions | false;
  /** Who signs in on the shared page at the end of `beforeAll` (nobody by default). */
  signIn?: 'fd-admin' | { username: string; password: string };
  /** Run first in `afterAll`, while the shared page and the server still work (skipped when they never started). */
  beforeClose?: (session: BrowserSession) => Promise<void>;
  /** Run in `afterAll` once the browser and the server are closed, before the gateway is (cleanup, mail sinks). */
  afterClose?: (gateway: LdapGateway) => Promise<void>;
};

/**
 * Register the file's `beforeAll`/`afterAll` (call it at the top of a `describe`) and return the session they fill.
 * @example
 * const session = useBrowserSession({ seed: async (gateway) => { adaDn = await seedUser(gateway, department, ada); }, signIn: 'fd-admin' });
 * it('…', async () => { await session.page.goto(session.server.url); expect(session.pageErrors).toEqual([]); });
 */
export function useBrowserSession(options: BrowserSessionOptions = {}): BrowserSession {
  let server: RunningTrousseau | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let gateway: LdapGateway | undefined;
  const pageErrors: string[] = [];
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the browser session has no ${what} (read before beforeAll, or not set up)`);
    return value;
  };

  const session: BrowserSession = {
    get server() {
      return ready(server, 'server');
    },
    get browser() {
      return ready(browser, 'browser');
    },
    get page() {
      return ready(page, 'page');
    },
    pageErrors,
    get gateway() {
      return (gateway ??= serviceGateway());
    },
    async openPage(contextOptions) {
      const opened = await openPage(ready(browser, 'browser'), contextOptions);
      opened.on('pageerror', (e) => pageErrors.push(e.message));
      return opened;
    },
  };

  beforeAll(async () => {
    await options.seed?.(session.gateway);
    if (options.start) server = await options.start(session.gateway);
    else server = await startTrousseau(typeof options.server === 'function' ? options.server() : options.server);
    await options.afterStart?.(session);
    browser = await launchBrowser();
    if (options.page === false) return;
    page = await session.openPage(options.page);
    if (options.signIn === 'fd-admin') await signIn(page, server.url, 'fd-admin', testLdap().fdAdminPassword);
    else if (options.signIn) await signIn(page, server.url, options.signIn.username, options.signIn.password);
  });

  afterAll(async () => {
    if (options.beforeClose && page && server) await options.beforeClose(session);
    await browser?.close();
    await server?.close();
    await options.afterClose?.(session.gateway);
    await gateway?.close();
  });

  return session;
}
