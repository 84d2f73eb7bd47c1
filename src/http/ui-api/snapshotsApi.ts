// Snapshots in the UI API (shapes in snapshotsContract.ts, docs/snapshots.md): an object's snapshots, taking,
// restoring and deleting one, and the snapshots of deleted objects below a department, through the directory's
// SnapshotService (src/services/snapshots/SnapshotService.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors/AppError.ts';
import { parseDn } from '../../ldap/dn.ts';
import { hasNul } from '../../ldap/filter.ts';
import type { Actor } from '../../services/AccessPolicy.ts';
import type { SnapshotService } from '../../services/snapshots/SnapshotService.ts';
import type { RestDirectory } from '../rest-v1/RestDirectory.ts';
import type { DeletedSnapshots, SnapshotList, SnapshotRestoreAnswer } from './snapshotsContract.ts';
import { queryOf } from './queryOf.ts';

export interface SnapshotRoutesOptions {
  signedIn(request: FastifyRequest, reply: FastifyReply): Promise<{ directory: RestDirectory; actor: Actor }>;
}

const invalid = (message: string, attribute: string) => new AppError({ code: 'value.invalid', message, attribute });

function bodyOf(request: FastifyRequest): Record<string, unknown> {
  const body = request.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new AppError({ code: 'value.invalid', message: 'The request body must be a JSON object.' });
  return body as Record<string, unknown>;
}

/** A required text parameter, without NUL, at most `max` characters. */
function text(value: unknown, name: string, max = 4096): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(`Give "${name}".`, name);
  if (value.length > max) throw invalid(`"${name}" is too long.`, name);
  if (hasNul(value)) throw invalid(`"${name}" cannot contain a NUL character.`, name);
  return value;
}

function dnParam(value: unknown, name: string): string {
  const dn = text(value, name);
  try {
    parseDn(dn);
  } catch {
    throw invalid(`"${name}" is not a valid DN.`, name);
  }
  return dn;
}

function typeParam(directory: RestDirectory, value: unknown): string {
  const id = text(value, 'type', 200);
  const type = directory.objects.registry.type(id);
  if (!type) throw new AppError({ code: 'object.not_found', message: `Non-existing type "${id}"` });
  return type.id;
}

function serviceOf(directory: RestDirectory): SnapshotService {
  if (!directory.snapshots) throw new AppError({ code: 'feature.unavailable', message: 'Snapshots are not available on this directory.' });
  return directory.snapshots;
}

/** The service, for writes: 501 feature.unavailable while snapshots are disabled. */
function writableOf(directory: RestDirectory): SnapshotService {
  const snapshots = serviceOf(directory);
  if (!snapshots.enabled) throw new AppError({ code: 'feature.unavailable', message: 'Snapshots are disabled (fdEnableSnapshots, fdSnapshotBase in the configuration).' });
  return snapshots;
}

export function snapshotsRoutes(app: FastifyInstance, options: SnapshotRoutesOptions): void {
  app.get('/snapshots', async (request, reply): Promise<SnapshotList> => {
    const { directory, actor } = await options.signedIn(request, reply);
    const q = queryOf(request);
    const type = typeParam(directory, q.get('type'));
    const dn = dnParam(q.get('dn'), 'dn');
    const snapshots = serviceOf(directory);
    if (!snapshots.enabled) return { enabled: false, canCreate: false, canDelete: false, canRestore: false, sources: [], snapshots: [] };
    const { rights, snapshots: listed } = await snapshots.listing(actor, type, dn);
    return { enabled: true, canCreate: rights.create, canDelete: rights.delete, canRestore: rights.restoreOver || rights.restoreDeleted, sources: snapshots.sources(), snapshots: listed };
  });

  app.get('/snapshots/deleted', async (request, reply): Promise<DeletedSnapshots> => {
    const { directory, actor } = await options.signedIn(request, reply);
    const q = queryOf(request);
    const type = typeParam(directory, q.get('type'));
    const base = q.get('base') === null || q.get('base') === '' ? directory.baseDN : dnParam(q.get('base'), 'base');
    return { snapshots: await serviceOf(directory).deleted(actor, type, base) };
  });

  app.post('/snapshots', async (request, reply) => {
    const { directory, actor } = await options.signedIn(request, reply);
    const body = bodyOf(request);
    const snapshots = writableOf(directory);
    const type = typeParam(directory, body.type);
    const dn = dnParam(body.dn, 'dn');
    const description = text(body.description, 'description', 1024);
    if (body.source !== undefined && body.source !== null && typeof body.source !== 'string') throw invalid('"source" must be text.', 'source');
    const source = typeof body.source === 'string' && body.source !== '' ? body.source : undefined;
    const info = await snapshots.create(actor, type, dn, { description, ...(source !== undefined ? { source } : {}) });
    return reply.status(201).send(info);
  });

  app.post('/snapshots/restore', async (request, reply): Promise<SnapshotRestoreAnswer> => {
    const { directory, actor } = await options.signedIn(request, reply);
    const body = bodyOf(request);
    const snapshots = writableOf(directory);
    const type = typeParam(directory, body.type);
    const snapshot = dnParam(body.snapshot, 'snapshot');
    return snapshots.restore(actor, type, snapshot);
  });

  app.delete<{ Params: { dn: string } }>('/snapshots/:dn', async (request, reply) => {
    const { directory, actor } = await options.signedIn(request, reply);
    const snapshots = writableOf(directory);
    const type = typeParam(directory, queryOf(request).get('type'));
    const snapshot = dnParam(request.params.dn, 'snapshot');
    await snapshots.delete(actor, type, snapshot);
    return reply.status(204).send();
  });
}
