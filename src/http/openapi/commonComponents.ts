// The components every path shares: FusionDirectory's schema and parameter names (fd-rest-v1-openapi.yaml) with
// Trousseau's precise shapes, the error bodies of fd-core.md §9.5/§10.7, paging and If-Match, the two security schemes.
import type { Registry } from '../../model/Registry.ts';
import type { Components, Header, Parameter, Response } from './OpenApiDocument.ts';

/** The response header carrying the next page of a list (set by `src/http/rest-v1/objectEndpoints.ts`). */
export const NEXT_CURSOR_HEADER = 'X-Next-Cursor';

/** The largest `limit` a list accepts (`src/services/objects/ObjectService.ts`). */
export const MAX_LIST_LIMIT = 1000;

/** Values of `attrs[<attribute>]` (fd-core.md §10.5). */
export const ATTR_MODES = ['1', '*', 'raw', 'b64'];

const ref = (kind: keyof Components, name: string) => ({ $ref: `#/components/${kind}/${name}` });
export const schemaRefOf = (name: string) => ref('schemas', name);
export const parameterRef = (name: string) => ref('parameters', name);
export const headerRef = (name: string) => ref('headers', name);
export const responseRef = (name: string) => ref('responses', name);

const errorsContent = { 'application/json': { schema: schemaRefOf('Errors') } };

/** Error responses by status, named in components.responses. */
export const ERROR_RESPONSES: Record<string, string> = {
  '400': 'BadRequest',
  '401': 'Unauthorized',
  '403': 'Forbidden',
  '404': 'NotFound',
  '405': 'MethodNotAllowed',
  '409': 'Conflict',
  '412': 'PreconditionFailed',
  '501': 'NotImplemented',
  '503': 'Unavailable',
};

