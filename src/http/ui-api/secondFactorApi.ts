// Second factors in the UI API (shapes in secondFactorContract.ts, docs/second-factors.md): the second step of the
// sign-in (a short-lived signed HttpOnly cookie carries the pending sign-in, never a session), enrolment and removal
// in "My account", and the administrators' removal of a user's factors. When a role, group or department requires a
// second factor (SecondFactorPolicy) of a user who has none, his session may only enrol one until he has.
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { AppError } from '../../errors/AppError.ts';
import { parseDn, rdnOf } from '../../ldap/dn.ts';
import type { Actor } from '../../services/AccessPolicy.ts';
import type { Session } from '../../services/auth/SessionService.ts';
import { userAgentHash } from '../../services/auth/SessionTokens.ts';
import { SecondFactors } from '../../services/secondFactor/SecondFactors.ts';
import { SignedTickets } from '../../services/secondFactor/SignedTickets.ts';
import type { RestDirectory } from '../rest-v1/RestDirectory.ts';
import type { RestV1Setup } from '../rest-v1/restV1.ts';
import { invalid, jsonBody } from './signedOutBody.ts';
import type { NewTotpAnswer, RecoveryCodesAnswer, SecondFactorChallenge, SecondFactorList, SecondFactorMethod, WebauthnOptionsAnswer } from './secondFactorContract.ts';

/** The cookie of a sign-in waiting for its second factor (HttpOnly, SameSite=Strict, only sent to /ui/api/session). */
export const PENDING_COOKIE = 'trousseau_2fa';
const PENDING_SECONDS = 300;
const ENROL_SECONDS = 600;
/** The ACL of the administrators' removal: `w` on the user's WebAuthn tab (FusionDirectory's class name). */
export const SECOND_FACTOR_ACL = { category: 'user', tab: 'webauthnAccount' } as const;

export interface SecondFactorRoutesOptions {
  setup: () => Promise<RestV1Setup>;
  /** The signed-in call (CSRF checked on writes); `allowedWhileEnrolling` lets a session that must enrol a factor in. */
  signedIn: (request: FastifyRequest, reply: FastifyReply, only?: { allowedWhileEnrolling?: boolean }) => Promise<{ directory: RestDirectory; actor: Actor; session: Session }>;
  /** Replaces the session cookie (the session freed once a required factor is enrolled). */
  setSessionCookie: (request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: number) => void;
  /** Opens the session once the second factor is proven: sets the session cookie and answers the SessionInfo. */
  open: (request: FastifyRequest, reply: FastifyReply, session: Session) => Promise<unknown>;
  /** Whether cookies must be Secure (HTTPS). */
  secure: (request: FastifyRequest) => boolean;
  /** Path prefix of the UI API (the pending cookie is scoped to `<prefix>/session`). */
  prefix?: string;
}

export interface SecondFactorGate {
  /** The second factors the user has (none: his password alone signs him in). */
  methodsOf(directory: RestDirectory, dn: string): Promise<SecondFactorMethod[]>;
  /**
   * After a right password, for a user with second factors: answers 401 `auth.required` with the methods and sets the
   * pending cookie (the caller must not open the session).
   */
  challenge(request: FastifyRequest, reply: FastifyReply, session: Session, methods: SecondFactorMethod[]): Promise<void>;
  /**
   * Whether the user must enrol a second factor before going on: one is required of him (SecondFactorPolicy) and he has
   * neither an authentication app nor a security key (recovery codes alone do not count). `methods`: his, if known.
   */
  mustEnrol(directory: RestDirectory, dn: string, methods?: SecondFactorMethod[]): Promise<boolean>;
}

/** Methods that satisfy a requirement: recovery codes are a fallback, not a factor of their own. */
const SATISFYING: readonly SecondFactorMethod[] = ['totp', 'webauthn'];

/** How a requirer is named in messages: the value of its first RDN and its DN. */
function requirerName(dn: string): string {
  try {
    const value = rdnOf(dn)?.[0]?.value;
    return value ? `"${value}" (${dn})` : dn;
  } catch {
    return dn;
  }
}

const signInAgain = () => new AppError({ code: 'auth.required', message: 'Your sign-in has expired; give your password again.' });

function text(body: Record<string, unknown>, name: string, message: string, max = 4096): string {
  const value = body[name];
  if (typeof value !== 'string' || value.trim() === '') throw invalid(message, name);
  if (value.length > max) throw invalid(`"${name}" is too long.`, name);
  return value;
}

function credentialJson(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid("The security key's answer is missing.", 'response');
  const r = value as Record<string, unknown>;
  if (typeof r.id !== 'string' || typeof r.response !== 'object' || r.response === null) throw invalid("The security key's answer is malformed.", 'response');
  return r;
}

