// The contract checker itself: it must refuse what the reference document does not allow, or the suite proves nothing.
import { describe, expect, it } from 'vitest';
import { errorEnvelopeProblems } from './contractClient.ts';
import { ReferenceDocument, toJsonSchema } from './referenceDocument.ts';

const doc = await ReferenceDocument.load();
const op = (key: string) => doc.operations.find((o) => o.key === key)!;
const json = (status: number, body: string, contentType = 'application/json') => ({ status, contentType, body });

describe('the reference document', () => {
  it('lists every path × method, with the server path of its first server', () => {
    expect(doc.operations.length).toBeGreaterThanOrEqual(26);
    expect(doc.serverPath).toBe('/fusiondirectory/rest.php/v1');
    expect(op('POST /login').secured).toBe(false);
    expect(op('GET /types').secured).toBe(true);
  });

  it('finds the operation of a request, a literal segment winning over a parameter', () => {
    expect(doc.operationFor('GET', '/objects/user/uid%3Dx/templatefields')?.key).toBe('GET /objects/{type}/{dn}/templatefields');
    expect(doc.operationFor('GET', '/objects/user/uid%3Dx/personalInfo?x=1')?.key).toBe('GET /objects/{type}/{dn}/{tab}');
    expect(doc.operationFor('PUT', '/types')).toBeUndefined();
  });
});

describe('checking a response', () => {
  it('accepts a body valid against the declared schema', () => {
    expect(doc.check(op('GET /objects/{type}/{dn}'), json(200, '[{"class":"user","name":"User","active":true}]\n')).problems).toEqual([]);
    expect(doc.check(op('GET /objects/{type}/{dn}/{tab}/{attribute}'), json(200, '["a",["b",{"c":1}]]')).problems).toEqual([]);
  });

  it('refuses a body that breaks the schema, is not JSON, or has an undeclared Content-Type', () => {
    expect(doc.check(op('GET /objects/{type}/{dn}'), json(200, '[{"class":"user","name":"User"}]')).problems[0]).toMatch(/must have required property 'active'/);
    expect(doc.check(op('GET /userlock/{dn}'), json(200, '"false"')).problems[0]).toMatch(/must be boolean/);
    expect(doc.check(op('GET /token'), json(200, 'abc')).problems[0]).toMatch(/^body is not JSON/);
    expect(doc.check(op('GET /token'), json(200, '"abc"', 'text/plain')).problems[0]).toMatch(/Content-Type "text\/plain" is not declared/);
  });

  it('refuses a body on a response declared without content, and uses `default` for other statuses', () => {
    expect(doc.check(op('POST /logout'), json(204, '')).problems).toEqual([]);
    expect(doc.check(op('POST /logout'), json(204, '{}')).problems[0]).toMatch(/declares no content/);
    expect(doc.check(op('POST /logout'), json(400, '[{"message":"x"}]')).declaredAs).toBe('default');
  });

  it("holds error bodies to FusionDirectory's envelope: an array of Error objects, a string for 401", () => {
    expect(errorEnvelopeProblems(doc, 400, '[{"class":"X","message":"m"}]')).toEqual([]);
    expect(errorEnvelopeProblems(doc, 401, '"Authentication required"')).toEqual([]);
    expect(errorEnvelopeProblems(doc, 400, '{"message":"m"}')[0]).toMatch(/non-empty JSON array/);
    expect(errorEnvelopeProblems(doc, 404, '[{"msg":"m"}]')[0]).toMatch(/must have required property 'message'/);
    expect(errorEnvelopeProblems(doc, 403, '["m"]')[0]).toMatch(/is not an object/);
    expect(errorEnvelopeProblems(doc, 401, '[{"message":"m"}]')[0]).toMatch(/401 body is a JSON string/);
  });
});

describe('converting OpenAPI 3.0 schemas', () => {
  it('turns nullable into a null alternative, drops examples and keeps component references', () => {
    expect(toJsonSchema({ type: 'string', nullable: true, example: 'x' }, 'c')).toEqual({ anyOf: [{ type: 'string' }, { type: 'null' }] });
    expect(toJsonSchema({ type: 'array', items: { $ref: '#/components/schemas/AnyThing' } }, 'c')).toEqual({ type: 'array', items: { $ref: 'c#/definitions/AnyThing' } });
    expect(toJsonSchema({ type: 'integer', minimum: 1, exclusiveMinimum: true }, 'c')).toEqual({ type: 'integer', exclusiveMinimum: 1 });
  });
});
