// The web interface's API under /ui/api (shapes in contract.ts): sign-in with an HttpOnly session cookie and an
// anti-CSRF token, menus, type descriptions, management lists, the object editor, bulk actions, "My account".
// Every operation goes through the same services (and ACL checks) as REST v1.
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors/AppError.ts';
import { dnEquals, parseDn } from '../../ldap/dn.ts';
import type { ObjectType } from '../../model/Registry.ts';
import type { Actor } from '../../services/AccessPolicy.ts';
import type { Session } from '../../services/auth/SessionService.ts';
import { COLUMN_KINDS, type Column } from '../../services/lists/ColumnConfigStore.ts';
import { ManagementLists, type RowsQuery } from '../../services/lists/ManagementLists.ts';
import type { OpenedObject } from '../../services/objects/ObjectService.ts';
import type { RestDirectory } from '../rest-v1/RestDirectory.ts';
import type { RestV1Setup } from '../rest-v1/restV1.ts';
import { defaultBaseOf } from '../rest-v1/restHelpers.ts';
import type { BulkAnswer, ChoicesAnswer, MenuSection, ReferencesAnswer, SessionInfo } from './contract.ts';
import { aclCatalogue, explainAcl } from './aclApi.ts';
import { describeType } from './describeType.ts';
import { applyChanges, objectView, saveRequestOf } from './objectViews.ts';
import { prolongationRoutes } from './prolongationApi.ts';
import { recoveryRoutes } from './recoveryApi.ts';
import { searchChoices } from '../../nomenclatures/searchChoices.ts';
import type { SecondFactorMethod } from './secondFactorContract.ts';
import { secondFactorRoutes } from './secondFactorApi.ts';
import { supannRoutes } from './supannApi.ts';
import { supannCheckRoutes } from './supannCheckApi.ts';
import { taskPlaceOf, tasksRoutes } from './tasksApi.ts';
import { auditRoutes } from './auditApi.ts';
import { snapshotsRoutes } from './snapshotsApi.ts';
import { csvField } from '../../services/csvField.ts';
import { queryOf } from './queryOf.ts';

export interface UiApiOptions {
  setup: RestV1Setup | (() => Promise<RestV1Setup>);
  /** Whether X-Forwarded-Proto comes from a trusted proxy (then cookies are Secure behind TLS). */
  trustProxy?: boolean;
}

type Lang = 'en' | 'fr';

/** The session cookie: HttpOnly, SameSite=Strict, Secure over HTTPS. */
export const SESSION_COOKIE = 'trousseau_session';

interface Call {
  request: FastifyRequest;
  reply: FastifyReply;
  directory: RestDirectory;
  lists: ManagementLists;
  session: Session;
  actor: Actor;
  lang: Lang;
}

const invalid = (message: string, attribute?: string) => new AppError({ code: 'value.invalid', message, ...(attribute ? { attribute } : {}) });
const required = () => new AppError({ code: 'auth.required', message: 'Your session has ended; sign in again.' });

