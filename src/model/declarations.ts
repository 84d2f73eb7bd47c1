// What a plugin declares: object types, tabs, sections and attributes. One declaration drives LDAP mapping,
// validation, REST, OpenAPI, the UI form and ACL names (fd-core.md §2).
import type { AttributeKind } from './kinds/AttributeKind.ts';
import type { UserLockContributor } from '../passwords/locking.ts';

/** A message-catalogue key, or literal text per language (a plugin's `messages` hold the keys). */
export type Label = string;

export interface Choice {
  value: string;
  label: Label;
}

/** Where the choices of a select come from. */
export type ChoiceSource =
  | { choices: Choice[] }
  /**
   * A multi-valued `fd*` key of the configuration entry (e.g. `fdDepartmentCategories`): each value a choice, or, with
   * the object form, each value split into fields (FusionDirectory's `type;Label`, `RESOURCE:Label`, `N:STATE:substate`).
   * @example { choicesFromConfig: { key: 'fdSupannCMSTypes', separator: ';' } } // "etudiant;étudiant" → etudiant
   */
  | { choicesFromConfig: string | ConfigChoices }
  /** Entries of object types: the stored value is `storeAttribute` (`dn` by default), shown by `displayAttribute`. */
  | { choicesFromObjects: { types: string[]; storeAttribute?: string; displayAttribute?: string } }
  /**
   * A nomenclature (value list) in FusionDirectory's file format (src/nomenclatures): `list` is the file name before
   * `_`; with `prefixed`, values are `{PREFIX}code` from every `<list>_<PREFIX>` file, else plain codes of the file
   * named `<list>`. Long lists are searched (typeahead), not sent whole.
   * `unknown`: the value written for "not known" (SupAnn's `{INCONNU}` in registrations), valid though no list has it.
   * @example { choicesFromNomenclature: { list: 'entite', prefixed: true } } // {SUPANN}S230
   */
  | { choicesFromNomenclature: { list: string; prefixed?: boolean; unknown?: string } }
  /**
   * The object's current values of another attribute of the same tab (FusionDirectory's primary affiliation among
   * the affiliations, principal assignment among the assignments).
   */
  | { choicesFromValues: { attribute: string } };

/** Choices read from a configuration key whose values pack a code and its label. */
export interface ConfigChoices {
  key: string;
  /** Further keys whose values are choices too, after those of `key` (supann-ext's main and local population codes). */
  moreKeys?: string[];
  /** Splits each configured value into fields; without it, the whole value is the choice. */
  separator?: string;
  /** Field holding the stored value (default 0). */
  valueField?: number;
  /** Field holding the label (default: the field after the value, or the value when there is none). */
  labelField?: number;
  /** Choices offered whatever the configuration says, before the configured ones (SupAnn's `COMPTE` and `MAIL`). */
  builtIn?: Choice[];
  /** The configured values assumed while the configuration entry has none for the key (FusionDirectory's default). */
  default?: string[];
}

