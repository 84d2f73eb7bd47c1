// The web interface's HTTP API (/ui/api/…): request and answer shapes shared by the server and the SPA in web/.
// Types only, so the SPA imports them without pulling server code. Errors are the shared AppErrorBody.

/** The shared error object (same as REST v1 and services): see docs/errors.md. */
export interface UiError {
  code: string;
  message: string;
  dn?: string;
  tab?: string;
  attribute?: string;
  /** For `value.invalid`: every problem of the save (`UiProblem[]`); for `entry.conflict`: `{ current: ObjectView }`. */
  details?: unknown;
}

/** One problem of a save (the first one is also the error's own message/tab/attribute). */
export interface UiProblem {
  code: string;
  message: string;
  tab: string;
  attribute?: string;
  params?: Record<string, string | number>;
}

export type Lang = 'en' | 'fr';

/** GET /ui/api/directories (no session): the directories a user can sign in to, default first. */
export interface DirectoriesAnswer {
  directories: string[];
}

/** POST /ui/api/session: sign in; the answer sets the HttpOnly session cookie. */
export interface SignInRequest {
  directory?: string;
  username: string;
  password: string;
}

export type MenuSectionId = 'accounts' | 'accessControl' | 'workflow' | 'dashboard' | 'configuration' | 'personal';

export interface MenuEntry {
  /**
   * `list`: a management list (`/lists/<id>`); `account`: "My account"; `object`: one object's editor (configuration);
   * `page`: a page of its own, `/<id>` (`acl/explain`: "what can this user do here").
   */
  kind: 'list' | 'account' | 'object' | 'page';
  /** Management id for lists (`users`, `groups`…), `account`, or the object type for `object`. */
  id: string;
  label: string;
  /** For `object` entries: the DN to open. */
  dn?: string;
}

export interface MenuSection {
  id: MenuSectionId;
  label: string;
  entries: MenuEntry[];
}

/** GET /ui/api/session (401 `auth.required` when signed out) and the answer of POST /ui/api/session. */
export interface SessionInfo {
  directory: string;
  user: { dn: string; uid: string; name: string };
  baseDN: string;
  /** Send it back as the `X-CSRF-Token` header of every POST/PUT/PATCH/DELETE. */
  csrf: string;
  /** When the session ends if idle (ISO 8601); every answer renews it. */
  expiresAt: string;
  menu: MenuSection[];
  /**
   * The password has expired (fd-core.md §3.5): the interface shows only the password change (menu empty); every
   * other request answers 403 `auth.password_change_required` until it is changed.
   */
  mustChangePassword?: boolean;
  /**
   * A second factor is required of the user (trousseau.yaml `secondFactor.requiredFor`) and he has none: the interface
   * shows only the enrolment (menu empty); every other request answers 403 `auth.second_factor_required` until he has
   * enrolled an authentication app (TOTP) or a security key. With `mustChangePassword`, the password comes first.
   */
  mustEnrolSecondFactor?: true;
  /** With `mustEnrolSecondFactor`: the DNs of the roles, groups or departments that require it. */
  requiredBy?: string[];
  /**
   * In the sign-in's answer only: what slapd's password policy warns about (docs/ppolicy.md) — the password expires in
   * `secondsBeforeExpiration`, or has expired and `graceLoginsRemaining` sign-ins are left to change it.
   */
  passwordWarning?: { secondsBeforeExpiration?: number; graceLoginsRemaining?: number };
  /** Server-side language preference of the site (`fdLanguage`), if any. */
  siteLanguage?: Lang;
}

// ---- type descriptions: everything a form needs, generated from the declarations ----

export interface UiChoice {
  value: string;
  label: string;
}

