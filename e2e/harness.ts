// What the browser tests use: a real Trousseau server over the run's private slapd, and (from ./browser.ts) Debian's
// Chromium driven by playwright-core, sign-in through the page, screenshots in both themes and an accessibility check.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { testLdap } from '../test/harness.ts';
import { buildApp } from '../src/http/buildApp.ts';
import { registerRoutes } from '../src/http/registerRoutes.ts';
import { buildRestV1Setup } from '../src/http/rest-v1/buildRestV1Setup.ts';
import { LdapGateway, type LdapBind } from '../src/ldap/LdapGateway.ts';
import { ContentSyncSource } from '../src/ldap/sync/ContentSyncSource.ts';
import { LoginThrottle } from '../src/services/auth/LoginThrottle.ts';
import { ListIndexes } from '../src/services/objects/ListIndexes.ts';

export {
  CHROMIUM,
  CHROMIUM_ARGS,
  SCREENSHOTS_DIR,
  checkAccessibility,
  launchBrowser,
  openPage,
  screenshot,
  signIn,
  type AccessibilityContext,
  type AccessibilityViolation,
  type ScreenshotTheme,
} from './browser.ts';

export interface RunningTrousseau {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  baseDN: string;
  /** Stops the server, then the list indexes and the gateway. */
  close(): Promise<void>;
}

/**
 * Trousseau's HTTP server (REST v1, the UI API and the SPA from web/dist) on 127.0.0.1 and a free port, over the
 * run's private slapd, wired like `trousseau serve` (src/cli/commands/serve.ts): service-account gateway, list
 * indexes kept current by content synchronization, a fresh random session key.
 * @example const server = await startTrousseau(); await page.goto(server.url); … await server.close();
 */
export async function startTrousseau(): Promise<RunningTrousseau> {
  const env = testLdap();
  const bind: LdapBind = { method: 'simple', dn: env.adminDN, password: env.adminPassword };
  const gateway = new LdapGateway({ urls: [env.url], bind });
  const indexes = new ListIndexes({ gateway, baseDN: env.baseDN, changeSource: () => new ContentSyncSource({ urls: [env.url], bind }) });
  // Test files sign in many times, some on purpose with a wrong password: no throttling delays.
  const setup = () =>
    buildRestV1Setup({ directories: [{ name: 'default', base: env.baseDN, gateway, indexes }], sessionKey: randomBytes(32), throttle: new LoginThrottle({ freeAttempts: 1000 }) });
  const app = await buildApp({ logLevel: false, register: (a) => registerRoutes(a, { setup }) });
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
  } catch (e) {
    await app.close();
    await indexes.close();
    await gateway.close();
    throw e;
  }
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    baseDN: env.baseDN,
    async close() {
      await app.close();
      await indexes.close();
      await gateway.close();
    },
  };
}
