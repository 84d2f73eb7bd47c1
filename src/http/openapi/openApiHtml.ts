// A browsable page of the API: it loads the OpenAPI JSON from a URL and lists operations by tag, with their
// parameters, bodies and responses, and every schema. Self-contained (no CDN, no package): one inline script and
// style, allowed by the hashes of OPENAPI_HTML_CSP since the app's default policy refuses inline code.
import { createHash } from 'node:crypto';

const STYLE = `
:root { color-scheme: light dark; --bg: #fff; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --panel: #f6f8fa; --link: #0550ae; --focus: #0969da;
  --get: #0a6640; --post: #0550ae; --put: #8a4600; --patch: #6e40c9; --delete: #b4232a; }
@media (prefers-color-scheme: dark) { :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9aa5b1; --line: #30363d; --panel: #161b22; --link: #79c0ff; --focus: #58a6ff;
  --get: #3fb950; --post: #79c0ff; --put: #e3b341; --patch: #d2a8ff; --delete: #ff7b72; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, sans-serif; background: var(--bg); color: var(--fg); }
header, main { max-width: 70rem; margin: 0 auto; padding: 0 1rem; }
header { padding-top: 1rem; }
h1 { margin: .2rem 0; font-size: 1.6rem; }
h2 { margin: 2rem 0 .3rem; font-size: 1.25rem; border-bottom: 1px solid var(--line); }
h3 { margin: 1rem 0 .3rem; font-size: 1rem; }
a { color: var(--link); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.muted { color: var(--muted); }
.text { white-space: pre-line; }
code { font: .9em ui-monospace, monospace; background: var(--panel); padding: 0 .2em; border-radius: 3px; }
.search { display: flex; gap: .5rem; align-items: center; margin: 1rem 0; }
.search input { flex: 1; font: inherit; padding: .4rem .6rem; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); color: var(--fg); }
details { border: 1px solid var(--line); border-radius: 6px; margin: .4rem 0; background: var(--bg); }
details > summary { cursor: pointer; padding: .4rem .6rem; display: flex; gap: .6rem; align-items: baseline; flex-wrap: wrap; }
details[open] > summary { border-bottom: 1px solid var(--line); background: var(--panel); }
details > .body { padding: .4rem .8rem .8rem; }
.method { font: bold .8rem ui-monospace, monospace; min-width: 4.2rem; text-transform: uppercase; }
.method.get { color: var(--get); } .method.post { color: var(--post); } .method.put { color: var(--put); }
.method.patch { color: var(--patch); } .method.delete { color: var(--delete); }
.path { font: .95rem ui-monospace, monospace; word-break: break-all; }
table { border-collapse: collapse; width: 100%; margin: .3rem 0; }
th, td { text-align: left; vertical-align: top; padding: .25rem .5rem; border-bottom: 1px solid var(--line); }
th { font-weight: 600; background: var(--panel); }
.badge { font-size: .75rem; border: 1px solid var(--line); border-radius: 1em; padding: 0 .45em; margin-left: .3em; white-space: nowrap; }
.error { color: var(--delete); }
[hidden] { display: none !important; }
`;