/** The kind-specific part of an attribute, as declared (choices resolved to values and labels). */
export type UiAttributeKind =
  | { kind: 'string'; pattern?: string; example?: string }
  | { kind: 'text' | 'postalAddress' | 'mail' | 'phone' | 'url' | 'base' | 'password' }
  | { kind: 'integer'; min?: number; max?: number; unit?: 'bytes' | 'seconds' }
  | { kind: 'boolean' }
  | {
      kind: 'select';
      choices: UiChoice[];
      /** Objects to pick from instead of a fixed list. */
      objectTypes?: string[];
      /** A long nomenclature, searched as one types (`GET /ui/api/choices`) instead of listed: `choices` is empty. */
      choicesSearch?: UiChoicesSearch;
      /** The choices are the current values of another attribute of the tab; `choices` holds the labels known for them. */
      choicesFrom?: { attribute: string };
    }
  | { kind: 'set' | 'orderedList'; of: UiAttributeKind }
  | { kind: 'date' }
  /** `YYYY-MM-DDThh:mm:ss`, wall-clock time (an `<input type="datetime-local">`). */
  | { kind: 'dateTime' }
  | { kind: 'dn' | 'dns'; types: string[] }
  | { kind: 'image' | 'binary' }
  /** Named files (mail-template attachments): the value is `[{ name, content: base64, size }]`. */
  | { kind: 'files' }
  | { kind: 'readOnly'; multi: boolean }
  /**
   * One value made of parts; a stored value is split by `read` (a JavaScript regular expression, anchored, one
   * capture group per part in order) and written by `write` (`${part}` placeholders) or, with `bracketed`, as
   * FusionDirectory's `[key=value]…`.
   */
  | { kind: 'composite'; parts: Array<{ name: string; label: string; optional: boolean; of: UiAttributeKind }>; read?: string; write?: string; bracketed?: boolean }
  /** A plugin's structured kind (ACL assignments…): shown as JSON text unless the SPA has a widget for `codec`. */
  | { kind: 'custom'; codec: string };

export type UiAttribute = UiAttributeKind & {
  /** LDAP name, also the key of values. */
  name: string;
  label: string;
  description?: string;
  required: boolean;
  /** Value shape: multi-valued attributes are arrays in `values`. */
  multi: boolean;
  /** Set once at creation. */
  immutable: boolean;
  /** Computed by the engine: shown, never sent. */
  derived: boolean;
  hidden: boolean;
  /** An example value shown with errors and as a placeholder. */
  example?: string;
};

export interface UiSection {
  key: string;
  label: string;
  attributes: UiAttribute[];
}

export interface UiTab {
  id: string;
  label: string;
  description?: string;
  /** The main tab and tabs without an activation switch. */
  alwaysActive: boolean;
  selfModify: boolean;
  dependsOn: string[];
  conflictsWith: string[];
  objectClasses: string[];
  /** LDAP filter saying whether the tab is active (shown on hover of "has tab" filters). */
  activeFilter: string;
  sections: UiSection[];
}

/** GET /ui/api/types/{type}. */
export interface TypeDescription {
  id: string;
  label: string;
  description?: string;
  filter: string;
  mainAttribute: string | null;
  nameAttribute: string | null;
  templates: boolean;
  /** Objects of the type have snapshots and the configuration enables them (docs/snapshots.md). */
  snapshots: boolean;
  aclCategory: string;
  /** Auxiliary types (ACL assignments) attach to existing entries. */
  auxiliary: boolean;
  tabs: UiTab[];
}

// ---- management lists ----

/** FusionDirectory's column classes (fd-core.md §9.3); attributes is `attr` or `attr1,attr2`. */
export interface ListColumn {
  kind: 'ObjectTypeColumn' | 'LinkColumn' | 'Column' | 'PropertiesColumn' | 'ActionsColumn' | 'LdapGeneralizedTimeColumn' | 'UnixTimestampColumn' | 'EpochDaysColumn';
  attributes?: string;
  label?: string;
}

export interface ListTypeInfo {
  id: string;
  label: string;
  /** The LDAP filter behind the type checkbox (shown on hover). */
  filter: string;
  templates: boolean;
  /** The user may create objects of the type somewhere. */
  canCreate: boolean;
  /** Where he may: the departments where he has `c`; absent when his rights are the same everywhere. */
  createBases?: string[];
}

