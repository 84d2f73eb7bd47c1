import { describe, expect, it } from 'vitest';
import { corePlugin } from '../plugins/core/index.ts';
import type { PluginManifest, TabDecl } from './declarations.ts';
import { kindOf } from './kinds/index.ts';
import { aclNameOf, DeclarationError, filterRdnOf, Registry } from './Registry.ts';

const minimalTab = (over: Partial<TabDecl> = {}): TabDecl => ({
  id: 'thing',
  label: 'l',
  objectTypes: ['thing'],
  objectClasses: ['device'],
  alwaysActive: true,
  sections: [{ key: 's', label: 'l', attributes: [{ name: 'cn', kind: 'string', label: 'l', required: true }] }],
  ...over,
});
const plugin = (over: Partial<PluginManifest> = {}): PluginManifest => ({
  id: 'p',
  types: [{ id: 'thing', label: 'l', filter: '(objectClass=device)', ou: 'ou=things', mainAttribute: 'cn', mainTab: 'thing' }],
  tabs: [minimalTab()],
  messages: { en: { l: 'L' }, fr: { l: 'L' } },
  ...over,
});

describe('the registry', () => {
  const registry = new Registry([corePlugin]);

  it('loads the core types with their tabs, main tab first', () => {
    expect(registry.allTypes().map((t) => t.id)).toEqual(['user', 'ogroup', 'role', 'department', 'country', 'organization', 'locality', 'dcObject', 'domain']);
    const user = registry.type('USER')!;
    expect(user.mainTab.id).toBe('user');
    expect(user.tabs[0]).toBe(user.mainTab);
    expect(user.aclCategory).toBe('user');
    expect(registry.type('role')!.mainTab.id).toBe('roleGeneric');
  });

  it('derives ACL names from attributes, plus declared extras', () => {
    const user = registry.tab('user')!;
    expect(user.acls).toContain('sn');
    expect(user.acls).toContain('userLock');
    expect(aclNameOf('supannCMSId;x-mifare')).toBe('supannCMSId_x_mifare');
    expect(aclNameOf('a/b-c,d.e#f:g;h')).toBe('a_b_c_d_e_f_g_h');
  });

  it('derives the branch filter FusionDirectory uses', () => {
    expect(filterRdnOf('ou=people')).toBe('(ou:dn:=people)');
    expect(filterRdnOf('ou=servers,ou=systems')).toBe('(&(ou:dn:=servers)(ou:dn:=systems))');
    expect(filterRdnOf('')).toBe('');
  });

  it('has an English and a French text for every label of the core plugin', () => {
    for (const tab of registry.allTabs()) {
      for (const a of tab.attributes) {
        expect(registry.text(a.decl.label, 'en')).not.toBe(a.decl.label);
        expect(registry.text(a.decl.label, 'fr')).not.toBe(a.decl.label);
      }
    }
    expect(registry.text('user.sn', 'fr')).toBe('Nom');
  });

  it('lists the schemas the installed plugins need', () => {
    expect(registry.requiredSchemas()).toEqual(['core-fd', 'core-fd-conf', 'template-fd', 'ldapns']);
  });

  it('accepts a plugin whose tab joins a type of another plugin', () => {
    const extra: PluginManifest = {
      id: 'extra',
      dependsOn: ['core'],
      tabs: [{ id: 'extraTab', label: 'x', objectTypes: ['user'], objectClasses: ['extensibleObject'], priority: 3, sections: [{ key: 's', label: 'x', attributes: [{ name: 'carLicense', kind: 'string', label: 'x' }] }] }],
      messages: { en: { x: 'X' }, fr: { x: 'X' } },
    };
    const r = new Registry([extra, corePlugin]);
    expect(r.type('user')!.tabs.map((t) => t.id)).toEqual(['user', 'extraTab']);
    expect(r.plugins.map((p) => p.id)).toEqual(['core', 'extra']);
  });

  it('uses attribute kinds a plugin brings', () => {
    const upper = { ...kindOf({ kind: 'string' }), toJson: (v: unknown) => String(v).toUpperCase() };
    const r = new Registry([plugin({ kinds: { shout: upper }, tabs: [minimalTab({ sections: [{ key: 's', label: 'l', attributes: [{ name: 'cn', kind: 'custom', codec: 'shout', label: 'l' }] }] })] })]);
    const a = r.tab('thing')!.attributeByName.get('cn')!;
    expect(a.kind.toJson('abc', a.decl)).toBe('ABC');
    expect(() => new Registry([plugin({ tabs: [minimalTab({ sections: [{ key: 's', label: 'l', attributes: [{ name: 'cn', kind: 'custom', codec: 'missing', label: 'l' }] }] })] })])).toThrow(/kind "missing"/);
  });

  it('refuses declaration mistakes with a message naming them', () => {
    const cases: Array<[PluginManifest[], RegExp]> = [
      [[plugin({ dependsOn: ['missing'] })], /needs plugin "missing"/],
      [[plugin({ types: [{ id: 'thing', label: 'l', filter: '(objectClass=device)', ou: '', mainAttribute: 'cn', mainTab: 'nope' }] })], /main tab "nope"/],
      [[plugin({ types: [{ id: 'thing', label: 'l', filter: '(objectClass=device', ou: '', mainAttribute: 'cn', mainTab: 'thing' }] })], /invalid filter/],
      [[plugin({ types: [{ id: 'thing', label: 'l', filter: '(objectClass=device)', ou: '', mainAttribute: 'uid', mainTab: 'thing' }] })], /main attribute "uid"/],
      [[plugin({ tabs: [minimalTab({ objectTypes: ['thing', 'ghost'] })] })], /object type "ghost"/],
      [[plugin({ tabs: [minimalTab({ sections: [{ key: 's', label: 'l', attributes: [{ name: 'cn', kind: 'string', label: 'l' }, { name: 'CN', kind: 'string', label: 'l' }] }] })] })], /attribute "CN" twice/],
      [[plugin({ tabs: [minimalTab({ sections: [{ key: 's', label: 'l', attributes: [{ name: 'cn', kind: 'boolean', label: 'l', managed: [{ when: ['TRUE'], disable: ['ghost'] }] }] }] })] })], /manages "ghost"/],
      [[plugin({ tabs: [minimalTab({ dependsOn: ['ghostTab'] })] })], /tab "ghostTab"/],
      [[plugin({ messages: { en: { l: 'L' }, fr: {} } })], /Labels without an English and a French text: l/],
      [[plugin(), plugin()], /same id/],
    ];
    for (const [plugins, message] of cases) {
      expect(() => new Registry(plugins)).toThrow(DeclarationError);
      expect(() => new Registry(plugins)).toThrow(message);
    }
  });
});
