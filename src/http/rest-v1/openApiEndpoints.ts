// GET /openapi.json, /openapi.yaml (fd-core.md §10.8) and our browsable /openapi.html: the OpenAPI document generated
// from the installed plugins (src/http/openapi/), without authentication.
import type { Registry } from '../../model/Registry.ts';
import {
  buildOpenApiDocument,
  OPENAPI_HTML_CONTENT_TYPE,
  OPENAPI_HTML_CSP,
  OPENAPI_JSON_CONTENT_TYPE,
  OPENAPI_YAML_CONTENT_TYPE,
  openApiHtml,
  openApiJson,
  openApiYaml,
  withServerUrl,
  type OpenApiDocument,
} from '../openapi/index.ts';
import type { Endpoint, RestCall } from './Endpoint.ts';

/** Built once per registry: the document only changes with the installed plugins. */
const documents = new WeakMap<Registry, OpenApiDocument>();

function documentFor(call: RestCall): OpenApiDocument {
  const { registry } = call.directory.objects;
  let doc = documents.get(registry);
  if (!doc) {
    doc = buildOpenApiDocument(registry, { version: process.env.npm_package_version ?? 'dev' });
    documents.set(registry, doc);
  }
  // FusionDirectory rewrites `servers` to the URL the document was fetched from; a relative URL does that for
  // both prefixes and for any scheme or proxy in front.
  return withServerUrl(doc, `${call.prefix}/v1`);
}

export const openApiJsonEndpoint: Endpoint = {
  input: 'none',
  auth: false,
  async handle(call) {
    return { raw: { contentType: OPENAPI_JSON_CONTENT_TYPE, text: openApiJson(documentFor(call)) } };
  },
};

export const openApiYamlEndpoint: Endpoint = {
  input: 'none',
  auth: false,
  async handle(call) {
    return { raw: { contentType: OPENAPI_YAML_CONTENT_TYPE, text: openApiYaml(documentFor(call)) } };
  },
};

/** A page that browses openapi.json (served with its own Content-Security-Policy). */
export const openApiHtmlEndpoint: Endpoint = {
  input: 'none',
  auth: false,
  async handle() {
    return { raw: { contentType: OPENAPI_HTML_CONTENT_TYPE, text: openApiHtml('openapi.json') }, headers: { 'content-security-policy': OPENAPI_HTML_CSP } };
  },
};
