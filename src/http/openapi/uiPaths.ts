// The web interface's API (`/ui/api/…`, src/http/ui-api/uiApi.ts, shapes in contract.ts) described in the same
// OpenAPI document as REST v1: paths under `/api/…` with a path-level server `/ui`, a cookie session, `Ui*` schemas.
// What the operations share is built by uiPathKit.ts.
import type { Registry } from '../../model/Registry.ts';
import { COLUMN_KINDS } from '../../services/lists/ColumnConfigStore.ts';
import { SESSION_COOKIE } from '../ui-api/uiApi.ts';
import type { JsonSchema, Parameter, PathItem, Response, SecurityScheme, Tag } from './OpenApiDocument.ts';
import { answer, at, body, CSRF_HEADER, csvFile, done, ok, operation, type OperationOptions, parameterRef, pathParameter, query, requiredQuery, schemaRef, SET_SESSION_COOKIE, UI_SESSION_SCHEME, UI_TAG } from './uiPathKit.ts';

export { CSRF_HEADER, UI_SERVERS, UI_SESSION_SCHEME, UI_TAG } from './uiPathKit.ts';

/** What uiPaths adds to the document. */
export interface UiApiDescription {
  tag: Tag;
  paths: Record<string, PathItem>;
  schemas: Record<string, JsonSchema>;
  parameters: Record<string, Parameter>;
  responses: Record<string, Response>;
  securitySchemes: Record<string, SecurityScheme>;
}

const string = (description?: string, extra: JsonSchema = {}): JsonSchema => ({ type: 'string', ...(description ? { description } : {}), ...extra });
const strings = (description?: string): JsonSchema => ({ type: 'array', items: { type: 'string' }, ...(description ? { description } : {}) });
const boolean = (description?: string): JsonSchema => ({ type: 'boolean', ...(description ? { description } : {}) });
/** A closed object: the server writes exactly these properties (contract.ts). */
const object = (properties: Record<string, JsonSchema>, required: string[], extra: JsonSchema = {}): JsonSchema => ({
  type: 'object',
  ...extra,
  ...(required.length ? { required } : {}),
  properties,
  additionalProperties: false,
});
const choices = { type: 'array', items: schemaRef('UiChoice') };

// ---- schemas: one per type of contract.ts ----

function attributeKindVariants(): JsonSchema[] {
  const kind = (values: string[]) => (values.length === 1 ? { const: values[0] } : { type: 'string', enum: values });
  const variant = (values: string[], properties: Record<string, JsonSchema> = {}, required: string[] = []): JsonSchema => ({
    type: 'object',
    required: ['kind', ...required],
    properties: { kind: kind(values), ...properties },
  });
  return [
    variant(['string'], { pattern: string('A regular expression the value must match.'), example: string() }),
    variant(['text', 'postalAddress', 'mail', 'phone', 'url', 'base', 'password']),
    variant(['integer'], { min: { type: 'integer' }, max: { type: 'integer' }, unit: { type: 'string', enum: ['bytes', 'seconds'] } }),
    variant(['boolean']),
    variant(
      ['select'],
      {
        choices,
        objectTypes: strings('Objects of these types to pick from instead of a fixed list.'),
        choicesSearch: schemaRef('UiChoicesSearch'),
        choicesFrom: object({ attribute: string('Another attribute of the tab.') }, ['attribute'], { description: 'The choices are the current values of that attribute; `choices` holds the labels known for them.' }),
      },
      ['choices'],
    ),
    variant(['set', 'orderedList'], { of: schemaRef('UiAttributeKind') }, ['of']),
    variant(['date', 'dateTime']),
    variant(['dn', 'dns'], { types: strings('Types of the objects the DNs name.') }, ['types']),
    variant(['image', 'binary', 'files']),
    variant(['readOnly'], { multi: { type: 'boolean' } }, ['multi']),
    variant(
      ['composite'],
      {
        parts: {
          type: 'array',
          items: object({ name: string(), label: string(), optional: boolean(), of: schemaRef('UiAttributeKind') }, ['name', 'label', 'optional', 'of']),
        },
        read: string('How a stored value splits into its parts: a JavaScript regular expression, anchored, one group per part.'),
        write: string('How parts make a value: a template with `${part}` placeholders.'),
        bracketed: boolean('The value is written `[part=value]…` (FusionDirectory’s bracketed composites).'),
      },
      ['parts'],
    ),
    variant(['custom'], { codec: string("A plugin's structured kind: shown as JSON text unless the web interface has a widget for it.") }, ['codec']),
  ];
}

