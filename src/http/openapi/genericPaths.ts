// FusionDirectory's REST v1 paths (fd-core.md §10.3), type-agnostic as in its own document. Operation ids, tags and
// summaries are FusionDirectory's, so that tools keyed on them (Dredd hooks name transactions by summary) keep working.
import { NEXT_CURSOR_HEADER, headerRef, parameterRef } from './commonComponents.ts';
import { ERRORS, dnResponse, jsonBody, jsonResponse, noContent, responses, schemaRefOf } from './operationParts.ts';
import type { PathItem } from './OpenApiDocument.ts';

/** FusionDirectory's tags, with what they hold. */
export const GENERIC_TAGS = [
  { name: 'authentification', description: 'Sign in and out (FusionDirectory spells the tag this way).' },
  { name: 'objects', description: 'List, get, create, modify and delete objects of any type (the type-specific tags have the same operations with typed bodies).' },
  { name: 'attributes', description: "Read and write a tab's or an attribute's values." },
  { name: 'multivaluated', description: 'Add and remove values of multi-valued attributes.' },
  { name: 'types', description: 'The object types and their tabs.' },
  { name: 'recovery', description: 'Password recovery.' },
  { name: 'documentation', description: 'This document.' },
];

const p = parameterRef;
const noAuth: Array<Record<string, string[]>> = [];