function schemas(): Components['schemas'] {
  const stringOrList = { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };
  return {
    AnyThing: { description: 'Any JSON value. An attribute value is a string, a number, a boolean or an array, depending on its kind; the typed paths say which.' },
    Object: { type: 'object', additionalProperties: { anyOf: [...stringOrList.anyOf, { type: 'object' }] } },
    SearchResult: {
      type: 'object',
      description:
        'Objects found, keyed by DN. Without an `attrs` map each value is the first value of the main attribute (or of the single `attrs` attribute); ' +
        'with a map, an object holding the requested attributes the caller may read, in the requested mode (`1`: a string, `*` and `b64`: an array, `raw`: `{"count": n, "0": …}`). ' +
        'Types without a main attribute give `{"dn": "<dn>"}`.',
      additionalProperties: {
        anyOf: [
          { type: 'string' },
          {
            type: 'object',
            additionalProperties: { anyOf: [...stringOrList.anyOf, { type: 'object', properties: { count: { type: 'integer' } }, additionalProperties: { type: 'string' } }] },
          },
        ],
      },
      examples: [{ 'uid=jsmith,ou=people,dc=example,dc=com': { sn: 'Smith', title: ['Engineer'] } }],
    },
    Type: {
      type: 'object',
      description: 'An object type as GET /types/{type} describes it (fd-core.md §10.4).',
      required: ['name', 'mainAttr', 'mainTab', 'aclCategory', 'filter', 'tabs'],
      properties: {
        name: { type: 'string', examples: ['Role'] },
        description: { type: 'string', examples: ['Organizational role'] },
        mainAttr: { type: ['string', 'boolean'], description: 'The naming attribute, or `false` when the type has none.', examples: ['cn'] },
        nameAttr: { type: ['string', 'boolean'], examples: ['cn'] },
        icon: { type: 'string' },
        ou: { type: ['string', 'null'], description: 'The branch between the department and the objects, with a trailing comma.', examples: ['ou=roles,'] },
        mainTab: { type: 'string', examples: ['roleGeneric'] },
        templateActive: { type: 'boolean' },
        snapshotActive: { type: 'boolean' },
        aclCategory: { type: 'string', examples: ['role'] },
        filter: { type: 'string', examples: ['(&(objectClass=organizationalRole)(!(objectClass=simpleSecurityObject)))'] },
        management: { type: 'string', examples: ['groupManagement'] },
        filterRDN: { type: 'string', examples: ['(ou:dn:=roles)'] },
        tabs: { type: 'array', items: schemaRefOf('TabDef') },
      },
    },
    TypeList: { type: 'object', description: 'Every object type: upper-case id → display name.', additionalProperties: { type: 'string' }, examples: [{ USER: 'User', OGROUP: 'Group' }] },
    TabDef: { type: 'object', required: ['class', 'name'], properties: { class: { type: 'string' }, name: { type: 'string' } } },
    TabInfo: {
      type: 'object',
      properties: {
        sections: { type: 'object', additionalProperties: schemaRefOf('SectionInfo') },
        sections_order: { type: 'array', items: { type: 'string' } },
      },
    },
    SectionInfo: { type: 'object', properties: { name: { type: 'string' }, attrs: { type: 'array', items: { type: 'string' } } } },
    TabState: { type: 'object', required: ['class', 'name', 'active'], properties: { class: { type: 'string' }, name: { type: 'string' }, active: { type: 'boolean' } } },
    TabStateList: { type: 'array', items: schemaRefOf('TabState') },
    TemplateFields: {
      type: 'object',
      description: 'The fields a template asks for, by tab.',
      additionalProperties: { type: 'array', items: { type: 'string' } },
      examples: [{ user: ['sn', 'givenName', 'base', 'uid'] }],
    },
    TabValues: { type: 'object', description: "A tab's values by attribute name; the typed paths give each tab's attributes.", additionalProperties: schemaRefOf('AnyThing') },
    ObjectChanges: { type: 'object', description: 'Values grouped by tab: `{"<tab>": {"<attribute>": <value>}}`.', additionalProperties: schemaRefOf('TabValues') },
    ObjectCreationRequest: {
      type: 'object',
      required: ['attrs'],
      properties: {
        attrs: { ...schemaRefOf('ObjectChanges'), description: 'The values of the object to create, grouped by tab.' },
        template: { type: 'string', description: 'The DN of a template to create the object from.' },
      },
    },
    LoginRequest: {
      type: 'object',
      required: ['user', 'password'],
      properties: {
        directory: { type: 'string', description: 'The directory to sign in to (see /directories); the first one by default.' },
        user: { type: 'string', description: 'The login.' },
        password: { type: 'string', format: 'password' },
      },
    },
    Directories: { type: 'object', description: 'The directories one may sign in to: name → name.', additionalProperties: { type: 'string' }, examples: [{ default: 'default' }] },
    RecoveryRequest: {
      type: 'object',
      required: ['login', 'token', 'password1', 'password2'],
      properties: { login: { type: 'string' }, token: { type: 'string' }, password1: { type: 'string', format: 'password' }, password2: { type: 'string', format: 'password' } },
    },
    RecoveryResponse: { type: 'object', properties: { token: { type: 'string' }, login: { type: 'string' } } },
    Error: {
      type: 'object',
      description:
        "One error, as FusionDirectory serialises it (`class`, `message`, and `dn`/`tab`/`attribute` where they apply) plus Trousseau's stable `code` (docs/errors.md). " +
        'Other fields may appear: `reason` (the check that failed), `type` (unknown type), `author` (holder of an edit lock).',
      required: ['class', 'message'],
      properties: {
        class: { type: 'string', description: "FusionDirectory's error class.", examples: ['SimplePluginCheckError'] },
        message: { type: 'string' },
        code: { type: 'string', description: 'Stable error code.', examples: ['value.invalid', 'acl.denied', 'object.not_found', 'entry.conflict', 'lock.taken'] },
        dn: { type: 'string', description: 'The object, `new` for one being created.' },
        tab: { type: 'string' },
        attribute: { type: 'string' },
        reason: { type: 'string', description: 'The failed check of a value (`value.required`, `value.pattern`…).' },
        author: { type: 'string', description: 'The DN holding the edit lock.' },
        type: { type: 'string' },
      },
      additionalProperties: true,
    },
    Errors: {
      type: 'array',
      description: 'Every error body is an array of error objects (a 401 answers a JSON string).',
      items: schemaRefOf('Error'),
      examples: [[{ class: 'SimplePluginCheckError', message: 'The required field "Last name" is empty!', code: 'value.invalid', dn: 'new', tab: 'user', attribute: 'sn', reason: 'value.required' }]],
    },
    AuthError: { type: 'string', description: 'Why the request is not authenticated.', examples: ['Authentication required'] },
  };
}

