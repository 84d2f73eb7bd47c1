// The web interface's password recovery by mail (/ui/api/recovery…, shapes in contract.ts): no session, so no CSRF
// token, but JSON bodies only (a form of another site cannot send one without the browser asking first). Every request
// for a mail gets the same answer, at once; what happened is in the server log only. See docs/password-recovery.md.
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { AppError } from '../../errors/AppError.ts';
import type { RecoveryRequestOutcome } from '../../services/auth/PasswordRecovery.ts';
import type { RestDirectory } from '../rest-v1/RestDirectory.ts';
import { invalid, jsonBody } from './signedOutBody.ts';
import type { RecoveryAvailability, RecoveryCheckAnswer, RecoveryRequestAnswer } from './contract.ts';

/** The one answer to a request for a recovery mail, whatever happened. */
export const RECOVERY_REQUESTED = 'If an account uses this address, a message has been sent to it.';

export interface RecoveryRoutesOptions {
  /** The directories of the server, default first (built at the first request). */
  directories: () => Promise<RestDirectory[]>;
}

function text(body: Record<string, unknown>, name: string, message: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value === '') throw invalid(message, name);
  return value;
}

/** The directory a request names, or the default one. */
async function directoryOf(options: RecoveryRoutesOptions, body: Record<string, unknown>): Promise<RestDirectory> {
  const directories = await options.directories();
  const name = body.directory;
  if (name === undefined) {
    const first = directories[0];
    if (!first) throw new AppError({ code: 'feature.unavailable', message: 'No directory is configured.' });
    return first;
  }
  const found = typeof name === 'string' ? directories.find((d) => d.name === name) : undefined;
  if (!found) throw invalid(`Unknown directory "${String(name)}".`, 'directory');
  return found;
}

/** The log line of a request: the reason, never the token nor the link. */
function logOutcome(log: FastifyBaseLogger, directory: string, outcome: RecoveryRequestOutcome): void {
  const fields = { recovery: { directory, email: outcome.email, ...(outcome.login ? { login: outcome.login } : {}), ...(outcome.sent ? {} : { reason: outcome.reason }) } };
  if (outcome.sent) log.info(fields, `password recovery: link mailed to ${outcome.email} for ${outcome.login} (${outcome.detail})`);
  else if (outcome.reason === 'throttled' || outcome.reason === 'mailFailed') log.warn(fields, `password recovery: nothing sent to ${outcome.email}: ${outcome.detail}`);
  else log.info(fields, `password recovery: nothing sent to ${outcome.email}: ${outcome.detail}`);
}

/**
 * Adds the recovery routes to the UI API (paths relative to its `/ui/api` prefix).
 * @example recoveryRoutes(app, { directories: async () => (await ready()).setup.directories });
 */
export function recoveryRoutes(app: FastifyInstance, options: RecoveryRoutesOptions): void {
  app.get('/recovery', async (): Promise<RecoveryAvailability> => ({
    directories: (await options.directories()).map((d) => ({ name: d.name, available: d.recovery.availability().available })),
  }));

  app.post('/recovery/request', async (request, reply) => {
    const body = jsonBody(request);
    const email = text(body, 'email', 'Give an e-mail address.');
    const directory = await directoryOf(options, body);
    const several = (await options.directories()).length > 1;
    // Links go to where the request came (unless http.publicUrl says where users reach the server).
    const pending = directory.recovery.requestByMail(email, { ip: request.ip, linkBase: `${request.protocol}://${request.host}`, ...(several ? { directory: directory.name } : {}) });
    // The answer does not wait: its time must not tell whether the address found an account.
    pending.then(
      (outcome) => logOutcome(request.log, directory.name, outcome),
      (e: unknown) => request.log.error({ err: e, recovery: { directory: directory.name } }, 'password recovery: the request failed'),
    );
    return reply.status(202).send({ message: RECOVERY_REQUESTED } satisfies RecoveryRequestAnswer);
  });

  app.post('/recovery/check', async (request): Promise<RecoveryCheckAnswer> => {
    const body = jsonBody(request);
    const login = text(body, 'login', 'The link has no login.');
    const token = text(body, 'token', 'The link has no token.');
    const directory = await directoryOf(options, body);
    return { valid: await directory.recovery.checkToken(login, token, { ip: request.ip }) };
  });

  app.post('/recovery/reset', async (request, reply) => {
    const body = jsonBody(request);
    const login = text(body, 'login', 'The link has no login.');
    const token = text(body, 'token', 'The link has no token.');
    const password1 = text(body, 'password1', 'Give the new password.');
    const password2 = typeof body.password2 === 'string' ? body.password2 : '';
    const email = typeof body.email === 'string' ? body.email : '';
    const directory = await directoryOf(options, body);
    const outcome = await directory.recovery.resetPassword({ login, token, password1, password2 }, { email, ip: request.ip });
    const fields = { recovery: { directory: directory.name, login: outcome.login } };
    request.log.info(fields, `password recovery: password of ${outcome.dn} changed with a mailed link`);
    if (outcome.confirmation !== 'sent') request.log.warn(fields, `password recovery: no confirmation mail: ${outcome.detail}`);
    return reply.status(204).send();
  });
}