/** Kinds of attributes and their options; invalid combinations do not compile. */
export type AttributeSpec =
  /** One line of text; `pattern` is a JavaScript regular expression source, anchored by the engine. */
  | { kind: 'string'; pattern?: string; patternMessage?: Label; trim?: boolean; forbiddenCharacters?: string; example?: string }
  /** Several lines; CRLF becomes LF. */
  | { kind: 'text' }
  /** LDAP postal address: lines joined by `$` (escaped `\24`, `\5C`). */
  | { kind: 'postalAddress' }
  | { kind: 'mail' }
  | { kind: 'phone' }
  | { kind: 'url' }
  | { kind: 'integer'; min?: number; max?: number; unit?: 'bytes' | 'seconds' }
  /** LDAP Boolean (`TRUE`/`FALSE`) unless other strings are given (`falseValue: ''` means absent). */
  | { kind: 'boolean'; trueValue?: string; falseValue?: string }
  | ({ kind: 'select' } & ChoiceSource)
  /** A multi-valued attribute of `of` values: loaded and written sorted, duplicates refused. */
  | { kind: 'set'; of: ScalarSpec }
  /** A multi-valued attribute keeping order; `indexed` stores `<i>:<value>` re-numbered 0..n-1. */
  | { kind: 'orderedList'; of: ScalarSpec; indexed?: boolean }
  /**
   * A date stored as GeneralizedTime (`generalizedTimeHour`: at hour precision, `YYYYMMDD00Z`, as FusionDirectory
   * writes date-only values), days since 1970 (shadowExpire), `YYYYMMDD`, or epoch seconds; JSON `YYYY-MM-DD`.
   */
  | { kind: 'date'; encoding: 'generalizedTime' | 'generalizedTimeHour' | 'epochDays' | 'ymd' | 'epochSeconds' | 'isoDate' }
  /** A date and time as typed (`YYYYMMDDhhmmss`, no time zone: FusionDirectory's task schedules); JSON `YYYY-MM-DDThh:mm:ss`. */
  | { kind: 'dateTime' }
  /** One DN of an entry of the given types. */
  | { kind: 'dn'; types?: string[] }
  /** DNs of entries of the given types; values whose entry is gone are dropped at open. */
  | { kind: 'dns'; types?: string[] }
  /** Bytes, base64 in JSON; `image` resizes and converts. */
  | { kind: 'binary'; image?: { maxSize: number | { configKey: string }; format: 'jpeg' | 'png' } }
  /** The department the object lives in (not an LDAP attribute). */
  | { kind: 'base' }
  /**
   * Named files kept as child entries `<nameAttribute>=<file name>,<object DN>` of `objectClass`, the bytes in
   * `contentAttribute` (mail-template attachments). Read at open, the differences written at save; JSON
   * `[{ name, content: base64 }]`.
   */
  | { kind: 'files'; children: { objectClass: string; nameAttribute: string; contentAttribute: string } }
  /** Shown, never written. */
  | { kind: 'readOnly'; multi?: boolean }
  /** A kind a plugin brings (`PluginManifest.kinds`), for values with a structured JSON form (ACL strings…). */
  | { kind: 'custom'; codec: string }
  /**
   * One LDAP value made of parts (FusionDirectory's CompositeAttribute): `read` is a regular expression whose
   * capture groups are the parts in order, `write` a template with `${part}` placeholders. JSON: the composed
   * string, as FusionDirectory answers; an object of parts is also accepted on input.
   * @example { kind: 'composite', read: '\{(.+)\}(.*)', write: '{${type}}${number}', parts: [{ name: 'type', spec: { kind: 'string' } }, { name: 'number', spec: { kind: 'phone' } }] }
   */
  | CompositeSpec;

/**
 * `read`/`write`: a regular expression and a template (`{${type}}${number}`). `bracketed`: FusionDirectory's
 * `[key=value]…` form (SupAnn's supannRoleEntite, supannEtuInscription, supannCMSAffectation), written in the parts'
 * order with empty parts left out, read in any order; values must not contain `][`.
 */
export type CompositeSpec = {
  kind: 'composite';
  /** `label`: the part's label in forms (a message key); its name otherwise. */
  parts: Array<{ name: string; spec: Exclude<ScalarSpec, CompositeSpec>; optional?: boolean; label?: Label }>;
} & ({ read: string; write: string; bracketed?: undefined } | { bracketed: true; read?: undefined; write?: undefined });

/** Kinds usable inside a set or an ordered list. */
export type ScalarSpec = Extract<AttributeSpec, { kind: 'string' | 'text' | 'mail' | 'phone' | 'url' | 'integer' | 'dn' | 'date' | 'composite' } | ({ kind: 'select' } & ChoiceSource)>;

/** When this attribute has one of these values, disable or erase others (fd-core.md §2.7). */
export interface ManagedRule {
  /** Values (as JSON scalars turned to strings) that trigger the rule. */
  when: string[];
  /** Attributes of the same tab that are disabled (not validated, not writable). */
  disable?: string[];
  /** Attributes of the same tab written empty at save. */
  erase?: string[];
}

export type AttributeDecl = AttributeSpec & {
  /** LDAP attribute name, unique within the tab; also its REST field name. */
  name: string;
  label: Label;
  description?: Label;
  required?: boolean;
  /** Value of a new object, as its JSON form. */
  default?: unknown;
  /** ACL name; default: the name with `/ - , . # : ;` replaced by `_`. `false`: borrows no ACL (always allowed). */
  acl?: string | false;
  /** Not sent to or read from LDAP (UI helpers, `base`). */
  inLdap?: boolean;
  /** Set once at creation (e.g. uid). */
  immutable?: boolean;
  hidden?: boolean;
  /** Uniqueness: among siblings of the same base, the object's subtree, or the whole directory. */
  unique?: 'one' | 'sub' | 'whole';
  /**
   * With `unique`: the entries counted, as an LDAP filter, instead of those of the object's type (FusionDirectory's
   * `setUnique($mode, $filter)`: a SupAnn code is unique among entities and establishments alike).
   * @example { unique: 'whole', uniqueFilter: '(objectClass=supannEntite)' }
   */
  uniqueFilter?: string;
  managed?: ManagedRule[];
  /** Left empty in a copy of the object (ids allocated per object). */
  resetOnCopy?: boolean;
  /**
   * A membership that a copy of a member joins too (FusionDirectory's foreign keys in copy mode): the copy of a user
   * is added to the groups and roles of its source. Only on `dns` attributes and on `refersTo` sets.
   */
  followsCopy?: boolean;
  /**
   * In a copy left unchanged here, the source's value of this other attribute (e.g. `uid`) is replaced by the copy's
   * wherever it stands alone in the value: `/home/jdoe` becomes `/home/jsmith` when the copy's login is jsmith.
   */
  renameOnCopy?: string;
  /** Values are another attribute of objects of these types (memberUid holds users' uid): they follow its changes. */
  refersTo?: { types: string[]; attribute: string };
  /** Written by the engine (a `computed` mask or a tab's `prepareSave`), never by clients. */
  derived?: boolean;
  /** Recomputed at every save from a template mask over the object's values (e.g. a user's cn from fdCnPattern). */
  computed?: { mask: string | { configKey: string; default: string } };
};