function languageOf(request: FastifyRequest): Lang {
  for (const part of String(request.headers['accept-language'] ?? '').split(',')) {
    const tag = part.trim().toLowerCase();
    if (tag.startsWith('fr')) return 'fr';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
}

function isHttps(request: FastifyRequest, trustProxy: boolean): boolean {
  if (request.protocol === 'https') return true;
  return trustProxy && String(request.headers['x-forwarded-proto'] ?? '').split(',')[0]?.trim() === 'https';
}

function bodyObject(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalid('The body must be a JSON object.');
  return body as Record<string, unknown>;
}

function requireDn(text: string | undefined, attribute = 'dn'): string {
  const dn = text ?? '';
  try {
    if (dn === '') throw new Error('empty');
    parseDn(dn);
  } catch {
    throw invalid(`"${dn}" is not a DN.`, attribute);
  }
  return dn;
}

/** Columns from JSON (request body or the `cols` query parameter). */
function columnsOf(input: unknown): Column[] {
  if (!Array.isArray(input)) throw invalid('"columns" must be a list of columns.', 'columns');
  return input.map((c) => {
    if (c === null || typeof c !== 'object') throw invalid('Each column must be an object.', 'columns');
    const { kind, attributes, label } = c as Record<string, unknown>;
    if (typeof kind !== 'string' || !(COLUMN_KINDS as readonly string[]).includes(kind)) throw invalid(`Unknown column kind "${String(kind)}".`, 'columns');
    if (attributes !== undefined && typeof attributes !== 'string') throw invalid('Column "attributes" must be a string.', 'columns');
    if (label !== undefined && typeof label !== 'string') throw invalid('Column "label" must be a string.', 'columns');
    return { kind: kind as Column['kind'], ...(attributes ? { attributes } : {}), ...(label ? { label } : {}) };
  });
}

/** The list query of `/lists/{id}/rows` and `/export.csv`. */
export function rowsQueryOf(q: URLSearchParams): RowsQuery {
  const list = (name: string) => (q.get(name) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const number = (name: string, fallback: number) => {
    const text = q.get(name);
    if (text === null || text === '') return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) throw invalid(`"${name}" must be a whole number.`, name);
    return n;
  };
  const scope = q.get('scope') ?? 'one';
  if (scope !== 'one' && scope !== 'sub') throw invalid(`"scope" must be "one" or "sub".`, 'scope');
  const choices: Record<string, string[]> = {};
  const dates: Record<string, { from?: string; to?: string }> = {};
  for (const [key, value] of q) {
    if (key.startsWith('f.')) (choices[key.slice(2)] ??= []).push(value);
    const m = /^(from|to)\.(.+)$/.exec(key);
    if (m && value !== '') {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw invalid(`"${value}" is not a date (YYYY-MM-DD).`, key);
      (dates[m[2]!] ??= {})[m[1] as 'from' | 'to'] = value;
    }
  }
  let columns: Column[] | undefined;
  const cols = q.get('cols');
  if (cols) {
    try {
      columns = columnsOf(JSON.parse(cols));
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw invalid('"cols" must be a JSON list of columns.', 'cols');
    }
  }
  const limit = number('limit', 100);
  if (limit < 1 || limit > 500) throw invalid('"limit" must be from 1 to 500.', 'limit');
  return {
    ...(q.get('base') ? { base: q.get('base')! } : {}),
    scope,
    ...(list('types').length > 0 ? { types: list('types') } : {}),
    templates: q.get('templates') === '1',
    ...(q.get('q') ? { q: q.get('q')! } : {}),
    ...(list('tabs').length > 0 ? { tabs: list('tabs') } : {}),
    choices,
    dates,
    ...(q.get('sort') ? { sort: q.get('sort')! } : {}),
    desc: q.get('desc') === '1',
    offset: number('offset', 0),
    limit,
    ...(columns ? { columns } : {}),
    ...(q.getAll('dn').length > 0 ? { dns: q.getAll('dn').map((dn) => requireDn(dn, 'dn')) } : {}),
  };
}

/**
 * The UI API plugin.
 * @example await app.register(uiApi, { prefix: '/ui/api', setup });
 */
export async function uiApi(app: FastifyInstance, options: UiApiOptions): Promise<void> {
  const trustProxy = options.trustProxy ?? false;
  let pending: Promise<{ setup: RestV1Setup; byName: Map<string, { directory: RestDirectory; lists: ManagementLists }> }> | undefined;
  const ready = () =>
    (pending ??= (async () => {
      const setup = typeof options.setup === 'function' ? await options.setup() : options.setup;
      const byName = new Map(
        setup.directories.map((directory) => [
          directory.name,
          {
            directory,
            lists: new ManagementLists({ gateway: directory.gateway, registry: directory.objects.registry, objects: directory.objects, access: directory.access, baseDN: directory.baseDN, config: directory.config }),
          },
        ]),
      );
      return { setup, byName };
    })().catch((e: unknown) => {
      pending = undefined;
      throw e;
    }));

  await app.register(cookie);
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  const setCookie = (request: FastifyRequest, reply: FastifyReply, token: string, maxAge: number) =>
    reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure: isHttps(request, trustProxy), maxAge });

  /** The signed-in call: session from the cookie, renewed (sliding expiry); CSRF token required on writes. */
  const signedIn = async (request: FastifyRequest, reply: FastifyReply, options: { allowedWhileForced?: boolean; allowedWhileEnrolling?: boolean } = {}): Promise<Call> => {
    const { setup, byName } = await ready();
    const token = request.cookies[SESSION_COOKIE];
    const userAgent = request.headers['user-agent'];
    const session = token ? await setup.sessions.resume(token, userAgent) : undefined;
    if (!session) throw required();
    if (request.method !== 'GET' && request.method !== 'HEAD' && !setup.sessions.checkCsrfToken(session, String(request.headers['x-csrf-token'] ?? ''))) {
      throw new AppError({ code: 'acl.denied', message: 'This request lacks the anti-forgery token of your session; reload the page.' });
    }
    const slot = byName.get(session.directory);
    if (!slot) throw required();
    // An expired password (fd-core.md §3.5): the session may read itself, sign out and change the password, nothing else.
    if (session.mustChangePassword && !options.allowedWhileForced) {
      throw new AppError({ code: 'auth.password_change_required', message: 'Your password has expired: change it before going on.' });
    }
    // A second factor is required and the user has none: he may only enrol one (docs/second-factors.md). An expired
    // password comes first: while it must be changed, the check above decides.
    if (session.mustEnrolSecondFactor && !session.mustChangePassword && !options.allowedWhileEnrolling) {
      throw new AppError({ code: 'auth.second_factor_required', message: 'A second factor is required for your account: add an authentication app or a security key before going on.' });
    }
    const renewed = setup.sessions.renew(session, userAgent);
    setCookie(request, reply, renewed, Math.max(60, session.expiresAt - Math.floor(Date.now() / 1000)));
    return { request, reply, directory: slot.directory, lists: slot.lists, session, actor: { dn: session.dn, ip: request.ip }, lang: languageOf(request) };
  };

  const typeOf = (call: Call, name: string): ObjectType => {
    const type = call.directory.objects.registry.type(name);
    if (!type) throw new AppError({ code: 'object.not_found', message: `Non-existing type "${name}"` });
    return type;
  };

  const menuOf = async (call: Call): Promise<MenuSection[]> => {
    const { registry } = call.directory.objects;
    const text = (key: string) => registry.text(key, call.lang);
    const sections = new Map<string, MenuSection>();
    const section = (id: MenuSection['id']) => {
      let s = sections.get(id);
      if (!s) sections.set(id, (s = { id, label: text(`menu.${id}`), entries: [] }));
      return s;
    };
    for (const m of await call.lists.visible(call.actor)) {
      // Types without a main attribute (the configuration) are single objects, not lists.
      const only = m.types.length === 1 ? m.types[0]! : undefined;
      if (only && only.decl.mainAttribute === false && !call.directory.objects.isAuxiliary(only)) {
        const dn = only.id === 'configuration' ? `cn=config,ou=fusiondirectory,${call.directory.baseDN}` : undefined;
        if (dn) section(m.section).entries.push({ kind: 'object', id: only.id, label: text(m.label), dn });
        continue;
      }
      section(m.section).entries.push({ kind: 'list', id: m.id, label: text(m.label) });
    }
    // "What can this user do here" goes with the ACL lists, for those who administer assignments.
    const acl = sections.get('accessControl');
    if (acl && (call.directory.access.hasAnyRight ? await call.directory.access.hasAnyRight(call.actor, 'acl') : true)) acl.entries.push({ kind: 'page', id: 'acl/explain', label: text('acl.explain.menu') });
    // The organisation chart of SupAnn structures follows their list, for those who may see structures.
    if (sections.get('accounts')?.entries.some((e) => e.kind === 'list' && e.id === 'supannStructures')) section('accounts').entries.push({ kind: 'page', id: 'supann/chart', label: text('supann.chart.menu') });
    // The SupAnn check reads every user: offered to those who may (supannCheckApi.ts).
    if (registry.tab('supannAccount') && (await call.directory.access.rights(call.actor, { dn: call.directory.baseDN, category: 'user', tab: 'user' })).includes('r')) {
      section('configuration').entries.push({ kind: 'page', id: 'supann/check', label: text('supann.check.menu') });
    }
    // The task dashboard (fd-core.md §8.4), for those who may read the tasks (tasksApi.ts).
    if (registry.tab('tasks') && (await call.directory.access.rights(call.actor, { dn: taskPlaceOf(call.directory).base, category: 'tasks', tab: 'tasks' })).includes('r')) {
      const label = text('tasks.dashboard.menu');
      section('workflow').entries.push({ kind: 'page', id: 'tasks/dashboard', label: label !== 'tasks.dashboard.menu' ? label : call.lang === 'fr' ? 'Tableau de bord' : 'Dashboard' });
    }
    // The audit page (auditApi.ts), for those who may read the audit trail.
    const audit = call.directory.audit;
    if (audit && (await call.directory.access.rights(call.actor, { dn: audit.branch, category: 'auditEvent', tab: 'auditEvent' })).includes('r')) {
      section('dashboard').entries.push({ kind: 'page', id: 'audit', label: text('audit.menu') });
    }
    section('personal').entries.push({ kind: 'account', id: 'account', label: text('menu.personal') });
    const order: MenuSection['id'][] = ['accounts', 'accessControl', 'workflow', 'dashboard', 'configuration', 'personal'];
    return order.map((id) => sections.get(id)).filter((s): s is MenuSection => s !== undefined && s.entries.length > 0);
  };

  const sessionInfo = async (call: Call): Promise<SessionInfo> => {
    const entry = await call.directory.gateway.read(call.actor.dn, ['uid', 'cn']);
    const fdLanguage = call.directory.config.get('fdLanguage') ?? '';
    return {
      directory: call.directory.name,
      user: { dn: call.actor.dn, uid: entry?.get('uid')[0] ?? '', name: entry?.get('cn')[0] ?? call.actor.dn },
      baseDN: call.directory.baseDN,
      csrf: (await ready()).setup.sessions.csrfTokenOf(call.session),
      expiresAt: new Date(call.session.expiresAt * 1000).toISOString(),
      // Until an expired password is changed, nothing else is offered (fd-core.md §3.5: menus hidden); nor until a
      // required second factor is enrolled.
      menu: call.session.mustChangePassword || call.session.mustEnrolSecondFactor ? [] : await menuOf(call),
      ...(call.session.mustChangePassword ? { mustChangePassword: true } : {}),
      ...(call.session.mustEnrolSecondFactor ? { mustEnrolSecondFactor: true as const, requiredBy: (await call.directory.secondFactorPolicy?.requirementOf(call.actor.dn)) ?? [] } : {}),
      ...(/^fr/i.test(fdLanguage) ? { siteLanguage: 'fr' as const } : /^en/i.test(fdLanguage) ? { siteLanguage: 'en' as const } : {}),
    };
  };

  // ---- sessions ----
  app.get('/directories', async () => ({ directories: (await ready()).setup.sessions.directoryNames() }));
  // Password recovery by mail: signed out, no session (recoveryApi.ts).
  recoveryRoutes(app, { directories: async () => (await ready()).setup.directories });
  // Account prolongation from a reminder mail's link: signed out too (prolongationApi.ts).
  prolongationRoutes(app, { directories: async () => (await ready()).setup.directories });

  app.post('/session', async (request, reply) => {
    const { setup, byName } = await ready();
    const body = bodyObject(request.body);
    const { username, password, directory } = body;
    if (typeof username !== 'string' || username === '') throw invalid('Give your login.', 'username');
    if (typeof password !== 'string' || password === '') throw invalid('Give your password.', 'password');
    if (directory !== undefined && (typeof directory !== 'string' || !byName.has(directory))) throw invalid(`Unknown directory "${String(directory)}".`, 'directory');
    const userAgent = request.headers['user-agent'];
    let owed: SecondFactorMethod[] = [];
    const { session, token, passwordWarning } = await setup.sessions.login({
      user: username,
      password,
      ...(directory ? { directory } : {}),
      userAgent,
      ip: request.ip,
      releaseLocks: true,
      allowPasswordChange: true,
      // Read once: the sign-in's audit event and the challenge below both follow it.
      secondFactorPending: async (dn, name) => (owed = await secondFactors.methodsOf(byName.get(name)!.directory, dn)).length > 0,
      // No factor at all, and one is required of him: a session that may only enrol one.
      mustEnrolSecondFactor: async (dn, name) => secondFactors.mustEnrol(byName.get(name)!.directory, dn, owed),
    });
    const slot = byName.get(session.directory)!;
    // A user with a second factor gets no session yet, only a pending sign-in (secondFactorApi.ts).
    if (owed.length > 0) {
      await secondFactors.challenge(request, reply, session, owed);
      return reply;
    }
    setCookie(request, reply, token, Math.max(60, session.expiresAt - Math.floor(Date.now() / 1000)));
    const info = await sessionInfo({ request, reply, directory: slot.directory, lists: slot.lists, session, actor: { dn: session.dn }, lang: languageOf(request) });
    // The password policy's warning (expires soon, grace sign-ins left) comes with the sign-in's answer only.
    return passwordWarning ? { ...info, passwordWarning } : info;
  });
  // The second step of the sign-in, and second factors in "My account" (secondFactorApi.ts).
  const secondFactors = secondFactorRoutes(app, {
    setup: async () => (await ready()).setup,
    signedIn: (request, reply, only) => signedIn(request, reply, only),
    secure: (request) => isHttps(request, trustProxy),
    setSessionCookie: (request, reply, token, expiresAt) => setCookie(request, reply, token, Math.max(60, expiresAt - Math.floor(Date.now() / 1000))),
    open: async (request, reply, pendingSession) => {
      const { setup, byName } = await ready();
      const slot = byName.get(pendingSession.directory)!;
      const opened = { ...pendingSession, expiresAt: 0 };
      const token = setup.sessions.renew(opened, request.headers['user-agent']);
      const session = (await setup.sessions.resume(token, request.headers['user-agent'])) ?? opened;
      setCookie(request, reply, token, Math.max(60, session.expiresAt - Math.floor(Date.now() / 1000)));
      return sessionInfo({ request, reply, directory: slot.directory, lists: slot.lists, session, actor: { dn: session.dn }, lang: languageOf(request) });
    },
  });

  app.get('/session', async (request, reply) => sessionInfo(await signedIn(request, reply, { allowedWhileForced: true, allowedWhileEnrolling: true })));

  app.delete('/session', async (request, reply) => {
    const { setup } = await ready();
    const token = request.cookies[SESSION_COOKIE];
    const session = token ? await setup.sessions.resume(token, request.headers['user-agent']) : undefined;
    if (session) {
      if (!setup.sessions.checkCsrfToken(session, String(request.headers['x-csrf-token'] ?? ''))) throw new AppError({ code: 'acl.denied', message: 'This request lacks the anti-forgery token of your session; reload the page.' });
      await setup.sessions.logout(session, { ip: request.ip });
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  // ---- descriptions and lists ----
  app.get<{ Params: { type: string } }>('/types/:type', async (request, reply) => {
    const call = await signedIn(request, reply);
    const type = typeOf(call, request.params.type);
    return describeType(type, { registry: call.directory.objects.registry, config: call.directory.config, objects: call.directory.objects, actor: call.actor, lang: call.lang });
  });

  app.get<{ Params: { id: string } }>('/lists/:id', async (request, reply) => {
    const call = await signedIn(request, reply);
    return call.lists.definition(call.actor, request.params.id, call.lang);
  });

  app.get<{ Params: { id: string } }>('/lists/:id/rows', async (request, reply) => {
    const call = await signedIn(request, reply);
    return call.lists.rows(call.actor, request.params.id, rowsQueryOf(queryOf(request)));
  });

  app.get<{ Params: { id: string } }>('/lists/:id/export.csv', async (request, reply) => {
    const call = await signedIn(request, reply);
    const query = rowsQueryOf(queryOf(request));
    const m = call.lists.management(request.params.id);
    const definition = await call.lists.definition(call.actor, m.id, call.lang);
    const columns = (query.columns ?? definition.columns).filter((c) => c.kind === 'LinkColumn' || c.kind === 'Column' || c.kind.endsWith('TimeColumn') || c.kind === 'EpochDaysColumn' || c.kind === 'UnixTimestampColumn');
    const lines: string[] = [['dn', 'type', ...columns.map((c) => c.label ?? c.attributes ?? '')].map(csvField).join(',')];
    for await (const row of call.lists.allRows(call.actor, m.id, { ...query, columns })) {
      lines.push([row.dn, row.type, ...row.cells.map((values) => values.join('|'))].map(csvField).join(','));
    }
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${m.id}.csv"`)
      .send(`\ufeff${lines.join('\r\n')}\r\n`);
  });

  app.put<{ Params: { id: string } }>('/lists/:id/columns', async (request, reply) => {
    const call = await signedIn(request, reply);
    const body = bodyObject(request.body);
    if (body.scope !== 'user' && body.scope !== 'global') throw invalid('"scope" must be "user" or "global".', 'scope');
    await call.lists.saveColumns(call.actor, request.params.id, body.scope, columnsOf(body.columns));
    return call.lists.definition(call.actor, request.params.id, call.lang);
  });

  app.delete<{ Params: { id: string } }>('/lists/:id/columns', async (request, reply) => {
    const call = await signedIn(request, reply);
    const scope = queryOf(request).get('scope') ?? 'user';
    if (scope !== 'user' && scope !== 'global') throw invalid('"scope" must be "user" or "global".', 'scope');
    await call.lists.saveColumns(call.actor, request.params.id, scope, null);
    return call.lists.definition(call.actor, request.params.id, call.lang);
  });

  app.get('/departments', async (request, reply) => {
    const call = await signedIn(request, reply);
    const list = queryOf(request).get('list');
    return { departments: await call.lists.departments(call.actor, list ? list : undefined) };
  });

  app.get('/pick', async (request, reply) => {
    const call = await signedIn(request, reply);
    const q = queryOf(request);
    const types = (q.get('types') ?? '').split(',').filter(Boolean);
    const limit = Math.min(Math.max(Number(q.get('limit') ?? 20) || 20, 1), 100);
    return { items: await call.lists.pick(call.actor, types, q.get('q') ?? '', limit) };
  });

  // Nomenclature typeahead (docs/nomenclatures.md): the lists are public SupAnn data, any signed-in user may search them.
  app.get('/choices', async (request, reply): Promise<ChoicesAnswer> => {
    const call = await signedIn(request, reply);
    return searchChoices(call.directory.objects.nomenclatures, queryOf(request));
  });

  // ---- objects ----
  /** The new object copied from `source` (a DN of an object of `type` the actor may read), errors addressed to `copyOf`. */
  const copyOf = async (call: Call, type: ObjectType, source: string, base: string | undefined): Promise<OpenedObject> => {
    const dn = requireDn(source, 'copyOf');
    try {
      return await call.directory.objects.copy(call.actor, type.id, dn, base);
    } catch (e) {
      if (e instanceof AppError && (e.code === 'object.not_found' || e.code === 'acl.denied') && e.attribute === undefined) {
        throw new AppError({ code: e.code, message: e.code === 'acl.denied' ? `You may not read "${dn}", so it cannot be copied.` : e.message, dn, attribute: 'copyOf' });
      }
      throw e;
    }
  };

  app.get<{ Params: { type: string } }>('/objects/:type', async (request, reply) => {
    const call = await signedIn(request, reply);
    const type = typeOf(call, request.params.type);
    const q = queryOf(request);
    if (q.get('new') !== '1') throw invalid('Give an object DN, or new=1 for a new object.', 'new');
    if (q.get('asTemplate') === '1') throw new AppError({ code: 'feature.unavailable', message: 'Creating templates from the web interface is not available yet.' });
    if (q.get('copyOf')) {
      if (q.get('template')) throw invalid('Give either "copyOf" or "template", not both.', 'copyOf');
      // The copy stays in the source's department unless another one is asked for.
      const obj = await copyOf(call, type, q.get('copyOf')!, q.get('base') ? requireDn(q.get('base')!, 'base') : undefined);
      return objectView(call.directory, call.actor, obj);
    }
    const base = q.get('base') ? requireDn(q.get('base')!, 'base') : defaultBaseOf(call.directory, call.actor);
    const obj = await call.directory.objects.create(call.actor, type.id, base);
    return objectView(call.directory, call.actor, obj);
  });

  app.get<{ Params: { type: string; dn: string } }>('/objects/:type/:dn', async (request, reply) => {
    const call = await signedIn(request, reply);
    const type = typeOf(call, request.params.type);
    const obj = await call.directory.objects.open(call.actor, type.id, requireDn(request.params.dn));
    return objectView(call.directory, call.actor, obj);
  });

  app.post<{ Params: { type: string } }>('/objects/:type', async (request, reply) => {
    const call = await signedIn(request, reply);
    const type = typeOf(call, request.params.type);
    const save = saveRequestOf(request.body, type);
    if (save.asTemplate) throw new AppError({ code: 'feature.unavailable', message: 'Creating templates from the web interface is not available yet.' });
    const { objects } = call.directory;
    let obj: OpenedObject;
    let tabs = save.tabs;
    if (save.copyOf) {
      if (save.template) throw invalid('Give either "copyOf" or "template", not both.', 'copyOf');
      // The server rebuilds the copy (what the actor may read of the source), then applies the editor's changes.
      const source = save.copyOf;
      obj = await copyOf(call, type, source, save.base ? requireDn(save.base, 'base') : undefined);
      await applyChanges(call.directory, call.actor, obj, tabs);
      const dn = await objects.saveCopy(call.actor, obj, source);
      return reply.status(201).send({ dn, etag: obj.csn ?? null });
    }
    if (save.template) {
      const template = requireDn(save.template, 'template');
      // The template's asked fields are its answers; everything else is a change made afterwards (as REST v1).
      const asked = await objects.templateFields(call.actor, type.id, template);
      const answers: Record<string, Record<string, unknown>> = {};
      const rest: typeof tabs = {};
      for (const [tabId, change] of Object.entries(tabs)) {
        const askedHere = new Set((Object.entries(asked).find(([k]) => k.toLowerCase() === tabId.toLowerCase())?.[1] ?? []).map((a) => a.toLowerCase()));
        for (const [name, value] of Object.entries(change.values ?? {})) {
          if (askedHere.has(name.toLowerCase())) (answers[tabId] ??= {})[name] = value;
          else ((rest[tabId] ??= { active: change.active }).values ??= {})[name] = value;
        }
        rest[tabId] ??= { active: change.active };
      }
      obj = await objects.createFromTemplate(call.actor, type.id, template, answers);
      tabs = rest;
    } else {
      obj = await objects.create(call.actor, type.id, save.base ? requireDn(save.base, 'base') : defaultBaseOf(call.directory, call.actor));
    }
    await applyChanges(call.directory, call.actor, obj, tabs);
    const dn = await objects.save(call.actor, obj);
    return reply.status(201).send({ dn, etag: obj.csn ?? null });
  });

  app.put<{ Params: { type: string; dn: string } }>('/objects/:type/:dn', async (request, reply) => {
    const call = await signedIn(request, reply);
    const type = typeOf(call, request.params.type);
    const dn = requireDn(request.params.dn);
    const save = saveRequestOf(request.body, type);
    if (!save.etag) throw invalid('"etag" (the version the editor opened) is required to save.', 'etag');
    const { objects, locks } = call.directory;
    const conflict = async (obj?: OpenedObject) =>
      new AppError({
        code: 'entry.conflict',
        message: 'Someone else saved this object since you opened it; nothing was written.',
        dn,
        details: { current: await objectView(call.directory, call.actor, obj ?? (await objects.open(call.actor, type.id, dn))) },
      });
    return locks.withLock(dn, call.actor.dn, async () => {
      const obj = await objects.open(call.actor, type.id, dn);
      if (obj.csn !== save.etag) throw await conflict(obj);
      await applyChanges(call.directory, call.actor, obj, save.tabs);
      try {
        const saved = await objects.save(call.actor, obj);
        return { dn: saved, etag: obj.csn ?? null };
      } catch (e) {
        if (e instanceof AppError && e.code === 'entry.conflict') throw await conflict();
        throw e;
      }
    });
  });

  app.delete<{ Params: { type: string; dn: string } }>('/objects/:type/:dn', async (request, reply) => {
    const call = await signedIn(request, reply);
    const type = typeOf(call, request.params.type);
    const dn = requireDn(request.params.dn);
    await call.directory.locks.withLock(dn, call.actor.dn, () => call.directory.objects.delete(call.actor, type.id, dn));
    return reply.status(204).send();
  });

  app.get<{ Params: { type: string; dn: string } }>('/objects/:type/:dn/references', async (request, reply): Promise<ReferencesAnswer> => {
    const call = await signedIn(request, reply);
    const type = typeOf(call, request.params.type);
    const found = await call.directory.objects.references(call.actor, type.id, requireDn(request.params.dn));
    const { registry } = call.directory.objects;
    return {
      references: Object.entries(found).map(([dn, ref]) => ({
        dn,
        ...(ref.type ? { type: ref.type } : {}),
        name: String(parseDn(dn)[0]?.[0]?.value ?? dn),
        // The service answers English labels (REST v1's); the interface shows them in its language.
        fields: Object.entries(ref.tabs).flatMap(([tab, t]) =>
          Object.entries(t.fields).map(([attribute, label]) => {
            const decl = registry.tab(tab)?.attributeByName.get(attribute.toLowerCase())?.decl;
            return { tab, attribute, label: decl ? registry.text(decl.label, call.lang) : label };
          }),
        ),
      })),
    };
  });

  app.get<{ Params: { type: string } }>('/templates/:type/fields', async (request, reply) => {
    const call = await signedIn(request, reply);
    const type = typeOf(call, request.params.type);
    return { fields: await call.directory.objects.templateFields(call.actor, type.id, requireDn(queryOf(request).get('template') ?? undefined, 'template')) };
  });

  app.post('/bulk', async (request, reply): Promise<BulkAnswer> => {
    const call = await signedIn(request, reply);
    const body = bodyObject(request.body);
    const action = body.action;
    if (action !== 'delete' && action !== 'lock' && action !== 'unlock' && action !== 'applyTemplate') throw invalid('"action" must be delete, lock, unlock or applyTemplate.', 'action');
    if (!Array.isArray(body.objects) || body.objects.length === 0) throw invalid('"objects" must list the objects to act on.', 'objects');
    if (body.objects.length > 1000) throw invalid('At most 1 000 objects at a time.', 'objects');
    const template = action === 'applyTemplate' ? requireDn(typeof body.template === 'string' ? body.template : undefined, 'template') : undefined;
    const results: BulkAnswer['results'] = [];
    for (const item of body.objects as unknown[]) {
      const { type: typeName, dn: rawDn } = (item ?? {}) as Record<string, unknown>;
      const dn = typeof rawDn === 'string' ? rawDn : '';
      try {
        if (typeof typeName !== 'string') throw invalid('Each object needs its "type".', 'objects');
        const type = typeOf(call, typeName);
        requireDn(dn);
        if (action === 'delete') await call.directory.locks.withLock(dn, call.actor.dn, () => call.directory.objects.delete(call.actor, type.id, dn));
        else if (template) {
          await call.directory.locks.withLock(dn, call.actor.dn, async () => {
            const obj = await call.directory.objects.applyTemplateTo(call.actor, type.id, dn, template);
            await call.directory.objects.save(call.actor, obj);
          });
        } else {
          if (type.id !== 'user') throw invalid('Only users can be locked or unlocked.', 'objects');
          await call.directory.userLocks.setLocked(call.actor, dn, action === 'lock');
        }
        results.push({ dn, ok: true });
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        results.push({ dn, ok: false, error: e.toJSON() });
      }
    }
    return { results };
  });

  // ---- access control administration ----
  app.get('/acl/objects', async (request, reply) => {
    const call = await signedIn(request, reply);
    return aclCatalogue(call.directory.objects.registry, call.lang);
  });

  app.get('/acl/explain', async (request, reply) => {
    const call = await signedIn(request, reply);
    return explainAcl(call.directory, call.actor, call.lang, queryOf(request));
  });

  // ---- SupAnn (supannApi.ts) ----
  supannRoutes(app, { signedIn: (request, reply) => signedIn(request, reply) });
  supannCheckRoutes(app, { signedIn: (request, reply) => signedIn(request, reply) });
  // ---- tasks: the dashboard and the mail-template preview (tasksApi.ts) ----
  tasksRoutes(app, { signedIn: (request, reply) => signedIn(request, reply) });
  // ---- the audit page and the users' Security tab (auditApi.ts) ----
  auditRoutes(app, { signedIn: (request, reply) => signedIn(request, reply) });
  // ---- snapshots of objects (snapshotsApi.ts) ----
  snapshotsRoutes(app, { signedIn: (request, reply) => signedIn(request, reply) });

  // ---- my account ----
  app.post('/account/password', async (request, reply) => {
    const call = await signedIn(request, reply, { allowedWhileForced: true });
    const body = bodyObject(request.body);
    if (typeof body.current !== 'string' || body.current === '') throw invalid('Give your current password.', 'current');
    if (typeof body.password !== 'string' || body.password === '') throw invalid('Give the new password.', 'password');
    try {
      await call.directory.gateway.bindAs(call.actor.dn, body.current);
    } catch {
      throw invalid('The current password is not right.', 'current');
    }
    const userType = typeOf(call, 'user');
    try {
      await call.directory.locks.withLock(call.actor.dn, call.actor.dn, async () => {
        const obj = await call.directory.objects.open(call.actor, userType.id, call.actor.dn);
        await call.directory.objects.setValues(call.actor, obj, userType.mainTab.id, { userPassword: body.password });
        // The current password was just proven: the policy's pwdSafeModify and fdPasswordMinDiffer can use it.
        await call.directory.objects.save(call.actor, obj, { currentPassword: String(body.current) });
      });
    } catch (e) {
      if (e instanceof AppError && e.attribute !== undefined && dnEquals(e.dn ?? call.actor.dn, call.actor.dn) && e.attribute.toLowerCase() === 'userpassword') {
        throw new AppError({ ...e.toJSON(), attribute: 'password' });
      }
      throw e;
    }
    if (call.session.mustChangePassword) {
      const { session, token } = await (await ready()).setup.sessions.afterPasswordChange(call.session, request.headers['user-agent']);
      setCookie(request, reply, token, Math.max(60, session.expiresAt - Math.floor(Date.now() / 1000)));
    }
    return reply.status(204).send();
  });
}
