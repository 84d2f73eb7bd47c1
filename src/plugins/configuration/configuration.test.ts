import { describe, expect, it } from 'vitest';
import type { SaveContext } from '../../model/declarations.ts';
import { Registry } from '../../model/Registry.ts';
import { findAttributeType, findObjectClass } from '../../schema/index.ts';
import { Syntax } from '../../schema/syntaxes.ts';
import { corePlugin } from '../core/index.ts';
import { configInLdapTab } from './configInLdap.ts';
import { configurationPlugin } from './index.ts';

const registry = new Registry([corePlugin, configurationPlugin]);
const type = registry.type('configuration')!;
const attributes = type.tabs.flatMap((tab) => tab.attributes.map((a) => ({ tab, a })));

/** Keys of the config classes that other plugins declare, and obsolete ones. */
const NOT_DECLARED_HERE: Record<string, string> = {
  fdGroupRDN: 'posix plugin (posixConfig)',
  fdMinId: 'posix plugin',
  fdNextIdHook: 'posix plugin',
  fdUidNumberBase: 'posix plugin',
  fdGidNumberBase: 'posix plugin',
  fdIdAllocationMethod: 'posix plugin',
  fdUidNumberPoolMin: 'posix plugin',
  fdUidNumberPoolMax: 'posix plugin',
  fdGidNumberPoolMin: 'posix plugin',
  fdGidNumberPoolMax: 'posix plugin',
  fdShells: 'posix plugin',
  fdDefaultShell: 'posix plugin',
  fdStoreFilterSettings: 'not in FusionDirectory 1.4+ configuration screens',
  fdHttpAuthActivated: 'obsolete: read once to choose fdLoginMethod',
  fdHttpHeaderAuthActivated: 'obsolete: read once to choose fdLoginMethod',
  fdCasActivated: 'obsolete: read once to choose fdLoginMethod',
};

describe('the configuration type', () => {
  it('is the fusionDirectoryConf entry in ou=fusiondirectory, without naming attribute', () => {
    expect(type.decl).toMatchObject({ filter: '(objectClass=fusionDirectoryConf)', ou: 'ou=fusiondirectory', mainAttribute: false, mainTab: 'configInLdap' });
    expect(type.aclCategory).toBe('configuration');
    expect(type.tabs.map((t) => t.id)).toEqual(['configInLdap', 'hooksConfig', 'snapshotsConfig', 'pluginsConfigInLdap', 'recoveryConfig', 'tasksConfig', 'mailTemplateConfig']);
    expect(() => new Registry([configurationPlugin])).not.toThrow();
  });

  it('declares each attribute as the schema defines it: allowed by its tab’s class, Boolean and Integer kinds, single or multi-valued', () => {
    for (const { tab, a } of attributes) {
      const def = findAttributeType(a.decl.name)?.definition;
      expect(def, a.decl.name).toBeDefined();
      const allowed = tab.decl.objectClasses.flatMap((c) => [...(findObjectClass(c)?.definition.may ?? []), ...(findObjectClass(c)?.definition.must ?? [])]);
      expect(allowed, `${a.decl.name} in ${tab.id}`).toContain(a.decl.name);
      if (a.decl.kind === 'boolean') expect(def!.syntax, a.decl.name).toBe(Syntax.Boolean);
      if (a.decl.kind === 'integer') expect(def!.syntax, a.decl.name).toBe(Syntax.Integer);
      // A multi-valued kind needs a multi-valued attribute; FusionDirectory reads a few multi-valued ones as single values.
      if (a.kind.multiValued) expect(def!.singleValue ?? false, a.decl.name).toBe(false);
      else if (!def!.singleValue) expect(['fdTasksConfMaxEmails', 'fdTasksConfIntervalEmails'], a.decl.name).toContain(a.decl.name);
    }
  });

  it('declares every key of the configuration classes, apart from other plugins’ and obsolete ones', () => {
    const declared = new Set(attributes.map(({ a }) => a.decl.name));
    for (const cls of ['fusionDirectoryConf', 'fusionDirectoryPluginsConf', 'fdPasswordRecoveryConf', 'fdTasksConf', 'fdMailTemplateConf']) {
      for (const name of findObjectClass(cls)!.definition.may ?? []) {
        if (!(name in NOT_DECLARED_HERE)) expect(declared, `${name} of ${cls}`).toContain(name);
        else expect(declared, name).not.toContain(name);
      }
    }
  });

  it('gives defaults its kinds accept and its checks pass', () => {
    for (const { a } of attributes) {
      if (a.decl.default === undefined) continue;
      const value = a.kind.fromJson(a.decl.default, a.decl);
      // The object services check non-empty values only.
      if (!a.kind.isEmpty(value)) expect(a.kind.check(value, a.decl, {}), a.decl.name).toEqual([]);
    }
    const value = (name: string) => attributes.find(({ a }) => a.decl.name === name)!.a.decl.default;
    expect([value('fdLdapSizeLimit'), value('fdLoginMethod'), value('fdForceSSL'), value('fdWarnSSL'), value('fdModificationDetectionAttribute')]).toEqual([200, 'LoginPost', false, true, 'entryCSN']);
  });

  it('offers FusionDirectory’s choices', () => {
    const choices = (name: string) => {
      const a = attributes.find((x) => x.a.decl.name === name)!.a.decl;
      return a.kind === 'select' && 'choices' in a ? a.choices.map((c) => c.value) : a.kind === 'set' && a.of.kind === 'select' && 'choices' in a.of ? a.of.choices.map((c) => c.value) : [];
    };
    expect(choices('fdLoginMethod')).toEqual(['LoginPost', 'LoginCAS', 'LoginHTTPAuth', 'LoginHTTPHeader']);
    expect(choices('fdLoginAttribute')).toEqual(['uid', 'mail', 'uid,mail']);
    expect(choices('fdAccountPrimaryAttribute')).toEqual(['uid', 'cn']);
    expect(choices('fdModificationDetectionAttribute')).toEqual(['entryCSN', 'contextCSN']);
    expect(choices('fdPasswordDefaultHash')).toEqual(expect.arrayContaining(['ssha', 'ssha512', 'crypt/sha-512', 'sasl', 'argon2']));
    expect(choices('fdPasswordAllowedHashes')).toEqual(choices('fdPasswordDefaultHash'));
    expect(registry.text('config.fdLoginMethod.LoginCAS', 'fr')).toBe('Authentification unique CAS (LoginCAS)');
  });

  it('has managed rules that trigger on values the attributes can take', () => {
    for (const { a } of attributes) {
      for (const rule of a.decl.managed ?? []) {
        for (const when of rule.when) {
          if (a.decl.kind === 'boolean') expect(['TRUE', 'FALSE']).toContain(when);
          else if (a.decl.kind === 'select' && 'choices' in a.decl) expect(['', ...a.decl.choices.map((c) => c.value)]).toContain(when);
          else throw new Error(`${a.decl.name}: unexpected managed kind`);
        }
      }
    }
  });
});

