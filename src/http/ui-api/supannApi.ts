// The web interface's SupAnn routes: the organisation chart's structures (src/services/supann/StructureGraph.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors/AppError.ts';
import type { Actor } from '../../services/AccessPolicy.ts';
import { StructureGraph } from '../../services/supann/StructureGraph.ts';
import type { RestDirectory } from '../rest-v1/RestDirectory.ts';
import type { UiStructuresAnswer } from './supannContract.ts';

export interface SupannRoutesOptions {
  /** uiApi's signed-in call: the session checked and renewed, its directory and user. */
  signedIn(request: FastifyRequest, reply: FastifyReply): Promise<{ directory: RestDirectory; actor: Actor }>;
}

const graphs = new WeakMap<RestDirectory, StructureGraph>();

/** The structure graph of a directory (one per directory, as its services). */
export function structureGraphOf(directory: RestDirectory): StructureGraph {
  let graph = graphs.get(directory);
  if (!graph) graphs.set(directory, (graph = new StructureGraph({ gateway: directory.gateway, registry: directory.objects.registry, access: directory.access, baseDN: directory.baseDN })));
  return graph;
}

/**
 * Register the SupAnn routes on the UI API.
 * @example supannRoutes(app, { signedIn: (request, reply) => signedIn(request, reply) });
 */
export function supannRoutes(app: FastifyInstance, options: SupannRoutesOptions): void {
  app.get('/supann/structures', async (request, reply): Promise<UiStructuresAnswer> => {
    const { directory, actor } = await options.signedIn(request, reply);
    const graph = structureGraphOf(directory);
    if (!graph.available) throw new AppError({ code: 'feature.unavailable', message: 'SupAnn structures need the supann plugin, which is not installed.' });
    return graph.build(actor);
  });
}