function schemas(): Record<string, JsonSchema> {
  const column = object(
    {
      kind: { type: 'string', enum: [...COLUMN_KINDS], description: "FusionDirectory's column class." },
      attributes: string('`attr` or `attr1,attr2`.', { examples: ['sn'] }),
      label: string(),
    },
    ['kind'],
  );
  return {
    UiError: object(
      {
        code: string('Stable error code (docs/errors.md).', { examples: ['value.invalid', 'auth.required', 'acl.denied', 'object.not_found', 'entry.conflict', 'feature.unavailable'] }),
        message: string('What is wrong and, where possible, how to fix it.'),
        dn: string('The object concerned.'),
        tab: string('The tab concerned.'),
        attribute: string('The attribute, or the request field or query parameter, concerned.'),
        details: {
          description: 'For `value.invalid` after a save: every problem of the save (`UiProblem` list). For `entry.conflict`: `{"current": UiObjectView}`. For `lock.taken`: `{"author": "<DN>"}`.',
          anyOf: [{ type: 'array', items: schemaRef('UiProblem') }, { type: 'object' }],
        },
      },
      ['code', 'message'],
      { description: 'The error object shared by services, REST and the web interface (the body of every error answer of `/ui/api`).' },
    ),
    UiProblem: object(
      {
        code: string('The failed check.', { examples: ['value.required'] }),
        message: string(),
        tab: string(),
        attribute: string(),
        params: { type: 'object', additionalProperties: { type: ['string', 'number'] } },
      },
      ['code', 'message', 'tab'],
      { description: 'One problem of a save; the first is also the error’s own `message`, `tab` and `attribute`.' },
    ),
    UiConflictError: {
      description: 'A stale save (`entry.conflict`): nothing was written; `details.current` is the object as it is now.',
      allOf: [
        schemaRef('UiError'),
        { type: 'object', required: ['details'], properties: { details: object({ current: schemaRef('UiObjectView') }, ['current']) } },
      ],
    },
    UiDirectoriesAnswer: object({ directories: strings('Directory names, the default first.') }, ['directories'], { examples: [{ directories: ['default'] }] }),
    UiSignInRequest: object(
      {
        username: string('The login.', { minLength: 1 }),
        password: string(undefined, { format: 'password', minLength: 1 }),
        directory: string('One of `GET /api/directories`; the default one when absent.'),
      },
      ['username', 'password'],
    ),
    UiSessionInfo: object(
      {
        directory: string(),
        user: object({ dn: string(), uid: string(), name: string() }, ['dn', 'uid', 'name']),
        baseDN: string(),
        csrf: string(`Send it back as the \`${CSRF_HEADER}\` header of every POST, PUT and DELETE.`),
        expiresAt: string('When the session ends if idle; every answer renews it.', { format: 'date-time' }),
        menu: { type: 'array', items: schemaRef('UiMenuSection') },
        mustChangePassword: { type: 'boolean', const: true, description: 'The password has expired: until it is changed (`POST /api/account/password`), the menu is empty and other requests answer 403 `auth.password_change_required`.' },
        mustEnrolSecondFactor: {
          type: 'boolean',
          const: true,
          description:
            'A second factor is required of the user (trousseau.yaml `secondFactor.requiredFor`) and he has none: the menu is empty and requests other than `GET`/`DELETE /api/session` and the enrolment routes of `/api/account/second-factors` answer 403 `auth.second_factor_required` until a TOTP application or a security key is added (recovery codes alone do not count). With `mustChangePassword`, the password comes first.',
        },
        requiredBy: strings('With `mustEnrolSecondFactor`: the DNs of the roles, groups or departments that require a second factor.'),
        passwordWarning: {
          type: 'object',
          description: 'Sign-in answer only: the password policy’s warning (ppolicy plugin).',
          properties: { secondsBeforeExpiration: { type: 'integer', minimum: 0 }, graceLoginsRemaining: { type: 'integer', minimum: 0 } },
          additionalProperties: false,
        },
        siteLanguage: { type: 'string', enum: ['en', 'fr'], description: 'The site’s language preference (`fdLanguage`), if any.' },
      },
      ['directory', 'user', 'baseDN', 'csrf', 'expiresAt', 'menu'],
    ),
    UiMenuSection: object(
      {
        id: { type: 'string', enum: ['accounts', 'accessControl', 'workflow', 'dashboard', 'configuration', 'personal'] },
        label: string(),
        entries: { type: 'array', items: schemaRef('UiMenuEntry') },
      },
      ['id', 'label', 'entries'],
    ),
    UiMenuEntry: object(
      {
        kind: { type: 'string', enum: ['list', 'account', 'object', 'page'], description: '`list`: a management list; `account`: "My account"; `object`: one object’s editor.' },
        id: string('The list id, `account`, or the object type.'),
        label: string(),
        dn: string('For `object` entries: the DN to open.'),
      },
      ['kind', 'id', 'label'],
    ),
    UiChoice: object({ value: string(), label: string() }, ['value', 'label']),
    UiAttributeKindParts: {
      type: 'object',
      description: 'The kind-specific part of an attribute (one variant per `kind`).',
      oneOf: attributeKindVariants(),
    },
    UiAttributeKind: { type: 'object', description: 'An attribute kind alone (values of sets and lists, parts of composites).', allOf: [schemaRef('UiAttributeKindParts')], unevaluatedProperties: false },
    UiAttribute: {
      type: 'object',
      description: 'An attribute of a form: its kind with the kind’s options, and how the form shows it.',
      required: ['name', 'label', 'required', 'multi', 'immutable', 'derived', 'hidden'],
      properties: {
        name: string('LDAP name, also the key of values.'),
        label: string(),
        description: string(),
        required: boolean(),
        multi: boolean('Multi-valued: the value is an array.'),
        immutable: boolean('Set once, at creation.'),
        derived: boolean('Computed by the server: shown, never sent.'),
        hidden: boolean(),
        example: string('Shown as a placeholder and with errors.'),
      },
      allOf: [schemaRef('UiAttributeKindParts')],
      unevaluatedProperties: false,
    },
    UiSection: object({ key: string(), label: string(), attributes: { type: 'array', items: schemaRef('UiAttribute') } }, ['key', 'label', 'attributes']),
    UiTab: object(
      {
        id: string(),
        label: string(),
        description: string(),
        alwaysActive: boolean('The main tab, and tabs without an activation switch.'),
        selfModify: boolean(),
        dependsOn: strings(),
        conflictsWith: strings(),
        objectClasses: strings(),
        activeFilter: string('LDAP filter saying whether the tab is active.'),
        sections: { type: 'array', items: schemaRef('UiSection') },
      },
      ['id', 'label', 'alwaysActive', 'selfModify', 'dependsOn', 'conflictsWith', 'objectClasses', 'activeFilter', 'sections'],
    ),
    UiTypeDescription: object(
      {
        id: string(),
        label: string(),
        description: string(),
        filter: string(),
        mainAttribute: { type: ['string', 'null'] },
        nameAttribute: { type: ['string', 'null'] },
        templates: boolean(),
        snapshots: boolean('Objects of the type have snapshots and the configuration enables them (fdEnableSnapshots, fdSnapshotBase).'),
        aclCategory: string(),
        auxiliary: boolean('Auxiliary types (ACL assignments) attach to existing entries.'),
        tabs: { type: 'array', items: schemaRef('UiTab') },
      },
      ['id', 'label', 'filter', 'mainAttribute', 'nameAttribute', 'templates', 'snapshots', 'aclCategory', 'auxiliary', 'tabs'],
      { description: 'Everything a form needs, generated from the declarations of the type; labels in the request’s language.' },
    ),
    UiListColumn: column,
    UiListTypeInfo: object({ id: string(), label: string(), filter: string(), templates: boolean(), canCreate: boolean(), createBases: strings('Departments where the user may create; absent when his rights are the same everywhere') }, ['id', 'label', 'filter', 'templates', 'canCreate']),
    UiListFilterField: {
      type: 'object',
      description: 'A filter adapting to the listed types, and the query parameter it sets on `rows`.',
      oneOf: [
        object({ kind: { const: 'tab' }, tab: string(), type: string(), label: string(), filter: string() }, ['kind', 'tab', 'type', 'label', 'filter'], { description: '"Has tab": `tabs=<tab>`.' }),
        object({ kind: { const: 'date' }, attribute: string(), label: string() }, ['kind', 'attribute', 'label'], { description: '`from.<attribute>=YYYY-MM-DD&to.<attribute>=YYYY-MM-DD`.' }),
        object({ kind: { const: 'choice' }, attribute: string(), label: string(), choices }, ['kind', 'attribute', 'label', 'choices'], { description: '`f.<attribute>=v1&f.<attribute>=v2` (ORed).' }),
        object({ kind: { const: 'groupContent' }, attribute: { const: 'gosaGroupObjects' }, label: string(), choices }, ['kind', 'attribute', 'label', 'choices'], {
          description: 'Groups by member types: `f.gosaGroupObjects=U`.',
        }),
      ],
    },
    UiListDefinition: object(
      {
        id: string('The list id (`users`, `groups`, `departments`, `aclRoles`, `aclAssignments`…).'),
        managementClass: string("FusionDirectory's management class, the key of stored column configurations.", { examples: ['userManagement'] }),
        label: string(),
        types: { type: 'array', items: schemaRef('UiListTypeInfo') },
        filters: { type: 'array', items: schemaRef('UiListFilterField') },
        searchAttributes: strings('Attributes search-as-you-type looks in.'),
        columnAttributes: { ...choices, description: 'Attributes a column may show, with their labels.' },
        columns: { type: 'array', items: schemaRef('UiListColumn'), description: 'The columns in force for this user.' },
        columnsSource: { type: 'string', enum: ['user', 'global', 'default'] },
        defaultColumns: { type: 'array', items: schemaRef('UiListColumn') },
        canSetGlobalColumns: boolean(),
        actions: { type: 'array', items: { type: 'string', enum: ['delete', 'lock', 'unlock', 'applyTemplate', 'exportCsv'] }, description: 'Bulk actions the list offers (each entry is still checked).' },
      },
      ['id', 'managementClass', 'label', 'types', 'filters', 'searchAttributes', 'columnAttributes', 'columns', 'columnsSource', 'defaultColumns', 'canSetGlobalColumns', 'actions'],
    ),
    UiListRow: object(
      {
        dn: string(),
        type: string(),
        template: boolean(),
        name: string('The display name (name attribute, or the DN’s first value).'),
        cells: { type: 'array', items: strings(), description: 'One array of values per column in force (empty for icon and action columns).' },
        tabs: strings('The active tabs besides the main one.'),
        locked: boolean('Users: whether the password is locked.'),
        canDelete: { type: 'boolean', const: false, description: 'Present when the user may not delete the object (the action is not offered).' },
      },
      ['dn', 'type', 'template', 'name', 'cells', 'tabs'],
    ),
    UiListRowsAnswer: object(
      {
        total: { type: 'integer', minimum: 0 },
        offset: { type: 'integer', minimum: 0 },
        rows: { type: 'array', items: schemaRef('UiListRow') },
        source: { type: 'string', enum: ['index', 'ldap'], description: 'How the page was made: from the in-memory index, or by LDAP.' },
      },
      ['total', 'offset', 'rows', 'source'],
    ),
    UiColumnsRequest: object({ scope: { type: 'string', enum: ['user', 'global'] }, columns: { type: 'array', items: schemaRef('UiListColumn') } }, ['scope', 'columns']),
    UiDepartmentNode: object(
      { dn: string(), name: string(), type: string(), description: string(), parent: { type: ['string', 'null'], description: 'The parent department’s DN; null for the base.' } },
      ['dn', 'name', 'type', 'parent'],
    ),
    UiAclCatalogue: object(
      {
        categories: {
          type: 'array',
          items: object(
            {
              id: string('The ACL category (`user`, `group`, `acl`…).'),
              label: string(),
              objects: {
                type: 'array',
                items: object(
                  {
                    id: string('`<category>/<tab class>` as stored in gosaAclTemplate.'),
                    label: string(),
                    selfModify: boolean('May be granted on the user’s own entry only (self flag).'),
                    attributes: { type: 'array', items: object({ name: string('Attribute ACL name.'), label: string() }, ['name', 'label']) },
                  },
                  ['id', 'label', 'selfModify', 'attributes'],
                ),
              },
            },
            ['id', 'label', 'objects'],
          ),
        },
      },
      ['categories'],
    ),
    UiStructuresAnswer: object(
      {
        nodes: {
          type: 'array',
          items: object(
            {
              dn: string(),
              code: string('supannCodeEntite.'),
              parents: strings('supannCodeEntiteParent, as stored.'),
              type: string('The object type (`entite`, `etablissement`); absent for a supannEntite entry of no registered type.'),
              name: string('`ou` of an entity, `o` of an establishment.'),
              description: string(),
              typeEntite: string('supannTypeEntite, e.g. `{SUPANN}S230`.'),
              members: { type: 'integer', minimum: 0, description: 'Users assigned to it (supannEntiteAffectation) that the signed-in user may read.' },
            },
            ['dn', 'code', 'parents', 'name', 'members'],
          ),
        },
        edges: { type: 'array', items: object({ parent: string('Code of the parent.'), child: string('Code of the child.') }, ['parent', 'child']) },
        roots: strings('Codes of the structures without a parent among `nodes`.'),
        problems: object(
          {
            cycles: { type: 'array', items: strings(), description: 'Each cycle: the codes met going up the parents from the first one, which comes back after the last.' },
            dangling: { type: 'array', items: object({ code: string(), dn: string(), parent: string('The parent code no structure has.') }, ['code', 'dn', 'parent']) },
            duplicates: { type: 'array', items: object({ code: string(), dns: strings() }, ['code', 'dns']) },
          },
          ['cycles', 'dangling', 'duplicates'],
        ),
      },
      ['nodes', 'edges', 'roots', 'problems'],
      { description: 'The SupAnn structures the signed-in user may read (src/http/ui-api/supannContract.ts).' },
    ),
    UiAclExplanation: object(
      {
        user: string(),
        dn: string(),
        types: strings('The object types the entry is.'),
        ignoreAcl: boolean('The user is the configured ignoreAcl DN: everything is allowed.'),
        objects: {
          type: 'array',
          items: object(
            {
              object: string(),
              label: string(),
              rights: string('Letters among `rwcdm` on the object itself.'),
              attributes: { type: 'array', items: object({ name: string(), label: string(), rights: string() }, ['name', 'label', 'rights']) },
            },
            ['object', 'label', 'rights', 'attributes'],
          ),
        },
        rules: {
          type: 'array',
          items: object(
            {
              assignment: string('DN of the entry holding the assignment.'),
              index: { type: 'integer' },
              scope: { type: 'string', enum: ['subtree', 'base'] },
              role: string(),
              roleName: string(),
              members: strings('Members (only the one naming the user, when he asks about himself without ACL rights).'),
              userfilter: string(),
              targetfilter: string(),
              status: { type: 'string', enum: ['applies', 'notMember', 'userFilter', 'targetFilter', 'baseElsewhere', 'selfOnly', 'unreadable'] },
              matchedBy: string(),
              grants: { type: 'object', additionalProperties: { type: 'object', additionalProperties: { type: 'string' } }, description: 'Letters by ACL object, then `0` or attribute ACL name.' },
            },
            ['assignment', 'index', 'scope', 'role', 'members', 'userfilter', 'targetfilter', 'status', 'grants'],
          ),
        },
        problems: strings(),
      },
      ['user', 'dn', 'types', 'ignoreAcl', 'objects', 'rules', 'problems'],
    ),
    UiDepartmentsAnswer: object({ departments: { type: 'array', items: schemaRef('UiDepartmentNode') } }, ['departments']),
    UiChoicesSearch: object(
      {
        list: string('The nomenclature (`GET /api/choices?list=`).', { examples: ['diplome'] }),
        prefixed: boolean('Values are `{PREFIX}code`, from every `<list>_<PREFIX>` file.'),
        size: { type: 'integer', minimum: 0, description: 'How many choices the list has.' },
        where: object({ type: string('The part holding the diploma type.'), sector: string('The part holding the disciplinary sector.') }, [], { description: 'Inside a composite: the parts whose values filter the choices (`type=`, `sector=`).' }),
      },
      ['list', 'prefixed', 'size'],
      { description: 'A long nomenclature, searched as one types instead of listed (`choices` is then empty).' },
    ),
    UiNomenclatureChoice: object(
      {
        value: string('The stored value: `{PREFIX}code` or the code.', { examples: ['{SISE}1000267'] }),
        label: string('As FusionDirectory shows it: 50 characters at most, then `…`.'),
        fullLabel: string('The whole label, when `label` is cut.'),
        type: string('Diplomas: the SISE diploma type.', { examples: ['{SISE}CB'] }),
        sector: string('Diplomas: the disciplinary sector.', { examples: ['{SISE}06'] }),
      },
      ['value', 'label'],
    ),
    UiChoicesAnswer: object(
      {
        choices: { type: 'array', items: schemaRef('UiNomenclatureChoice'), description: 'Best first: the exact code, codes and labels starting with the text, then the others, each group by label.' },
        total: { type: 'integer', minimum: 0, description: 'How many choices match in all.' },
      },
      ['choices', 'total'],
    ),
    UiPickAnswer: object({ items: { type: 'array', items: object({ dn: string(), type: string(), name: string(), description: string() }, ['dn', 'type', 'name']) } }, ['items']),
    UiObjectTabView: object(
      {
        id: string(),
        active: boolean(),
        canToggle: boolean('Whether the user may switch the tab on or off.'),
        values: { type: 'object', description: 'Values in their JSON form, by attribute (multi-valued ones are arrays, images base64). Unreadable ones are absent; passwords are empty.' },
        rights: { type: 'object', additionalProperties: { type: 'string', enum: ['r', 'rw'] }, description: 'Per attribute; absent when not even readable.' },
      },
      ['id', 'active', 'canToggle', 'values', 'rights'],
    ),
    UiObjectView: object(
      {
        type: string(),
        dn: { type: ['string', 'null'], description: 'null for an object not created yet.' },
        etag: { type: ['string', 'null'], description: 'The version opened: give it back with the save.' },
        name: string(),
        base: string('The department the object lives in.'),
        template: boolean(),
        tabs: { type: 'array', items: schemaRef('UiObjectTabView') },
        canDelete: boolean(),
        canMove: boolean(),
        canCopy: boolean('Whether the user may copy it (create an object of its type in its department).'),
      },
      ['type', 'dn', 'etag', 'name', 'base', 'template', 'tabs', 'canDelete', 'canMove', 'canCopy'],
      { description: 'An object as the editor shows it: every tab with its values and the user’s rights.' },
    ),
    UiTabChange: object({ active: boolean(), values: { type: 'object', description: 'New values by attribute (only the changed ones need be sent; an empty password means unchanged).' } }, ['active']),
    UiSaveRequest: object(
      {
        etag: string('The `etag` of the opened object: required to save an existing object.'),
        base: string('Create in this department (creation only; to move an object, change its `base` attribute).'),
        template: string('Create from this template (DN): its asked fields take the values given.'),
        copyOf: string('Create a copy of this object (DN, of the same type, readable by the user): the server copies its values (not its password, ids allocated per object, personal identifiers, nor what the user may not read), then applies `tabs`. Not with `template`.'),
        asTemplate: boolean('Create a template of the type (not available yet: 501).'),
        tabs: { type: 'object', additionalProperties: schemaRef('UiTabChange'), description: 'Tab id → its change.' },
      },
      ['tabs'],
    ),
    UiSaveAnswer: object({ dn: string('The DN after the save.'), etag: { type: ['string', 'null'] } }, ['dn', 'etag']),
    UiReferencesAnswer: object(
      {
        references: {
          type: 'array',
          items: object(
            {
              dn: string(),
              type: string(),
              name: string(),
              fields: { type: 'array', items: object({ tab: string(), attribute: string(), label: string() }, ['tab', 'attribute', 'label']) },
            },
            ['dn', 'name', 'fields'],
          ),
        },
      },
      ['references'],
    ),
    UiTemplateFieldsAnswer: object({ fields: { type: 'object', additionalProperties: strings(), description: 'Tab → attributes whose value the template takes from the answers.' } }, ['fields']),
    UiBulkRequest: object(
      {
        action: { type: 'string', enum: ['delete', 'lock', 'unlock', 'applyTemplate'], description: '`lock` and `unlock` apply to users; `applyTemplate` applies `template` to each object.' },
        objects: { type: 'array', minItems: 1, maxItems: 1000, items: object({ type: string(), dn: string() }, ['type', 'dn']) },
        template: string('For `applyTemplate` (required): the template’s DN; its fields are expanded over each object’s own values.'),
      },
      ['action', 'objects'],
    ),
    UiBulkAnswer: object(
      { results: { type: 'array', items: object({ dn: string(), ok: boolean(), error: schemaRef('UiError') }, ['dn', 'ok']), description: 'One result per object, in order.' } },
      ['results'],
    ),
    UiPasswordChangeRequest: object({ current: string('The current password.', { format: 'password', minLength: 1 }), password: string('The new password.', { format: 'password', minLength: 1 }) }, [
      'current',
      'password',
    ]),
    UiRecoveryAvailability: object(
      { directories: { type: 'array', items: object({ name: string(), available: boolean('Recovery is activated in its configuration and a mail server is set.') }, ['name', 'available']) } },
      ['directories'],
      { examples: [{ directories: [{ name: 'default', available: true }] }] },
    ),
    UiRecoveryRequest: object({ directory: string('The default directory when absent.'), email: string('The address the account uses.', { minLength: 1, maxLength: 254 }) }, ['email']),
    // ---- the task dashboard and the mail-template preview (tasksApi.ts, tasksContract.ts) ----
    UiTaskCounts: object({ total: { type: 'integer', minimum: 0 }, scheduled: { type: 'integer', minimum: 0 }, running: { type: 'integer', minimum: 0 }, completed: { type: 'integer', minimum: 0 }, failed: { type: 'integer', minimum: 0 } }, ['total', 'scheduled', 'running', 'completed', 'failed']),
    UiTaskDashboard: object(
      {
        timezone: string('The directory’s `fdTimezone`: schedules are wall-clock times there.', { examples: ['Europe/Paris'] }),
        base: string('The tasks branch (`fdTasksRDN`, base).'),
        tasks: {
          type: 'array',
          description: 'The main tasks (`fdTasks`), by name; with `master` only that one, with `type` only those of that type.',
          items: object(
            {
              dn: string(),
              name: string('cn.'),
              typeClass: string('The objectClass of its type tab, e.g. `fdTasksMail`.'),
              typeLabel: string('The type tab’s label in the request’s language.'),
              subTaskType: string('The `fdTasksGranularType` of its sub-tasks, e.g. `Mail Object`.'),
              schedule: string('`YYYY-MM-DD hh:mm:ss` (`fdTasksScheduleDate`), empty when not scheduled.'),
              created: string('`fdTasksCreationDate` as stored.'),
              lastRun: string('`fdTasksLastExec` as stored (when its sub-tasks were last generated).'),
              repeatable: boolean(),
              cycle: string('`fdTasksRepeatableSchedule` of a repeatable task.', { examples: ['Daily'] }),
              counts: schemaRef('UiTaskCounts'),
            },
            ['dn', 'name', 'typeLabel', 'schedule', 'created', 'lastRun', 'repeatable', 'counts'],
          ),
        },
        subTasks: {
          type: 'array',
          description: 'One page of sub-tasks (`fdTasksGranular`), in directory order.',
          items: object(
            {
              dn: string(),
              cn: string(),
              master: string('`fdTasksGranularMaster`.'),
              masterName: string('The cn of the main task’s DN.'),
              type: string('`fdTasksGranularType`.', { examples: ['Mail Object'] }),
              recipient: string('`fdTasksGranularMail`, else `fdTasksGranularDN`.'),
              recipientIsDn: boolean('`recipient` is the DN of an entry.'),
              schedule: string('`YYYY-MM-DD hh:mm:ss` (`fdTasksGranularSchedule`).'),
              status: string(undefined, { enum: ['scheduled', 'running', 'completed', 'failed'] }),
              statusText: string('The stored status: `1`, `2`, `claimed <owner> until <unix time>` or the error text of a failure.'),
            },
            ['dn', 'cn', 'master', 'masterName', 'type', 'recipient', 'recipientIsDn', 'schedule', 'status', 'statusText'],
          ),
        },
        next: string('The `cursor` of the next page; absent on the last one.'),
        counts: object(
          {
            total: { type: 'integer', minimum: 0 },
            scheduled: { type: 'integer', minimum: 0 },
            running: { type: 'integer', minimum: 0 },
            completed: { type: 'integer', minimum: 0 },
            failed: { type: 'integer', minimum: 0 },
            byType: { type: 'object', additionalProperties: schemaRef('UiTaskCounts'), description: 'By `fdTasksGranularType`.' },
          },
          ['total', 'scheduled', 'running', 'completed', 'failed', 'byType'],
          { description: 'Sub-tasks per status (of `master` when given, else all), and per type; the status and type filters do not change them.' },
        ),
        matching: { type: 'integer', minimum: 0, description: 'Sub-tasks matching the filters, over every page.' },
      },
      ['timezone', 'base', 'tasks', 'subTasks', 'counts', 'matching'],
    ),
    UiAuditEvent: object(
      {
        dn: string(),
        time: string('ISO 8601, UTC, with microseconds (from `fdAuditDateTime`); empty when unreadable.'),
        dateTime: string('`fdAuditDateTime` as stored.', { examples: ['20250224150800.123456Z'] }),
        action: string('`fdAuditAction`: modify, create, remove, copy, snapshot, security, error.'),
        author: string('`fdAuditAuthorDN`: the author’s DN, else his address, else `unknown`.'),
        authorIp: string('`fdAuditAuthorIP`.'),
        objectType: string('`fdAuditObjectType`, e.g. `plugin/user`, `login`, `account`.'),
        object: string('`fdAuditObject` (`none` when none).'),
        attributes: strings('Attribute names (creations, removals, modifications written before FusionDirectory 1.5); the changed attributes of a JSON modification.'),
        changes: { type: 'object', additionalProperties: strings(), description: 'New values by attribute, when the event holds FusionDirectory 1.5’s JSON of a modification (hidden values read `Value not stored by policy`).' },
        result: string('`fdAuditResult`.'),
        id: string('`fdAuditId`.'),
      },
      ['dn', 'time', 'dateTime', 'action', 'author', 'authorIp', 'objectType', 'object', 'attributes', 'result'],
    ),
    UiAuditPage: object({ events: { type: 'array', items: schemaRef('UiAuditEvent'), description: 'Newest first.' }, next: string('The `cursor` of the next (older) page; absent on the last one.') }, ['events']),
    UiAuditSecurity: object({ events: { type: 'array', items: schemaRef('UiAuditEvent'), description: 'Newest first, at most 100.' } }, ['events']),
    UiSnapshotInfo: object(
      {
        dn: string('The snapshot entry’s DN (`gosaSnapshotTimestamp=…` below fdSnapshotBase).'),
        objectDn: string('The object’s DN (gosaSnapshotDN).'),
        type: string('Type id (from fdSnapshotObjectType, e.g. `USER` → `user`); empty when unknown.'),
        createdAt: string('ISO 8601, from gosaSnapshotTimestamp.', { format: 'date-time' }),
        description: string(),
        source: string('fdSnapshotDataSource (`FD` by default).'),
      },
      ['dn', 'objectDn', 'type', 'createdAt', 'description', 'source'],
    ),
    UiSnapshotList: object(
      {
        enabled: boolean('fdEnableSnapshots is TRUE and fdSnapshotBase is set.'),
        canCreate: boolean('`c` on `<category>/SnapshotHandler`.'),
        canDelete: boolean('`d` on `<category>/SnapshotHandler`.'),
        canRestore: boolean('`w` on `restore_over` or `restore_deleted`.'),
        sources: strings('fdSnapshotSourceData: the sources a snapshot may be given.'),
        snapshots: { type: 'array', items: schemaRef('UiSnapshotInfo'), description: 'Newest first.' },
      },
      ['enabled', 'canCreate', 'canDelete', 'canRestore', 'sources', 'snapshots'],
    ),
    UiSnapshotCreateRequest: object({ type: string('Type id.'), dn: string('The object’s DN.'), description: string('Required.'), source: string('One of `sources`; default `FD`.') }, ['type', 'dn', 'description']),
    UiSnapshotRestoreRequest: object({ type: string('Type id.'), snapshot: string('The snapshot’s DN.') }, ['type', 'snapshot']),
    UiSnapshotRestoreAnswer: object({ dn: string('The restored object’s DN.'), etag: { type: ['string', 'null'], description: 'Its entryCSN now.' } }, ['dn', 'etag']),
    UiDeletedSnapshots: object({ snapshots: { type: 'array', items: schemaRef('UiSnapshotInfo'), description: 'Newest first, at most 500.' } }, ['snapshots']),
    UiTaskRunRequest: object({ master: string('The main task’s DN.') }, ['master']),
    UiTaskRenewRequest: object(
      { dns: { ...strings('Sub-tasks to set back to scheduled (at most 1 000).'), minItems: 1, maxItems: 1000 }, master: string('Instead of `dns`: every failed sub-task of this main task.') },
      [],
      { description: 'Either `dns` or `master`.' },
    ),
    UiTaskRemoveCompletedRequest: object({ master: string('Only the completed sub-tasks of this main task.') }, []),
    UiTaskActionAnswer: object(
      {
        done: { type: 'integer', minimum: 0, description: 'Sub-tasks processed (run), renewed or removed.' },
        failed: { type: 'integer', minimum: 0, description: 'Sub-tasks that failed in the run.' },
        notBefore: string('Run now sent nothing because the mail interval (`fdTasksConfIntervalEmails`) since the last mail run has not passed: when it will have.', { format: 'date-time' }),
      },
      ['done'],
    ),
    UiMailPreviewRequest: object(
      {
        template: object(
          { subject: string(), body: string(), signature: string(), readReceipt: boolean() },
          ['subject', 'body'],
          { description: 'The template’s values as the editor holds them (unsaved).' },
        ),
        dn: string('Instead of `template`: a saved mail template.'),
        user: string('The user whose entry fills the `{{attribute}}` placeholders.'),
      },
      ['user'],
    ),
    UiMailPreviewAnswer: object(
      {
        subject: string(),
        text: string('The body, a blank line and the signature, as mailed (plain text).'),
        missing: strings('Placeholders the user’s entry has no value for (left empty).'),
        readReceipt: boolean(),
        attachments: strings('File names of the saved template’s attachments.'),
      },
      ['subject', 'text', 'missing', 'readReceipt', 'attachments'],
    ),
    UiRecoveryRequestAnswer: object({ message: string('Always the same text.', { examples: ['If an account uses this address, a message has been sent to it.'] }) }, ['message']),
    UiRecoveryCheckRequest: object({ directory: string(), login: string('The `login` of the link.', { minLength: 1 }), token: string('The `uniq` of the link.', { minLength: 1 }) }, ['login', 'token']),
    UiRecoveryCheckAnswer: object({ valid: boolean('The link can still set a password.') }, ['valid']),
    // Second factors (secondFactorApi.ts, docs/second-factors.md).
    UiSecondFactorProof: object(
      {
        method: string('How the second factor is proven.', { enum: ['totp', 'recovery', 'webauthn'] }),
        code: string('The TOTP code or a recovery code (totp, recovery).', { maxLength: 64 }),
        response: { type: 'object', description: 'The `PublicKeyCredential` of `navigator.credentials.get`, as JSON (webauthn).' },
      },
      ['method'],
    ),
    UiEmptyObject: { type: 'object', description: 'An empty JSON object.' },
    UiWebauthnSignInOptions: object({ options: { type: 'object', description: 'The options of `navigator.credentials.get` (JSON form).' } }, ['options']),
    UiSecondFactorList: object(
      {
        totp: { type: 'array', items: object({ id: string(), created: string('`Y-m-d`.'), issuer: string(), label: string() }, ['id', 'created', 'issuer', 'label']) },
        webauthn: {
          type: 'array',
          items: object({ id: string('The credential id (base64url).'), created: string(), rpId: string(), counter: { type: 'integer' }, name: string(), issuer: string('Attestation certificate issuer.'), subject: string('Attestation certificate subject.') }, ['id', 'rpId', 'counter']),
        },
        recoveryCodes: object({ remaining: { type: 'integer', minimum: 0 }, created: string() }, ['remaining']),
        requiredBy: strings('The DNs of the roles, groups or departments (trousseau.yaml `secondFactor.requiredFor`) that require the user to keep a TOTP application or a security key; absent when none does.'),
      },
      ['totp', 'webauthn', 'recoveryCodes'],
    ),
    UiNewTotpAnswer: object({ secret: string('Base32 secret, to type by hand.'), uri: string('The `otpauth://totp/…` URI.'), qrCode: string('The QR code of `uri`, an SVG `data:` URL.'), ticket: string('Give it back with the first code.') }, ['secret', 'uri', 'qrCode', 'ticket']),
    UiTotpEnrolRequest: object({ ticket: string(), code: string('A current code of the application.') }, ['ticket', 'code']),
    UiWebauthnOptionsAnswer: object({ options: { type: 'object', description: 'The options of `navigator.credentials.create` (JSON form).' }, ticket: string('Give it back with the answer.') }, ['options', 'ticket']),
    UiWebauthnEnrolRequest: object({ ticket: string(), response: { type: 'object', description: 'The `PublicKeyCredential` of `navigator.credentials.create`, as JSON.' }, name: string('A name for the key.', { maxLength: 64 }) }, ['ticket', 'response']),
    UiRecoveryCodesAnswer: object({ codes: strings('The new codes: shown once, each usable once.') }, ['codes']),
    UiProlongationLinkAnswer: object(
      { valid: boolean('The link can still prolong an account.'), task: string('The reminder task’s name (only when valid).') },
      ['valid'],
      { examples: [{ valid: true, task: 'reminder-2026' }, { valid: false }] },
    ),
    UiProlongationRequest: object(
      {
        directory: string('The default directory when absent.'),
        token: string('The `token` of the link.', { minLength: 1 }),
        task: string('The `task` of the link.', { minLength: 1 }),
        login: string('The user’s login, as `method` says.', { minLength: 1, maxLength: 256 }),
        method: { type: 'string', enum: ['uid', 'mail', 'EPPN', 'supannAlias'], description: 'How the login is given: uid, mail address, eduPersonPrincipalName or supannAliasLogin.' },
      },
      ['token', 'task', 'login', 'method'],
    ),
    UiProlongationAnswer: object(
      {
        task: string('The reminder task’s name.'),
        endDate: string('The new end date of the account’s SupAnn state (YYYY-MM-DD), when the task prolongs one.', { format: 'date' }),
        posixEndDate: string('The new Posix expiry (shadowExpire) as a date, when the task prolongs it.', { format: 'date' }),
      },
      ['task'],
      { examples: [{ task: 'reminder-2026', endDate: '2027-11-26' }] },
    ),
    UiRecoveryResetRequest: object(
      {
        directory: string(),
        login: string('The `login` of the link.', { minLength: 1 }),
        token: string('The `uniq` of the link.', { minLength: 1 }),
        password1: string('The new password.', { format: 'password', minLength: 1 }),
        password2: string('The new password again.', { format: 'password' }),
        email: string('The `email_address` of the link: the confirmation goes there when it is the user’s.'),
      },
      ['login', 'token', 'password1', 'password2'],
    ),
  };
}

