// The OpenAPI document as YAML (`openapi.yaml`), written without anchors so that every tool reads it.
import { stringify } from 'yaml';
import type { OpenApiDocument } from './OpenApiDocument.ts';

/** The content type `GET /openapi.yaml` answers with (RFC 9512). */
export const OPENAPI_YAML_CONTENT_TYPE = 'application/yaml';

/**
 * The document as YAML text.
 * @example reply.type(OPENAPI_YAML_CONTENT_TYPE).send(openApiYaml(doc))
 */
export function openApiYaml(doc: OpenApiDocument): string {
  // The builder shares objects between places (parameters, references): repeat them rather than alias them.
  return stringify(doc, { aliasDuplicateObjects: false, lineWidth: 0 });
}