/** The WebAuthn relying party of a request: its host name, and its origin. */
function relyingParty(request: FastifyRequest): { rpId: string; origin: string } {
  return { rpId: request.hostname, origin: `${request.protocol}://${request.host}` };
}

/**
 * Adds the routes; returns the gate the password sign-in calls.
 * @example const gate = secondFactorRoutes(app, { setup, signedIn, open, secure });
 */
export function secondFactorRoutes(app: FastifyInstance, options: SecondFactorRoutesOptions): SecondFactorGate {
  const services = new WeakMap<RestDirectory, SecondFactors>();
  const factorsOf = (directory: RestDirectory) => {
    let f = services.get(directory);
    if (!f) services.set(directory, (f = new SecondFactors({ gateway: directory.gateway, config: directory.config })));
    return f;
  };
  let tickets: SignedTickets | undefined;
  const ticketsOf = async () => (tickets ??= new SignedTickets((await options.setup()).sessions.derivedKey('second-factor tickets')));
  const cookiePath = `${options.prefix ?? '/ui/api'}/session`;
  const setPending = (request: FastifyRequest, reply: FastifyReply, value: string) =>
    reply.setCookie(PENDING_COOKIE, value, { path: cookiePath, httpOnly: true, sameSite: 'strict', secure: options.secure(request), maxAge: PENDING_SECONDS });

  const requirementOf = async (directory: RestDirectory, dn: string) => (await directory.secondFactorPolicy?.requirementOf(dn)) ?? [];
  const mustEnrol = async (directory: RestDirectory, dn: string, methods?: SecondFactorMethod[]) => {
    if (!directory.secondFactorPolicy?.configured) return false;
    if ((methods ?? (await factorsOf(directory).methods(dn))).some((m) => SATISFYING.includes(m))) return false;
    return (await requirementOf(directory, dn)).length > 0;
  };
  /** A user's list, with what requires him to have a factor. */
  const listOf = async (directory: RestDirectory, dn: string): Promise<SecondFactorList> => {
    const [list, requiredBy] = await Promise.all([factorsOf(directory).list(dn), requirementOf(directory, dn)]);
    return requiredBy.length > 0 ? { ...list, requiredBy } : list;
  };
  /** After an enrolment: a session that had to enrol a factor is free now (a new cookie without the restriction). */
  const freeIfEnrolled = async (request: FastifyRequest, reply: FastifyReply, directory: RestDirectory, session: Session) => {
    if (!session.mustEnrolSecondFactor || (await mustEnrol(directory, session.dn))) return;
    const { session: next, token } = (await options.setup()).sessions.afterSecondFactorEnrolment(session, request.headers['user-agent']);
    options.setSessionCookie(request, reply, token, next.expiresAt);
  };
  /** "My account" may not remove the last app or key of a user a requirement applies to (administrators may). */
  const refuseLastRemoval = async (directory: RestDirectory, dn: string, kind: 'totp' | 'webauthn', id: string) => {
    const list = await factorsOf(directory).list(dn);
    const mine = kind === 'totp' ? list.totp : list.webauthn;
    if (!mine.some((f) => f.id === id) || list.totp.length + list.webauthn.length > 1) return;
    const requiredBy = await requirementOf(directory, dn);
    if (requiredBy.length === 0) return;
    throw invalid(`A second factor is required of you by ${requiredBy.map(requirerName).join(', ')}: add another authentication app or security key before removing this one.`, 'id');
  };

  const audit = (directory: RestDirectory, request: FastifyRequest, dn: string, result: string, author = dn, objectType = 'second factor') =>
    directory.audit?.record({ action: 'security', objectType, object: dn, result, author, ip: request.ip }).catch(() => undefined);

  /** The pending sign-in of the request's cookie. */
  const pendingOf = async (request: FastifyRequest) => {
    const claims = (await ticketsOf()).read('2fa-pending', request.cookies[PENDING_COOKIE]);
    if (!claims || claims.ua !== userAgentHash(request.headers['user-agent'])) throw signInAgain();
    const directory = (await options.setup()).directories.find((d) => d.name === claims.dir);
    if (!directory) throw signInAgain();
    // The sign-in's start travels with it: the session's absolute lifetime counts from the password, not the code.
    const session: Session = { id: String(claims.sid), dn: String(claims.dn), directory: directory.name, expiresAt: Number(claims.exp), ...(typeof claims.st === 'number' ? { startedAt: claims.st } : {}), ...(claims.pwc ? { mustChangePassword: true } : {}) };
    return { claims, directory, session };
  };
  const pendingTicket = async (request: FastifyRequest, session: Session, challenge?: string) =>
    (await ticketsOf()).sign('2fa-pending', { sid: session.id, dn: session.dn, dir: session.directory, exp: session.expiresAt, ...(session.startedAt !== undefined ? { st: session.startedAt } : {}), ua: userAgentHash(request.headers['user-agent']), ...(session.mustChangePassword ? { pwc: 1 } : {}), ...(challenge ? { ch: challenge } : {}) }, PENDING_SECONDS);

  // ---- the second step of the sign-in (signed out) ----
  app.post('/session/second-factor/webauthn-options', async (request, reply) => {
    jsonBody(request);
    const { directory, session } = await pendingOf(request);
    const options = await factorsOf(directory).webauthnAuthenticationOptions(session.dn, relyingParty(request).rpId);
    setPending(request, reply, await pendingTicket(request, session, options.challenge));
    return { options };
  });

  app.post('/session/second-factor', async (request, reply) => {
    const body = jsonBody(request);
    const { claims, directory, session } = await pendingOf(request);
    const factors = factorsOf(directory);
    let ok: boolean;
    if (body.method === 'totp') ok = await factors.verifyTotp(session.dn, text(body, 'code', 'Type the code of your application.', 64));
    else if (body.method === 'recovery') ok = await factors.useRecoveryCode(session.dn, text(body, 'code', 'Type one of your recovery codes.', 64));
    else if (body.method === 'webauthn') {
      if (typeof claims.ch !== 'string') throw invalid('Ask for the security key options first.', 'method');
      const response = credentialJson(body.response) as unknown as AuthenticationResponseJSON;
      ok = await factors.verifyWebauthn(session.dn, { response, challenge: claims.ch, ...relyingParty(request) });
    } else throw invalid('"method" must be totp, recovery or webauthn.', 'method');
    if (!ok) {
      await audit(directory, request, session.dn, `Authentication failed: second factor refused (${body.method})`, session.dn, 'login failure');
      throw new AppError({ code: 'auth.failed', message: body.method === 'webauthn' ? 'The security key was not accepted.' : 'This code is not right, or it has already been used.', attribute: body.method === 'webauthn' ? 'response' : 'code' });
    }
    // The sign-in is complete only now: its event, as SessionService writes it for users without a second factor, and
    // like there no session without it (docs/audit.md): a failure to write it refuses the sign-in.
    await directory.audit?.record({ action: 'security', objectType: 'login', object: session.dn, result: `Logged in successfully (second factor: ${body.method})`, author: session.dn, ip: request.ip });
    reply.clearCookie(PENDING_COOKIE, { path: cookiePath });
    // Recovery codes alone: in, but only to enrol the factor a requirement asks for.
    return options.open(request, reply, (await mustEnrol(directory, session.dn)) ? { ...session, mustEnrolSecondFactor: true } : session);
  });

  // ---- "My account" ----
  const mine = async (request: FastifyRequest, reply: FastifyReply, only: { allowedWhileEnrolling?: boolean } = {}) => {
    const call = await options.signedIn(request, reply, only);
    return { ...call, factors: factorsOf(call.directory) };
  };
  // What a session that must enrol a factor may do (besides GET/DELETE /session): list, enrol, recovery codes.
  const enrolling = { allowedWhileEnrolling: true };

  app.get('/account/second-factors', async (request, reply): Promise<SecondFactorList> => {
    const { actor, directory } = await mine(request, reply, enrolling);
    return listOf(directory, actor.dn);
  });

  app.post('/account/second-factors/totp/new', async (request, reply): Promise<NewTotpAnswer> => {
    const { factors, actor, directory } = await mine(request, reply, enrolling);
    const entry = await directory.gateway.read(actor.dn, ['uid']);
    const { secret, uri } = factors.newTotp(entry?.first('uid') ?? actor.dn, request.hostname);
    const qrCode = `data:image/svg+xml;base64,${Buffer.from(await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })).toString('base64')}`;
    return { secret, uri, qrCode, ticket: (await ticketsOf()).sign('2fa-totp', { dn: actor.dn, uri }, ENROL_SECONDS) };
  });

  app.post('/account/second-factors/totp', async (request, reply) => {
    const { factors, actor, directory, session } = await mine(request, reply, enrolling);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const claims = (await ticketsOf()).read('2fa-totp', typeof body.ticket === 'string' ? body.ticket : undefined);
    if (!claims || claims.dn !== actor.dn) throw invalid('This enrolment has expired; start again.', 'ticket');
    await factors.addTotp(actor.dn, String(claims.uri), text(body, 'code', 'Type the code your application shows.', 64));
    await audit(directory, request, actor.dn, 'TOTP added');
    await freeIfEnrolled(request, reply, directory, session);
    return listOf(directory, actor.dn);
  });

  app.delete<{ Params: { id: string } }>('/account/second-factors/totp/:id', async (request, reply) => {
    const { factors, actor, directory } = await mine(request, reply);
    await refuseLastRemoval(directory, actor.dn, 'totp', request.params.id);
    if (!(await factors.removeTotp(actor.dn, request.params.id))) throw new AppError({ code: 'object.not_found', message: 'No such TOTP.' });
    await audit(directory, request, actor.dn, 'TOTP removed');
    return reply.status(204).send();
  });

  app.post('/account/second-factors/recovery-codes', async (request, reply): Promise<RecoveryCodesAnswer> => {
    const { factors, actor, directory } = await mine(request, reply, enrolling);
    const codes = await factors.newRecoveryCodes(actor.dn);
    await audit(directory, request, actor.dn, 'Recovery codes generated');
    return { codes };
  });

  app.delete('/account/second-factors/recovery-codes', async (request, reply) => {
    const { factors, actor, directory } = await mine(request, reply);
    await factors.removeRecoveryCodes(actor.dn);
    await audit(directory, request, actor.dn, 'Recovery codes removed');
    return reply.status(204).send();
  });

  app.post('/account/second-factors/webauthn/options', async (request, reply): Promise<WebauthnOptionsAnswer> => {
    const { factors, actor } = await mine(request, reply, enrolling);
    const { rpId, origin } = relyingParty(request);
    const options = await factors.webauthnRegistrationOptions(actor.dn, rpId);
    return { options, ticket: (await ticketsOf()).sign('2fa-webauthn', { dn: actor.dn, ch: options.challenge, rpId, origin }, ENROL_SECONDS) };
  });

  app.post('/account/second-factors/webauthn', async (request, reply) => {
    const { factors, actor, directory, session } = await mine(request, reply, enrolling);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const claims = (await ticketsOf()).read('2fa-webauthn', typeof body.ticket === 'string' ? body.ticket : undefined);
    const { rpId, origin } = relyingParty(request);
    if (!claims || claims.dn !== actor.dn || claims.rpId !== rpId) throw invalid('This registration has expired; start again.', 'ticket');
    if (body.name !== undefined && typeof body.name !== 'string') throw invalid('"name" must be text.', 'name');
    const response = credentialJson(body.response) as unknown as RegistrationResponseJSON;
    await factors.addWebauthn(actor.dn, { response, challenge: String(claims.ch), origin, rpId, ...(typeof body.name === 'string' && body.name.trim() ? { name: body.name.trim() } : {}) });
    await audit(directory, request, actor.dn, 'Security key added');
    await freeIfEnrolled(request, reply, directory, session);
    return listOf(directory, actor.dn);
  });

  app.delete<{ Params: { id: string } }>('/account/second-factors/webauthn/:id', async (request, reply) => {
    const { factors, actor, directory } = await mine(request, reply);
    await refuseLastRemoval(directory, actor.dn, 'webauthn', request.params.id);
    if (!(await factors.removeWebauthn(actor.dn, request.params.id))) throw new AppError({ code: 'object.not_found', message: 'No such security key.' });
    await audit(directory, request, actor.dn, 'Security key removed');
    return reply.status(204).send();
  });

  // ---- administrators ----
  const userOf = async (request: FastifyRequest<{ Params: { dn: string } }>, reply: FastifyReply, right: 'r' | 'w') => {
    const { factors, actor, directory } = await mine(request, reply);
    const dn = request.params.dn;
    try {
      parseDn(dn);
    } catch {
      throw invalid(`"${dn}" is not a DN.`, 'dn');
    }
    const rights = await directory.access.rights(actor, { dn, ...SECOND_FACTOR_ACL });
    if (!rights.includes(right)) throw new AppError({ code: 'acl.denied', message: "You may not manage this user's second factors.", dn, tab: SECOND_FACTOR_ACL.tab });
    return { factors, actor, directory, dn };
  };

  app.get<{ Params: { dn: string } }>('/second-factors/users/:dn', async (request, reply): Promise<SecondFactorList> => {
    const { directory, dn } = await userOf(request, reply, 'r');
    return listOf(directory, dn);
  });

  app.delete<{ Params: { dn: string } }>('/second-factors/users/:dn', async (request, reply) => {
    const { factors, dn, actor, directory } = await userOf(request, reply, 'w');
    await factors.removeAll(dn);
    await audit(directory, request, dn, 'Second factors removed by an administrator', actor.dn);
    return reply.status(204).send();
  });

  return {
    methodsOf: (directory, dn) => factorsOf(directory).methods(dn),
    mustEnrol,
    async challenge(request, reply, session, methods) {
      setPending(request, reply, await pendingTicket(request, session));
      const details: SecondFactorChallenge = { secondFactor: { methods } };
      await reply.status(401).send(new AppError({ code: 'auth.required', message: 'Your password is right; now give your second factor.', details }).toJSON());
    },
  };
}
