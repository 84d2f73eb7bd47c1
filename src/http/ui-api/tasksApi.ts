// The task dashboard of the web interface (FusionDirectory's tasksDashboard, fd-core.md §8.4): main tasks and
// sub-tasks with their status counts, and the actions Run now, Renew and Remove completed, which call the directory's
// task engine; plus the preview of a mail template for a user. Shapes in tasksContract.ts; docs/task-dashboard.md.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors/AppError.ts';
import { isDescendantOf, normalizeDn, parentDn, parseDn, rdnValue } from '../../ldap/dn.ts';
import type { LdapEntry } from '../../ldap/LdapEntry.ts';
import { NoSuchObjectError } from '../../ldap/errors.ts';
import { and, eq, not, or, type FilterNode } from '../../ldap/filter.ts';
import type { Actor } from '../../services/AccessPolicy.ts';
import { isValidTimeZone } from '../../services/tasks/localTime.ts';
import { loadMailTemplate, renderMail } from '../../services/tasks/mailTemplates.ts';
import { readTaskSettings } from '../../services/tasks/settings.ts';
import { CLAIM_PREFIX, GRANULAR_TYPES, STATUS_COMPLETED, STATUS_SCHEDULED, type MailTemplate, type TaskRunner } from '../../services/tasks/types.ts';
import type { RestDirectory } from '../rest-v1/RestDirectory.ts';
import {
  SUB_TASK_STATUSES,
  type DashboardAnswer,
  type DashboardSubTask,
  type DashboardTask,
  type MailPreviewAnswer,
  type StatusCounts,
  type SubTaskStatus,
  type TaskActionAnswer,
} from './tasksContract.ts';
import { queryOf } from './queryOf.ts';

type Lang = 'en' | 'fr';

export interface TasksRoutesOptions {
  /** uiApi's signed-in call: the session checked and renewed (CSRF on writes), its directory, user and language. */
  signedIn(request: FastifyRequest, reply: FastifyReply): Promise<{ directory: RestDirectory; actor: Actor; lang: Lang }>;
}

const invalid = (message: string, attribute?: string) => new AppError({ code: 'value.invalid', message, ...(attribute ? { attribute } : {}) });

/** The `fdTasksGranularType` of each task type tab's objectClass (fd-orchestrator-tools.md §1.5.1). */
const SUB_TASK_TYPE_OF_CLASS: Record<string, string> = {
  fdtasksmail: GRANULAR_TYPES.mail,
  fdtaskslifecycle: GRANULAR_TYPES.lifeCycle,
  fdtasksnotifications: GRANULAR_TYPES.notifications,
  fdtasksreminder: GRANULAR_TYPES.reminder,
  fdaudittasks: GRANULAR_TYPES.audit,
};
const KNOWN_SUB_TASK_TYPES = new Set(Object.values(GRANULAR_TYPES));

const SUB_TASK_ATTRIBUTES = ['cn', 'fdTasksGranularMaster', 'fdTasksGranularType', 'fdTasksGranularStatus', 'fdTasksGranularSchedule', 'fdTasksGranularMail', 'fdTasksGranularDN'];
const TASK_ATTRIBUTES = ['cn', 'objectClass', 'fdTasksScheduleDate', 'fdTasksCreationDate', 'fdTasksLastExec', 'fdTasksRepeatable', 'fdTasksRepeatableSchedule'];

/** At most this many sub-tasks a page; at most this many DNs an action. */
const MAX_LIMIT = 200;
const MAX_DNS = 1000;

/** Where a directory's tasks live and the zone their schedules are written in (its configuration entry). */
export function taskPlaceOf(directory: RestDirectory): { base: string; timezone: string } {
  // As the engine reads them (src/services/tasks/settings.ts).
  const zone = directory.config.get('fdTimezone')?.trim() || 'UTC';
  return { base: `${directory.config.get('fdTasksRDN')?.trim() || 'ou=tasks'},${directory.baseDN}`, timezone: isValidTimeZone(zone) ? zone : 'UTC' };
}

/** `1`, `2`, `claimed …`, anything else (fd-orchestrator-tools.md §1.5.3). */
export function statusOf(text: string): SubTaskStatus {
  if (text === STATUS_SCHEDULED) return 'scheduled';
  if (text === STATUS_COMPLETED) return 'completed';
  if (text.startsWith(CLAIM_PREFIX)) return 'running';
  return 'failed';
}