export interface SectionDecl {
  /** Stable key (REST `sections` keys). */
  key: string;
  label: Label;
  attributes: AttributeDecl[];
}

/** A tab: a group of attributes that adds objectClasses to an entry when active (FusionDirectory's simplePlugin). */
export interface TabDecl {
  /** FusionDirectory's tab class name, used on the wire (`user`, `posixAccount`, `mailAccount`…). */
  id: string;
  label: Label;
  description?: Label;
  /** Object types this tab belongs to; the first type whose `mainTab` is this id is the tab's own type. */
  objectTypes: string[];
  objectClasses: string[];
  /** LDAP filter saying whether the tab is active on an entry; default: all its objectClasses. */
  activeFilter?: string;
  /** Always active (a main tab, or a tab without an activation switch). */
  alwaysActive?: boolean;
  /** Switched off by a save that leaves all its attributes empty (FusionDirectory's ACL assignments). */
  removeWhenEmpty?: boolean;
  sections: SectionDecl[];
  /** May be edited by a user on his own entry ("My account"). */
  selfModify?: boolean;
  /** Order among the type's tabs (main tab 0). */
  priority?: number;
  /** Tabs that must be active first / must not be active. */
  dependsOn?: string[];
  conflictsWith?: string[];
  /** Extra attributes the list quick search looks in. */
  searchAttributes?: string[];
  /** ACL names besides the attributes' own (e.g. `userLock`). */
  extraAcls?: string[];
  /** Code for what data cannot say (e.g. an object group's member-type summary). */
  behaviour?: TabBehaviour;
}

/** What a tab's behaviour may look at while the object is being saved. */
export interface SaveContext {
  /** The tab's current values, in their JSON form. */
  values: Record<string, unknown>;
  /** Values of every active tab of the object (JSON form), for values derived across tabs. */
  objectValues: Record<string, unknown>;
  /** The object is being created (no entry yet). */
  isNew: boolean;
  /** The tab is being switched on by this save. */
  activating: boolean;
  /** The department the object lives in. */
  base: string;
  /** A configuration key (fd* entry), e.g. `fdGroupRDN`. */
  config(key: string): string | undefined;
  /** Every value of a multi-valued configuration key ([] when absent). */
  configList(key: string): string[];
  /** Claim the next uidNumber/gidNumber (never handed out twice). */
  allocateId(attribute: 'uidNumber' | 'gidNumber'): Promise<number>;
  /** Create an entry (e.g. a primary group), in afterSave. */
  addEntry(dn: string, attributes: Record<string, string | string[]>): Promise<void>;
  /**
   * Change an entry directly (afterSave): values no declaration describes, such as attributes with options
   * (`supannCMSId;x-mifare-xlsb`), or another entry (the base entry of a root establishment).
   */
  modifyEntry(dn: string, changes: Array<{ operation: 'add' | 'delete' | 'replace'; attribute: string; values?: string[] }>): Promise<void>;
  /** Shared between prepareSave and afterSave of one save. */
  memo: Record<string, unknown>;
  /** The tab's values (JSON form) as they were when the object was opened; empty for a new object. */
  stored: Record<string, unknown>;
  /** The engine's own value of one of the tab's attributes, for kinds whose JSON form hides it (passwords). */
  raw(attribute: string): unknown;
  /** Set one of the tab's attributes to an engine value directly, bypassing its JSON form. */
  setRaw(attribute: string, value: string | number | boolean | null | string[] | Buffer): void;
  /** Read another entry (e.g. a member), null when it does not exist. */
  readEntry(dn: string, attributes: string[]): Promise<{ dn: string; get(attribute: string): string[]; names(): string[] } | null>;
  /**
   * Entries of the whole directory matching an LDAP filter (values escaped by the caller): FusionDirectory looks for
   * SupAnn entities and establishments under the base, whatever the department.
   */
  searchEntries(filter: string, attributes: string[]): Promise<Array<{ dn: string; get(attribute: string): string[] }>>;
  /** The id of the registered object type an entry belongs to, if any. */
  typeOf(entry: { dn: string; get(attribute: string): string[] }): string | undefined;
  /** Whether this save changes an attribute of any active tab of the object (e.g. the password, for shadowLastChange). */
  changed(attribute: string): boolean;
  /**
   * Who saves: `self` when users save their own entry (a password policy's own-change rules apply), and the current
   * password in clear when the request proved it ("My account"'s change; never stored nor logged).
   */
  savedBy?: { dn: string; self: boolean; currentPassword?: string };
}

