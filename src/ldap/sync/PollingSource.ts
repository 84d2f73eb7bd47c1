// A ChangeSource for servers without content synchronization: a paged search loads the content,
// then a search on `(changeAttribute>=last seen)` every few seconds picks up additions and changes,
// and a periodic reconciliation (ids only) detects deletions and entries that left the content.
import { type FilterNode, and, ge } from '../filter.ts';
import type { LdapGateway, LdapLogger } from '../LdapGateway.ts';
import type { LdapEntry } from '../LdapEntry.ts';
import { normalizeDn } from '../dn.ts';
import { toLdapError } from '../errors.ts';
import { Backoff, type BackoffOptions, sleep } from './Backoff.ts';
import { type ChangeSink, type ChangeSource, type ChangeSubscription, type ContentRequest, isPermanentFailure } from './ChangeSource.ts';

export interface PollingSourceOptions {
  gateway: LdapGateway;
  /** Time between two change searches, in ms (default 5 000). */
  intervalMs?: number;
  /** Time between two reconciliations (deletions, entries leaving the content), in ms (default 60 000). */
  reconcileIntervalMs?: number;
  /**
   * `modifyTimestamp` (any server; one-second resolution) or `entryCSN` (OpenLDAP; microseconds).
   * Default `modifyTimestamp`.
   */
  changeAttribute?: 'modifyTimestamp' | 'entryCSN';
  /**
   * Seconds re-read before the latest change seen (default 2): a write that started earlier may
   * commit later, and several providers' clocks differ a little. Re-read entries are upserted again.
   */
  overlapSeconds?: number;
  /** Page size of the load and reconciliation searches (default: the gateway's). */
  pageSize?: number;
  backoff?: BackoffOptions;
  logger?: LdapLogger;
}

/** The id of an entry: its entryUUID when the server has one, else its normalized DN. */
export function pollingId(entry: LdapEntry): string {
  const uuid = entry.first('entryUUID');
  if (uuid !== undefined) return uuid.toLowerCase();
  const id = `dn:${normalizeDn(entry.dn)}`;
  id.charCodeAt(0); // flatten the concatenation (see listindex/dnKey.ts flatten)
  return id;
}

/**
 * @example
 * const source = new PollingSource({ gateway, intervalMs: 2_000 });
 * const sub = source.subscribe({ base, filter, attributes: ['uid', 'cn'] }, sink);
 */
export class PollingSource implements ChangeSource {
  public readonly kind = 'polling';
  private readonly options: PollingSourceOptions;

  public constructor(options: PollingSourceOptions) {
    this.options = options;
  }

  public subscribe(request: ContentRequest, sink: ChangeSink): PollingSubscription {
    return new PollingSubscription(this.options, request, sink);
  }
}

export class PollingSubscription implements ChangeSubscription {
  public readonly ready: Promise<void>;
  private readonly options: PollingSourceOptions;
  private readonly request: ContentRequest;
  private readonly sink: ChangeSink;
  private readonly changeAttribute: 'modifyTimestamp' | 'entryCSN';
  private readonly abort = new AbortController();
  private readonly backoff: Backoff;
  private readonly loop: Promise<void>;
  /** The greatest change value seen so far. */
  private mark: string | undefined;
  private resolveReady!: () => void;
  private rejectReady!: (error: Error) => void;
  private isReady = false;
  /** A pending request to poll now (see {@link pollNow}). */
  private wake: (() => void) | undefined;

  public constructor(options: PollingSourceOptions, request: ContentRequest, sink: ChangeSink) {
    this.options = options;
    this.request = request;
    this.sink = sink;
    this.changeAttribute = options.changeAttribute ?? 'modifyTimestamp';
    this.backoff = new Backoff(options.backoff);
    this.ready = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.ready.catch(() => {
      // observed by whoever awaits it
    });
    this.loop = this.run();
  }

  public async close(): Promise<void> {
    this.abort.abort();
    this.wake?.();
    await this.loop;
    if (!this.isReady) this.rejectReady(new Error('the subscription was closed before the content was loaded'));
  }

  /** Runs the next change search now instead of at the end of the interval (e.g. in tests, or after a write). */
  public pollNow(): void {
    this.wake?.();
  }

