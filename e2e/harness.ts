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
import type { SecondFactorConfig, SmtpConfig } from '../src/config/types.ts';
import type { Nomenclatures } from '../src/nomenclatures/Nomenclatures.ts';
import { LoginThrottle } from '../src/services/auth/LoginThrottle.ts';
import { ListIndexes } from '../src/services/objects/ListIndexes.ts';
import { SiteConfig } from '../src/services/SiteConfig.ts';

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

export interface StartTrousseauOptions {
  /** Where the directory's mails go (password recovery). */
  smtp?: SmtpConfig;
  /** fd* settings replacing those of the configuration entry for this server only (e.g. fdPasswordRecoveryActivated). */
  settings?: Record<string, string>;
  /** The value lists selects offer (default: the short lists Trousseau ships), e.g. over /work/shared/reference/supann-nomenclatures. */
  nomenclatures?: Nomenclatures;
  /** The directory's `secondFactor:` block (who must have a second factor). */
  secondFactor?: SecondFactorConfig;
  /**
   * FusionDirectory's `ignoreAcl`: this user may do everything without an ACL assignment. For flows that store
   * per-user settings, which fd-admin shares with every other test file of the run.
   */
  ignoreAclDN?: string;
}

/**
 * Trousseau's HTTP server (REST v1, the UI API and the SPA from web/dist) on 127.0.0.1 and a free port, over the
 * run's private slapd, wired like `trousseau serve` (src/cli/commands/serve.ts): service-account gateway, list
 * indexes kept current by content synchronization, a fresh random session key.
 * @example const server = await startTrousseau(); await page.goto(server.url); … await server.close();
 */
export async function startTrousseau(options: StartTrousseauOptions = {}): Promise<RunningTrousseau> {
  const env = testLdap();
  const bind: LdapBind = { method: 'simple', dn: env.adminDN, password: env.adminPassword };
  const gateway = new LdapGateway({ urls: [env.url], bind });
  const indexes = new ListIndexes({ gateway, baseDN: env.baseDN, changeSource: () => new ContentSyncSource({ urls: [env.url], bind }) });
  // Test files sign in many times, some on purpose with a wrong password: no throttling delays.
  const setup = () =>
    buildRestV1Setup({
      directories: [
        {
          name: 'default',
          base: env.baseDN,
          gateway,
          indexes,
          ...(options.smtp ? { smtp: options.smtp } : {}),
          ...(options.secondFactor ? { secondFactor: options.secondFactor } : {}),
          ...(options.ignoreAclDN ? { ignoreAclDN: options.ignoreAclDN } : {}),
        },
      ],
      sessionKey: randomBytes(32),
      throttle: new LoginThrottle({ freeAttempts: 1000 }),
      ...(options.nomenclatures ? { nomenclatures: options.nomenclatures } : {}),
      ...(options.settings ? { loadConfig: (g: LdapGateway, baseDN: string) => loadWithSettings(g, baseDN, options.settings!) } : {}),
    });
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

/** The configuration entry with some fd* settings replaced. */
const loadWithSettings = (gateway: LdapGateway, baseDN: string, settings: Record<string, string>): Promise<SiteConfig> => SiteConfig.load(gateway, baseDN, settings);