/** What a tab's behaviour may look at while the object is being opened. */
export interface OpenContext {
  dn: string;
  /** The department the object lives in. */
  base: string;
  /** The directory's base entry's DN. */
  baseDN: string;
  /** Read another entry, null when it does not exist. */
  readEntry(dn: string, attributes: string[]): Promise<{ dn: string; get(attribute: string): string[] } | null>;
}

export interface TabBehaviour {
  /**
   * Values (JSON form) derived from the loaded ones when an object is opened (e.g. flags packed in one attribute);
   * `context` reads other entries (whether an establishment is the root one is written on the base entry).
   */
  afterOpen?(values: Record<string, unknown>, context: OpenContext): Record<string, unknown> | Promise<Record<string, unknown>>;
  /** Values (JSON form) to set on the tab just before it is checked and saved. */
  prepareSave?(context: SaveContext): Promise<Record<string, unknown>>;
  /** Problems the attributes' own checks cannot see (relations between values). */
  check?(context: SaveContext): Array<{ attribute: string; code: string; message: string }>;
  /** Run once the object is written (its DN given). */
  afterSave?(context: SaveContext & { dn: string }): Promise<void>;
  /**
   * Raw changes added to the modify that switches the tab off: values no declaration describes (tagged
   * `supannCMSId;x-mifare-xlsb`…) would otherwise keep the tab's objectClass from being removed.
   */
  removeChanges?(context: SaveContext & { dn: string }): Promise<Array<{ operation: 'add' | 'delete' | 'replace'; attribute: string; values?: string[] }>>;
}

/** An object type (fd-core.md §2.2). */
export interface ObjectTypeDecl {
  /** Registry key, case-insensitive (`user`, `ogroup`, `department`…). */
  id: string;
  label: Label;
  description?: Label;
  /** LDAP filter of the type's entries. */
  filter: string;
  /** Branch RDN(s) between the department and the entry (`ou=people`), or '' when objects live anywhere. */
  ou: string | { configKey: string; default: string };
  /** RDN attribute; false when the type has no naming attribute. */
  mainAttribute: string | false;
  /**
   * With `mainAttribute: false` and a main tab that is not always active, the type is an auxiliary part of
   * other entries (ACL assignments): any entry of the base can be opened as one (attached), and deleting
   * it removes the part, never the entry.
   */
  /** Attribute shown as the object's name; default mainAttribute. */
  nameAttribute?: string;
  /** ACL category; default the id. */
  aclCategory?: string;
  /** The tab declaring this type. */
  mainTab: string;
  /** Objects of this type may be templates. */
  templates?: boolean;
  /** `false`: objects of this type have no snapshots (every other type has them, docs/snapshots.md). */
  snapshots?: boolean;
  icon?: string;
  /** Menu section and order. */
  menu?: { section: 'accounts' | 'accessControl' | 'workflow' | 'dashboard' | 'configuration'; priority: number };
  /**
   * The management list showing this type: types with the same `id` share one list (FusionDirectory's
   * groupManagement lists object groups, roles and POSIX groups). `class` is FusionDirectory's management class,
   * the key of stored column configurations (fd-core.md §9.4). Default: a list of its own, `<id>Management`.
   */
  management?: { id: string; class: string; label: Label };
}

/** A configuration key a plugin adds to `cn=config,ou=fusiondirectory`. */
export interface ConfigKeyDecl {
  name: string;
  default?: string | string[];
}

/** What a plugin's index.ts exports. */
export interface PluginManifest {
  id: string;
  dependsOn?: string[];
  types?: ObjectTypeDecl[];
  tabs?: TabDecl[];
  config?: ConfigKeyDecl[];
  /** Names of schemas (src/schema) the plugin needs on the server. */
  schemas?: string[];
  /** Message catalogues: language → key → text. */
  messages?: Record<'en' | 'fr', Record<string, string>>;
  /** Attribute kinds this plugin brings, by the name `{ kind: 'custom', codec }` uses. */
  kinds?: Record<string, AttributeKind>;
  /** What a user lock or unlock from the lists also changes (FusionDirectory's UserTabLockingAction): SupAnn states… */
  userLockContributors?: UserLockContributor[];
}
