// FusionDirectory's reference OpenAPI 3.0 document as a contract: its operations, and an Ajv validator per declared
// response (OpenAPI 3.0 schema objects converted to JSON Schema draft-07).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/** The reference document: beside the repository, in `../shared/reference/` (also in CI). */
export const REFERENCE_DOCUMENT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/reference/fd-rest-v1-openapi.yaml');

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type SchemaObject = { [key: string]: unknown };

interface MediaTypeObject {
  schema?: SchemaObject;
}
interface ResponseObject {
  description?: string;
  content?: Record<string, MediaTypeObject>;
}
interface OperationObject {
  operationId?: string;
  summary?: string;
  security?: unknown[];
  requestBody?: { content?: Record<string, MediaTypeObject & { example?: unknown }> };
  responses: Record<string, ResponseObject>;
}

/** One operation of the document: a path template and a method. */
export interface Operation {
  /** `GET /objects/{type}/{dn}`: how cases name the operation they exercise. */
  key: string;
  method: HttpMethod;
  path: string;
  operationId: string;
  summary: string;
  /** The path template split on `/`: literal segments, or `{name}` parameters. */
  segments: string[];
  /** Whether a session is required (the operation's `security`, else the document's; `[]` means none). */
  secured: boolean;
  /** Whether a request body is declared, and the example the document gives for it. */
  requestBody: { example?: unknown } | undefined;
  responses: Record<string, ResponseObject>;
}

/** The outcome of checking one response against its operation. */
export interface ContractCheck {
  operation: Operation;
  /** The response key of the document used: the status itself, `4XX`, or `default`. */
  declaredAs: string | undefined;
  problems: string[];
}

