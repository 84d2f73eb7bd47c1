import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildApp } from './buildApp.ts';
import { startServer } from './startServer.ts';

describe('HTTP skeleton', () => {
  it('answers /healthz and reports readiness per dependency on /readyz', async () => {
    let directoryUp = true;
    const app = await buildApp({ logLevel: false, readiness: async () => [{ name: 'directory default', ok: directoryUp, ...(directoryUp ? {} : { message: 'connect ECONNREFUSED' }) }] });
    expect((await app.inject('/healthz')).json()).toMatchObject({ status: 'ok' });
    const ready = await app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: [{ name: 'directory default', ok: true }] });
    directoryUp = false;
    const notReady = await app.inject('/readyz');
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json().checks[0]).toEqual({ name: 'directory default', ok: false, message: 'connect ECONNREFUSED' });
    await app.close();
  });

  it('serves a landing page at / that links the service endpoints', async () => {
    const app = await buildApp({ logLevel: false });
    const page = await app.inject('/');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    for (const link of ['/healthz', '/readyz', '/metrics']) expect(page.body).toContain(`href="${link}"`);
    await app.close();
  });

  it('exposes Prometheus metrics counting requests by route and status', async () => {
    const app = await buildApp({ logLevel: false });
    await app.inject('/healthz');
    await app.inject('/nowhere');
    const metrics = await app.inject('/metrics');
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.body).toMatch(/trousseau_http_requests_total\{method="GET",route="\/healthz",status="200"\} 1/);
    expect(metrics.body).toMatch(/trousseau_http_requests_total\{method="GET",route="unmatched",status="404"\} 1/);
    expect(metrics.body).toContain('trousseau_process_cpu_seconds_total');
    await app.close();
  });

  it('answers unknown routes with the shared error object', async () => {
    const app = await buildApp({ logLevel: false });
    const response = await app.inject('/rest.php/v1/nothing?x=1');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ code: 'object.not_found', message: 'No route GET /rest.php/v1/nothing' });
    await app.close();
  });

  it('writes structured JSON logs without credentials', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        callback();
      },
    });
    const app = await buildApp({
      logStream: stream,
      register: (a) =>
        a.post('/echo', async (request) => {
          request.log.info({ body: request.body }, 'received');
          return {};
        }),
    });
    await app.inject({ url: '/healthz', headers: { authorization: 'Basic c2VjcmV0', 'session-token': 'tok-123456' } });
    await app.inject({ method: 'POST', url: '/echo', payload: { user: 'jdoe', password: 'hunter2-pass', token: 'abc-token-999' } });
    await app.close();
    const text = lines.join('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(text).toContain('/healthz');
    expect(text).not.toContain('c2VjcmV0');
    expect(text).not.toContain('tok-123456');
    expect(text).toContain('jdoe');
    expect(text).not.toContain('hunter2-pass');
    expect(text).not.toContain('abc-token-999');
  });

  it('closes gracefully: in-flight requests finish, then the close hook runs', async () => {
    let closed = false;
    const server = await startServer({
      host: '127.0.0.1',
      port: 0,
      logLevel: false,
      handleSignals: false,
      onClose: async () => void (closed = true),
      register: (app) =>
        app.get('/slow', async () => {
          await new Promise((r) => setTimeout(r, 200));
          return { done: true };
        }),
    });
    const pending = fetch(`${server.url}/slow`).then((r) => r.json());
    await new Promise((r) => setTimeout(r, 50));
    await server.close();
    expect(await pending).toEqual({ done: true });
    expect(closed).toBe(true);
  });
});