/** A filter that adapts to the listed types. */
export type ListFilterField =
  /** "Has tab X": one checkbox per non-main tab; the value sent is the tab id in `tabs`. */
  | { kind: 'tab'; tab: string; type: string; label: string; filter: string }
  /** A date attribute between two dates: `from.<attribute>=YYYY-MM-DD&to.<attribute>=YYYY-MM-DD`. */
  | { kind: 'date'; attribute: string; label: string }
  /** A select attribute; several values ORed: `f.<attribute>=v1&f.<attribute>=v2`. */
  | { kind: 'choice'; attribute: string; label: string; choices: UiChoice[] }
  /** Groups by member types (`gosaGroupObjects`): `f.gosaGroupObjects=U&…`. */
  | { kind: 'groupContent'; attribute: 'gosaGroupObjects'; label: string; choices: UiChoice[] };

/** GET /ui/api/lists/{management}. */
export interface ListDefinition {
  /** Management id (`users`, `groups`, `departments`, `aclRoles`, `aclAssignments`). */
  id: string;
  /** FusionDirectory's management class (`userManagement`…), the key of the stored column configuration. */
  managementClass: string;
  label: string;
  types: ListTypeInfo[];
  filters: ListFilterField[];
  /** Attributes search-as-you-type looks in. */
  searchAttributes: string[];
  /** Attributes a column may show (from the types' tabs), with their labels. */
  columnAttributes: UiChoice[];
  /** The columns in force for this user, where they come from, and the class default. */
  columns: ListColumn[];
  columnsSource: 'user' | 'global' | 'default';
  defaultColumns: ListColumn[];
  /** Whether this user may write the global default (w on configuration/configInLdap fdManagementConfig). */
  canSetGlobalColumns: boolean;
  /** Bulk actions this list offers (the server still checks each entry). */
  actions: Array<'delete' | 'lock' | 'unlock' | 'applyTemplate' | 'exportCsv'>;
}

/**
 * GET /ui/api/lists/{management}/rows? base, scope=one|sub, types=a,b, templates=1, q (text, or a raw LDAP filter
 * in parentheses), tabs=t1,t2, f.<attr>=v (repeatable), from.<attr>=, to.<attr>=, sort=<attr>, desc=1,
 * offset, limit (1..500), cols (a JSON ListColumn[] tried without saving), dn (repeatable: only these entries).
 * Column values follow the columns in force. GET …/export.csv takes the same parameters (without offset/limit)
 * and answers every matching row as CSV.
 */
export interface ListRow {
  dn: string;
  type: string;
  template: boolean;
  /** The object's display name (nameAttribute, or the DN's first value). */
  name: string;
  /** One array of values per column in force (empty for icon/action columns). */
  cells: string[][];
  /** Active tabs (for PropertiesColumn icons and "has tab"). */
  tabs: string[];
  /** Users: whether the password is locked. */
  locked?: boolean;
  /** false when the user may not delete it (the delete action is not offered); absent when he may. */
  canDelete?: false;
}

export interface ListRowsAnswer {
  total: number;
  offset: number;
  rows: ListRow[];
  /** How the answer was produced: `index` (in memory) or `ldap`. */
  source: 'index' | 'ldap';
}

/** PUT /ui/api/lists/{management}/columns; DELETE …/columns?scope=user|global forgets the stored one. */
export interface ColumnsRequest {
  scope: 'user' | 'global';
  columns: ListColumn[];
}

/** GET /ui/api/departments. */
export interface DepartmentsAnswer {
  departments: DepartmentNode[];
}

/** The department tree for the base picker, flattened. */
export interface DepartmentNode {
  dn: string;
  name: string;
  type: string;
  description?: string;
  /** Parent department DN; null for the base. */
  parent: string | null;
}

/** GET /ui/api/pick?types=user,ogroup&q=text&limit=20: objects for DN pickers. */
export interface PickAnswer {
  items: Array<{ dn: string; type: string; name: string; description?: string }>;
}

// ---- objects ----

export interface ObjectTabView {
  id: string;
  active: boolean;
  /** Whether the user may switch it on/off (rights c/d on the tab, not always active). */
  canToggle: boolean;
  /** Values in their JSON form (multi-valued attributes are arrays; images base64). Unreadable ones are absent. */
  values: Record<string, unknown>;
  /** Per attribute: `rw`, `r`, or absent when not even readable. */
  rights: Record<string, 'r' | 'rw'>;
}