function parameters(registry: Registry): Record<string, Parameter> {
  const types = registry.allTypes().map((t) => t.id);
  const tabs = registry.allTabs().map((t) => t.id);
  return {
    type: {
      name: 'type',
      in: 'path',
      required: true,
      description: 'An object type installed on this server (case-insensitive: `USER` is `user`).',
      schema: { type: 'string', enum: types },
      ...(types.length ? { example: types.includes('user') ? 'user' : types[0] } : {}),
    },
    dn: {
      name: 'dn',
      in: 'path',
      required: true,
      description: 'The DN of an existing object, URL-encoded as one path element (a `/` in it as `%2F`).',
      schema: { type: 'string' },
      example: 'uid=jsmith,ou=people,dc=example,dc=com',
    },
    tab: {
      name: 'tab',
      in: 'path',
      required: true,
      description: "A tab of the type (its class name, case-insensitive); the type's typed paths list its own tabs.",
      schema: { type: 'string', enum: tabs },
      ...(tabs.length ? { example: tabs.includes('user') ? 'user' : tabs[0] } : {}),
    },
    attribute: { name: 'attribute', in: 'path', required: true, description: 'An attribute of the tab (its LDAP name).', schema: { type: 'string' }, example: 'sn' },
    base: { name: 'base', in: 'query', description: 'The search base DN (by default the directory base); a base that does not exist gives `{}`.', schema: { type: 'string' }, example: 'dc=example,dc=com' },
    filter: {
      name: 'filter',
      in: 'query',
      description: "An LDAP filter ANDed with the type's filter; it may only name attributes of the type's tabs (and `objectClass`, `dn`).",
      schema: { type: 'string' },
      example: '(cn=a*)',
    },
    scope: {
      name: 'scope',
      in: 'query',
      description: 'The search scope below `base`. With `one`, give the type branch itself as base (e.g. `ou=people,dc=example,dc=com`).',
      schema: { type: 'string', enum: ['base', 'one', 'subtree'], default: 'subtree' },
    },
    attrs: {
      name: 'attrs',
      in: 'query',
      description:
        'The attributes to return. A map `attrs[<attribute>]=<mode>` with mode `1` (first value, a string; the default for other modes), `*` (every value, an array), ' +
        '`raw` (the LDAP structure, `{"count": n, "0": …}`; the DN string for `dn`) or `b64` (an array of base64 values, for binary attributes); ' +
        'or one attribute name `attrs=<attribute>`, which answers DN → its first value. Without it, the main attribute.',
      style: 'deepObject',
      explode: true,
      schema: {
        oneOf: [
          { type: 'object', additionalProperties: { type: 'string', enum: ATTR_MODES } },
          { type: 'string', description: 'One attribute name.' },
        ],
      },
      example: { sn: '1', title: '*' },
    },
    templates: {
      name: 'templates',
      in: 'query',
      description: 'Search the templates of the type instead of its objects. Any non-empty value other than `0` means yes — `false` too, as in FusionDirectory: leave it out for objects.',
      schema: { type: 'string' },
      example: '1',
    },
    limit: {
      name: 'limit',
      in: 'query',
      description: `Trousseau addition: at most this many objects; when there are more, the \`${NEXT_CURSOR_HEADER}\` response header gives the \`cursor\` of the next page. Without \`limit\` nor \`sort\`, every object.`,
      schema: { type: 'integer', minimum: 1, maximum: MAX_LIST_LIMIT },
      example: 50,
    },
    cursor: {
      name: 'cursor',
      in: 'query',
      description: `Trousseau addition: the next page, as the \`${NEXT_CURSOR_HEADER}\` header of the previous one gave it (pass it unchanged, with the same other parameters).`,
      schema: { type: 'string' },
    },
    sort: {
      name: 'sort',
      in: 'query',
      description: 'Trousseau addition: sort keys, comma-separated attribute names of the type, each optionally prefixed by `-` for descending order. A sorted list is paged (see `limit`).',
      schema: { type: 'string', pattern: '^[+-]?[A-Za-z][\\w;-]*(,[+-]?[A-Za-z][\\w;-]*)*$' },
      example: 'sn,-givenName',
    },
    ifMatch: {
      name: 'If-Match',
      in: 'header',
      description: 'Trousseau addition: make the write conditional on the version read earlier (its `ETag`), or `*`. When the entry changed since, the answer is 412 and nothing is changed.',
      schema: { type: 'string' },
      example: '"20260101120000.000000Z#000000#000#000000"',
    },
  };
}

