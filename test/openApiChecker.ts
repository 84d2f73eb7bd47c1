// Checks values and real answers against Trousseau's own OpenAPI document (src/http/openapi/): component schemas
// as JSON Schema 2020-12, and answers against the operation they reach (path-level servers included).
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { HttpMethod, OpenApiDocument, Operation, Response } from '../src/http/openapi/OpenApiDocument.ts';

const ID = 'https://trousseau.invalid/openapi.json';
const METHODS: HttpMethod[] = ['get', 'put', 'post', 'delete', 'patch'];

/** A real answer, as `app.inject` gives it. */
export interface Answer {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

/** What checking an answer found: the operation reached (`GET /api/session`), the response key used, the problems. */
export interface AnswerCheck {
  operation: string | undefined;
  declaredAs: string | undefined;
  problems: string[];
}

export class OpenApiChecker {
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();
  /** Full path templates (path-level server + key), most literal first, as matchers. */
  private readonly routes: Array<{ key: string; full: string; pattern: RegExp; params: number }>;

  constructor(private readonly doc: OpenApiDocument) {
    this.ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
    addFormats.default(this.ajv);
    this.ajv.addFormat('password', true);
    this.ajv.addSchema({ $id: ID, $defs: this.rewrite(doc.components.schemas) });
    const serverPath = new URL(doc.servers[0]?.url ?? '/', 'http://localhost').pathname.replace(/\/$/, '');
    this.routes = Object.entries(doc.paths)
      .map(([key, item]) => {
        const prefix = item.servers?.[0] ? new URL(item.servers[0].url, 'http://localhost').pathname.replace(/\/$/, '') : serverPath;
        const full = prefix + key;
        const source = full.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
        return { key, full, pattern: new RegExp(`^${source}$`), params: (key.match(/\{/g) ?? []).length };
      })
      .sort((a, b) => a.params - b.params);
  }

  /** References to `#/components/schemas/X` made absolute, so that any part of the document compiles on its own. */
  private rewrite<T>(value: T): T {
    return JSON.parse(JSON.stringify(value).replaceAll('"#/components/schemas/', `"${ID}#/$defs/`)) as T;
  }

  private compile(schema: unknown): ValidateFunction {
    const text = JSON.stringify(schema);
    let validate = this.compiled.get(text);
    if (!validate) this.compiled.set(text, (validate = this.ajv.compile(this.rewrite(schema) as object)));
    return validate;
  }

  private static problemsOf(validate: ValidateFunction, value: unknown): string[] {
    return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }

  /** Problems of a value against a component schema (empty when valid). */
  validate(name: string, value: unknown): string[] {
    if (!(name in this.doc.components.schemas)) throw new Error(`No schema ${name}`);
    return OpenApiChecker.problemsOf(this.compile({ $ref: `#/components/schemas/${name}` }), value);
  }

  /** The operation a request reaches: its path key and operation, the most literal path winning. */
  operationFor(method: string, url: string): { key: string; operation: Operation } | undefined {
    const path = url.split('?')[0]!;
    const m = method.toLowerCase() as HttpMethod;
    for (const route of this.routes) {
      const operation = this.doc.paths[route.key]?.[m];
      if (operation && route.pattern.test(path)) return { key: route.key, operation };
    }
    return undefined;
  }

  private response(operation: Operation, status: number): { key: string; response: Response } | undefined {
    const key = String(status) in operation.responses ? String(status) : 'default' in operation.responses ? 'default' : undefined;
    if (!key) return undefined;
    let response = operation.responses[key]!;
    if ('$ref' in response) response = this.doc.components.responses[response.$ref.replace('#/components/responses/', '')]!;
    return { key, response: response as Response };
  }

  /**
   * Check a real answer: the request reaches a documented operation, the status is declared (client errors
   * explicitly, not through `default`), the Content-Type is declared, and the body validates against its schema.
   */
  check(method: string, url: string, answer: Answer): AnswerCheck {
    const found = this.operationFor(method, url);
    if (!found) return { operation: undefined, declaredAs: undefined, problems: [`no documented operation for ${method} ${url}`] };
    const operation = `${method.toUpperCase()} ${found.key}`;
    const declared = this.response(found.operation, answer.statusCode);
    if (!declared) return { operation, declaredAs: undefined, problems: [`${operation} does not declare status ${answer.statusCode}`] };
    const problems: string[] = [];
    if (declared.key === 'default' && answer.statusCode < 500) problems.push(`${operation} answers ${answer.statusCode}, only covered by "default"`);
    const contentType = String(answer.headers['content-type'] ?? '').split(';')[0]!.trim();
    const content = declared.response.content;
    if (!content) {
      if (answer.body !== '') problems.push(`${operation} ${answer.statusCode} declares no content, got ${JSON.stringify(answer.body.slice(0, 100))}`);
      return { operation, declaredAs: declared.key, problems };
    }
    const media = content[contentType];
    if (!media) return { operation, declaredAs: declared.key, problems: [...problems, `${operation} ${answer.statusCode}: Content-Type "${contentType}" is not declared`] };
    let value: unknown = answer.body;
    if (contentType === 'application/json') {
      try {
        value = JSON.parse(answer.body);
      } catch {
        return { operation, declaredAs: declared.key, problems: [...problems, `${operation} ${answer.statusCode}: body is not JSON`] };
      }
    }
    if (media.schema) problems.push(...OpenApiChecker.problemsOf(this.compile(media.schema), value).map((p) => `${operation} ${answer.statusCode}: ${p}`));
    return { operation, declaredAs: declared.key, problems };
  }

  /** Every operation of the document whose path key starts with `prefix`, as `METHOD /key`. */
  operations(prefix = ''): string[] {
    return Object.entries(this.doc.paths).flatMap(([key, item]) => (key.startsWith(prefix) ? METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${key}`) : []));
  }
}