const SCRIPT = `
(() => {
  'use strict';
  const app = document.getElementById('app');
  const search = document.getElementById('search');
  const specUrl = app.dataset.specUrl;
  const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
  let doc;

  /** Append children, flattening lists and skipping empty ones. */
  function add(node, ...children) {
    for (const child of children.flat(Infinity)) if (child !== undefined && child !== null && child !== false) node.append(child instanceof Node ? child : String(child));
    return node;
  }
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    return add(node, children);
  }
  /** Text with \`code\` spans, never HTML. */
  function prose(text, cls) {
    const parts = String(text || '').split('\`');
    return el('div', { class: cls || 'text' }, parts.map((part, i) => (i % 2 ? el('code', { text: part }) : part)));
  }
  const unescapePointer = (s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~');
  function resolve(ref) {
    let node = doc;
    for (const part of ref.replace(/^#\\//, '').split('/')) node = node == null ? undefined : node[unescapePointer(part)];
    return node;
  }
  /** A link to the component a reference names (and the property, for references inside one). */
  function refLink(ref) {
    const parts = ref.replace(/^#\\//, '').split('/').map(unescapePointer);
    if (parts[0] === 'components' && parts[1] === 'schemas') {
      const name = parts[2];
      const rest = parts.slice(3).filter((p) => p !== 'properties');
      return el('a', { href: '#schema-' + encodeURIComponent(name), text: rest.length ? name + ' › ' + rest.join(' › ') : name });
    }
    return el('code', { text: ref });
  }
  function typeOf(schema) {
    if (!schema || typeof schema !== 'object') return el('span', { text: 'any' });
    if (schema.$ref) return refLink(schema.$ref);
    const alternatives = schema.oneOf || schema.anyOf;
    if (alternatives) return el('span', {}, alternatives.map((s, i) => [i ? ' | ' : '', typeOf(s)]));
    if (schema.allOf) return el('span', {}, schema.allOf.map((s, i) => [i ? ' & ' : '', typeOf(s)]));
    if ('const' in schema) return el('code', { text: JSON.stringify(schema.const) });
    const type = Array.isArray(schema.type) ? schema.type.join(' | ') : schema.type;
    if (type === 'array') return el('span', {}, 'array of ', typeOf(schema.items));
    const words = [type || (schema.properties ? 'object' : 'any')];
    if (schema.format) words.push('(' + schema.format + ')');
    if (schema.contentEncoding) words.push('(' + schema.contentEncoding + ')');
    return el('span', { text: words.join(' ') });
  }
  /** What a schema allows, beyond its type: enum, pattern, bounds, default, read-only. */
  function constraints(schema) {
    const out = [];
    if (!schema || typeof schema !== 'object') return out;
    const inner = schema.anyOf || schema.oneOf ? [schema, ...(schema.anyOf || schema.oneOf)] : [schema];
    for (const s of inner) {
      if (Array.isArray(s.enum)) out.push(el('div', {}, 'One of: ', s.enum.map((v, i) => [i ? ', ' : '', el('code', { text: JSON.stringify(v) })])));
      if (s.pattern) out.push(el('div', {}, 'Pattern: ', el('code', { text: s.pattern })));
      if (s.minimum !== undefined || s.maximum !== undefined) out.push(el('div', { text: 'Range: ' + (s.minimum ?? '…') + ' to ' + (s.maximum ?? '…') }));
      if (s.default !== undefined && s === schema) out.push(el('div', {}, 'Default: ', el('code', { text: JSON.stringify(s.default) })));
    }
    return out;
  }
  function flags(schema, required) {
    return [required ? el('span', { class: 'badge', text: 'required' }) : null, schema && schema.readOnly ? el('span', { class: 'badge', text: 'read-only' }) : null];
  }
  /** A schema: its description, then a table of its properties, or its type and constraints. */
  function renderSchema(schema) {
    const box = el('div');
    if (!schema || typeof schema !== 'object') return box;
    if (schema.$ref) {
      add(box, el('div', {}, 'See ', refLink(schema.$ref)));
      return box;
    }
    if (schema.title) add(box, el('div', {}, el('strong', { text: schema.title })));
    if (schema.description) add(box, prose(schema.description));
    const parts = schema.allOf || [];
    for (const part of parts) add(box, el('div', {}, 'Includes ', typeOf(part)));
    if (schema.properties) {
      const required = new Set(schema.required || []);
      add(box, el('table', {},
        el('thead', {}, el('tr', {}, el('th', { text: 'Name' }), el('th', { text: 'Type' }), el('th', { text: 'Description' }))),
        el('tbody', {}, Object.entries(schema.properties).map(([name, prop]) => el('tr', {},
          el('td', {}, el('code', { text: name }), flags(prop, required.has(name))),
          el('td', {}, typeOf(prop)),
          el('td', {}, prop && prop.title ? el('div', { text: prop.title }) : null, prop && prop.description ? prose(prop.description) : null, constraints(prop)))))));
      if (schema.additionalProperties === false) add(box, el('div', { class: 'muted', text: 'No other property is accepted.' }));
    } else {
      if (schema.required && parts.length) add(box, el('div', {}, 'Required: ', schema.required.map((r, i) => [i ? ', ' : '', el('code', { text: r })])));
      if (!parts.length) add(box, el('div', {}, 'Type: ', typeOf(schema)), constraints(schema));
      if (schema.additionalProperties && typeof schema.additionalProperties === 'object') add(box, el('div', {}, 'Values: ', typeOf(schema.additionalProperties)));
    }
    return box;
  }
  const deref = (x) => (x && x.$ref && !x.$ref.includes('/schemas/') ? resolve(x.$ref) || x : x);
  function renderContent(content) {
    return Object.entries(content || {}).map(([type, media]) => el('div', {}, el('div', { class: 'muted' }, el('code', { text: type })), renderSchema(media.schema)));
  }
  function renderOperation(path, method, op, pathParameters, pathServers) {
    const body = el('div', { class: 'body' });
    // Paths with their own server (the web interface's /ui) show their full path.
    if (pathServers && pathServers[0]) path = pathServers[0].url.replace(/\\/$/, '') + path;
    if (op.description) add(body, prose(op.description));
    if (op.security && op.security.length === 0) add(body, el('div', { class: 'muted', text: 'No authentication needed.' }));
    const parameters = [...(pathParameters || []), ...(op.parameters || [])].map(deref);
    if (parameters.length) {
      add(body, el('h3', { text: 'Parameters' }), el('table', {},
        el('thead', {}, el('tr', {}, el('th', { text: 'Name' }), el('th', { text: 'In' }), el('th', { text: 'Type' }), el('th', { text: 'Description' }))),
        el('tbody', {}, parameters.map((p) => el('tr', {},
          el('td', {}, el('code', { text: p.name }), flags(null, p.required)),
          el('td', { text: p.in + (p.style ? ' (' + p.style + ')' : '') }),
          el('td', {}, typeOf(p.schema)),
          el('td', {}, p.description ? prose(p.description) : null, constraints(p.schema)))))));
    }
    const request = deref(op.requestBody);
    if (request) add(body, el('h3', { text: 'Request body' + (request.required ? '' : ' (optional)') }), request.description ? prose(request.description) : null, renderContent(request.content));
    add(body, el('h3', { text: 'Responses' }), el('table', {},
      el('thead', {}, el('tr', {}, el('th', { text: 'Status' }), el('th', { text: 'Description' }))),
      el('tbody', {}, Object.entries(op.responses || {}).map(([status, raw]) => {
        const response = deref(raw);
        const headers = Object.keys(response.headers || {});
        return el('tr', {}, el('td', {}, el('code', { text: status })), el('td', {}, prose(response.description),
          headers.length ? el('div', {}, 'Headers: ', headers.map((h, i) => [i ? ', ' : '', el('code', { text: h })])) : null,
          renderContent(response.content)));
      }))));
    const details = el('details', { class: 'op', id: 'op-' + op.operationId },
      el('summary', {}, el('span', { class: 'method ' + method, text: method }), el('span', { class: 'path', text: path }), el('span', { class: 'muted', text: op.summary || '' })),
      body);
    details.dataset.search = [method, path, op.summary, op.operationId, op.description].join(' ').toLowerCase();
    return details;
  }
  function render() {
    const info = doc.info || {};
    document.title = (info.title || 'API') + ' ' + (info.version || '');
    document.getElementById('title').textContent = (info.title || 'API') + ' — REST API ' + (info.version || '');
    const intro = el('section', {}, info.description ? prose(info.description) : null,
      el('p', {}, 'Base URL: ', el('code', { text: ((doc.servers || [])[0] || {}).url || '/' }), '. Authentication: the ', el('code', { text: 'Session-Token' }), ' header from ', el('code', { text: 'POST /login' }), ', or HTTP Basic.'));
    const byTag = new Map((doc.tags || []).map((t) => [t.name, { tag: t, ops: [] }]));
    for (const [path, item] of Object.entries(doc.paths || {})) {
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        for (const name of op.tags && op.tags.length ? op.tags : ['other']) {
          if (!byTag.has(name)) byTag.set(name, { tag: { name }, ops: [] });
          byTag.get(name).ops.push(renderOperation(path, method, op, item.parameters, item.servers));
        }
      }
    }
    const sections = [...byTag.values()].filter((g) => g.ops.length).map((g) =>
      el('section', { class: 'tag' }, el('h2', { text: g.tag.name }), g.tag.description ? prose(g.tag.description, 'text muted') : null, g.ops));
    const schemas = Object.entries((doc.components || {}).schemas || {}).map(([name, schema]) =>
      el('details', { id: 'schema-' + encodeURIComponent(name), class: 'schema' }, el('summary', {}, el('code', { text: name }), schema.title ? el('span', { class: 'muted', text: schema.title }) : null), el('div', { class: 'body' }, renderSchema(schema))));
    app.replaceChildren(intro, ...sections, el('section', { id: 'schemas' }, el('h2', { text: 'Schemas' }), schemas));
    search.disabled = false;
    openTarget();
  }
  function filter() {
    const words = search.value.toLowerCase().split(/\\s+/).filter(Boolean);
    for (const section of app.querySelectorAll('section.tag')) {
      let shown = 0;
      for (const op of section.querySelectorAll('details.op')) {
        const match = words.every((w) => op.dataset.search.includes(w));
        op.hidden = !match;
        if (match) shown++;
      }
      section.hidden = shown === 0;
    }
  }
  function openTarget() {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id && document.getElementById(id);
    if (target && target.tagName === 'DETAILS') {
      target.open = true;
      target.scrollIntoView();
    }
  }
  search.addEventListener('input', filter);
  window.addEventListener('hashchange', openTarget);
  fetch(specUrl, { headers: { accept: 'application/json' } })
    .then((r) => { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
    .then((d) => { doc = d; render(); })
    .catch((e) => app.replaceChildren(el('p', { class: 'error', text: 'The API description could not be loaded from ' + specUrl + ': ' + e.message })));
})();
`;

const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * The Content-Security-Policy the page needs: its inline script and style by hash, the spec fetched from the same
 * origin. Send it with the page, instead of the app's default policy.
 */
export const OPENAPI_HTML_CSP = `default-src 'none'; script-src ${hash(SCRIPT)}; style-src ${hash(STYLE)}; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

/** The content type of the page. */
export const OPENAPI_HTML_CONTENT_TYPE = 'text/html; charset=utf-8';

const escapeAttribute = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A page that loads the OpenAPI JSON from `specUrl` and shows it; serve it with OPENAPI_HTML_CSP.
 * @example reply.type(OPENAPI_HTML_CONTENT_TYPE).header('content-security-policy', OPENAPI_HTML_CSP).send(openApiHtml('openapi.json'))
 */
export function openApiHtml(specUrl: string): string {
  const url = escapeAttribute(specUrl);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Trousseau REST API</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1 id="title">Trousseau — REST API</h1>
<p>The OpenAPI document: <a href="${url}">${url}</a></p>
<div class="search"><label for="search">Filter operations</label><input id="search" type="search" placeholder="path, method or words" disabled></div>
</header>
<main id="app" data-spec-url="${url}" aria-live="polite"><p>Loading the API description…</p></main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
