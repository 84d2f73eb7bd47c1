// The registry of object types and tabs, built from the plugins' declarations and checked once at start.
import { type FilterNode, parseFilter } from '../ldap/filter.ts';
import type { AttributeDecl, ObjectTypeDecl, PluginManifest, SectionDecl, TabDecl } from './declarations.ts';
import { type AttributeKind, kindOf } from './kinds/index.ts';

/** A declaration mistake found while loading plugins: the engine refuses to start with it. */
export class DeclarationError extends Error {
  override name = 'DeclarationError';
}

/** An attribute with its kind and ACL name resolved. */
export interface Attribute {
  decl: AttributeDecl;
  kind: AttributeKind;
  /** The ACL name (FusionDirectory sanitises `/ - , . # : ;` to `_`), or null when none applies. */
  acl: string | null;
  section: string;
  tab: string;
}

/** A tab with everything derived from its declaration. */
export interface Tab {
  decl: TabDecl;
  id: string;
  /** Parsed activation filter. */
  activeFilter: FilterNode;
  attributes: Attribute[];
  /** By lower-cased name. */
  attributeByName: Map<string, Attribute>;
  /** Every ACL name of the tab, attributes first. */
  acls: string[];
  plugin: string;
}

/** An object type with its tabs, main tab first then by priority. */
export interface ObjectType {
  decl: ObjectTypeDecl;
  id: string;
  filter: FilterNode;
  aclCategory: string;
  mainTab: Tab;
  tabs: Tab[];
  plugin: string;
}

/** A management list (fd-core.md §9.1): the types it shows and where the menu puts it. */
export interface Management {
  id: string;
  /** FusionDirectory's management class (`userManagement`…). */
  managementClass: string;
  label: string;
  section: NonNullable<ObjectTypeDecl['menu']>['section'];
  priority: number;
  types: ObjectType[];
}