describe('the configuration checks', () => {
  const context = (values: Record<string, unknown>, legacy: Record<string, string[]> = {}): SaveContext => ({
    values,
    objectValues: values,
    isNew: false,
    activating: false,
    base: 'dc=example,dc=org',
    config: () => undefined,
    configList: () => [],
    allocateId: () => Promise.reject(new Error('no ids here')),
    addEntry: () => Promise.reject(new Error('no writes here')),
    memo: {},
      stored: {},
      raw: () => undefined,
      setRaw: () => undefined,
    readEntry: (dn) => Promise.resolve(dn === 'cn=config,ou=fusiondirectory,dc=example,dc=org' ? { dn, get: (a: string) => legacy[a] ?? [], names: () => Object.keys(legacy) } : null),
    searchEntries: () => Promise.resolve([]),
    typeOf: () => undefined,
    changed: () => false,
    modifyEntry: async () => undefined,
  });
  const behaviour = configInLdapTab.behaviour!;

  it('wants a SASL realm or exop with the sasl default hash', () => {
    expect(behaviour.check!(context({ fdPasswordDefaultHash: 'sasl', fdSaslRealm: '', fdSaslExop: '' }))).toEqual([expect.objectContaining({ attribute: 'fdSaslRealm' })]);
    expect(behaviour.check!(context({ fdPasswordDefaultHash: 'sasl', fdSaslRealm: 'EXAMPLE.ORG', fdSaslExop: '' }))).toEqual([]);
  });

  it('wants a time zone the system knows, UTC included', () => {
    expect(behaviour.check!(context({ fdTimezone: 'Mars/Olympus_Mons' }))).toEqual([expect.objectContaining({ attribute: 'fdTimezone', code: 'value.choice' })]);
    for (const zone of ['UTC', 'Etc/UTC', 'Europe/Paris', 'America/New_York']) expect(behaviour.check!(context({ fdTimezone: zone })), zone).toEqual([]);
  });

  it('chooses the login method from the obsolete switches while none is set', async () => {
    expect(await behaviour.prepareSave!(context({ fdLoginMethod: '' }, { fdCasActivated: ['TRUE'] }))).toEqual({ fdLoginMethod: 'LoginCAS' });
    expect(await behaviour.prepareSave!(context({ fdLoginMethod: '' }, { fdHttpHeaderAuthActivated: ['TRUE'] }))).toEqual({ fdLoginMethod: 'LoginHTTPHeader' });
    expect(await behaviour.prepareSave!(context({ fdLoginMethod: '' }))).toEqual({ fdLoginMethod: 'LoginPost' });
    expect(await behaviour.prepareSave!(context({ fdLoginMethod: 'LoginHTTPAuth' }, { fdCasActivated: ['TRUE'] }))).toEqual({});
  });
});
