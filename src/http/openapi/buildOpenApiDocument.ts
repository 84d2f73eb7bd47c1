// The OpenAPI 3.1 document of the REST v1 API, generated from the registry: FusionDirectory's paths and shapes
// (fd-core.md §10), plus typed paths and schemas for every installed type and tab, and the web interface's API
// (`/ui/api`, uiPaths.ts). Built once at start.
import type { Registry } from '../../model/Registry.ts';
import { commonComponents } from './commonComponents.ts';
import { GENERIC_TAGS, genericPaths } from './genericPaths.ts';
import { objectSchemas } from './objectSchemas.ts';
import type { OpenApiDocument } from './OpenApiDocument.ts';
import { typedPaths } from './typedPaths.ts';
import { UI_TAG, uiPaths } from './uiPaths.ts';

/** Where REST v1 answers by default; the paths of the document are relative to it. */
export const DEFAULT_SERVER_URL = '/rest.php/v1';

export interface OpenApiOptions {
  /** The API's base URL, `/rest.php/v1` by default (a relative URL resolves against the document's own). */
  serverUrl?: string;
  /** Trousseau's version, the document's `info.version`. */
  version: string;
}

function description(registry: Registry): string {
  const plugins = registry.plugins.map((p) => `\`${p.id}\``).join(', ');
  return [
    "Trousseau's REST API, compatible with FusionDirectory's REST webservice v1: the same paths, `Session-Token` header, JSON shapes, status codes and error bodies, so FusionDirectory clients work unchanged.",
    '',
    `This document is generated from the plugins installed on this server (${plugins}). Each object type has typed paths (\`/objects/<type>/{dn}/<tab>\`) whose bodies list the real attributes of its tabs, with their kinds, choices and required flags; the generic paths (\`/objects/{type}/{dn}/{tab}\`) are those of FusionDirectory's own document.`,
    '',
    'Additions that keep v1 clients working:',
    '- lists take `limit`, `cursor` and `sort`; the next page is in the `X-Next-Cursor` response header;',
    '- reads and writes of an object answer its version in `ETag`; a write with `If-Match` answers 412 when the object changed since;',
    '- each error object carries a stable `code` besides FusionDirectory\'s `class` and `message`.',
    '',
    `The same document describes the API of Trousseau's web interface (tag \`${UI_TAG}\`): its paths start with \`/api/\` and have their own server, \`/ui\`, so they answer at \`/ui/api/…\`. They use a session cookie and an anti-CSRF header instead of \`Session-Token\`, and answer errors as one \`UiError\` object rather than an array.`,
  ].join('\n');
}

/** Add entries that must not replace any (a web-interface name shadowing a REST v1 one would be a silent bug). */
function addNew<T>(into: Record<string, T>, entries: Record<string, T>, what: string): void {
  for (const [key, value] of Object.entries(entries)) {
    if (key in into) throw new Error(`The OpenAPI document has two ${what}s named "${key}".`);
    into[key] = value;
  }
}

/**
 * The OpenAPI 3.1 document of REST v1 and the web interface's API for the installed plugins.
 * @example const doc = buildOpenApiDocument(new Registry([corePlugin, posixPlugin]), { version: '0.1.0' });
 */
export function buildOpenApiDocument(registry: Registry, options: OpenApiOptions): OpenApiDocument {
  const components = commonComponents(registry);
  Object.assign(components.schemas, objectSchemas(registry));
  const typed = typedPaths(registry);
  const ui = uiPaths(registry);
  const paths = { ...genericPaths(), ...typed.paths };
  addNew(paths, ui.paths, 'path');
  addNew(components.schemas, ui.schemas, 'schema');
  addNew(components.parameters, ui.parameters, 'parameter');
  addNew(components.responses, ui.responses, 'response');
  addNew(components.securitySchemes, ui.securitySchemes, 'security scheme');
  return {
    openapi: '3.1.0',
    info: {
      title: 'Trousseau',
      summary: 'FusionDirectory REST v1 compatible API of Trousseau, an identity-management portal for LDAP directories.',
      description: description(registry),
      version: options.version,
      license: { name: 'GPL-2.0-or-later', identifier: 'GPL-2.0-or-later' },
    },
    servers: [{ url: options.serverUrl ?? DEFAULT_SERVER_URL, description: 'REST v1' }],
    security: [{ session: [] }, { basic: [] }],
    tags: [...GENERIC_TAGS, ...typed.tags, ui.tag],
    paths,
    components,
    'x-trousseau-plugins': registry.plugins.map((p) => p.id),
  };
}

/**
 * The same document answering at another base URL (FusionDirectory rewrites `servers` from each request's host).
 * @example withServerUrl(doc, `https://${request.host}/fusiondirectory/rest.php/v1`)
 */
export function withServerUrl(doc: OpenApiDocument, serverUrl: string): OpenApiDocument {
  return { ...doc, servers: [{ ...doc.servers[0], url: serverUrl }] };
}
