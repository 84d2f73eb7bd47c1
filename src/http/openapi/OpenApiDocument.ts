// The shapes of the OpenAPI 3.1 objects this folder writes: as much typing as catches mistakes, no more.
import type { JsonSchema } from '../../model/kinds/index.ts';

export type { JsonSchema };

/** A JSON Schema, or a reference to one (`{ $ref }`, with optional siblings as 3.1 allows). */
export type SchemaOrRef = JsonSchema;

export interface Reference {
  $ref: string;
  summary?: string;
  description?: string;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  description?: string;
  required?: boolean;
  deprecated?: boolean;
  style?: 'simple' | 'form' | 'deepObject';
  explode?: boolean;
  schema: SchemaOrRef;
  example?: unknown;
}

export interface Header {
  description?: string;
  schema: SchemaOrRef;
}

export interface MediaType {
  schema?: SchemaOrRef;
  example?: unknown;
}

export interface RequestBody {
  description?: string;
  required?: boolean;
  content: Record<string, MediaType>;
}

export interface Response {
  description: string;
  headers?: Record<string, Header | Reference>;
  content?: Record<string, MediaType>;
}

export type Responses = Record<string, Response | Reference>;

export interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters?: Array<Parameter | Reference>;
  requestBody?: RequestBody | Reference;
  responses: Responses;
  security?: Array<Record<string, string[]>>;
}

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch';

/** A server: the base URL paths are relative to (a relative URL resolves against the document's own URL). */
export interface Server {
  url: string;
  description?: string;
}

export type PathItem = { summary?: string; description?: string; servers?: Server[]; parameters?: Array<Parameter | Reference> } & Partial<Record<HttpMethod, Operation>>;

export interface Tag {
  name: string;
  description?: string;
}

export interface SecurityScheme {
  type: 'apiKey' | 'http';
  description?: string;
  name?: string;
  in?: 'header' | 'cookie';
  scheme?: string;
}

export interface Components {
  schemas: Record<string, SchemaOrRef>;
  parameters: Record<string, Parameter>;
  headers: Record<string, Header>;
  responses: Record<string, Response>;
  securitySchemes: Record<string, SecurityScheme>;
}

/** An OpenAPI 3.1 document, as plain JSON data. */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: {
    title: string;
    summary?: string;
    description: string;
    version: string;
    license?: { name: string; identifier?: string };
  };
  servers: Server[];
  security: Array<Record<string, string[]>>;
  tags: Tag[];
  paths: Record<string, PathItem>;
  components: Components;
  /** Ids of the plugins the document was generated from. */
  'x-trousseau-plugins': string[];
}