/** GET /ui/api/objects/{type}/{dn}; GET /ui/api/objects/{type}?new=1&base=… for a new object (a template's asked fields: GET /ui/api/templates/{type}/fields). */
export interface ObjectView {
  type: string;
  /** null for an object not created yet. */
  dn: string | null;
  /** Give it back with the save; a save whose etag is stale fails with 409 `entry.conflict`. */
  etag: string | null;
  name: string;
  /** The department the object lives in. */
  base: string;
  template: boolean;
  tabs: ObjectTabView[];
  /** Whether the user may delete it / rename or move it. */
  canDelete: boolean;
  canMove: boolean;
  /** Whether the user may copy it: create an object of its type in its department (FusionDirectory's copy & paste). */
  canCopy: boolean;
}

/** One tab of a save: switch it on or off, and its values (only those that changed need be sent). */
export interface TabChange {
  active: boolean;
  values?: Record<string, unknown>;
}

/** POST /ui/api/objects/{type} (create) and PUT /ui/api/objects/{type}/{dn} (save; etag required). */
export interface SaveRequest {
  etag?: string;
  /** Create in this department (create only; moving an object is a change of its `base` attribute). */
  base?: string;
  /** Create from this template: its asked fields are the values given. */
  template?: string;
  /** Create a copy of this object (FusionDirectory's copy and paste): its values, then the changes given. */
  copyOf?: string;
  /** Create a template of the type rather than an object. */
  asTemplate?: boolean;
  tabs: Record<string, TabChange>;
}

export interface SaveAnswer {
  dn: string;
  etag: string | null;
}

/** GET /ui/api/objects/{type}/{dn}/references. */
export interface ReferencesAnswer {
  references: Array<{ dn: string; type?: string; name: string; fields: Array<{ tab: string; attribute: string; label: string }> }>;
}

/** GET /ui/api/templates/{type}/fields?template=<dn>: what creating from a template asks. */
export interface TemplateFieldsAnswer {
  /** Tab → attributes whose value the template takes from the user's answer. */
  fields: Record<string, string[]>;
}

/** POST /ui/api/bulk. */
export interface BulkRequest {
  action: 'delete' | 'lock' | 'unlock' | 'applyTemplate';
  objects: Array<{ type: string; dn: string }>;
  /** applyTemplate: the template's DN. */
  template?: string;
}

export interface BulkAnswer {
  results: Array<{ dn: string; ok: boolean; error?: UiError }>;
}

/** POST /ui/api/account/password: the signed-in user changes his own password. */
export interface PasswordChangeRequest {
  current: string;
  password: string;
}

// ---- Access control administration (issue 5) ----

/** One ACL object a role line can name: `<category>/<tab class>` (or `<category>/template`…), with its attributes' ACL names. */
export interface UiAclObject {
  /** `user/user`, `user/posixAccount`, `user/template`… as stored in gosaAclTemplate. */
  id: string;
  label: string;
  /** The tab can be granted on the user's own entry only (FusionDirectory's self flag; "My account" tabs). */
  selfModify: boolean;
  attributes: Array<{ name: string; label: string }>;
}

/** One ACL category (a type's `aclCategory`) and its objects. */
export interface UiAclCategory {
  id: string;
  label: string;
  objects: UiAclObject[];
}

/** GET /ui/api/acl/objects: everything a role can grant, from the installed plugins (the roles editor). */
export interface AclCatalogue {
  categories: UiAclCategory[];
}

/**
 * Why a rule does or does not count for the user at the DN:
 * `applies` it grants (some of) the rights shown; `notMember` the user is not among its members (nor his groups/roles);
 * `userFilter` his entry does not match its user filter; `targetFilter` its target filter does not find the DN;
 * `baseElsewhere` a `base` rule attached to another DN; `selfOnly` only for the user's own entry;
 * `unreadable` the stored value or its role could not be read (grants nothing).
 */
