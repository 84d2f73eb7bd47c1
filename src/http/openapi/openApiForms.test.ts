import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Registry } from '../../model/Registry.ts';
import { corePlugin } from '../../plugins/core/index.ts';
import { posixPlugin } from '../../plugins/posix/index.ts';
import { buildOpenApiDocument } from './buildOpenApiDocument.ts';
import { OPENAPI_HTML_CSP, openApiHtml } from './openApiHtml.ts';
import { openApiJson } from './openApiJson.ts';
import { openApiYaml } from './openApiYaml.ts';

const doc = buildOpenApiDocument(new Registry([corePlugin, posixPlugin]), { version: '0.1.0' });

describe('the forms of the OpenAPI document', () => {
  it('writes JSON that parses back to the same document, pretty-printed and ending with a newline', () => {
    const text = openApiJson(doc);
    expect(JSON.parse(text)).toEqual(doc);
    expect(text).toMatch(/^\{\n {2}"openapi": "3\.1\.0",/);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('writes YAML that parses back to the same document, without anchors', () => {
    const text = openApiYaml(doc);
    expect(parse(text)).toEqual(doc);
    expect(text).toMatch(/^openapi: 3\.1\.0\n/);
    expect(text).not.toMatch(/^\s*[\w"'-]+: [&*]\w+/m);
  });

  it('writes an HTML page that loads the document from the spec URL', () => {
    const html = openApiHtml('/rest.php/v1/openapi.json');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('data-spec-url="/rest.php/v1/openapi.json"');
    expect(html).toContain('href="/rest.php/v1/openapi.json"');
    expect(html).toContain('fetch(specUrl');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\//);
  });

  it('escapes the spec URL in the page', () => {
    const html = openApiHtml('x"><script>alert(1)</script>');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('data-spec-url="x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it('allows exactly its own inline script and style in its Content-Security-Policy', () => {
    const html = openApiHtml('openapi.json');
    const sha = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    expect(OPENAPI_HTML_CSP).toContain(`script-src ${sha(script)};`);
    expect(OPENAPI_HTML_CSP).toContain(`style-src ${sha(style)};`);
    expect(OPENAPI_HTML_CSP).toContain("connect-src 'self'");
    expect(OPENAPI_HTML_CSP).not.toContain('unsafe-inline');
  });
});