// ---- parameters and responses ----

function parameters(registry: Registry): Record<string, Parameter> {
  const types = registry.allTypes().map((t) => t.id);
  const lists = registry.managements().map((m) => m.id);
  return {
    UiType: { name: 'type', in: 'path', required: true, description: 'An object type installed on this server (case-insensitive).', schema: { type: 'string', enum: types } },
    UiDn: { name: 'dn', in: 'path', required: true, description: 'The object’s DN, URL-encoded as one path element.', schema: { type: 'string' }, example: 'uid=jsmith,ou=people,dc=example,dc=com' },
    UiListId: { name: 'id', in: 'path', required: true, description: 'A management list of the installed plugins (case-insensitive).', schema: { type: 'string', enum: lists } },
    UiCsrfToken: {
      name: CSRF_HEADER,
      in: 'header',
      required: true,
      description: 'The `csrf` of the session answer. Without it (or with another one) the request is refused with 403 `acl.denied`.',
      schema: { type: 'string' },
    },
    UiAcceptLanguage: {
      name: 'Accept-Language',
      in: 'header',
      description: 'The language of labels: the first of `fr…` or `en…`; English otherwise.',
      schema: { type: 'string' },
      example: 'fr-FR,fr;q=0.9',
    },
  };
}

/** The query of `rows` and `export.csv` (`rowsQueryOf` in uiApi.ts). */
function listQuery(paging: boolean): Parameter[] {
  return [
    query('base', 'The department to list (a DN inside the directory); the directory base by default.'),
    query('scope', '`one`: the objects of the department itself (in their type branches); `sub`: also those of the departments below.', { type: 'string', enum: ['one', 'sub'], default: 'one' }),
    query('types', 'Comma-separated type ids to show; all the list’s types by default.', { type: 'string' }, { example: 'user' }),
    query('templates', '`1`: list the templates of the types too, before the objects.', { type: 'string', enum: ['0', '1'] }),
    query('q', 'Search-as-you-type text (case and accents ignored), or a raw LDAP filter in parentheses naming only attributes of the listed types.', { type: 'string' }, { example: 'mart' }),
    query('tabs', 'Comma-separated tab ids the objects must have active ("has tab" filters).', { type: 'string' }, { example: 'posixAccount' }),
    query(
      'filters',
      'The filters of the list definition, each its own query parameter: `f.<attribute>=<value>` (repeat it for several values, ORed), `from.<attribute>=YYYY-MM-DD` and `to.<attribute>=YYYY-MM-DD` (inclusive).',
      {
        type: 'object',
        propertyNames: { pattern: '^(f|from|to)\\..+$' },
        additionalProperties: { type: 'string' },
      },
      { style: 'form', explode: true, example: { 'f.gosaGroupObjects': 'U', 'from.shadowExpire': '2026-01-01' } },
    ),
    query('sort', 'The attribute to sort on (one of the listed types); the name attribute by default.', { type: 'string' }, { example: 'sn' }),
    query('desc', '`1`: descending order.', { type: 'string', enum: ['0', '1'] }),
    ...(paging
      ? [
          query('offset', 'Rows to skip.', { type: 'integer', minimum: 0, default: 0 }),
          query('limit', 'Rows in the page.', { type: 'integer', minimum: 1, maximum: 500, default: 100 }),
        ]
      : []),
    query(
      'cols',
      'The columns to fill instead of those in force: a JSON list of `UiListColumn`.',
      { type: 'string', contentMediaType: 'application/json', contentSchema: { type: 'array', items: schemaRef('UiListColumn') } },
      { example: '[{"kind":"LinkColumn","attributes":"sn"}]' },
    ),
    query('dn', 'Only these objects (repeatable), e.g. to export a selection.', { type: 'array', items: { type: 'string' } }, { style: 'form', explode: true }),
  ];
}