/** FusionDirectory's ACL name of an attribute. */
export function aclNameOf(name: string): string {
  return name.replace(/[/\-,.#:;]/g, '_');
}

/** `(ou:dn:=people)` / `(&(ou:dn:=servers)(ou:dn:=systems))` from a branch RDN list, as FusionDirectory derives it. */
export function filterRdnOf(ou: string): string {
  const parts = ou
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((rdn) => {
      const eq = rdn.indexOf('=');
      return `(${rdn.slice(0, eq)}:dn:=${rdn.slice(eq + 1)})`;
    });
  return parts.length === 0 ? '' : parts.length === 1 ? parts[0]! : `(&${parts.join('')})`;
}

function sortPlugins(plugins: PluginManifest[]): PluginManifest[] {
  const byId = new Map(plugins.map((p) => [p.id, p]));
  if (byId.size !== plugins.length) throw new DeclarationError('Two plugins have the same id.');
  const ordered: PluginManifest[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (p: PluginManifest) => {
    if (state.get(p.id) === 'done') return;
    if (state.get(p.id) === 'visiting') throw new DeclarationError(`Plugin dependency cycle through "${p.id}".`);
    state.set(p.id, 'visiting');
    for (const dep of p.dependsOn ?? []) {
      const d = byId.get(dep);
      if (!d) throw new DeclarationError(`Plugin "${p.id}" needs plugin "${dep}", which is not installed.`);
      visit(d);
    }
    state.set(p.id, 'done');
    ordered.push(p);
  };
  for (const p of plugins) visit(p);
  return ordered;
}

/** The engine's view of every installed plugin. */
export class Registry {
  readonly plugins: PluginManifest[];
  private readonly types = new Map<string, ObjectType>();
  private readonly tabs = new Map<string, Tab>();
  /** Attribute kinds plugins bring, by codec name. */
  private readonly customKinds = new Map<string, AttributeKind>();
  /** en/fr message catalogues merged from the plugins. */
  readonly messages: Record<'en' | 'fr', Record<string, string>> = { en: {}, fr: {} };

  constructor(plugins: PluginManifest[]) {
    this.plugins = sortPlugins(plugins);
    for (const plugin of this.plugins) {
      for (const lang of ['en', 'fr'] as const) Object.assign(this.messages[lang], plugin.messages?.[lang] ?? {});
      for (const [name, kind] of Object.entries(plugin.kinds ?? {})) {
        if (this.customKinds.has(name)) throw new DeclarationError(`Attribute kind "${name}" is declared twice.`);
        this.customKinds.set(name, kind);
      }
    }
    const tabDecls: Array<[TabDecl, string]> = this.plugins.flatMap((p) => (p.tabs ?? []).map((t): [TabDecl, string] => [t, p.id]));
    for (const [decl, plugin] of tabDecls) {
      if (this.tabs.has(decl.id.toLowerCase())) throw new DeclarationError(`Tab "${decl.id}" is declared twice.`);
      this.tabs.set(decl.id.toLowerCase(), this.buildTab(decl, plugin));
    }
    for (const plugin of this.plugins) {
      for (const decl of plugin.types ?? []) {
        const key = decl.id.toLowerCase();
        if (this.types.has(key)) throw new DeclarationError(`Object type "${decl.id}" is declared twice.`);
        const mainTab = this.tabs.get(decl.mainTab.toLowerCase());
        if (!mainTab) throw new DeclarationError(`Object type "${decl.id}" names main tab "${decl.mainTab}", which no plugin declares.`);
        if (decl.mainAttribute !== false && !mainTab.attributeByName.has(decl.mainAttribute.toLowerCase())) {
          throw new DeclarationError(`Object type "${decl.id}": main attribute "${decl.mainAttribute}" is not an attribute of its main tab "${decl.mainTab}".`);
        }
        let filter: FilterNode;
        try {
          filter = parseFilter(decl.filter);
        } catch (e) {
          throw new DeclarationError(`Object type "${decl.id}" has an invalid filter ${decl.filter}: ${(e as Error).message}`);
        }
        this.types.set(key, { decl, id: decl.id, filter, aclCategory: decl.aclCategory ?? decl.id, mainTab, tabs: [], plugin: plugin.id });
      }
    }
    for (const tab of this.tabs.values()) {
      for (const typeId of tab.decl.objectTypes) {
        const type = this.types.get(typeId.toLowerCase());
        if (!type) throw new DeclarationError(`Tab "${tab.id}" is declared for object type "${typeId}", which no plugin declares.`);
        type.tabs.push(tab);
      }
      for (const other of [...(tab.decl.dependsOn ?? []), ...(tab.decl.conflictsWith ?? [])]) {
        if (!this.tabs.has(other.toLowerCase())) throw new DeclarationError(`Tab "${tab.id}" refers to tab "${other}", which no plugin declares.`);
      }
    }
    for (const type of this.types.values()) {
      if (!type.tabs.includes(type.mainTab)) throw new DeclarationError(`Main tab "${type.mainTab.id}" of type "${type.id}" does not list "${type.id}" in its objectTypes.`);
      type.tabs.sort((a, b) => (a === type.mainTab ? -1 : b === type.mainTab ? 1 : (a.decl.priority ?? 50) - (b.decl.priority ?? 50) || a.id.localeCompare(b.id)));
    }
    this.checkMessages();
  }

  private buildTab(decl: TabDecl, plugin: string): Tab {
    if (decl.objectClasses.length === 0 && !decl.alwaysActive && !decl.activeFilter) {
      throw new DeclarationError(`Tab "${decl.id}" has no objectClasses and no activation filter.`);
    }
    const filterText = decl.activeFilter ?? (decl.objectClasses.length === 1 ? `(objectClass=${decl.objectClasses[0]})` : `(&${decl.objectClasses.map((c) => `(objectClass=${c})`).join('')})`);
    let activeFilter: FilterNode;
    try {
      activeFilter = decl.objectClasses.length === 0 && !decl.activeFilter ? { type: 'present', attribute: 'objectClass' } : parseFilter(filterText);
    } catch (e) {
      throw new DeclarationError(`Tab "${decl.id}" has an invalid activation filter ${filterText}: ${(e as Error).message}`);
    }
    const attributes: Attribute[] = [];
    const attributeByName = new Map<string, Attribute>();
    const sectionKeys = new Set<string>();
    const add = (section: SectionDecl, a: AttributeDecl) => {
      const key = a.name.toLowerCase();
      if (attributeByName.has(key)) throw new DeclarationError(`Tab "${decl.id}" declares attribute "${a.name}" twice.`);
      let kind: AttributeKind;
      if (a.kind === 'custom') {
        const custom = this.customKinds.get(a.codec);
        if (!custom) throw new DeclarationError(`Attribute "${a.name}" of tab "${decl.id}" uses kind "${a.codec}", which no plugin declares.`);
        kind = custom;
      } else kind = kindOf(a);
      const attribute: Attribute = { decl: a, kind, acl: a.acl === false ? null : (a.acl ?? aclNameOf(a.name)), section: section.key, tab: decl.id };
      attributes.push(attribute);
      attributeByName.set(key, attribute);
    };
    for (const section of decl.sections) {
      if (sectionKeys.has(section.key)) throw new DeclarationError(`Tab "${decl.id}" declares section "${section.key}" twice.`);
      sectionKeys.add(section.key);
      for (const a of section.attributes) add(section, a);
    }
    for (const a of attributes) {
      for (const rule of a.decl.managed ?? []) {
        for (const target of [...(rule.disable ?? []), ...(rule.erase ?? [])]) {
          if (!attributeByName.has(target.toLowerCase())) throw new DeclarationError(`Attribute "${a.decl.name}" of tab "${decl.id}" manages "${target}", which the tab does not declare.`);
        }
      }
    }
    const acls = [...new Set([...attributes.flatMap((a) => (a.acl ? [a.acl] : [])), ...(decl.extraAcls ?? [])])];
    return { decl, id: decl.id, activeFilter, attributes, attributeByName, acls, plugin };
  }

  /** Every label must exist in English and in French. */
  private checkMessages(): void {
    const keys = new Set<string>();
    for (const type of this.types.values()) {
      keys.add(type.decl.label);
      if (type.decl.description) keys.add(type.decl.description);
      if (type.decl.management) keys.add(type.decl.management.label);
    }
    for (const tab of this.tabs.values()) {
      keys.add(tab.decl.label);
      for (const s of tab.decl.sections) keys.add(s.label);
      for (const a of tab.attributes) {
        keys.add(a.decl.label);
        if (a.decl.description) keys.add(a.decl.description);
        if (a.decl.kind === 'select' && 'choices' in a.decl) for (const c of a.decl.choices) keys.add(c.label);
      }
    }
    const missing = [...keys].filter((k) => !(k in this.messages.en) || !(k in this.messages.fr));
    if (missing.length > 0) throw new DeclarationError(`Labels without an English and a French text: ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ` (+${missing.length - 10})` : ''}.`);
  }

  /** A type by id, case-insensitively. */
  type(id: string): ObjectType | undefined {
    return this.types.get(id.toLowerCase());
  }

  /** A tab by its class name, case-insensitively. */
  tab(id: string): Tab | undefined {
    return this.tabs.get(id.toLowerCase());
  }

  allTypes(): ObjectType[] {
    return [...this.types.values()];
  }

  allTabs(): Tab[] {
    return [...this.tabs.values()];
  }

  /**
   * The management lists: types grouped by their declared `management` (a type with a menu entry and none gets a
   * list of its own), in menu order. Types with a main attribute only; configuration-like types are single objects.
   */
  managements(): Management[] {
    const byId = new Map<string, Management>();
    for (const type of this.types.values()) {
      const decl = type.decl;
      if (!decl.menu) continue;
      const m = decl.management ?? { id: type.id, class: `${type.id}Management`, label: decl.label };
      let entry = byId.get(m.id);
      if (!entry) byId.set(m.id, (entry = { id: m.id, managementClass: m.class, label: m.label, section: decl.menu.section, priority: decl.menu.priority, types: [] }));
      entry.types.push(type);
      entry.priority = Math.min(entry.priority, decl.menu.priority);
    }
    for (const m of byId.values()) m.types.sort((a, b) => (a.decl.menu?.priority ?? 0) - (b.decl.menu?.priority ?? 0));
    return [...byId.values()].sort((a, b) => a.priority - b.priority);
  }

  /** Schemas the installed plugins need on the server. */
  requiredSchemas(): string[] {
    return [...new Set(this.plugins.flatMap((p) => p.schemas ?? []))];
  }

  /** A label's text in a language (the key itself when missing, which the constructor prevents). */
  text(key: string, lang: 'en' | 'fr' = 'en'): string {
    return this.messages[lang][key] ?? key;
  }
}
