// The OpenAPI document as FusionDirectory serves `openapi.json`: pretty-printed JSON, then a newline.
import type { OpenApiDocument } from './OpenApiDocument.ts';

/** The content type `GET /openapi.json` answers with. */
export const OPENAPI_JSON_CONTENT_TYPE = 'application/json';

/**
 * The document as JSON text.
 * @example reply.type(OPENAPI_JSON_CONTENT_TYPE).send(openApiJson(doc))
 */
export function openApiJson(doc: OpenApiDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