function responses(): Record<string, Response> {
  const error = (description: string, schema = 'UiError'): Response => ({ description, content: { 'application/json': { schema: schemaRef(schema) } } });
  return {
    UiBadRequest: error('`value.invalid`: a malformed request or value (`attribute` names the field or query parameter; after a save, `details` lists every problem); `lock.taken`: someone else is editing the object.'),
    UiUnauthorized: error('`auth.required`: no valid session (signed out, expired, or another browser); `auth.failed`: sign-in refused.'),
    UiForbidden: error(`\`acl.denied\`: the signed-in user lacks the right, or the request lacks the session’s \`${CSRF_HEADER}\` header; \`auth.password_change_required\` / \`auth.second_factor_required\`: the session may only change the expired password / enrol a required second factor.`),
    UiNotFound: error('`object.not_found`: no such type, list, tab or object.'),
    UiConflict: error('`entry.conflict`: the object changed since it was opened; nothing was written.', 'UiConflictError'),
    UiNotImplemented: error('`feature.unavailable`: not available in this version.'),
    UiUnexpectedError: error('`directory.unreachable` or `directory.credentials` (503): the directory does not answer; `internal` (500): a bug, see the server log.'),
  };
}

// ---- operations ----

/** The filters of the audit search and of its CSV export. */
function auditFilters(): Parameter[] {
  return [
    query('from', 'Events at or after this time (ISO 8601; a day alone is its start).'),
    query('to', 'Events at or before this time (a day alone is its end).'),
    query('action', '`fdAuditAction`.', { type: 'string', enum: ['modify', 'create', 'remove', 'copy', 'snapshot', 'security', 'error'] }),
    query('type', 'Object type (`fdAuditObjectType`, exact), e.g. `plugin/user`, `login`.'),
    query('author', 'Author DN or address (exact).'),
    query('object', 'Object DN or login (exact).'),
  ];
}

