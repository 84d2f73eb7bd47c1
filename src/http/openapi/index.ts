// The generated OpenAPI 3.1 document of REST v1 and its JSON, YAML and HTML forms (served by src/http/rest-v1/).
export { buildOpenApiDocument, DEFAULT_SERVER_URL, withServerUrl, type OpenApiOptions } from './buildOpenApiDocument.ts';
export { NEXT_CURSOR_HEADER } from './commonComponents.ts';
export type { OpenApiDocument } from './OpenApiDocument.ts';
export { OPENAPI_HTML_CONTENT_TYPE, OPENAPI_HTML_CSP, openApiHtml } from './openApiHtml.ts';
export { OPENAPI_JSON_CONTENT_TYPE, openApiJson } from './openApiJson.ts';
export { OPENAPI_YAML_CONTENT_TYPE, openApiYaml } from './openApiYaml.ts';