function headers(): Record<string, Header> {
  return {
    ETag: { description: "Trousseau addition: the version of the entry (its `entryCSN`, quoted). Send it back in `If-Match` to make a write conditional.", schema: { type: 'string' } },
    [NEXT_CURSOR_HEADER]: { description: 'Trousseau addition: the `cursor` of the next page; absent on the last page.', schema: { type: 'string' } },
    'WWW-Authenticate': { description: '`Basic realm="FusionDirectory"`.', schema: { type: 'string' } },
    'X-Error-Code': { description: 'The stable error code (`auth.required`, `auth.failed`).', schema: { type: 'string' } },
  };
}

function responses(): Record<string, Response> {
  const errors = (description: string): Response => ({ description, content: errorsContent });
  return {
    Saved: {
      description: 'The DN of the object after the save (a new one when the change renamed or moved it).',
      headers: { ETag: headerRef('ETag') },
      content: { 'application/json': { schema: { type: 'string' } } },
    },
    BadRequest: errors('Invalid request or values, inactive tab, or an edit lock held by someone else; each error names the `dn`, `tab` and `attribute` concerned.'),
    Unauthorized: {
      description: 'Not authenticated: no valid `Session-Token` nor HTTP Basic credentials, or a failed sign-in. The body is a JSON string.',
      headers: { 'WWW-Authenticate': headerRef('WWW-Authenticate'), 'X-Error-Code': headerRef('X-Error-Code') },
      content: { 'application/json': { schema: schemaRefOf('AuthError') } },
    },
    Forbidden: errors('The signed-in user lacks the right.'),
    NotFound: errors('No such object (`class` `fdRestService`, as FusionDirectory), tab or attribute.'),
    MethodNotAllowed: errors('No such endpoint for this method and number of path elements.'),
    Conflict: errors('The entry changed while it was being saved: read it again and redo the change.'),
    PreconditionFailed: errors('Trousseau addition: `If-Match` names another version of the entry than the current one; nothing was changed.'),
    NotImplemented: errors('The feature needs a plugin that is not installed, or is not available in this version.'),
    Unavailable: errors('The directory does not answer; try again shortly.'),
    UnexpectedError: errors('Unexpected error.'),
  };
}

/**
 * The shared components; the generated per-type schemas are added by the document builder.
 * @example commonComponents(registry).parameters.type.schema // { type: 'string', enum: ['user', 'ogroup', …] }
 */
export function commonComponents(registry: Registry): Components {
  return {
    schemas: schemas(),
    parameters: parameters(registry),
    headers: headers(),
    responses: responses(),
    securitySchemes: {
      session: {
        type: 'apiKey',
        in: 'header',
        name: 'Session-Token',
        description: 'The token `POST /login` answers. Every answer to a signed-in request carries a renewed token in its own `Session-Token` header.',
      },
      basic: { type: 'http', scheme: 'basic', description: 'Sign in for one request with HTTP Basic credentials (`GET /token` then gives a session token).' },
    },
  };
}
