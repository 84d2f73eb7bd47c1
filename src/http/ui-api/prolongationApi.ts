// The account prolongation page's API (/ui/api/prolongation): signed out, no session, reached from the link of a
// reminder mail. JSON bodies only (signedOutBody.ts). Refusals never say which of the link or the login was wrong.
// See docs/lifecycle.md.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors/AppError.ts';
import type { Prolongation } from '../../services/tasks/Prolongation.ts';
import type { RestDirectory } from '../rest-v1/RestDirectory.ts';
import { invalid, jsonBody } from './signedOutBody.ts';

/** `GET /prolongation`: whether the link can still prolong an account, and the reminder task's name. */
export interface ProlongationLinkAnswer {
  valid: boolean;
  task?: string;
}

/** `POST /prolongation`. */
export interface ProlongationRequest {
  token: string;
  task: string;
  login: string;
  /** How the login is given: `uid`, `mail`, `EPPN` or `supannAlias`. */
  method: string;
  directory?: string;
}

/** `POST /prolongation`: the new end dates (`YYYY-MM-DD`). */
export interface ProlongationAnswer {
  task: string;
  endDate?: string;
  posixEndDate?: string;
}

export interface ProlongationRoutesOptions {
  /** The directories of the server, default first (built at the first request). */
  directories: () => Promise<RestDirectory[]>;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The prolongation service of the directory named (the default one when absent). */
async function serviceOf(options: ProlongationRoutesOptions, name: unknown): Promise<Prolongation> {
  const directories = await options.directories();
  const directory = name === undefined || name === '' ? directories[0] : directories.find((d) => d.name === name);
  if (!directory) throw invalid(`Unknown directory "${String(name)}".`, 'directory');
  if (!directory.prolongation) throw new AppError({ code: 'feature.unavailable', message: 'Account prolongation is not available on this server.' });
  return directory.prolongation;
}

/**
 * Adds the prolongation routes to the UI API (paths relative to its `/ui/api` prefix).
 * @example prolongationRoutes(app, { directories: async () => (await ready()).setup.directories });
 */
export function prolongationRoutes(app: FastifyInstance, options: ProlongationRoutesOptions): void {
  app.get('/prolongation', async (request): Promise<ProlongationLinkAnswer> => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const token = text(query.token);
    const task = text(query.task);
    if (token === '' || task === '') throw invalid('The link has no token or no task.', token === '' ? 'token' : 'task');
    return (await serviceOf(options, query.directory)).checkLink(token, task, { ip: request.ip });
  });

  app.post('/prolongation', async (request): Promise<ProlongationAnswer> => {
    const body = jsonBody(request);
    const token = text(body.token);
    const task = text(body.task);
    if (token === '' || task === '') throw invalid('The link has no token or no task.', token === '' ? 'token' : 'task');
    const service = await serviceOf(options, body.directory);
    const result = await service.prolong({ token, task, login: text(body.login), method: text(body.method) }, { ip: request.ip });
    request.log.info({ prolongation: { task: result.task } }, `account prolongation with task ${result.task}`);
    return { task: result.task, ...(result.endDate ? { endDate: result.endDate } : {}), ...(result.posixEndDate ? { posixEndDate: result.posixEndDate } : {}) };
  });
}
