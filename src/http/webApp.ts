// Serves the built SPA (web/dist): files by path, index.html for the app's own routes (history navigation).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build:web` writes the SPA. */
export const DEFAULT_WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');

/** Paths the SPA never owns: the APIs and the operational endpoints answer their own 404s. */
const NOT_SPA = /^\/(ui\/api|rest\.php|fusiondirectory|orchestrator|healthz|readyz|metrics)(\/|$)/;

export async function webApp(app: FastifyInstance, options: { root?: string }): Promise<void> {
  const root = options.root ?? DEFAULT_WEB_ROOT;
  if (!existsSync(path.join(root, 'index.html'))) {
    app.log.warn(`The web interface is not built (no ${root}/index.html): run \`npm run build:web\`.`);
    return;
  }
  await app.register(fastifyStatic, { root, serve: false });
  const index = (reply: FastifyReply) => reply.header('cache-control', 'no-cache').sendFile('index.html');
  app.get('/', async (_request, reply) => index(reply));
  app.get('/*', async (request: FastifyRequest, reply) => {
    const urlPath = decodeURIComponent(request.url.split('?')[0]!);
    if (NOT_SPA.test(urlPath)) return reply.callNotFound();
    if (urlPath.startsWith('/assets/')) {
      const file = path.normalize(urlPath).replace(/^(\.\.[/\\])+/, '').slice(1);
      if (!existsSync(path.join(root, file))) return reply.callNotFound();
      // Vite names assets by content hash: they never change.
      return reply.header('cache-control', 'public, max-age=31536000, immutable').sendFile(file);
    }
    if (path.extname(urlPath) !== '') return reply.callNotFound();
    return index(reply);
  });
}