/** Removing one's TOTP application or security key: refused for the last one when a second factor is required. */
const REMOVE_FACTOR: OperationOptions = {
  description: 'Refused (400 `value.invalid`) for the last TOTP application or security key of a user a second-factor requirement applies to.',
  errors: ['400', '404'],
};

function paths(): Record<string, PathItem> {
  const type = parameterRef('UiType');
  const dn = parameterRef('UiDn');
  const list = parameterRef('UiListId');
  return {
    '/api/directories': at({
      get: operation('get', 'uiListDirectories', 'The directories one may sign in to', ok('Directory names, the default first.', 'UiDirectoriesAnswer'), { session: 'none' }),
    }),
    '/api/session': at({
      post: operation('post', 'uiSignIn', 'Sign in', ok('The session.', 'UiSessionInfo', { headers: SET_SESSION_COOKIE }), {
        description: `Opens a session: the answer sets the \`${SESSION_COOKIE}\` cookie and gives the session’s anti-CSRF token (\`csrf\`). Edit locks the user held are released. When the user has a second factor, the answer is instead 401 \`auth.required\` with \`details.secondFactor.methods\` and a pending sign-in cookie: complete it with \`POST /api/session/second-factor\`.`,
        requestBody: body('The credentials.', 'UiSignInRequest', { username: 'fd-admin', password: 'password' }),
        session: 'none', labels: true, errors: ['400', '401'],
      }),
      get: operation('get', 'uiGetSession', 'The current session', ok('The session, renewed.', 'UiSessionInfo', { headers: SET_SESSION_COOKIE }), {
        description: 'The signed-in user, the anti-CSRF token and the menu; 401 `auth.required` when signed out.',
        labels: true,
      }),
      delete: operation('delete', 'uiSignOut', 'Sign out', done('Signed out.'), {
        description: `Ends the session (the \`${CSRF_HEADER}\` header is required when there is one) and clears the cookie. Without a valid session, just clears the cookie.`,
        session: 'optional',
      }),
    }),
    '/api/types/{type}': at({
      parameters: [type],
      get: operation('get', 'uiDescribeType', 'Describe a type for its forms', ok('The type’s tabs, sections and attributes.', 'UiTypeDescription'), { labels: true, errors: ['404'] }),
    }),
    '/api/lists/{id}': at({
      parameters: [list],
      get: operation('get', 'uiGetList', 'Describe a management list', ok('Its types, filters, columns and actions.', 'UiListDefinition'), { labels: true, errors: ['404'] }),
    }),
    '/api/lists/{id}/rows': at({
      parameters: [list],
      get: operation('get', 'uiListRows', 'One page of a list', ok('The page and the total.', 'UiListRowsAnswer'), {
        description: 'The objects the user may read, paged by `offset` and `limit`, with the values of the columns in force (or `cols`).',
        parameters: listQuery(true),
        errors: ['400', '404'],
      }),
    }),
    '/api/lists/{id}/export.csv': at({
      parameters: [list],
      get: operation('get', 'uiExportListCsv', 'Every row of a list query as CSV', csvFile('<list id>.csv'), {
        description: 'The same query as `rows` without paging. Columns: `dn`, `type`, then the value columns of `cols` or of those in force (labels in the request’s language), several values joined by `|`. UTF-8 with a byte-order mark, CRLF lines; cells that look like formulas are prefixed with `\'`.',
        parameters: listQuery(false),
        labels: true, errors: ['400', '404'],
      }),
    }),
    '/api/lists/{id}/columns': at({
      parameters: [list],
      put: operation('put', 'uiSaveListColumns', 'Store the columns of a list', ok('The list definition with the new columns.', 'UiListDefinition'), {
        description: "For the user, or as everyone's default (`global`, which needs the right to write the configuration's `fdManagementConfig`). Stored as FusionDirectory stores them.",
        requestBody: body('The columns and where to store them.', 'UiColumnsRequest', { scope: 'user', columns: [{ kind: 'LinkColumn', attributes: 'sn', label: 'Last name' }] }),
        labels: true, errors: ['400', '403', '404'],
      }),
      delete: operation('delete', 'uiResetListColumns', 'Forget the stored columns of a list', ok('The list definition with the columns now in force.', 'UiListDefinition'), {
        parameters: [query('scope', 'Which configuration to forget.', { type: 'string', enum: ['user', 'global'], default: 'user' })],
        labels: true, errors: ['400', '403', '404'],
      }),
    }),
    '/api/departments': at({
      get: operation('get', 'uiListDepartments', 'The department tree', ok('The departments.', 'UiDepartmentsAnswer'), {
        description: 'Departments for the base picker, each with its parent. With `list`, FusionDirectory\'s "module departments": those where the user has some right on the list\'s categories, and those above them; without, those whose entry he may read.',
        parameters: [query('list', 'A management list id (`users`…).')],
      }),
    }),
    '/api/pick': at({
      get: operation('get', 'uiPickObjects', 'Objects for a DN picker', ok('The objects found, by name.', 'UiPickAnswer'), {
        parameters: [
          requiredQuery('types', 'Comma-separated type ids to pick from.', undefined, { example: 'user,ogroup' }),
          query('q', 'Search-as-you-type text.'),
          query('limit', 'At most this many objects (out-of-range values are brought into range).', { type: 'integer', minimum: 1, maximum: 100, default: 20 }),
        ],
        errors: ['400'],
      }),
    }),
    '/api/choices': at({
      get: operation('get', 'uiSearchChoices', 'Search a nomenclature as one types', ok('The choices found and how many match.', 'UiChoicesAnswer'), {
        description: 'The choices of a value list in FusionDirectory’s files (docs/nomenclatures.md) whose code or label holds every word of `q`, case and accents ignored, best first; or, with `value`, the choices of those values (the labels of current values). A list no file provides has no choices.',
        parameters: [
          requiredQuery('list', 'The nomenclature: the file name before `_`.', { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9.-]*$' }, { example: 'diplome' }),
          query('prefixed', '`1`: `{PREFIX}code` values from every `<list>_<PREFIX>` file; `0`: the codes of the file named `<list>`.', { type: 'string', enum: ['0', '1'], default: '0' }),
          query('q', 'Search-as-you-type text.'),
          query('limit', 'At most this many choices.', { type: 'integer', minimum: 1, maximum: 200, default: 20 }),
          query('type', 'Diplomas of this SISE type only (`CB` or `{SISE}CB`).'),
          query('sector', 'Diplomas of this disciplinary sector only (`06` or `{SISE}06`).'),
          query('value', 'Values whose choices to give instead of searching (repeatable, at most 200).', { type: 'array', items: { type: 'string' } }, { style: 'form', explode: true }),
        ],
        errors: ['400'],
      }),
    }),
    '/api/objects/{type}': at({
      parameters: [type],
      get: operation('get', 'uiNewObject', 'A new object for the editor', ok('The new object.', 'UiObjectView'), {
        description: 'The editor’s view of an object not created yet, with its default values, or with `copyOf` the values of a copy of an existing object (`dn` null).',
        parameters: [
          requiredQuery('new', 'Must be `1`.', { type: 'string', const: '1' }),
          query('base', 'The department to create it in; the user’s default one otherwise (the source’s one for a copy).'),
          query('copyOf', 'A copy of this object (DN of an object of the type the user may read); not with `template`.'),
          query('asTemplate', '`1`: a new template (not available yet: 501).', { type: 'string', enum: ['0', '1'] }),
        ],
        errors: ['400', '403', '404', '501'],
      }),
      post: operation('post', 'uiCreateObject', 'Create an object', { '201': answer('Created.', 'UiSaveAnswer') }, {
        description: 'The tabs given are switched on or off and take their values, in one LDAP write. With `template`, the template’s asked fields take the values given. With `copyOf`, the object is a copy of that one with the changes given (audited as action `copy`: type `copy` on the source, `paste` on the new object).',
        requestBody: body('The new object.', 'UiSaveRequest', { base: 'ou=people,dc=example,dc=com', tabs: { user: { active: true, values: { uid: 'jsmith', sn: 'Smith', givenName: 'John' } } } }),
        errors: ['400', '403', '404', '501'],
      }),
    }),
    '/api/objects/{type}/{dn}': at({
      parameters: [type, dn],
      get: operation('get', 'uiOpenObject', 'Open an object in the editor', ok('The object, with its version in `etag`.', 'UiObjectView'), { errors: ['400', '403', '404'] }),
      put: operation('put', 'uiSaveObject', 'Save an object', ok('Saved (the DN changes when the object was renamed or moved).', 'UiSaveAnswer'), {
        description: 'Changes of several tabs in one LDAP write, under the edit lock. `etag` is required: when the object changed since it was opened, the answer is 409 with the current object and nothing is written.',
        requestBody: body('The changes and the version they were made on.', 'UiSaveRequest', { etag: '20260101120000.000000Z#000000#000#000000', tabs: { user: { active: true, values: { title: 'Engineer' } } } }),
        errors: ['400', '403', '404', '409'],
      }),
      delete: operation('delete', 'uiDeleteObject', 'Delete an object', done('Deleted.'), { description: 'The object and everything below it; references to it in other objects are removed.', errors: ['400', '403', '404'] }),
    }),
    '/api/objects/{type}/{dn}/references': at({
      parameters: [type, dn],
      get: operation('get', 'uiListReferences', 'Objects that refer to an object', ok('The referring objects and their fields.', 'UiReferencesAnswer'), {
        description: 'What deleting or renaming it would change.',
        labels: true, errors: ['400', '403', '404'],
      }),
    }),
    '/api/templates/{type}/fields': at({
      parameters: [type],
      get: operation('get', 'uiGetTemplateFields', 'What creating from a template asks', ok('The asked fields, by tab.', 'UiTemplateFieldsAnswer'), {
        parameters: [requiredQuery('template', 'The template’s DN.')],
        errors: ['400', '403', '404'],
      }),
    }),
    '/api/bulk': at({
      post: operation('post', 'uiBulkAction', 'Act on several objects', ok('One result per object.', 'UiBulkAnswer'), {
        description: 'Deletes, locks, unlocks or applies a template to each object in turn (at most 1 000), each under its edit lock; the answer reports each one, with its error.',
        requestBody: body('The action and the objects.', 'UiBulkRequest', { action: 'lock', objects: [{ type: 'user', dn: 'uid=jsmith,ou=people,dc=example,dc=com' }] }),
        errors: ['400'],
      }),
    }),
    '/api/acl/objects': at({
      get: operation('get', 'uiAclCatalogue', 'What ACL roles can grant', ok('The categories and their objects.', 'UiAclCatalogue'), {
        description: 'Every ACL category, object (`<category>/<tab class>`) and attribute ACL name of the installed plugins: the roles editor.',
        labels: true,
      }),
    }),
    '/api/acl/explain': at({
      get: operation('get', 'uiAclExplain', 'What can this user do here', ok('The rights and the rules.', 'UiAclExplanation'), {
        description: 'The rights of a user at a DN on every ACL object of the entry’s types, and each ACL assignment on the DN or above it with whether it applies to him there, or why not. Asking about another user needs some right on ACL assignments.',
        parameters: [
          query('user', 'The user’s DN; the signed-in user by default.'),
          requiredQuery('dn', 'The entry.'),
        ],
        labels: true, errors: ['400', '403', '404'],
      }),
    }),
    '/api/supann/structures': at({
      get: operation('get', 'uiSupannStructures', 'The organisation chart of SupAnn structures', ok('The structures, their links and problems.', 'UiStructuresAnswer'), {
        description: 'Every SupAnn structure (entities and establishments) whose entry the signed-in user may read, the parent links between them (supannCodeEntiteParent), the number of users assigned to each (supannEntiteAffectation, counting the users he may read), and the problems: cycles of parents, parent codes no structure has, codes several entries have. Read in one search of the structures and one of the assigned users. 501 without the supann plugin.',
        errors: ['501'],
      }),
    }),
    '/api/supann/check': at({
      get: operation('get', 'uiSupannCheck', 'Check every SupAnn entry', { '200': { description: 'The progress events, then the report.', content: { 'application/x-ndjson': { schema: { type: 'string' } } } } }, {
        description: 'Streams, as NDJSON (one JSON object per line), the progress of the SupAnn check — `{"type":"progress","progress":{"phase","done","total"}}`, phases `structures`, `people`, `groups`, `references` — then `{"type":"report","report":{…}}`: entries checked, and the rules broken with their severity, count and first offending entries (or `{"type":"error","error":{code,message}}` if the check stops). It reads through the service account, so it needs `r` on users at the base. 501 without the supann plugin.',
        errors: ['403', '501'],
      }),
    }),
    '/api/supann/check.csv': at({
      get: operation('get', 'uiSupannCheckCsv', 'Every finding of the SupAnn check as CSV', csvFile('supann-check.csv'), {
        description: 'Columns `rule`, `severity`, `dn`, `attribute`, `message`, one row per finding, CRLF lines; cells that look like formulas are prefixed with `\'`.',
        errors: ['403', '501'],
      }),
    }),
    '/api/tasks/dashboard': at({
      get: operation('get', 'uiTaskDashboard', 'The task dashboard', ok('Tasks, sub-tasks and counts.', 'UiTaskDashboard'), {
        description: 'The main tasks of the tasks branch, one page of their sub-tasks and the number of sub-tasks per status (`1` scheduled, `2` completed, `claimed …` running, any other text failed) and per type. The counts come from one search of every sub-task reading three attributes, shared by the requests of the next seconds; a page reads its sub-tasks up to its last one. Needs `r` on tasks at the tasks branch.',
        parameters: [
          query('type', 'Sub-tasks (and main tasks) of this `fdTasksGranularType` only.', { type: 'string', enum: ['Mail Object', 'Life Cycle', 'Notifications', 'Reminder', 'Audit'] }),
          query('status', 'Sub-tasks of this status only.', { type: 'string', enum: ['scheduled', 'running', 'completed', 'failed'] }),
          query('master', 'The sub-tasks (and the counts) of this main task only.'),
          query('limit', 'Sub-tasks in the page.', { type: 'integer', minimum: 1, maximum: 200, default: 50 }),
          query('cursor', 'The `next` of the previous page.'),
        ],
        labels: true, errors: ['400', '403'],
      }),
    }),
    '/api/snapshots': at({
      get: operation('get', 'uiListSnapshots', 'The snapshots of an object', ok('The snapshots and what the user may do with them.', 'UiSnapshotList'), {
        description: 'One-level search of the object’s snapshot container (`<parent without the base>,<fdSnapshotBase>`) for `gosaSnapshotDN=<dn>`. Needs `r` on `<category>/SnapshotHandler`. While snapshots are disabled: `enabled: false` and no snapshot.',
        parameters: [requiredQuery('type', 'Type id.'), requiredQuery('dn', 'The object’s DN.')],
        errors: ['400', '403', '404'],
      }),
      post: operation('post', 'uiCreateSnapshot', 'Take a snapshot of an object', { '201': answer('Taken.', 'UiSnapshotInfo') }, {
        description: 'Stores the zlib of the object’s subtree (sub-departments excluded) as `ldapsearch -LLL` prints it, as FusionDirectory does; then retention applies. Needs `c` on `<category>/SnapshotHandler`. Audited as action `snapshot`, type `create`.',
        requestBody: body('The object, a description and optionally a source.', 'UiSnapshotCreateRequest', { type: 'user', dn: 'uid=jsmith,ou=people,dc=example,dc=com', description: 'Before the move' }),
        errors: ['400', '403', '404', '501'],
      }),
    }),
    '/api/snapshots/restore': at({
      post: operation('post', 'uiRestoreSnapshot', 'Restore a snapshot', ok('Restored.', 'UiSnapshotRestoreAnswer'), {
        description: 'Missing entries are added, existing ones get the snapshot’s attributes and lose the user attributes it lacks; children not in the snapshot are left alone. Needs `w` on `restore_over` (the object exists) or `restore_deleted` (it does not). Audited as action `snapshot`, type `restore`.',
        requestBody: body('The snapshot to restore.', 'UiSnapshotRestoreRequest', { type: 'user', snapshot: 'gosaSnapshotTimestamp=1700000000-012345600,ou=people,ou=snapshots,dc=example,dc=com' }),
        errors: ['400', '403', '404', '501'],
      }),
    }),
    '/api/snapshots/deleted': at({
      get: operation('get', 'uiDeletedSnapshots', 'Snapshots of deleted objects', ok('The snapshots.', 'UiDeletedSnapshots'), {
        description: 'Snapshots of objects of the type below the department’s snapshot container whose object no longer exists, newest first, at most 500; only those the user may list (`r` on `<category>/SnapshotHandler`).',
        parameters: [requiredQuery('type', 'Type id.'), query('base', 'The department’s DN (default: the base).')],
        errors: ['400', '404'],
      }),
    }),
    '/api/snapshots/{dn}': at({
      parameters: [pathParameter('dn', 'The snapshot’s DN, URL-encoded.')],
      delete: operation('delete', 'uiDeleteSnapshot', 'Delete a snapshot', done('Deleted.'), {
        description: 'Needs `d` on `<category>/SnapshotHandler`. Audited as action `snapshot`, type `delete`.',
        parameters: [requiredQuery('type', 'Type id.')],
        errors: ['400', '403', '404', '501'],
      }),
    }),
    '/api/audit': at({
      get: operation('get', 'uiAuditSearch', 'Search the audit trail', ok('The page.', 'UiAuditPage'), {
        description: 'One page of audit events (`fdAuditEvent`), newest first, filtered on the server (values escaped). The page is read by walking back in time windows of `fdAuditDateTime` (range filters), never the whole branch. Needs `r` on audit events (category `auditEvent`) at the audit branch; 501 without the audit plugin.',
        parameters: [
          ...auditFilters(),
          query('limit', 'Events in the page.', { type: 'integer', minimum: 1, maximum: 500, default: 50 }),
          query('cursor', 'The `next` of the previous page.'),
        ],
        errors: ['400', '403', '501'],
      }),
    }),
    '/api/audit.csv': at({
      get: operation('get', 'uiAuditCsv', 'Every matching audit event as CSV', csvFile('audit.csv'), {
        description: 'Streamed, newest first, the same filters as the search. Columns `time`, `action`, `author`, `authorIp`, `objectType`, `object`, `attributes` (names, or the JSON of new values), `result`, `dn`; CRLF lines; cells that look like formulas are prefixed with `\'`.',
        parameters: auditFilters(),
        errors: ['400', '403', '501'],
      }),
    }),
    '/api/audit/event': at({
      get: operation('get', 'uiAuditEvent', 'One audit event', ok('The event.', 'UiAuditEvent'), {
        description: 'The event with its changes decoded (FusionDirectory 1.5’s JSON of new values, or the attribute names of older events).',
        parameters: [requiredQuery('dn', 'The event’s DN (in the audit branch).')],
        errors: ['400', '403', '404', '501'],
      }),
    }),
    '/api/audit/security': at({
      get: operation('get', 'uiAuditSecurity', 'The Security tab of a user', ok('The events.', 'UiAuditSecurity'), {
        description: 'Security events about the user (sign-ins, sign-outs, failed sign-ins, lock and unlock: object his DN or login, or he the author) and modifications of his password or second factors (`userPassword`, `fdTOTPTokens`, `fdWebauthnRegistrations`, `fdWebauthnRecoveryCode`), in FusionDirectory 1.5’s JSON format and the older one. One’s own, or anyone’s with `r` on audit events.',
        parameters: [requiredQuery('dn', 'The user’s DN.')],
        errors: ['400', '403', '404', '501'],
      }),
    }),
    '/api/tasks/run': at({
      post: operation('post', 'uiRunTask', 'Run a task now', ok('What the run did.', 'UiTaskActionAnswer'), {
        description: 'Processes the scheduled sub-tasks of the main task at once, whatever their schedule, as the worker would (mails sent, statuses written). Needs `w` on tasks. 501 when no task engine runs for the directory.',
        requestBody: body('The main task.', 'UiTaskRunRequest', { master: 'cn=Newsletter,ou=tasks,dc=example,dc=org' }),
        errors: ['400', '404', '501'],
      }),
    }),
    '/api/tasks/renew': at({
      post: operation('post', 'uiRenewSubTasks', 'Renew failed sub-tasks', ok('How many were renewed.', 'UiTaskActionAnswer'), {
        description: 'Sets the status of the sub-tasks given (or of every failed sub-task of a main task) back to `1`, FusionDirectory’s "Renew"; sub-tasks a worker holds are left alone. Needs `w` on tasks.',
        requestBody: body('The sub-tasks, or their main task.', 'UiTaskRenewRequest', { dns: ['cn=Newsletter-SubTask-1706541342_1234,ou=tasks,dc=example,dc=org'] }),
        errors: ['400', '404', '501'],
      }),
    }),
    '/api/tasks/remove-completed': at({
      post: operation('post', 'uiRemoveCompletedSubTasks', 'Remove completed sub-tasks', ok('How many were removed.', 'UiTaskActionAnswer'), {
        description: 'Deletes the completed sub-tasks (status `2`), of one main task or all. Needs `w` on tasks.',
        requestBody: body('Optionally, the main task.', 'UiTaskRemoveCompletedRequest', {}),
        errors: ['400', '501'],
      }),
    }),
    '/api/mailTemplates/preview': at({
      post: operation('post', 'uiPreviewMailTemplate', 'Preview a mail template for a user', ok('The rendered mail.', 'UiMailPreviewAnswer'), {
        description: 'The subject and text a mail task would send to the user, placeholders `{{attribute}}` filled from the user’s entry, and those it has no value for. Needs `r` on the user (and on the template when given by DN).',
        requestBody: body('The template and the user.', 'UiMailPreviewRequest', { template: { subject: 'Welcome {{givenName}}', body: 'Hello {{cn}},', signature: '-- IT' }, user: 'uid=jsmith,ou=people,dc=example,dc=org' }),
        errors: ['400', '404'],
      }),
    }),
    '/api/account/password': at({
      post: operation('post', 'uiChangePassword', 'Change one’s own password', done('Changed.'), {
        description: 'The current password is checked first; the new one follows the password rules (errors name `current` or `password`).',
        requestBody: body('The current and the new password.', 'UiPasswordChangeRequest'),
        errors: ['400', '403'],
      }),
    }),
    '/api/session/second-factor': at({
      post: operation('post', 'uiSignInSecondFactor', 'Complete a sign-in with a second factor', ok('The session.', 'UiSessionInfo', { headers: SET_SESSION_COOKIE }), {
        description: 'When `POST /api/session` answers 401 `auth.required` with `details.secondFactor.methods`, it also sets a pending sign-in cookie (5 minutes, HttpOnly, SameSite=Strict, path `/ui/api/session`). This call proves one factor: a TOTP code (accepted once), a recovery code (deleted once used) or a WebAuthn assertion (after `…/webauthn-options`), and opens the session. Wrong codes slow the account down. JSON bodies only.',
        requestBody: body('The factor.', 'UiSecondFactorProof', { method: 'totp', code: '123456' }),
        session: 'none', labels: true, errors: ['400', '401'],
      }),
    }),
    '/api/session/second-factor/webauthn-options': at({
      post: operation('post', 'uiSignInWebauthnOptions', 'Security-key options of a pending sign-in', ok('The options.', 'UiWebauthnSignInOptions'), {
        description: 'The options for `navigator.credentials.get`, naming the user’s keys; the challenge is kept in the pending sign-in cookie. JSON bodies only (`{}`).',
        requestBody: body('Nothing.', 'UiEmptyObject', {}),
        session: 'none', errors: ['400', '401'],
      }),
    }),
    '/api/account/second-factors': at({
      get: operation('get', 'uiListMySecondFactors', 'One’s second factors', ok('The factors.', 'UiSecondFactorList'), { description: 'TOTP applications, security keys and the number of unused recovery codes; never a secret.' }),
    }),
    '/api/account/second-factors/totp/new': at({
      post: operation('post', 'uiNewTotp', 'Start adding a TOTP application', ok('The secret to show.', 'UiNewTotpAnswer'), {
        description: 'A new secret (label = uid, issuer = host; digest, period and digits from the configuration), its QR code, and a ticket. Nothing is saved yet.',
      }),
    }),
    '/api/account/second-factors/totp': at({
      post: operation('post', 'uiAddTotp', 'Add a TOTP application', ok('The factors.', 'UiSecondFactorList'), {
        description: 'Saves the secret of the ticket in `fdTOTPTokens` once a current code proves the application has it (else 400, `attribute` `code`).',
        requestBody: body('The ticket and a code.', 'UiTotpEnrolRequest'),
        errors: ['400'],
      }),
    }),
    '/api/account/second-factors/totp/{id}': at({
      parameters: [pathParameter('id', 'The `id` of the list.')],
      delete: operation('delete', 'uiRemoveTotp', 'Remove a TOTP application', done('Removed.'), REMOVE_FACTOR),
    }),
    '/api/account/second-factors/recovery-codes': at({
      post: operation('post', 'uiNewRecoveryCodes', 'New recovery codes', ok('The codes.', 'UiRecoveryCodesAnswer'), {
        description: 'Replaces the recovery codes by 8 new ones, shown this once; only their bcrypt hashes are stored (`fdWebauthnRecoveryCode`).',
      }),
      delete: operation('delete', 'uiRemoveRecoveryCodes', 'Remove the recovery codes', done('Removed.')),
    }),
    '/api/account/second-factors/webauthn/options': at({
      post: operation('post', 'uiWebauthnRegistrationOptions', 'Start registering a security key or passkey', ok('The options.', 'UiWebauthnOptionsAnswer'), {
        description: 'The options for `navigator.credentials.create` (relying party = the host name) and a ticket holding the challenge.',
      }),
    }),
    '/api/account/second-factors/webauthn': at({
      post: operation('post', 'uiAddWebauthn', 'Register a security key or passkey', ok('The factors.', 'UiSecondFactorList'), {
        description: 'Checks the authenticator’s answer (attestation format allowed by `fdWebauthnFormats`) and stores it in `fdWebauthnRegistrations` as FusionDirectory does.',
        requestBody: body('The ticket and the answer.', 'UiWebauthnEnrolRequest'),
        errors: ['400'],
      }),
    }),
    '/api/account/second-factors/webauthn/{id}': at({
      parameters: [pathParameter('id', 'The `id` of the list (credential id, base64url).')],
      delete: operation('delete', 'uiRemoveWebauthn', 'Remove a security key', done('Removed.'), REMOVE_FACTOR),
    }),
    '/api/second-factors/users/{dn}': at({
      parameters: [dn],
      get: operation('get', 'uiListUserSecondFactors', 'A user’s second factors', ok('The factors.', 'UiSecondFactorList'), { description: 'Needs `r` on the user’s WebAuthn tab (`user/webauthnAccount`).', errors: ['400', '403', '404'] }),
      delete: operation('delete', 'uiRemoveUserSecondFactors', 'Remove every second factor of a user', done('Removed.'), {
        description: 'For a user who lost his device. Needs `w` on the user’s WebAuthn tab (`user/webauthnAccount`).',
        errors: ['400', '404'],
      }),
    }),
    '/api/recovery': at({
      get: operation('get', 'uiRecoveryAvailability', 'Where password recovery by mail is offered', ok('Each directory.', 'UiRecoveryAvailability'), {
        description: 'For each directory, whether "Forgot your password?" works there: recovery activated in its configuration (`fdPasswordRecoveryActivated`) and a mail server configured (`smtp`).',
        session: 'none',
      }),
    }),
    '/api/recovery/request': at({
      post: operation('post', 'uiRequestRecoveryMail', 'Mail a password recovery link', { '202': answer('Taken into account.', 'UiRecoveryRequestAnswer') }, {
        description: 'When exactly one unlocked account uses the address (its `mail`, and as configured its alternate, private or SupAnn addresses), a link to `/recovery?uniq=…&login=…&email_address=…` is mailed to it. The answer is the same, and immediate, whatever the address: unknown, shared, locked, over the limits (3 requests per address and 10 per client per 15 minutes) or not. JSON bodies only. 501 when recovery is off or no mail server is configured.',
        requestBody: body('The address.', 'UiRecoveryRequest', { email: 'jsmith@example.org' }),
        session: 'none', errors: ['400', '501'],
      }),
    }),
    '/api/recovery/check': at({
      post: operation('post', 'uiCheckRecoveryLink', 'Whether a recovery link is still good', ok('Valid or not.', 'UiRecoveryCheckAnswer'), {
        description: 'Says only whether the token is the one stored for the login and has not expired. Wrong tokens count against the client (10 per 15 minutes, then 400).',
        requestBody: body('The link’s login and token.', 'UiRecoveryCheckRequest'),
        session: 'none', errors: ['400'],
      }),
    }),
    '/api/prolongation': at({
      get: operation('get', 'uiCheckProlongationLink', 'Whether an account prolongation link is still good', ok('Valid or not.', 'UiProlongationLinkAnswer'), {
        description: 'The link of a reminder mail (`/prolongation?token=…&task=…`): valid when some account holds this token, not expired, and the task is a reminder task offering prolongation. Answers the task’s name only. Wrong links count against the client (10 per 15 minutes, then 400). 501 when prolongation is not set up on the server.',
        parameters: [
          requiredQuery('token', 'The `token` of the link.'),
          requiredQuery('task', 'The `task` of the link.'),
          query('directory', 'The default directory when absent.'),
        ],
        session: 'none', errors: ['400', '501'],
      }),
      post: operation('post', 'uiProlongAccount', 'Prolong one’s account with a reminder link', ok('Prolonged.', 'UiProlongationAnswer'), {
        description: 'The token must be the one stored for the user the login designates, not expired, and the task a reminder task with prolongation; otherwise 400 with one message for every case (`attribute` `token`), and the attempt counts against the client. The account’s SupAnn state (`fdTasksReminderNextResource`…) and/or Posix expiry move forward by `fdTasksReminderSupannNewEndDate` days, the password lock follows the `{COMPTE}` state, and the link is spent. JSON bodies only.',
        requestBody: body('The link and the login.', 'UiProlongationRequest', { token: 'q0ZcTn3kAb', task: 'reminder-2026', login: 'jdupont', method: 'uid' }),
        session: 'none', errors: ['400', '501'],
      }),
    }),
    '/api/recovery/reset': at({
      post: operation('post', 'uiResetPassword', 'Set a new password with a recovery link', done('Changed.'), {
        description: 'The token must be valid (else 400 with `attribute` `token`); the password rules apply (errors name `userPassword`). The link is then spent, and a confirmation is mailed.',
        requestBody: body('The link and the new password twice.', 'UiRecoveryResetRequest'),
        session: 'none', errors: ['400'],
      }),
    }),
  };
}

function tag(): Tag {
  return {
    name: UI_TAG,
    description: [
      `The API of Trousseau's web interface, at \`/ui/api/…\` (each path here has its own server, \`/ui\`). It runs the same services and access checks as REST v1, with shapes made for the interface.`,
      '',
      `- **Session:** \`POST /api/session\` sets the cookie \`${SESSION_COOKIE}\` (HttpOnly, SameSite=Strict, Secure over HTTPS); every signed-in answer renews it. No \`Session-Token\` header, no HTTP Basic.`,
      `- **CSRF:** every POST, PUT and DELETE of a signed-in session sends the \`${CSRF_HEADER}\` header with the \`csrf\` value of the session answer; otherwise 403 \`acl.denied\`.`,
      '- **Language:** labels follow `Accept-Language` (`fr` or `en`, English by default).',
      '- **Errors:** one JSON object `{code, message, dn?, tab?, attribute?, details?}` (`UiError`), not an array; a stale save (409 `entry.conflict`) gives the current object in `details.current`.',
      '- Answers are not cached (`Cache-Control: no-store`).',
    ].join('\n'),
  };
}

/**
 * The web interface's API, to merge into the OpenAPI document.
 * @example const ui = uiPaths(registry); Object.assign(doc.paths, ui.paths);
 */
export function uiPaths(registry: Registry): UiApiDescription {
  return {
    tag: tag(),
    paths: paths(),
    schemas: schemas(),
    parameters: parameters(registry),
    responses: responses(),
    securitySchemes: {
      [UI_SESSION_SCHEME]: {
        type: 'apiKey',
        in: 'cookie',
        name: SESSION_COOKIE,
        description: `The web interface's session cookie, set by \`POST /ui/api/session\`; writes also need the \`${CSRF_HEADER}\` header.`,
      },
    },
  };
}
