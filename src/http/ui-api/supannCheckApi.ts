// The SupAnn check in the web interface: `GET /ui/api/supann/check` streams the checker's progress and report as
// NDJSON (one event per line), `GET /ui/api/supann/check.csv` every finding as CSV. The checker reads through the
// service account, so it is for those who may read every user: `r` on user/user at the base.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors/AppError.ts';
import type { Actor } from '../../services/AccessPolicy.ts';
import { checkSupann, type SupannFinding } from '../../services/supann/check/SupannCheck.ts';
import { CSV_HEADER, findingCsv } from '../../services/supann/check/formatReport.ts';
import type { RestDirectory } from '../rest-v1/RestDirectory.ts';

export interface SupannCheckRoutesOptions {
  /** uiApi's signed-in call: the session checked and renewed, its directory and user. */
  signedIn(request: FastifyRequest, reply: FastifyReply): Promise<{ directory: RestDirectory; actor: Actor }>;
}

async function allowed(directory: RestDirectory, actor: Actor): Promise<void> {
  const rights = await directory.access.rights(actor, { dn: directory.baseDN, category: 'user', tab: 'user' });
  if (!rights.includes('r')) throw new AppError({ code: 'acl.denied', message: 'The SupAnn check reads every user: it needs the right to read users at the base of the directory.' });
  if (!directory.objects.registry.tab('supannAccount')) throw new AppError({ code: 'feature.unavailable', message: 'The SupAnn check needs the supann plugin, which is not installed.' });
}

/**
 * Register the SupAnn check routes on the UI API.
 * @example supannCheckRoutes(app, { signedIn: (request, reply) => signedIn(request, reply) });
 */
export function supannCheckRoutes(app: FastifyInstance, options: SupannCheckRoutesOptions): void {
  app.get('/supann/check', async (request, reply) => {
    const { directory, actor } = await options.signedIn(request, reply);
    await allowed(directory, actor);
    const events = checkSupann({ gateway: directory.gateway, base: directory.baseDN });
    async function* lines() {
      try {
        for await (const event of events) yield `${JSON.stringify(event)}\n`;
      } catch (e) {
        // Headers are gone: the error is the stream's last event.
        const body = e instanceof AppError ? e.toJSON() : { code: 'internal', message: 'The check stopped on an internal error; the server log has the details.' };
        if (!(e instanceof AppError)) request.log.error(e);
        yield `${JSON.stringify({ type: 'error', error: body })}\n`;
      }
    }
    return reply.header('content-type', 'application/x-ndjson; charset=utf-8').send(Readable.from(lines()));
  });

  app.get('/supann/check.csv', async (request, reply) => {
    const { directory, actor } = await options.signedIn(request, reply);
    await allowed(directory, actor);
    async function* rows() {
      yield `${CSV_HEADER}\r\n`;
      const found: SupannFinding[] = [];
      for await (const event of checkSupann({ gateway: directory.gateway, base: directory.baseDN, onFinding: (f) => found.push(f) })) {
        if (event.type !== 'progress') continue;
        while (found.length > 0) yield `${findingCsv(found.shift()!)}\r\n`;
      }
      for (const f of found) yield `${findingCsv(f)}\r\n`;
    }
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="supann-check.csv"')
      .send(Readable.from(rows()));
  });
}