export type UiAclRuleStatus = 'applies' | 'notMember' | 'userFilter' | 'targetFilter' | 'baseElsewhere' | 'selfOnly' | 'unreadable';

/** One assignment line on the DN or one of its ancestors, and what it does for this user there. */
export interface UiAclRuleExplanation {
  /** DN of the entry holding the assignment (gosaAclEntry). */
  assignment: string;
  /** Its index in gosaAclEntry. */
  index: number;
  scope: 'subtree' | 'base';
  /** DN of the ACL role; its cn when readable. */
  role: string;
  roleName?: string;
  members: string[];
  userfilter: string;
  targetfilter: string;
  status: UiAclRuleStatus;
  /** How the user matched the members: `*`, his DN, or the DN of his group or role. */
  matchedBy?: string;
  /** Rights it contributes at the DN, by ACL object (`user/user`, `all`) then `0` for the object and attribute ACL names. */
  grants: Record<string, Record<string, string>>;
}

/** The rights of the user on one ACL object at the DN. */
export interface UiAclObjectRights {
  /** `user/user`… */
  object: string;
  label: string;
  /** Rights on the object itself (`0`: create, delete, move, and read/write of attributes without their own). */
  rights: string;
  attributes: Array<{ name: string; label: string; rights: string }>;
}

/** GET /ui/api/acl/explain?user=<dn>&dn=<dn>: what the user can do at the DN, and which rules say so. */
export interface AclExplanation {
  user: string;
  dn: string;
  /** Object types the entry is (by their filters); empty when it is none of them. */
  types: string[];
  /** The user is the configured `ignoreAcl` DN: everything is allowed, whatever the rules. */
  ignoreAcl: boolean;
  objects: UiAclObjectRights[];
  rules: UiAclRuleExplanation[];
  /** Assignments or roles that could not be read, target filters over their limit. */
  problems: string[];
}

// ---- Password recovery by mail (issue 5; no session, JSON bodies only) ----

/** GET /ui/api/recovery: the directories where "Forgot your password?" is offered (recovery on and a mail server set). */
export interface RecoveryAvailability {
  directories: Array<{ name: string; available: boolean }>;
}

/** POST /ui/api/recovery/request: mail a recovery link to the account using this address. */
export interface RecoveryRequest {
  /** The default directory when absent. */
  directory?: string;
  email: string;
}

/** The answer to a request (202), the same whether or not an account uses the address. */
export interface RecoveryRequestAnswer {
  message: string;
}

/** POST /ui/api/recovery/check: whether the link of a mail (`uniq`, `login`) is still good. */
export interface RecoveryCheckRequest {
  directory?: string;
  login: string;
  token: string;
}

export interface RecoveryCheckAnswer {
  valid: boolean;
}

/** POST /ui/api/recovery/reset (204): a new password with the link's token; `email` is the link's `email_address`. */
export interface RecoveryResetRequest {
  directory?: string;
  login: string;
  token: string;
  password1: string;
  password2: string;
  email?: string;
}

// ---- nomenclatures (value lists in FusionDirectory's files, docs/nomenclatures.md) ----

/** How a select searches its nomenclature: the `list` and `prefixed` parameters of `GET /ui/api/choices`. */
export interface UiChoicesSearch {
  list: string;
  prefixed: boolean;
  /** How many choices the list has. */
  size: number;
  /** Inside a composite: the parts whose values filter the choices (`type`, `sector` of diplomas). */
  where?: { type?: string; sector?: string };
}

/** A choice of a nomenclature; diplomas also give their type and sector. */
export interface UiNomenclatureChoice extends UiChoice {
  /** The whole label when `label` is cut (FusionDirectory shows 50 characters). */
  fullLabel?: string;
  type?: string;
  sector?: string;
}

/**
 * GET /ui/api/choices?list=&prefixed=1&q=&limit=&type=&sector= — the best choices for a text, and how many match;
 * with `value=` (repeatable), those values' choices instead (the labels of current values).
 */
export interface ChoicesAnswer {
  choices: UiNomenclatureChoice[];
  total: number;
}