/** An OpenAPI 3.0 Schema Object → JSON Schema draft-07, with circular `$ref`s left pointing at `components`. */
export function toJsonSchema(schema: unknown, componentsId: string): unknown {
  if (Array.isArray(schema)) return schema.map((s) => toJsonSchema(s, componentsId));
  if (schema === null || typeof schema !== 'object') return schema;
  const input = schema as SchemaObject;
  const out: SchemaObject = {};
  for (const [key, value] of Object.entries(input)) {
    switch (key) {
      // Annotations of OpenAPI 3.0 that JSON Schema does not know.
      case 'example':
      case 'xml':
      case 'externalDocs':
      case 'discriminator':
      case 'deprecated':
      case 'nullable':
        break;
      case '$ref':
        out.$ref = String(value).replace(/^#\/components\/schemas\//, `${componentsId}#/definitions/`);
        break;
      case 'properties':
      case 'patternProperties':
        out[key] = Object.fromEntries(Object.entries(value as SchemaObject).map(([k, v]) => [k, toJsonSchema(v, componentsId)]));
        break;
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        // OpenAPI 3.0 (draft-04 style): a boolean beside minimum/maximum.
        if (value === true) out[key] = input[key === 'exclusiveMinimum' ? 'minimum' : 'maximum'];
        else if (typeof value === 'number') out[key] = value;
        break;
      case 'enum':
      case 'required':
      case 'default':
        out[key] = value;
        break;
      default:
        out[key] = typeof value === 'object' ? toJsonSchema(value, componentsId) : value;
    }
  }
  if (out.exclusiveMinimum !== undefined && input.exclusiveMinimum === true) delete out.minimum;
  if (out.exclusiveMaximum !== undefined && input.exclusiveMaximum === true) delete out.maximum;
  // `nullable: true` adds null to the accepted values (OpenAPI 3.0.3 §4.7.24.1).
  if (input.nullable === true) return { anyOf: [out, { type: 'null' }] };
  return out;
}

/** The JSON request example of a body: the media type's `example`, else its schema's. */
function exampleOf(content: Record<string, MediaTypeObject & { example?: unknown }> | undefined): { example?: unknown } {
  const media = content?.['application/json'];
  const example = media?.example ?? media?.schema?.example;
  return example !== undefined ? { example } : {};
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** Media types match without their parameters and case-insensitively (`application/json; charset=utf-8`). */
const mediaTypeOf = (contentType: string | undefined): string => (contentType ?? '').split(';')[0]!.trim().toLowerCase();

function matchesMediaRange(range: string, mediaType: string): boolean {
  const r = range.toLowerCase();
  if (r === '*/*' || r === mediaType) return true;
  return r.endsWith('/*') && mediaType.startsWith(r.slice(0, -1));
}

const formatErrors = (errors: ErrorObject[] | null | undefined): string =>
  (errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message ?? ''}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`).join('; ');

/** The loaded, checked and dereferenced reference document. */
export class ReferenceDocument {
  readonly operations: Operation[];
  /** The path of the first server URL (`/fusiondirectory/rest.php/v1`): where operations' paths start. */
  readonly serverPath: string;
  private readonly ajv: Ajv;
  private readonly validators = new Map<object, ValidateFunction>();
  private static readonly COMPONENTS_ID = 'urn:trousseau:contract:components';

  private constructor(api: SchemaObject) {
    const servers = (api.servers as Array<{ url: string }> | undefined) ?? [];
    this.serverPath = new URL(servers[0]?.url ?? '/', 'http://localhost').pathname.replace(/\/$/, '');
    this.operations = [];
    const security = (api.security as unknown[] | undefined) ?? [];
    for (const [p, item] of Object.entries(api.paths as Record<string, Record<string, unknown>>)) {
      for (const method of HTTP_METHODS) {
        const op = item[method] as OperationObject | undefined;
        if (!op) continue;
        this.operations.push({
          key: `${method.toUpperCase()} ${p}`,
          method,
          path: p,
          operationId: op.operationId ?? `${method} ${p}`,
          summary: op.summary ?? '',
          segments: p.replace(/^\//, '').split('/'),
          secured: (op.security ?? security).length > 0,
          requestBody: op.requestBody ? exampleOf(op.requestBody.content) : undefined,
          responses: op.responses,
        });
      }
    }
    this.ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictTuples: false });
    addFormats(this.ajv);
    // OpenAPI's own formats: names only, the type says the rest.
    for (const name of ['int32', 'int64', 'float', 'double', 'byte', 'binary', 'password']) this.ajv.addFormat(name, true);
    const components = (api.components as { schemas?: SchemaObject } | undefined)?.schemas ?? {};
    const definitions = Object.fromEntries(Object.entries(components).map(([name, s]) => [name, toJsonSchema(s, ReferenceDocument.COMPONENTS_ID)]));
    this.ajv.addSchema({ $id: ReferenceDocument.COMPONENTS_ID, definitions }, ReferenceDocument.COMPONENTS_ID);
  }

  /**
   * Read the document, check it is valid OpenAPI (swagger-parser's validation) and dereference it. Recursive schemas
   * (`AnyThing`) keep their `$ref`, resolved by Ajv against the components.
   */
  static async load(file = REFERENCE_DOCUMENT): Promise<ReferenceDocument> {
    const api = (await SwaggerParser.validate(file, { dereference: { circular: 'ignore' } })) as unknown as SchemaObject;
    return new ReferenceDocument(api);
  }

  /** The operation a request addresses, by method and path (after the server path); literal segments win over parameters. */
  operationFor(method: string, pathAfterServer: string): Operation | undefined {
    const segments = pathAfterServer.split('?')[0]!.replace(/^\//, '').replace(/\/$/, '').split('/');
    const candidates = this.operations.filter(
      (op) => op.method === method.toLowerCase() && op.segments.length === segments.length && op.segments.every((s, i) => /^\{.+\}$/.test(s) || s === segments[i]),
    );
    const literals = (op: Operation) => op.segments.filter((s) => !/^\{.+\}$/.test(s)).length;
    return candidates.sort((a, b) => literals(b) - literals(a))[0];
  }

  /** The response key that describes a status: itself, its range (`4XX`), else `default` (OpenAPI 3.0 §4.7.16). */
  static responseKeyFor(operation: Operation, status: number): string | undefined {
    const keys = Object.keys(operation.responses);
    return keys.find((k) => k === String(status)) ?? keys.find((k) => k.toUpperCase() === `${String(status)[0]}XX`) ?? (keys.includes('default') ? 'default' : undefined);
  }

  private validatorFor(schema: SchemaObject): ValidateFunction {
    let validate = this.validators.get(schema);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema, ReferenceDocument.COMPONENTS_ID) as object);
      this.validators.set(schema, validate);
    }
    return validate;
  }

  /** Validate a value against one of the document's component schemas (`Error`…). */
  validateComponent(name: string, value: unknown, strictObject = false): string | undefined {
    const schema = this.ajv.getSchema(`${ReferenceDocument.COMPONENTS_ID}#/definitions/${name}`);
    if (!schema) return `no component schema "${name}"`;
    if (strictObject && (value === null || typeof value !== 'object' || Array.isArray(value))) return `is not an object`;
    return schema(value) ? undefined : formatErrors(schema.errors);
  }

  /**
   * Check one response of an operation: its status is declared (exactly, by range or by `default`); its
   * Content-Type is one the declaration lists; its body is JSON valid against that media type's schema; a response
   * declared without content has an empty body.
   */
  check(operation: Operation, response: { status: number; contentType: string | undefined; body: string }): ContractCheck {
    const problems: string[] = [];
    const declaredAs = ReferenceDocument.responseKeyFor(operation, response.status);
    if (declaredAs === undefined) {
      problems.push(`status ${response.status} is not declared (declared: ${Object.keys(operation.responses).join(', ')})`);
      return { operation, declaredAs, problems };
    }
    const declared = operation.responses[declaredAs]!;
    const content = declared.content ?? {};
    const ranges = Object.keys(content);
    if (ranges.length === 0) {
      if (response.body.trim() !== '') problems.push(`response "${declaredAs}" declares no content, but the body is ${JSON.stringify(response.body.slice(0, 200))}`);
      return { operation, declaredAs, problems };
    }
    const mediaType = mediaTypeOf(response.contentType);
    const range = ranges.find((r) => r.toLowerCase() === mediaType) ?? ranges.find((r) => matchesMediaRange(r, mediaType));
    if (range === undefined) {
      problems.push(`Content-Type "${response.contentType ?? ''}" is not declared for response "${declaredAs}" (declared: ${ranges.join(', ')})`);
      return { operation, declaredAs, problems };
    }
    const schema = content[range]!.schema;
    if (!schema) return { operation, declaredAs, problems };
    let body: Json;
    try {
      body = JSON.parse(response.body) as Json;
    } catch (e) {
      problems.push(`body is not JSON (${(e as Error).message}): ${JSON.stringify(response.body.slice(0, 200))}`);
      return { operation, declaredAs, problems };
    }
    const validate = this.validatorFor(schema);
    if (!validate(body)) problems.push(`body does not match the schema of response "${declaredAs}" ${range}: ${formatErrors(validate.errors)}`);
    return { operation, declaredAs, problems };
  }
}
