// The audit trail (fd-core.md §11.2, fd-plugins.md §2.14): `fdAuditEvent` entries under `fdAuditRDN` (default
// `ou=audit`), written as FusionDirectory 1.5 writes them, and read back (its JSON modify format and the older one)
// for the audit page and the users' Security tab. Failure policy: see docs/audit.md ("When an event cannot be written").
import { randomInt } from 'node:crypto';
import { AppError } from '../../errors/AppError.ts';
import { escapeDnValue, isDescendantOf, parseDn } from '../../ldap/dn.ts';
import { AlreadyExistsError, NoSuchObjectError } from '../../ldap/errors.ts';
import { and, eq, ge, le, or, contains, type FilterNode } from '../../ldap/filter.ts';
import type { LdapEntry } from '../../ldap/LdapEntry.ts';
import type { LdapGateway } from '../../ldap/LdapGateway.ts';
import type { SiteConfig } from '../SiteConfig.ts';

export const AUDIT_ACTIONS = ['modify', 'create', 'remove', 'copy', 'snapshot', 'security', 'error'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export const DEFAULT_AUDIT_ACTIONS: AuditAction[] = ['security', 'modify', 'create', 'remove'];
/** What replaces the values of attributes the configuration hides (fdAuditConfHiddenAttrValues), as FusionDirectory 1.5. */
export const HIDDEN_VALUE = 'Value not stored by policy';
/** Attributes whose values are never stored, whatever the configuration says. */
const ALWAYS_HIDDEN = new Set(['userpassword', 'fdwebauthnrecoverycode', 'fdtotptokens', 'fdwebauthnregistrations', 'sambantpassword', 'sambalmpassword']);

/** One event to record. `changes` is what `fdAuditAttributes` holds: attribute names, or (modify) new values per attribute. */
export interface AuditEventInput {
  action: AuditAction;
  objectType: string;
  /** Target DN, uid (security events) or '' (stored as `none`). */
  object?: string;
  /** create/remove: attribute names; other actions: free strings. */
  attributes?: string[];
  /** modify: new values of the changed attributes; values of hidden attributes are replaced. */
  changes?: Record<string, string[]>;
  result?: string;
  /** Who did it: a DN; without one, the client address stands in, else `unknown`. */
  author?: string;
  ip?: string;
}

/** What the rest of the application is given: a place to send events to. */
export interface AuditSink {
  record(event: AuditEventInput): Promise<void>;
  /** Whether events of this action are written at all (when absent: yes); lets callers skip preparing them. */
  enabled?(action: AuditAction): boolean;
  /**
   * Failed sign-ins of a login recorded since `since` and after its last successful sign-in, by every instance
   * sharing the directory (the sign-in throttle's shared count); undefined when sign-ins are not recorded.
   */
  recentSignInFailures?(login: string, since: Date): Promise<number | undefined>;
}

/** An event as read back. */
export interface AuditEvent {
  dn: string;
  /** ISO 8601 (UTC, with microseconds kept in `dateTime`). */
  time: string;
  dateTime: string;
  action: string;
  author: string;
  authorIp: string;
  objectType: string;
  object: string;
  /** Attribute names (create/remove and events before FusionDirectory 1.5). */
  attributes: string[];
  /** New values by attribute (modify events of FusionDirectory 1.5 and Trousseau), when the record holds JSON. */
  changes?: Record<string, string[]>;
  result: string;
  id?: string;
}

export interface AuditQuery {
  /** Inclusive bounds, as Date. */
  from?: Date;
  to?: Date;
  action?: string;
  /** Object type (category), e.g. `plugin/user`, `login`. */
  type?: string;
  /** Author DN or address (exact). */
  author?: string;
  /** Target object (exact DN or uid). */
  object?: string;
  limit?: number;
  cursor?: string;
}

export interface AuditPage {
  events: AuditEvent[];
  /** Present when there may be more (older) events. */
  nextCursor?: string;
}

export class AuditWriteError extends AppError {
  constructor(message: string, dn?: string) {
    super({ code: 'internal', message, ...(dn ? { dn } : {}) });
  }
}

const ATTRIBUTES = ['fdAuditDateTime', 'fdAuditAction', 'fdAuditAuthorDN', 'fdAuditAuthorIP', 'fdAuditObjectType', 'fdAuditObject', 'fdAuditAttributes', 'fdAuditResult', 'fdAuditId'];

/** `YYYYMMDDhhmmss.uuuuuuZ` of a time in microseconds since the epoch. */
export function auditDateTime(micros: bigint): string {
  const ms = Number(micros / 1000n);
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const frac = String(micros % 1_000_000n).padStart(6, '0');
  return `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}.${frac}Z`;
}

/** A Date as a GeneralizedTime for filters (`YYYYMMDDhhmmss.uuuuuuZ`). */
export const dateToAuditTime = (d: Date): string => auditDateTime(BigInt(d.getTime()) * 1000n);

/** GeneralizedTime (any precision FusionDirectory wrote) → ISO 8601, or '' when unreadable. */
export function auditTimeToIso(value: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})?(\d{2})?(?:[.,](\d+))?Z$/.exec(value);
  if (!m) return '';
  const frac = (m[7] ?? '').padEnd(6, '0').slice(0, 6);
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5] ?? '00'}:${m[6] ?? '00'}.${frac}Z`;
}

/** Reads `fdAuditAttributes`: one JSON object (FusionDirectory 1.5 modify events) or a list of names (older ones). */
export function decodeAuditAttributes(values: string[]): { attributes: string[]; changes?: Record<string, string[]> } {
  if (values.length === 1 && values[0]!.trimStart().startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(values[0]!);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        const changes: Record<string, string[]> = {};
        for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
          changes[k] = (Array.isArray(v) ? v : v === null || v === undefined ? [] : [v]).map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
        }
        return { attributes: Object.keys(changes), changes };
      }
    } catch {
      // Not JSON after all: a name that starts with a brace.
    }
  }
  return { attributes: values };
}

export function eventOf(entry: LdapEntry): AuditEvent {
  const dateTime = entry.first('fdAuditDateTime') ?? '';
  const decoded = decodeAuditAttributes(entry.get('fdAuditAttributes'));
  const id = entry.first('fdAuditId');
  return {
    dn: entry.dn,
    time: auditTimeToIso(dateTime),
    dateTime,
    action: entry.first('fdAuditAction') ?? '',
    author: entry.first('fdAuditAuthorDN') ?? '',
    authorIp: entry.first('fdAuditAuthorIP') ?? '',
    objectType: entry.first('fdAuditObjectType') ?? '',
    object: entry.first('fdAuditObject') ?? '',
    attributes: decoded.attributes,
    ...(decoded.changes ? { changes: decoded.changes } : {}),
    result: entry.first('fdAuditResult') ?? '',
    ...(id ? { id } : {}),
  };
}

/** JSON with every non-ASCII character escaped, as PHP's json_encode writes it (fdAuditAttributes is IA5). */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const invalid = (message: string, attribute: string) => new AppError({ code: 'value.invalid', message, attribute });

function encodeCursor(dateTime: string, dn: string): string {
  return Buffer.from(JSON.stringify([dateTime, dn])).toString('base64url');
}
function decodeCursor(cursor: string): { dateTime: string; dn: string } {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && typeof v[0] === 'string' && typeof v[1] === 'string' && /^\d{14}(\.\d{1,6})?Z$/.test(v[0])) return { dateTime: v[0], dn: v[1] };
  } catch {
    // fall through
  }
  throw invalid('Invalid cursor', 'cursor');
}

/** Compare two GeneralizedTimes of possibly different precision (newest first order uses the negation). */
function compareTimes(a: string, b: string): number {
  const ia = auditTimeToIso(a);
  const ib = auditTimeToIso(b);
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}

const newestFirst = (a: AuditEvent, b: AuditEvent) => -compareTimes(a.dateTime, b.dateTime) || (a.dn < b.dn ? 1 : a.dn > b.dn ? -1 : 0);

export interface AuditLogOptions {
  gateway: LdapGateway;
  baseDN: string;
  config: SiteConfig;
  /** Where failures to write an event are reported (never with values). Default: console.error. */
  logError?: (message: string) => void;
  /** Clock in microseconds (tests). */
  nowMicros?: () => bigint;
}

/**
 * Writes and reads audit events of one directory.
 * @example await audit.record({ action: 'security', objectType: 'login', object: 'jdoe', result: 'Logged in successfully', author: dn, ip });
 */
export class AuditLog implements AuditSink {
  private readonly gateway: LdapGateway;
  private readonly baseDN: string;
  private readonly config: SiteConfig;
  private readonly logError: (message: string) => void;
  private readonly nowMicros: () => bigint;
  private lastMicros = 0n;
  private branchChecked: string | undefined;

  constructor(options: AuditLogOptions) {
    this.gateway = options.gateway;
    this.baseDN = options.baseDN;
    this.config = options.config;
    this.logError = options.logError ?? ((m) => console.error(`trousseau: audit: ${m}`));
    this.nowMicros = options.nowMicros ?? (() => BigInt(Date.now()) * 1000n);
  }

  /** `ou=audit,<base>` (or the configured fdAuditRDN). */
  get branch(): string {
    const rdn = (this.config.get('fdAuditRDN') ?? 'ou=audit').trim().replace(/,$/, '') || 'ou=audit';
    return `${rdn},${this.baseDN}`;
  }

  /** Actions the configuration selects (fdAuditActions; default security, modify, create, remove). */
  actions(): Set<string> {
    const configured = this.config.list('fdAuditActions');
    return new Set((configured.length > 0 ? configured : DEFAULT_AUDIT_ACTIONS).map((a) => a.toLowerCase()));
  }

  /** Whether events are written at all: FusionDirectory writes none when fdLogging is FALSE. */
  enabled(action: string): boolean {
    return this.config.bool('fdLogging', true) && this.actions().has(action.toLowerCase());
  }

  private hidden(): Set<string> {
    return new Set([...ALWAYS_HIDDEN, ...this.config.list('fdAuditConfHiddenAttrValues').map((a) => a.toLowerCase())]);
  }

  /** The fdAuditAttributes values of an event: names, or the one JSON string of a modification. */
  attributesOf(event: AuditEventInput): string[] {
    if (event.changes) {
      const hidden = this.hidden();
      const shown: Record<string, string[]> = {};
      for (const [name, values] of Object.entries(event.changes)) shown[name] = hidden.has(name.toLowerCase()) ? values.map(() => HIDDEN_VALUE) : values;
      // An empty list means the attribute lost its values. The attribute is IA5: non-ASCII characters are escaped
      // (\uXXXX) as PHP's json_encode does by default.
      return Object.keys(shown).length > 0 ? [asciiJson(shown)] : [];
    }
    return event.attributes ?? [];
  }

  private nextMicros(): bigint {
    let now = this.nowMicros();
    if (now <= this.lastMicros) now = this.lastMicros + 1n;
    this.lastMicros = now;
    return now;
  }

  private async ensureBranch(): Promise<void> {
    const branch = this.branch;
    if (this.branchChecked === branch) return;
    if (!(await this.gateway.read(branch, ['1.1']))) {
      const rdn = parseDn(branch)[0]![0]!;
      const attributes: Record<string, string[]> = rdn.type.toLowerCase() === 'ou' ? { objectClass: ['organizationalUnit'], ou: [rdn.value] } : { objectClass: ['organizationalUnit'], ou: ['audit'], [rdn.type]: [rdn.value] };
      try {
        await this.gateway.add(branch, attributes);
      } catch (e) {
        if (!(e instanceof AlreadyExistsError)) throw e;
      }
    }
    this.branchChecked = branch;
  }

  private async writeOnce(event: AuditEventInput): Promise<string> {
    await this.ensureBranch();
    const dateTime = auditDateTime(this.nextMicros());
    const id = String(randomInt(1, 2 ** 31 - 1));
    const attributes: Record<string, string[]> = {
      objectClass: ['fdAuditEvent'],
      fdAuditDateTime: [dateTime],
      fdAuditAction: [event.action],
      fdAuditAuthorDN: [event.author || event.ip || 'unknown'],
      fdAuditObjectType: [event.objectType],
      fdAuditObject: [event.object || 'none'],
      fdAuditId: [id],
    };
    if (event.ip) attributes.fdAuditAuthorIP = [event.ip];
    const values = this.attributesOf(event);
    if (values.length > 0) attributes.fdAuditAttributes = values;
    if (event.result) attributes.fdAuditResult = [event.result];
    const dn = `fdAuditDateTime=${escapeDnValue(dateTime)},${this.branch}`;
    try {
      await this.gateway.add(dn, attributes);
      return dn;
    } catch (e) {
      if (!(e instanceof AlreadyExistsError)) throw e;
    }
    // Another instance wrote an event at the same microsecond: a multi-valued RDN, as FusionDirectory does.
    const multi = `fdAuditDateTime=${escapeDnValue(dateTime)}+fdAuditId=${id},${this.branch}`;
    await this.gateway.add(multi, attributes);
    return multi;
  }

  /**
   * Write one event if its action is selected. A failed write is retried once (the branch re-checked); a second
   * failure is logged and thrown as an `internal` AppError: the caller's operation is reported as failed to audit.
   */
  async record(event: AuditEventInput): Promise<void> {
    if (!AUDIT_ACTIONS.includes(event.action)) throw new AppError({ code: 'internal', message: `Unknown audit action "${event.action}"` });
    if (!event.objectType) throw new AppError({ code: 'internal', message: 'An audit event needs an object type' });
    if (event.objectType === 'plugin/auditEvent' || !this.enabled(event.action)) return;
    try {
      await this.writeOnce(event);
    } catch (first) {
      this.branchChecked = undefined;
      try {
        await this.writeOnce(event);
      } catch (second) {
        const what = `(${event.action}) ${event.object || ''} of type ${event.objectType}`;
        this.logError(`could not write the audit event ${what}: ${(second as Error).message} (first attempt: ${(first as Error).message})`);
        throw new AuditWriteError(`The operation was done but its audit event could not be written: ${(second as Error).message}`, event.object && event.object.includes('=') ? event.object : undefined);
      }
    }
  }

  private filterOf(q: AuditQuery, hi?: string, lo?: string): FilterNode {
    const parts: FilterNode[] = [eq('objectClass', 'fdAuditEvent')];
    if (q.action) parts.push(eq('fdAuditAction', q.action));
    if (q.type) parts.push(eq('fdAuditObjectType', q.type));
    if (q.author) parts.push(eq('fdAuditAuthorDN', q.author));
    if (q.object) parts.push(eq('fdAuditObject', q.object));
    if (lo) parts.push(ge('fdAuditDateTime', lo));
    if (hi) parts.push(le('fdAuditDateTime', hi));
    return and(...parts);
  }

  private async readFilter(filter: FilterNode, cap: number): Promise<LdapEntry[] | null> {
    const out: LdapEntry[] = [];
    try {
      for await (const page of this.gateway.searchPages(this.branch, { scope: 'one', filter, attributes: ATTRIBUTES, pageSize: Math.min(cap + 1, 500) })) {
        out.push(...page);
        if (out.length > cap) return null;
      }
    } catch (e) {
      if (e instanceof NoSuchObjectError) return [];
      throw e;
    }
    return out;
  }

  /**
   * One page of events, newest first. Never reads the whole branch for a page: it walks back in time windows of
   * fdAuditDateTime (range filters; the attribute has an ordering rule), sized from the density of the previous window,
   * halving a window that holds too many and, when windows come back empty, probing everything older at once (capped).
   * Measured in bench/audit.bench.ts; see docs/audit.md about indexes (an eq index on fdAuditDateTime makes slapd's
   * range filters pathologically slow: do not add one).
   */
  async search(q: AuditQuery): Promise<AuditPage> {
    const limit = Math.min(Math.max(q.limit ?? 50, 1), 500);
    const cursor = q.cursor ? decodeCursor(q.cursor) : undefined;
    const floorMs = q.from ? q.from.getTime() : undefined;
    const floor = q.from ? dateToAuditTime(q.from) : undefined;
    // The upper bound: the cursor's time (inclusive: events of the same microsecond are told apart by DN), else `to`,
    // else none (events stamped ahead of this clock still come first).
    let hi: string | undefined = cursor ? cursor.dateTime : q.to ? dateToAuditTime(q.to) : undefined;
    let hiMs = cursor ? Date.parse(auditTimeToIso(cursor.dateTime)) : q.to ? q.to.getTime() : Date.now();
    const cap = Math.max(limit * 10, 500);
    const collected = new Map<string, AuditEvent>();
    const keep = (e: AuditEvent) => !cursor || compareTimes(e.dateTime, cursor.dateTime) < 0 || (compareTimes(e.dateTime, cursor.dateTime) === 0 && e.dn < cursor.dn);
    let windowMs = 86_400_000;
    let empty = 0;
    for (;;) {
      if (empty >= 2 || (floorMs !== undefined && hiMs - windowMs <= floorMs)) {
        // The rest at once (from the floor, or everything older), if it is not too much; else go on with windows.
        const rest = await this.readFilter(this.filterOf(q, hi, floor), cap);
        if (rest !== null) {
          for (const e of rest.map(eventOf)) if (keep(e)) collected.set(e.dn, e);
          break;
        }
        empty = 0;
        windowMs = Math.max(Math.floor(windowMs / 8), 1000);
        if (floorMs !== undefined && hiMs - windowMs <= floorMs) windowMs = Math.max(Math.floor((hiMs - floorMs) / 2), 1);
      }
      const loMs = hiMs - windowMs;
      const lo = dateToAuditTime(new Date(loMs));
      const entries = await this.readFilter(this.filterOf(q, hi, lo), cap);
      if (entries === null) {
        windowMs = Math.max(Math.floor(windowMs / 8), 1);
        continue;
      }
      let found = 0;
      for (const e of entries.map(eventOf)) {
        if (!keep(e) || collected.has(e.dn)) continue;
        collected.set(e.dn, e);
        found++;
      }
      if (collected.size > limit) break;
      empty = found === 0 ? empty + 1 : 0;
      const needed = limit + 1 - collected.size;
      windowMs = Math.min(windowMs * (found === 0 ? 16 : Math.min(16, Math.max(2, (1.5 * needed) / found))), 100 * 365 * 86_400_000);
      // The next window ends where this one began (inclusive: an event exactly there is deduplicated).
      hiMs = loMs;
      hi = lo;
    }
    const sorted = [...collected.values()].sort(newestFirst);
    const events = sorted.slice(0, limit);
    const last = events[events.length - 1];
    return { events, ...(sorted.length > limit && last ? { nextCursor: encodeCursor(last.dateTime, last.dn) } : {}) };
  }

  /** Every matching event, newest first, page by page (CSV export). */
  async *stream(q: AuditQuery): AsyncGenerator<AuditEvent, void, undefined> {
    let cursor = q.cursor;
    for (;;) {
      const page = await this.search({ ...q, limit: 500, ...(cursor ? { cursor } : {}) });
      yield* page.events;
      if (!page.nextCursor) return;
      cursor = page.nextCursor;
    }
  }

  /** One event by DN (must be in the audit branch). */
  async read(dn: string): Promise<AuditEvent | null> {
    if (!isDescendantOf(dn, this.branch)) return null;
    const entry = await this.gateway.read(dn, ATTRIBUTES, { filter: eq('objectClass', 'fdAuditEvent') });
    return entry ? eventOf(entry) : null;
  }

  /**
   * The security events of a user (the Security tab): security events whose object is his DN or uid or whose author
   * he is, and modifications of his password or second factors, in both record formats; newest first.
   */
  async securityEvents(user: { dn: string; uid?: string }, limit = 100): Promise<AuditEvent[]> {
    const secrets = ['userPassword', 'fdWebauthnRegistrations', 'fdTOTPTokens', 'fdWebauthnRecoveryCode'];
    const subjects: FilterNode[] = [eq('fdAuditObject', user.dn), eq('fdAuditAuthorDN', user.dn), ...(user.uid ? [eq('fdAuditObject', user.uid)] : [])];
    const filter = and(
      eq('objectClass', 'fdAuditEvent'),
      or(
        and(eq('fdAuditAction', 'security'), or(...subjects)),
        and(
          eq('fdAuditAction', 'modify'),
          eq('fdAuditObject', user.dn),
          // Older events list names; 1.5 events hold JSON where the name is quoted.
          or(...secrets.flatMap((s) => [eq('fdAuditAttributes', s), contains('fdAuditAttributes', `"${s}"`)])),
        ),
      ),
    );
    const entries = (await this.readFilter(filter, 10_000)) ?? [];
    return entries.map(eventOf).sort(newestFirst).slice(0, limit);
  }

  async recentSignInFailures(login: string, since: Date): Promise<number | undefined> {
    if (!this.enabled('security')) return undefined;
    // fdAuditObject is indexed: only this login's events are read, at most CAP of them.
    const CAP = 256;
    const filter = and(
      eq('objectClass', 'fdAuditEvent'),
      eq('fdAuditAction', 'security'),
      eq('fdAuditObject', login),
      or(eq('fdAuditObjectType', 'login failure'), eq('fdAuditObjectType', 'login')),
      ge('fdAuditDateTime', dateToAuditTime(since)),
    );
    const events: Array<{ time: string; failed: boolean }> = [];
    try {
      for await (const page of this.gateway.searchPages(this.branch, { scope: 'one', filter, attributes: ['fdAuditDateTime', 'fdAuditObjectType'], pageSize: CAP })) {
        for (const e of page) events.push({ time: e.first('fdAuditDateTime') ?? '', failed: (e.first('fdAuditObjectType') ?? '').toLowerCase() === 'login failure' });
        if (events.length >= CAP) break;
      }
    } catch (e) {
      if (e instanceof NoSuchObjectError) return 0;
      throw e;
    }
    // Failures since the last successful sign-in, as the local counter (a success clears it).
    const lastSuccess = events.filter((e) => !e.failed).reduce((latest, e) => (e.time > latest ? e.time : latest), '');
    return events.filter((e) => e.failed && e.time > lastSuccess).length;
  }
}

/** A sink that writes nothing (tests, tools). */
export const noAudit: AuditSink = { record: async () => {} };