/** The type-agnostic paths, keyed by path. */
export function genericPaths(): Record<string, PathItem> {
  return {
    '/login': {
      post: {
        operationId: 'login',
        summary: 'Login to the API',
        description:
          'Sign in and get a session token, to send in the `Session-Token` header. The parameters may also be given in the query string, and any HTTP method is accepted, as in FusionDirectory.',
        tags: ['authentification'],
        security: noAuth,
        requestBody: { required: false, content: { 'application/json': { schema: schemaRefOf('LoginRequest'), example: { user: 'fd-admin', password: 'password' } } } },
        responses: responses({ '200': jsonResponse('The session token.', { type: 'string' }) }, ['400', '401', '503']),
      },
    },
    '/directories': {
      get: {
        operationId: 'listDirectories',
        summary: 'List possible values for directory parameter for login action',
        tags: ['authentification'],
        security: noAuth,
        responses: responses({ '200': jsonResponse('The directories one may sign in to.', schemaRefOf('Directories')) }, []),
      },
    },
    '/logout': {
      post: {
        operationId: 'logout',
        summary: 'End the currently opened session',
        description: 'Every token of the session stops working.',
        tags: ['authentification'],
        responses: responses({ '204': noContent('Signed out.') }, ['401', '503']),
      },
    },
    '/token': {
      get: {
        operationId: 'getToken',
        summary: 'Get session token for current session',
        description: 'Useful after signing in with HTTP Basic credentials.',
        tags: ['authentification'],
        responses: responses({ '200': jsonResponse('The session token.', { type: 'string' }) }, ['401', '503']),
      },
    },
    '/types': {
      get: {
        operationId: 'listTypes',
        summary: 'List all types',
        tags: ['types'],
        responses: responses({ '200': jsonResponse('Every object type.', schemaRefOf('TypeList')) }, ['401', '503']),
      },
    },
    '/types/{type}': {
      parameters: [p('type')],
      get: {
        operationId: 'getTypeInfo',
        summary: 'Get informations on a type',
        tags: ['types'],
        responses: responses({ '200': jsonResponse('The type.', schemaRefOf('Type')) }, ['400', '401', '503']),
      },
    },
    '/types/{type}/{tab}': {
      parameters: [p('type'), p('tab')],
      get: {
        operationId: 'getTabInfo',
        summary: 'Get informations on a tab',
        description: 'The sections of the tab for a new object, each with the attributes the caller may read.',
        tags: ['types'],
        responses: responses({ '200': jsonResponse('The sections of the tab.', schemaRefOf('TabInfo')) }, ['400', '401', '404', '503']),
      },
    },
    '/objects/{type}': {
      parameters: [p('type')],
      get: {
        operationId: 'listObjects',
        summary: 'Search objects of specific type',
        description: 'Objects the caller may read, keyed by DN. `limit`, `cursor` and `sort` are Trousseau additions; FusionDirectory clients that do not send them get every object, as before.',
        tags: ['objects'],
        parameters: [p('base'), p('filter'), p('attrs'), p('scope'), p('templates'), p('limit'), p('cursor'), p('sort')],
        responses: responses(
          { '200': jsonResponse('The objects found.', schemaRefOf('SearchResult'), { headers: { [NEXT_CURSOR_HEADER]: headerRef(NEXT_CURSOR_HEADER) } }) },
          ['400', '401', '403', '503'],
        ),
      },
      post: {
        operationId: 'createObject',
        summary: 'Create an object of specific type',
        description: 'Values are given by tab; the tabs given are activated. `POST /objects/<type>` has the typed body of each type.',
        tags: ['objects'],
        requestBody: jsonBody('The values of the new object, grouped by tab, and optionally a template.', schemaRefOf('ObjectCreationRequest'), {
          attrs: { user: { givenName: 'John', sn: 'Smith', uid: 'jsmith' } },
        }),
        responses: responses({ '201': jsonResponse('The DN of the new object.', { type: 'string' }, { etag: true }) }, ['400', '401', '403', '404', '409', '503']),
      },
    },
    '/objects/{type}/{dn}': {
      parameters: [p('type'), p('dn')],
      get: {
        operationId: 'listObjectTabs',
        summary: 'List tabs of the object, with name and status',
        tags: ['objects'],
        responses: responses({ '200': jsonResponse('The tabs of the object.', schemaRefOf('TabStateList'), { etag: true }) }, ERRORS.read),
      },
      patch: {
        operationId: 'modifyObject',
        summary: 'Set the object attributes',
        description: 'Only the attributes given change; an inactive tab given is activated. `{}` saves the object unchanged (recomputing its derived values).',
        tags: ['objects'],
        parameters: [p('ifMatch')],
        requestBody: jsonBody('The new values, grouped by tab.', schemaRefOf('ObjectChanges'), { user: { givenName: 'John' } }),
        responses: responses({ '200': dnResponse() }, ERRORS.write),
      },
      delete: {
        operationId: 'deleteObject',
        summary: 'Delete the object',
        description: 'The object and everything below it; references to it in other objects are removed.',
        tags: ['objects'],
        parameters: [p('ifMatch')],
        responses: responses({ '204': noContent('Deleted.') }, ['400', '401', '403', '404', '412', '503']),
      },
    },
    '/objects/{type}/{dn}/templatefields': {
      parameters: [p('type'), p('dn')],
      get: {
        operationId: 'getTemplateFields',
        summary: 'List fields asked to use a specific template',
        description: 'The `dn` is the DN of a template.',
        tags: ['objects'],
        responses: responses({ '200': jsonResponse('The fields, by tab.', schemaRefOf('TemplateFields')) }, ERRORS.read),
      },
    },
    '/objects/{type}/{dn}/{tab}': {
      parameters: [p('type'), p('dn'), p('tab')],
      get: {
        operationId: 'getObjectTab',
        summary: 'Get attributes values from object specific tab',
        description: 'Every attribute of the tab the caller may read. An inactive tab answers 400.',
        tags: ['attributes'],
        responses: responses({ '200': jsonResponse('The values, by attribute.', schemaRefOf('TabValues'), { etag: true }) }, ERRORS.read),
      },
      patch: {
        operationId: 'modifyObjectTab',
        summary: 'Set the object attributes of a specific tab',
        tags: ['objects'],
        parameters: [p('ifMatch')],
        requestBody: jsonBody('The new values, by attribute.', schemaRefOf('TabValues')),
        responses: responses({ '200': dnResponse() }, ERRORS.write),
      },
      delete: {
        operationId: 'disableTab',
        summary: 'Deactivate the tab',
        description: 'Its objectClasses and attributes are removed. A tab that is always active, inactive, or needed by another active tab answers 400.',
        tags: ['objects'],
        parameters: [p('ifMatch')],
        responses: responses({ '204': noContent('Deactivated.') }, [...ERRORS.write, '501']),
      },
    },
    '/objects/{type}/{dn}/{tab}/{attribute}': {
      parameters: [p('type'), p('dn'), p('tab'), p('attribute')],
      get: {
        operationId: 'getAttributeValues',
        summary: 'Get a single attribute value(s)',
        tags: ['attributes'],
        responses: responses({ '200': jsonResponse('The value.', schemaRefOf('AnyThing'), { etag: true }) }, ERRORS.read),
      },
      put: {
        operationId: 'setAttributeValues',
        summary: 'Set attribute value(s)',
        description: 'The tab is activated when needed.',
        tags: ['attributes'],
        parameters: [p('ifMatch')],
        requestBody: jsonBody('The new value.', schemaRefOf('AnyThing'), ['jsmith@example.com']),
        responses: responses({ '200': dnResponse() }, ERRORS.write),
      },
      delete: {
        operationId: 'resetAttributeValue',
        summary: 'Reset the attribute to its default value',
        tags: ['attributes'],
        parameters: [p('ifMatch')],
        responses: responses({ '200': jsonResponse('The new value.', schemaRefOf('AnyThing'), { etag: true }) }, ERRORS.write),
      },
    },
    '/objects/{type}/{dn}/{tab}/{attribute}/values': {
      parameters: [p('type'), p('dn'), p('tab'), p('attribute')],
      patch: {
        operationId: 'addAttributeValues',
        summary: 'Add attribute values. Only on multivaluated attributes.',
        description: 'Values already there are not added twice.',
        tags: ['multivaluated'],
        parameters: [p('ifMatch')],
        requestBody: jsonBody('A value or an array of values to add.', schemaRefOf('AnyThing'), ['jsmith2@example.com']),
        responses: responses({ '200': dnResponse() }, [...ERRORS.write, '405']),
      },
      delete: {
        operationId: 'deleteAttributeValues',
        summary: 'Delete attribute values. Only on multivaluated attributes.',
        tags: ['multivaluated'],
        parameters: [p('ifMatch')],
        requestBody: jsonBody('A value or an array of values to remove.', schemaRefOf('AnyThing'), ['jsmith2@example.com']),
        responses: responses({ '204': noContent('Removed.', { etag: true }) }, [...ERRORS.write, '405']),
      },
    },
    '/userlock/{dn}': {
      parameters: [p('dn')],
      get: {
        operationId: 'getLockState',
        summary: 'Get lock state of a user',
        tags: ['objects'],
        responses: responses({ '200': jsonResponse('Whether the user is locked.', { type: 'boolean' }) }, ERRORS.read),
      },
      put: {
        operationId: 'setLockState',
        summary: 'Set lock state of a user',
        description: 'A locked user cannot sign in.',
        tags: ['objects'],
        requestBody: jsonBody('`true` to lock, `false` to unlock.', { type: 'boolean' }, true),
        responses: responses({ '204': noContent() }, ERRORS.read),
      },
    },
    '/archive/{type}/{dn}': {
      parameters: [p('type'), p('dn')],
      post: {
        operationId: 'archiveObject',
        summary: 'Archive an object (delete it)',
        tags: ['objects'],
        responses: responses({ '204': noContent('Archived and deleted.') }, [...ERRORS.read, '501']),
      },
    },
    '/recovery': {
      get: {
        operationId: 'getRecoveryToken',
        summary: 'Generate recovery token for a user',
        description: 'Without sending the mail. Needs password recovery activated and the right to write the user\'s password.',
        tags: ['recovery'],
        parameters: [{ name: 'email', in: 'query', required: true, description: 'The e-mail address of the user.', schema: { type: 'string' }, example: 'email@example.com' }],
        responses: responses({ '200': jsonResponse('The token and the login.', schemaRefOf('RecoveryResponse')) }, ['400', '401', '403', '501', '503']),
      },
      put: {
        operationId: 'confirmRecoveryPasswordChange',
        summary: 'Change a user password using a recovery token',
        tags: ['recovery'],
        requestBody: jsonBody('The login, the token and the new password twice.', schemaRefOf('RecoveryRequest')),
        responses: responses({ '204': noContent('Password changed.') }, ['400', '401', '501', '503']),
      },
    },
    '/openapi.json': {
      get: {
        operationId: 'getOpenApiJson',
        summary: 'This document, in JSON',
        tags: ['documentation'],
        security: noAuth,
        responses: { '200': { description: 'The OpenAPI document.', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
    '/openapi.yaml': {
      get: {
        operationId: 'getOpenApiYaml',
        summary: 'This document, in YAML',
        tags: ['documentation'],
        security: noAuth,
        responses: { '200': { description: 'The OpenAPI document.', content: { 'application/yaml': { schema: { type: 'object' } } } } },
      },
    },
  };
}