/** `YYYYMMDDhhmmss` as `YYYY-MM-DD hh:mm:ss` (the zone is the directory's); other text as it is. */
export function formatSchedule(compact: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?$/.exec(compact.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6] ?? '00'}` : compact;
}

const emptyCounts = (): StatusCounts => ({ total: 0, scheduled: 0, running: 0, completed: 0, failed: 0 });
function addCounts(into: StatusCounts, from: StatusCounts): void {
  into.total += from.total;
  for (const s of SUB_TASK_STATUSES) into[s] += from[s];
}

/** Sub-tasks per main task (normalised DN) and per type. */
type CountTable = Map<string, Map<string, StatusCounts>>;

interface CountCache {
  at: number;
  /** How long the pass took (0 while it runs: requests meanwhile share it). */
  tookMs: number;
  table: Promise<CountTable>;
  /** A newer pass running behind this one (see SubTaskCounter). */
  refreshing?: boolean;
}

/** Below this a count is not kept: the numbers stay exact. */
const QUICK_MS = 200;
/** A slow count is answered from for at most this long while a newer one runs behind it. */
const STALE_MS = 30_000;

/**
 * Counting reads every sub-task of the branch, with only the three attributes the counts need, in one paged search.
 * A quick count is made for every request. A slow one (a large campaign: about 1 s per 20 000 sub-tasks) is fresh for
 * twice the time it took; after that, requests are answered from it (at most 30 s old) while the next count runs
 * behind, so the live refresh never waits for a count. An action drops the counts: the next request counts again.
 */
class SubTaskCounter {
  private readonly cache = new Map<string, CountCache>();

  async table(directory: RestDirectory, base: string): Promise<CountTable> {
    const key = `${directory.name}\n${normalizeDn(base)}`;
    const cached = this.cache.get(key);
    if (cached) {
      // A count running: share it.
      if (cached.tookMs === 0) return cached.table;
      const age = Date.now() - cached.at;
      if (cached.tookMs >= QUICK_MS) {
        if (age < Math.max(1500, 2 * cached.tookMs)) return cached.table;
        if (age < STALE_MS) {
          this.refresh(directory, base, key, cached);
          return cached.table;
        }
      }
    }
    const entry = this.begin(directory, base);
    this.cache.set(key, entry);
    entry.table.catch(() => {
      if (this.cache.get(key) === entry) this.cache.delete(key);
    });
    return entry.table;
  }

  /** Count again behind `current`, which answers until the new count replaces it (unless dropped meanwhile). */
  private refresh(directory: RestDirectory, base: string, key: string, current: CountCache): void {
    if (current.refreshing) return;
    current.refreshing = true;
    const next = this.begin(directory, base);
    next.table.then(
      () => {
        if (this.cache.get(key) === current) this.cache.set(key, next);
      },
      () => {
        current.refreshing = false;
      },
    );
  }

  private begin(directory: RestDirectory, base: string): CountCache {
    const at = Date.now();
    const entry: CountCache = { at, tookMs: 0, table: this.count(directory, base) };
    entry.table.then(
      () => {
        entry.tookMs = Math.max(1, Date.now() - at);
      },
      () => {},
    );
    return entry;
  }

  forget(directory: RestDirectory): void {
    for (const key of this.cache.keys()) if (key.startsWith(`${directory.name}\n`)) this.cache.delete(key);
  }

  private async count(directory: RestDirectory, base: string): Promise<CountTable> {
    const table: CountTable = new Map();
    try {
      for await (const page of directory.gateway.searchPages(base, { scope: 'one', filter: eq('objectClass', 'fdTasksGranular'), attributes: ['fdTasksGranularMaster', 'fdTasksGranularType', 'fdTasksGranularStatus'] })) {
        for (const e of page) {
          const master = normalizeMaster(e.first('fdTasksGranularMaster') ?? '');
          const type = e.first('fdTasksGranularType') ?? '';
          let byType = table.get(master);
          if (!byType) table.set(master, (byType = new Map()));
          let counts = byType.get(type);
          if (!counts) byType.set(type, (counts = emptyCounts()));
          counts.total += 1;
          counts[statusOf(e.first('fdTasksGranularStatus') ?? '')] += 1;
        }
      }
    } catch (e) {
      if (e instanceof NoSuchObjectError) return table;
      throw e;
    }
    return table;
  }
}

function normalizeMaster(dn: string): string {
  try {
    return normalizeDn(dn);
  } catch {
    return dn;
  }
}

/** The counts of one main task (or all), per type and in total. */
function countsOf(table: CountTable, master?: string): DashboardAnswer['counts'] {
  const total = { ...emptyCounts(), byType: {} as Record<string, StatusCounts> };
  for (const [m, byType] of table) {
    if (master !== undefined && m !== master) continue;
    for (const [type, counts] of byType) {
      addCounts((total.byType[type] ??= emptyCounts()), counts);
      addCounts(total, counts);
    }
  }
  return total;
}

const statusCountsOf = ({ total, scheduled, running, completed, failed }: StatusCounts): StatusCounts => ({ total, scheduled, running, completed, failed });

function requireDnUnder(text: unknown, base: string, attribute: string): string {
  if (typeof text !== 'string' || text === '') throw invalid(`"${attribute}" must be a DN.`, attribute);
  try {
    parseDn(text);
  } catch {
    throw invalid(`"${text}" is not a DN.`, attribute);
  }
  if (!isDescendantOf(text, base)) throw invalid(`"${text}" is not in the tasks branch ${base}.`, attribute);
  return text;
}

function bodyObject(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalid('The body must be a JSON object.');
  return body as Record<string, unknown>;
}

/** The cursor is the position of the next page among the matching sub-tasks, opaque to clients. */
const cursorOf = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');
function offsetOf(cursor: string | null): number {
  if (cursor === null || cursor === '') return 0;
  const m = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw invalid('"cursor" is not one this server gave.', 'cursor');
  return Number(m[1]);
}

async function requireRight(directory: RestDirectory, actor: Actor, base: string, right: 'r' | 'w'): Promise<void> {
  const rights = await directory.access.rights(actor, { dn: base, category: 'tasks', tab: 'tasks' });
  if (!rights.includes(right)) {
    throw new AppError({ code: 'acl.denied', message: right === 'r' ? 'You may not read the tasks.' : 'You may not act on the tasks: it needs the right to write them.', dn: base });
  }
}

/** The directory's task engine (src/services/tasks/TaskEngine.ts), with the dashboard's actions. */
function engineOf(directory: RestDirectory): Required<Pick<TaskRunner, 'runNow' | 'renew' | 'removeCompleted'>> {
  const engine = directory.tasks;
  if (!engine?.runNow || !engine.renew) throw new AppError({ code: 'feature.unavailable', message: 'The task engine is not running for this directory.' });
  return { runNow: engine.runNow.bind(engine), renew: engine.renew.bind(engine), removeCompleted: engine.removeCompleted.bind(engine) };
}

function typeLabelOf(directory: RestDirectory, lang: Lang, objectClasses: string[]): { typeClass?: string; typeLabel: string; subTaskType?: string } {
  const { registry } = directory.objects;
  for (const oc of objectClasses) {
    const subTaskType = SUB_TASK_TYPE_OF_CLASS[oc.toLowerCase()];
    if (!subTaskType) continue;
    const tab = registry.allTabs().find((t) => t.decl.objectClasses.some((c) => c.toLowerCase() === oc.toLowerCase()));
    return { typeClass: oc, typeLabel: tab ? registry.text(tab.decl.label, lang) : subTaskType, subTaskType };
  }
  return { typeLabel: '' };
}

function subTaskOf(e: LdapEntry): DashboardSubTask {
  const statusText = e.first('fdTasksGranularStatus') ?? '';
  const master = e.first('fdTasksGranularMaster') ?? '';
  const mail = e.first('fdTasksGranularMail');
  const target = e.first('fdTasksGranularDN');
  let masterName = master;
  try {
    masterName = rdnValue(master, 'cn') ?? master;
  } catch {
    /* a master that is not a DN is shown as it is */
  }
  return {
    dn: e.dn,
    cn: e.first('cn') ?? '',
    master,
    masterName,
    type: e.first('fdTasksGranularType') ?? '',
    recipient: mail ?? target ?? '',
    recipientIsDn: mail === undefined && target !== undefined && target !== 'auditRetentionTask',
    schedule: formatSchedule(e.first('fdTasksGranularSchedule') ?? ''),
    status: statusOf(statusText),
    statusText,
  };
}

/** The LDAP side of a status filter (running and failed are told apart afterwards: the status has no substring rule). */
function statusFilter(status: SubTaskStatus | undefined): FilterNode | undefined {
  if (status === 'scheduled') return eq('fdTasksGranularStatus', STATUS_SCHEDULED);
  if (status === 'completed') return eq('fdTasksGranularStatus', STATUS_COMPLETED);
  if (status === 'running' || status === 'failed') return not(or(eq('fdTasksGranularStatus', STATUS_SCHEDULED), eq('fdTasksGranularStatus', STATUS_COMPLETED)));
  return undefined;
}

const counter = new SubTaskCounter();

/** The dashboard: main tasks, one page of sub-tasks, and the counts. */
async function dashboard(directory: RestDirectory, lang: Lang, q: URLSearchParams): Promise<DashboardAnswer> {
  const { base, timezone } = taskPlaceOf(directory);
  const type = q.get('type') || undefined;
  if (type !== undefined && !KNOWN_SUB_TASK_TYPES.has(type)) throw invalid(`"type" must be one of ${[...KNOWN_SUB_TASK_TYPES].join(', ')}.`, 'type');
  const statusText = q.get('status') || undefined;
  if (statusText !== undefined && !(SUB_TASK_STATUSES as readonly string[]).includes(statusText)) throw invalid(`"status" must be one of ${SUB_TASK_STATUSES.join(', ')}.`, 'status');
  const status = statusText as SubTaskStatus | undefined;
  const master = q.get('master') ? requireDnUnder(q.get('master'), base, 'master') : undefined;
  const limitText = q.get('limit');
  const limit = limitText === null || limitText === '' ? 50 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw invalid(`"limit" must be from 1 to ${MAX_LIMIT}.`, 'limit');
  const offset = offsetOf(q.get('cursor'));

  const [table, taskEntries] = await Promise.all([
    counter.table(directory, base),
    directory.gateway.searchAll(base, { scope: 'one', filter: eq('objectClass', 'fdTasks'), attributes: TASK_ATTRIBUTES }).catch((e: unknown) => {
      if (e instanceof NoSuchObjectError) return [];
      throw e;
    }),
  ]);

  const tasks: DashboardTask[] = [];
  for (const e of taskEntries) {
    if (master !== undefined && normalizeMaster(e.dn) !== normalizeMaster(master)) continue;
    const kind = typeLabelOf(directory, lang, e.get('objectClass'));
    if (type !== undefined && kind.subTaskType !== type) continue;
    const repeatable = (e.first('fdTasksRepeatable') ?? '').toUpperCase() === 'TRUE';
    const cycle = e.first('fdTasksRepeatableSchedule');
    tasks.push({
      dn: e.dn,
      name: e.first('cn') ?? '',
      ...(kind.typeClass ? { typeClass: kind.typeClass } : {}),
      typeLabel: kind.typeLabel,
      ...(kind.subTaskType ? { subTaskType: kind.subTaskType } : {}),
      schedule: formatSchedule(e.first('fdTasksScheduleDate') ?? ''),
      created: e.first('fdTasksCreationDate') ?? '',
      lastRun: e.first('fdTasksLastExec') ?? '',
      repeatable,
      ...(repeatable && cycle ? { cycle } : {}),
      counts: statusCountsOf(countsOf(table, normalizeMaster(e.dn))),
    });
  }
  tasks.sort((a, b) => a.name.localeCompare(b.name, lang));

  const counts = countsOf(table, master === undefined ? undefined : normalizeMaster(master));
  const pool = type !== undefined ? (counts.byType[type] ?? emptyCounts()) : counts;
  const matching = status !== undefined ? pool[status] : pool.total;

  // The page: stop reading once it is full (one more entry tells whether another page follows).
  const filters: FilterNode[] = [eq('objectClass', 'fdTasksGranular')];
  if (type !== undefined) filters.push(eq('fdTasksGranularType', type));
  if (master !== undefined) filters.push(eq('fdTasksGranularMaster', master));
  const byStatus = statusFilter(status);
  if (byStatus) filters.push(byStatus);
  const subTasks: DashboardSubTask[] = [];
  let seen = 0;
  let more = false;
  try {
    reading: for await (const page of directory.gateway.searchPages(base, { scope: 'one', filter: and(...filters), attributes: SUB_TASK_ATTRIBUTES, pageSize: Math.min(500, offset + limit + 1) })) {
      for (const e of page) {
        const row = subTaskOf(e);
        if (status !== undefined && row.status !== status) continue;
        seen += 1;
        if (seen <= offset) continue;
        if (subTasks.length === limit) {
          more = true;
          break reading;
        }
        subTasks.push(row);
      }
    }
  } catch (e) {
    if (!(e instanceof NoSuchObjectError)) throw e;
  }
  return { timezone, base, tasks, subTasks, ...(more ? { next: cursorOf(offset + limit) } : {}), counts, matching };
}

/** Reads the entries named, each of the class asked, or says which is not. */
async function requireEntries(directory: RestDirectory, dns: string[], objectClass: string, attribute: string): Promise<void> {
  await Promise.all(
    dns.map(async (dn) => {
      const found = await directory.gateway.read(dn, ['1.1'], { filter: eq('objectClass', objectClass) });
      if (!found) throw new AppError({ code: 'object.not_found', message: `"${dn}" is not a ${objectClass === 'fdTasks' ? 'task' : 'sub-task'}.`, dn, attribute });
    }),
  );
}

/** The DNs of the failed sub-tasks of a main task (not the running ones: their worker still has them). */
async function failedOf(directory: RestDirectory, base: string, master: string): Promise<string[]> {
  const dns: string[] = [];
  for await (const e of directory.gateway.search(base, { scope: 'one', filter: and(eq('objectClass', 'fdTasksGranular'), eq('fdTasksGranularMaster', master), statusFilter('failed')!), attributes: ['fdTasksGranularStatus'] })) {
    if (statusOf(e.first('fdTasksGranularStatus') ?? '') === 'failed') dns.push(e.dn);
  }
  return dns;
}

/** The preview: a template (draft values or saved) rendered with a user's entry. */
async function preview(directory: RestDirectory, actor: Actor, body: Record<string, unknown>): Promise<MailPreviewAnswer> {
  const user = body.user;
  if (typeof user !== 'string' || user === '') throw invalid('Choose the user to preview the mail for.', 'user');
  try {
    parseDn(user);
  } catch {
    throw invalid(`"${user}" is not a DN.`, 'user');
  }
  const { template: draft, dn } = body;
  if ((draft === undefined) === (dn === undefined)) throw invalid('Give either the template’s values ("template") or its DN ("dn").', 'template');
  let template: Pick<MailTemplate, 'subject' | 'body' | 'signature' | 'readReceipt' | 'attachments'>;
  if (draft !== undefined) {
    if (draft === null || typeof draft !== 'object' || Array.isArray(draft)) throw invalid('"template" must be an object {subject, body, signature, readReceipt}.', 'template');
    const t = draft as Record<string, unknown>;
    if (typeof t.subject !== 'string') throw invalid('"template.subject" must be text.', 'fdMailTemplateSubject');
    if (typeof t.body !== 'string') throw invalid('"template.body" must be text.', 'fdMailTemplateBody');
    if (t.signature !== undefined && t.signature !== null && typeof t.signature !== 'string') throw invalid('"template.signature" must be text.', 'fdMailTemplateSignature');
    if (t.readReceipt !== undefined && typeof t.readReceipt !== 'boolean') throw invalid('"template.readReceipt" must be true or false.', 'fdMailTemplateReadReceipt');
    if (t.subject.length + t.body.length + String(t.signature ?? '').length > 1_000_000) throw invalid('The template is too long to preview.', 'template');
    template = { subject: t.subject, body: t.body, ...(typeof t.signature === 'string' && t.signature !== '' ? { signature: t.signature } : {}), readReceipt: t.readReceipt === true, attachments: [] };
  } else {
    if (typeof dn !== 'string' || dn === '') throw invalid('"dn" must be the DN of a mail template.', 'dn');
    try {
      parseDn(dn);
    } catch {
      throw invalid(`"${dn}" is not a DN.`, 'dn');
    }
    if (!(await directory.access.rights(actor, { dn, category: 'mailTemplate', tab: 'mailTemplate' })).includes('r')) {
      throw new AppError({ code: 'acl.denied', message: 'You may not read this mail template.', dn });
    }
    const name = rdnValue(dn, 'cn');
    const loaded = name === undefined ? null : await loadMailTemplate(directory.gateway, parentDn(dn) ?? '', name);
    if (!loaded) throw new AppError({ code: 'object.not_found', message: `There is no mail template at "${dn}".`, dn, attribute: 'dn' });
    template = loaded;
  }
  if (!(await directory.access.rights(actor, { dn: user, category: 'user', tab: 'user' })).includes('r')) {
    throw new AppError({ code: 'acl.denied', message: 'You may not read this user.', dn: user, attribute: 'user' });
  }
  const entry = await directory.gateway.read(user, ['*']);
  if (!entry) throw new AppError({ code: 'object.not_found', message: `There is no user at "${user}".`, dn: user, attribute: 'user' });
  const rendered = renderMail(template, entry);
  return { subject: rendered.subject, text: rendered.text, missing: [...rendered.missing], readReceipt: template.readReceipt, attachments: template.attachments.map((a) => a.name) };
}

/**
 * Register the task dashboard and mail-template preview routes on the UI API.
 * @example tasksRoutes(app, { signedIn: (request, reply) => signedIn(request, reply) });
 */
export function tasksRoutes(app: FastifyInstance, options: TasksRoutesOptions): void {
  app.get('/tasks/dashboard', async (request, reply): Promise<DashboardAnswer> => {
    const { directory, actor, lang } = await options.signedIn(request, reply);
    await requireRight(directory, actor, taskPlaceOf(directory).base, 'r');
    return dashboard(directory, lang, queryOf(request));
  });

  app.post('/tasks/run', async (request, reply): Promise<TaskActionAnswer> => {
    const { directory, actor } = await options.signedIn(request, reply);
    const { base } = taskPlaceOf(directory);
    await requireRight(directory, actor, base, 'w');
    const master = requireDnUnder(bodyObject(request.body).master, base, 'master');
    await requireEntries(directory, [master], 'fdTasks', 'master');
    try {
      const run = await engineOf(directory).runNow(master);
      const answer: TaskActionAnswer = { done: run.completed, failed: run.failed };
      // Nothing went: say when the mail interval (anti-spam) allows the next mail run, if that is what stopped it.
      if (run.completed + run.failed === 0) {
        const settings = await readTaskSettings(directory.gateway, directory.baseDN);
        const next = (settings.lastExecTime + settings.intervalMinutes * 60) * 1000;
        if (settings.intervalMinutes > 0 && next > Date.now()) answer.notBefore = new Date(next).toISOString();
      }
      return answer;
    } finally {
      counter.forget(directory);
    }
  });

  app.post('/tasks/renew', async (request, reply): Promise<TaskActionAnswer> => {
    const { directory, actor } = await options.signedIn(request, reply);
    const { base } = taskPlaceOf(directory);
    await requireRight(directory, actor, base, 'w');
    const body = bodyObject(request.body);
    let dns: string[];
    if (body.dns !== undefined) {
      if (body.master !== undefined) throw invalid('Give either "dns" or "master", not both.', 'dns');
      if (!Array.isArray(body.dns) || body.dns.length === 0) throw invalid('"dns" must list the sub-tasks to renew.', 'dns');
      if (body.dns.length > MAX_DNS) throw invalid(`At most ${MAX_DNS} sub-tasks at a time.`, 'dns');
      dns = body.dns.map((dn) => requireDnUnder(dn, base, 'dns'));
      await requireEntries(directory, dns, 'fdTasksGranular', 'dns');
    } else {
      const master = requireDnUnder(body.master, base, 'master');
      dns = await failedOf(directory, base, master);
      if (dns.length === 0) return { done: 0 };
    }
    try {
      let done = 0;
      for (let i = 0; i < dns.length; i += MAX_DNS) done += (await engineOf(directory).renew(dns.slice(i, i + MAX_DNS))).length;
      return { done };
    } finally {
      counter.forget(directory);
    }
  });

  app.post('/tasks/remove-completed', async (request, reply): Promise<TaskActionAnswer> => {
    const { directory, actor } = await options.signedIn(request, reply);
    const { base } = taskPlaceOf(directory);
    await requireRight(directory, actor, base, 'w');
    const body = bodyObject(request.body);
    const master = body.master === undefined ? undefined : requireDnUnder(body.master, base, 'master');
    const engine = engineOf(directory);
    try {
      return { done: (await engine.removeCompleted(master)).removed };
    } finally {
      counter.forget(directory);
    }
  });

  app.post('/mailTemplates/preview', async (request, reply): Promise<MailPreviewAnswer> => {
    const { directory, actor } = await options.signedIn(request, reply);
    return preview(directory, actor, bodyObject(request.body));
  });
}
