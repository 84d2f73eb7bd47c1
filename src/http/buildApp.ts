// The Fastify application: health, readiness and metrics endpoints, the shared error shape, structured logs.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify';
import helmet from '@fastify/helmet';
import type { DestinationStream } from 'pino';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { AppError, type AppErrorBody } from '../errors/AppError.ts';

/** One dependency's readiness, as `/readyz` reports it. */
export interface ReadinessCheck {
  name: string;
  ok: boolean;
  message?: string;
}

export interface AppOptions {
  /** Log level, or `false` for silence (tests). Passwords, tokens and session headers are always redacted. */
  logLevel?: string | false;
  /** Where JSON log lines go (default standard output). */
  logStream?: DestinationStream;
  trustProxy?: boolean;
  /** Checks run by `/readyz`; each says whether a dependency (a directory) answers. */
  readiness?: () => Promise<ReadinessCheck[]>;
  version?: string;
  /** Adds routes and plugins before the app is ready (the REST API, the UI…). */
  register?: (app: FastifyInstance) => unknown;
}

/** Paths and headers never written to logs. */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["session-token"]',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.userPassword',
  '*.bindPassword',
  '*.token',
];

const statusOf: Partial<Record<AppErrorBody['code'], number>> = {
  'object.not_found': 404,
  'acl.denied': 403,
  'value.invalid': 400,
  'config.invalid': 400,
  'entry.conflict': 409,
  'directory.unreachable': 503,
  'directory.credentials': 503,
  'auth.failed': 401,
  'auth.required': 401,
  'auth.password_change_required': 403,
  'auth.second_factor_required': 403,
  'lock.taken': 400,
  'request.unsupported': 405,
  'feature.unavailable': 501,
};

/** Build the app without listening; `app.listen()` is the caller's. */
export async function buildApp(options: AppOptions = {}): Promise<FastifyInstance> {
  const logger: FastifyServerOptions['logger'] =
    options.logLevel === false
      ? false
      : {
          level: options.logLevel ?? 'info',
          redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
          ...(options.logStream ? { stream: options.logStream } : {}),
        };
  // DNs travel in paths (objects, snapshots): longer than find-my-way's default limit of 100 characters per parameter.
  const app = Fastify({ logger, trustProxy: options.trustProxy ?? false, routerOptions: { maxParamLength: 2048 } });
  // Graceful shutdown: requests in flight when close() starts finish, and their keep-alive connections end with them.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  // No inline script anywhere (the SPA is built to files); pictures may be data: URLs (user photos being edited).
  await app.register(helmet, {
    contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], imgSrc: ["'self'", 'data:', 'blob:'], frameAncestors: ["'none'"], objectSrc: ["'none'"] } },
  });

  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'trousseau_' });
  const requests = new Counter({ name: 'trousseau_http_requests_total', help: 'HTTP requests by route and status', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const duration = new Histogram({
    name: 'trousseau_http_request_duration_seconds',
    help: 'HTTP request duration by route',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.decorate('metrics', registry);
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });

  app.setErrorHandler((error: unknown, request, reply) => {
    if (error instanceof AppError) {
      const status = statusOf[error.code] ?? 500;
      if (status >= 500) request.log.error({ err: error }, error.message);
      return reply.status(status).send(error.toJSON());
    }
    const e = error as { statusCode?: number; validation?: unknown; message?: string };
    if (e.validation) {
      return reply.status(400).send({ code: 'value.invalid', message: e.message ?? 'Invalid request', details: e.validation } satisfies AppErrorBody);
    }
    if (typeof e.statusCode === 'number' && e.statusCode < 500) {
      return reply.status(e.statusCode).send({ code: 'value.invalid', message: e.message ?? 'Bad request' } satisfies AppErrorBody);
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ code: 'internal', message: 'An internal error occurred; the server log has the details.' } satisfies AppErrorBody);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ code: 'object.not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` } satisfies AppErrorBody),
  );

  const homePage = async (_request: unknown, reply: FastifyReply) =>
    reply
      .type('text/html; charset=utf-8')
      .send(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Trousseau</title></head><body><h1>Trousseau</h1>' +
          '<p>The server is running. Its REST API is at /rest.php/v1; the web interface is served when it has been built (<code>npm run build:web</code>).</p>' +
          '<ul><li><a href="/healthz">/healthz</a></li><li><a href="/readyz">/readyz</a></li><li><a href="/metrics">/metrics</a></li></ul></body></html>',
      );
  app.get('/healthz', async () => ({ status: 'ok', version: options.version ?? 'dev' }));
  app.get('/readyz', async (_request, reply) => {
    const checks = options.readiness ? await options.readiness() : [];
    const ready = checks.every((c) => c.ok);
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
  });
  app.get('/metrics', async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()));
  await options.register?.(app);
  // A plain page at / unless the web interface is served.
  if (!app.hasRoute({ method: 'GET', url: '/' })) app.get('/', homePage);
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Registry;
  }
}