  private attributes(): string[] {
    const wanted = new Set(this.request.attributes.map((a) => a.toLowerCase()));
    const extra = ['entryUUID', this.changeAttribute].filter((a) => !wanted.has(a.toLowerCase()));
    return [...this.request.attributes, ...extra];
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    const interval = this.options.intervalMs ?? 5_000;
    const reconcileEvery = this.options.reconcileIntervalMs ?? 60_000;
    let loaded = false;
    let lastReconcile = 0;
    while (!signal.aborted) {
      try {
        if (!loaded) {
          await this.load();
          loaded = true;
          lastReconcile = Date.now();
        } else if (Date.now() - lastReconcile >= reconcileEvery) {
          // Changes first: the reconciliation then only has deletions left to find.
          await this.pollChanges();
          await this.reconcile();
          lastReconcile = Date.now();
        } else {
          await this.pollChanges();
        }
        this.backoff.reset();
        await this.pause(interval, signal);
      } catch (error) {
        if (signal.aborted) break;
        const err = toLdapError(error);
        this.sink.interrupted?.(err);
        if (!this.isReady && isPermanentFailure(err)) this.rejectReady(err);
        this.options.logger?.warn({ base: this.request.base, error: err.name, reason: err.diagnosticMessage }, 'polling for changes failed; retrying');
        await this.pause(this.backoff.next(), signal);
      }
    }
  }

  private pause(ms: number, signal: AbortSignal): Promise<void> {
    const local = new AbortController();
    this.wake = () => local.abort();
    const both = AbortSignal.any([signal, local.signal]);
    return sleep(ms, both).finally(() => {
      this.wake = undefined;
    });
  }

  private search(filter: FilterNode, attributes: string[]): AsyncGenerator<LdapEntry[], void, undefined> {
    return this.options.gateway.searchPages(this.request.base, {
      scope: this.request.scope ?? 'sub',
      filter,
      attributes,
      ...(this.options.pageSize === undefined ? {} : { pageSize: this.options.pageSize }),
    });
  }

  private toContent(entry: LdapEntry): { id: string; dn: string; attributes: Record<string, string[]> } {
    const attributes: Record<string, string[]> = {};
    for (const name of this.request.attributes) {
      const values = entry.get(name);
      if (values.length > 0) attributes[name] = values;
    }
    return { id: pollingId(entry), dn: entry.dn, attributes };
  }

  private noteChange(entry: LdapEntry): void {
    const value = entry.first(this.changeAttribute);
    if (value !== undefined && (this.mark === undefined || value > this.mark)) this.mark = value;
  }

  /** The full load: every entry upserted, anything else the sink had is swept. */
  private async load(): Promise<void> {
    const attributes = this.attributes();
    this.sink.beginRefresh();
    for await (const page of this.search(this.request.filter, attributes)) {
      for (const entry of page) {
        this.noteChange(entry);
        this.sink.upsert(this.toContent(entry));
      }
    }
    this.sink.sweep();
    this.markSynced();
  }

  private async pollChanges(): Promise<void> {
    if (this.mark === undefined) return;
    const since = rewind(this.mark, this.changeAttribute, this.options.overlapSeconds ?? 2);
    const filter = and(this.request.filter, ge(this.changeAttribute, since));
    for await (const page of this.search(filter, this.attributes())) {
      for (const entry of page) {
        this.noteChange(entry);
        this.sink.upsert(this.toContent(entry));
      }
    }
  }

  /** Lists the ids of the content (no other attribute) and sweeps the entries that are gone. */
  private async reconcile(): Promise<void> {
    this.sink.beginRefresh();
    for await (const page of this.search(this.request.filter, ['entryUUID'])) {
      for (const entry of page) this.sink.keep(pollingId(entry));
    }
    this.sink.sweep();
    this.markSynced();
  }

  private markSynced(): void {
    this.sink.synced();
    if (!this.isReady) {
      this.isReady = true;
      this.resolveReady();
    }
  }
}

/**
 * The value `seconds` before `value`: a GeneralizedTime (`20240102030405Z`, fractions kept) or an
 * OpenLDAP CSN (`20240102030405.123456Z#000000#000#000000`, rewound to the lowest CSN of that time).
 */
export function rewind(value: string, kind: 'modifyTimestamp' | 'entryCSN', seconds: number): string {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\.\d+)?Z/.exec(value);
  if (!m || seconds <= 0) return value;
  const time = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) - seconds * 1000;
  const d = new Date(time);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  const stamp = `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
  if (kind === 'entryCSN') return `${stamp}.000000Z#000000#000#000000`;
  return `${stamp}${m[7] ?? ''}Z`;
}
