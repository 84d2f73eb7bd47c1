// Test support for REST v1: the Fastify app over the run's private slapd, a small extra tab, and request helpers.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { testLdap } from '../../../test/harness.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';
import type { PluginManifest } from '../../model/declarations.ts';
import type { Nomenclatures } from '../../nomenclatures/Nomenclatures.ts';
import { hashSalted } from '../../passwords/ssha.ts';
import { corePlugin } from '../../plugins/core/index.ts';
import { LoginThrottle } from '../../services/auth/LoginThrottle.ts';
import { SiteConfig } from '../../services/SiteConfig.ts';
import { buildApp } from '../buildApp.ts';
import { buildRestV1Setup } from './buildRestV1Setup.ts';
import { restV1, type RestV1Setup } from './restV1.ts';

/** A tab of FusionDirectory's personal plugin, enough to exercise activation, deactivation and a disabled attribute. */
export const personalTestPlugin: PluginManifest = {
  id: 'test-personal',
  dependsOn: ['core'],
  tabs: [
    {
      id: 'personalInfo',
      label: 'test.personal.tab',
      objectTypes: ['user'],
      objectClasses: ['fdPersonalInfo'],
      priority: 20,
      sections: [
        {
          key: 'main',
          label: 'test.personal.main',
          attributes: [
            { name: 'personalTitle', kind: 'string', label: 'test.personal.title' },
            { name: 'fdNickName', kind: 'set', of: { kind: 'string' }, label: 'test.personal.nick' },
            // A badge only makes sense when the photo is shown: a "managed" rule disables it otherwise. (falseValue ''
            // works around ObjectService writing FALSE for an inactive tab; see the REST v1 report.)
            { name: 'fdPhotoVisible', kind: 'boolean', falseValue: '', label: 'test.personal.photo', managed: [{ when: ['FALSE'], disable: ['fdBadge'] }] },
            { name: 'fdBadge', kind: 'string', label: 'test.personal.badge' },
          ],
        },
      ],
    },
  ],
  messages: {
    en: { 'test.personal.tab': 'Personal', 'test.personal.main': 'Personal info', 'test.personal.title': 'Title', 'test.personal.nick': 'Nicknames', 'test.personal.photo': 'Photo visible', 'test.personal.badge': 'Badge' },
    fr: { 'test.personal.tab': 'Personnel', 'test.personal.main': 'Infos personnelles', 'test.personal.title': 'Civilité', 'test.personal.nick': 'Surnoms', 'test.personal.photo': 'Photo visible', 'test.personal.badge': 'Badge' },
  },
};

export const USER_AGENT = 'trousseau-tests/1.0';

export interface RestTestApp {
  app: FastifyInstance;
  /** Service-account gateway. */
  gateway: LdapGateway;
  setup: RestV1Setup;
  baseDN: string;
  /** Sign in as fd-admin and return the token. */
  adminToken(): Promise<string>;
  /** `app.inject` with the test User-Agent (and a Session-Token when given). */
  call(options: InjectOptions & { token?: string }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface RestTestAppOptions {
  /** fd* settings replacing those of the configuration entry (values as LDAP strings). */
  settings?: Record<string, string | string[]>;
  trustProxy?: boolean;
  throttle?: LoginThrottle;
  /** Session signing key (default: random). */
  sessionKey?: Buffer;
  /** Installed plugins (default: core and {@link personalTestPlugin}). */
  plugins?: PluginManifest[];
  /** The value lists selects are checked against (default: the lists Trousseau ships). */
  nomenclatures?: Nomenclatures;
}

/** The REST API over the test directory, with the core plugin and {@link personalTestPlugin}. */
export async function restTestApp(options: RestTestAppOptions = {}): Promise<RestTestApp> {
  const env = testLdap();
  const gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword } });
  const setup = await buildRestV1Setup({
    directories: [{ name: 'default', base: env.baseDN, gateway }],
    sessionKey: options.sessionKey ?? randomBytes(32),
    plugins: options.plugins ?? [corePlugin, personalTestPlugin],
    ...(options.nomenclatures ? { nomenclatures: options.nomenclatures } : {}),
    throttle: options.throttle ?? new LoginThrottle({ freeAttempts: 1000 }),
    loadConfig: (g, baseDN) => SiteConfig.load(g, baseDN, options.settings ?? {}),
  });
  const app = await buildApp({ logLevel: false, trustProxy: options.trustProxy ?? false, register: (a) => a.register(restV1, { setup, trustProxy: options.trustProxy ?? false }) });
  const call: RestTestApp['call'] = ({ token, headers, ...rest }) =>
    app.inject({ ...rest, headers: { 'user-agent': USER_AGENT, ...(token ? { 'session-token': token } : {}), ...(headers ?? {}) } } as InjectOptions);
  return {
    app,
    gateway,
    setup,
    baseDN: env.baseDN,
    call,
    async adminToken() {
      const res = await call({ method: 'POST', url: '/rest.php/v1/login', payload: { user: 'fd-admin', password: env.fdAdminPassword } });
      if (res.statusCode !== 200) throw new Error(`fd-admin cannot sign in: ${res.statusCode} ${res.body}`);
      return res.json<string>();
    },
    async close() {
      await app.close();
      await gateway.close();
    },
  };
}

/** A unique login for a test user. */
export function uniqueUid(prefix: string): string {
  return `${prefix}${randomBytes(3).toString('hex')}`;
}

/** Add a plain user with a password straight into LDAP (no rights in Trousseau); returns its DN. */
export async function addUserWithPassword(gateway: LdapGateway, base: string, uid: string, password: string): Promise<string> {
  const dn = `uid=${uid},${base}`;
  await gateway.add(dn, { objectClass: ['inetOrgPerson', 'organizationalPerson', 'person'], uid, cn: uid, sn: uid, givenName: uid, userPassword: hashSalted(password, 'SSHA') });
  return dn;
}

/** `/rest.php/v1/objects/<type>/<encoded dn>/…` */
export function objectUrl(type: string, dn: string, ...rest: string[]): string {
  return ['/rest.php/v1/objects', type, encodeURIComponent(dn), ...rest].join('/');
}
