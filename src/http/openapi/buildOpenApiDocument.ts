// The OpenAPI 3.1 document of the REST v1 API, generated from the registry: FusionDirectory's paths and shapes
// (fd-core.md §10), plus typed paths and schemas for every installed type and tab. Built once at start.
import type { Registry } from '../../model/Registry.ts';
import { commonComponents } from './commonComponents.ts';
import { GENERIC_TAGS, genericPaths } from './genericPaths.ts';
import { objectSchemas } from './objectSchemas.ts';
import type { OpenApiDocument } from './OpenApiDocument.ts';
import { typedPaths } from './typedPaths.ts';

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
  ].join('\n');
}

/**
 * The OpenAPI 3.1 document of REST v1 for the installed plugins.
 * @example const doc = buildOpenApiDocument(new Registry([corePlugin, posixPlugin]), { version: '0.1.0' });
 */
export function buildOpenApiDocument(registry: Registry, options: OpenApiOptions): OpenApiDocument {
  const components = commonComponents(registry);
  Object.assign(components.schemas, objectSchemas(registry));
  const typed = typedPaths(registry);
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
    tags: [...GENERIC_TAGS, ...typed.tags],
    paths: { ...genericPaths(), ...typed.paths },
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
