// Everything the server answers besides health and metrics: FusionDirectory's REST v1, the web interface's API,
// and the web interface itself.
import type { FastifyInstance } from 'fastify';
import { orchestratorApi } from './orchestrator/orchestratorApi.ts';
import { restV1, type RestV1Setup } from './rest-v1/restV1.ts';
import { uiApi } from './ui-api/uiApi.ts';
import { webApp } from './webApp.ts';

export interface WebRoutesOptions {
  /** The services, or how to build them at the first request (shared by REST v1 and the UI API). */
  setup: RestV1Setup | (() => Promise<RestV1Setup>);
  trustProxy?: boolean;
  /** Folder of the built SPA (default web/dist). */
  webRoot?: string;
}

export async function registerRoutes(app: FastifyInstance, options: WebRoutesOptions): Promise<void> {
  // One setup for both APIs: the same sessions, services and list indexes.
  let pending: Promise<RestV1Setup> | undefined;
  const setup =
    typeof options.setup === 'function'
      ? () =>
          (pending ??= (options.setup as () => Promise<RestV1Setup>)().catch((e: unknown) => {
            pending = undefined;
            throw e;
          }))
      : options.setup;
  await app.register(restV1, { setup, ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}) });
  // FusionDirectory Orchestrator's API, served for the first directory with an `orchestrator:` block.
  await app.register(orchestratorApi, {
    directory: async () => {
      const orchestrated = (typeof setup === 'function' ? await setup() : setup).directories.find((d) => d.orchestrator);
      return orchestrated?.orchestrator ? { name: orchestrated.name, gateway: orchestrated.gateway, baseDN: orchestrated.baseDN, orchestrator: orchestrated.orchestrator, ...(orchestrated.tasks ? { tasks: orchestrated.tasks } : {}) } : undefined;
    },
  });
  await app.register(uiApi, { prefix: '/ui/api', setup, ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}) });
  await app.register(webApp, { ...(options.webRoot ? { root: options.webRoot } : {}) });
}
