// The LDAP gateway: every directory operation of Trousseau goes through here. A pool of
// service-account connections over a list of URIs (failover, reconnect, one safe retry), typed
// errors, paged / sorted / VLV searches, conditional writes (assertion control) and extended ops.
import { Change, type Client, type Control, ServerSideSortingRequestControl } from 'ldapts';

import { type LdapValue, redactedBuffer, toLdaptsAttribute } from './attributes.ts';

import { BerFilter } from './BerFilter.ts';
import { ConnectionFactory, destroyClient, type LdapBind, type LdapLogger, type LdapTransportSecurity, parseLdapUrl } from './ConnectionFactory.ts';
import { ConnectionPool, type LeasePurpose, type PooledConnection, type PoolStats } from './ConnectionPool.ts';
import { AssertionControl } from './controls/AssertionControl.ts';
import { ResponseControlCollector } from './controls/ResponseControlCollector.ts';
import { ServerSideSortingResponseControl } from './controls/ServerSideSortingResponseControl.ts';
import { VirtualListViewRequestControl, type VlvTarget } from './controls/VirtualListViewRequestControl.ts';
import { VirtualListViewResponseControl } from './controls/VirtualListViewResponseControl.ts';
import { type Rdn, formatRdn, parseDn, rdnOf } from './dn.ts';
import {
  InvalidCredentialsError,
  type LdapError,
  LdapConnectionError,
  NoSuchObjectError,
  ServerDownError,
  TimeoutError,
  UnavailableCriticalExtensionError,
  errorForResultCode,
  toLdapError,
} from './errors.ts';
import { type FilterNode, eq, parseFilter } from './filter.ts';
import { AttributeNameSet, DEFAULT_BINARY_ATTRIBUTES, LdapEntry } from './LdapEntry.ts';
import { PASSWORD_MODIFY_OID, decodePasswordModifyResponse, encodePasswordModifyRequest } from './passwordModify.ts';
import { SUBSCHEMA_ATTRIBUTES, type Subschema, parseSubschemaEntry } from './subschema.ts';

export type { LdapBind, LdapLogger, LdapTransportSecurity } from './ConnectionFactory.ts';
export type { Subschema } from './subschema.ts';

export interface LdapGatewayOptions {
  /** URIs tried in order: `ldap://host:389`, `ldaps://host`, `ldapi://%2Fpath%2Fto%2Fsocket`. */
  urls: string[];
  /** How the pooled connections authenticate (the service account). */
  bind: LdapBind;
  /** Default: `ldaps` when every URI is ldaps://, else `none`. */
  security?: LdapTransportSecurity;
  /** Pooled connections (default 4). */
  poolSize?: number;
  /** TCP connect timeout per URI, in ms (default 5 000). */
  connectTimeoutMs?: number;
  /** Per request, in ms; 0 disables (default 30 000). Also sent to the server as the search time limit. */
  operationTimeoutMs?: number;
  /** How long an operation waits for a pooled connection when all are busy (default: operationTimeoutMs, or 60 000). */
  acquireTimeoutMs?: number;
  /** Page size of paged searches (default 500). */
  pageSize?: number;
  /** Attributes returned as Buffers, besides {@link DEFAULT_BINARY_ATTRIBUTES} and `;binary` ones. */
  binaryAttributes?: string[];
  /** After a URI failed, try it only after the others for this long, in ms (default 30 000). */
  downUriRetryMs?: number;
  logger?: LdapLogger;
}

export type SearchScope = 'base' | 'one' | 'sub' | 'children';

export type { LdapValue } from './attributes.ts';

export interface LdapChange {
  operation: 'add' | 'delete' | 'replace';
  attribute: string;
  /** For `delete`: omitted or empty deletes the whole attribute; for `replace`: empty removes it. */
  values?: LdapValue[];
}

export interface SortKey {
  attribute: string;
  /** An ordering matching rule; default: the attribute's ORDERING rule. */
  orderingRule?: string;
  reverse?: boolean;
}

interface CommonSearchOptions {
  /** Default `sub`. */
  scope?: SearchScope;
  /** Text (validated with parseFilter) or an AST; default `(objectClass=*)`. */
  filter?: string | FilterNode;
  /** Default: all user attributes. */
  attributes?: string[];
  /** More attributes to return as Buffers for this call. */
  binaryAttributes?: string[];
  derefAliases?: 'never' | 'search' | 'find' | 'always';
  /** Extra request controls. */
  controls?: Control[];
}

export interface SearchOptions extends CommonSearchOptions {
  /** Entries per page (default: the gateway's pageSize). */
  pageSize?: number;
  /** Server-side sort (sssvlv); the search then runs on a connection of its own. */
  sort?: SortKey | SortKey[];
  /** Stop after this many entries (sent to the server as the size limit). */
  sizeLimit?: number;
}

export interface VlvOptions extends CommonSearchOptions {
  sort: SortKey | SortKey[];
  /** Entries before the target (default 0). */
  beforeCount?: number;
  /** Entries after the target. */
  afterCount: number;
  target: VlvTarget;
}

export interface VlvResult {
  entries: LdapEntry[];
  /** 1-based position of the target entry in the sorted list. */
  targetPosition: number;
  /** The server's count of the entries in the sorted list. */
  contentCount: number;
}

export interface WriteOptions {
  /** RFC 4528 assertion: the write happens only if the entry matches; else AssertionFailedError. */
  assertion?: string | FilterNode;
  controls?: Control[];
}

export interface ReadOptions {
  binaryAttributes?: string[];
  /** Only return the entry if it matches this filter. */
  filter?: string | FilterNode;
  controls?: Control[];
}

export interface RootDse {
  entry: LdapEntry;
  namingContexts: string[];
  subschemaSubentry?: string;
  supportedControls: string[];
  supportedExtensions: string[];
  supportedFeatures: string[];
  supportedSaslMechanisms: string[];
  vendorName?: string;
  vendorVersion?: string;
}

const WHOAMI_OID = '1.3.6.1.4.1.4203.1.11.3';
const PRESENT_OBJECTCLASS: FilterNode = { type: 'present', attribute: 'objectClass' };

type OperationKind = 'read' | 'write';

/**
 * The directory gateway.
 * @example
 * const ldap = new LdapGateway({ urls: ['ldap://ldap1', 'ldap://ldap2'], bind: { method: 'simple', dn, password } });
 * for await (const entry of ldap.search('ou=people,dc=example,dc=org', { filter: eq('objectClass', 'inetOrgPerson'), attributes: ['uid', 'cn'] })) { … }
 * await ldap.modify(dn, [{ operation: 'replace', attribute: 'mail', values: ['a@b.c'] }], { assertion: eq('entryCSN', csn) });
 * await ldap.close();
 */
export class LdapGateway {
  private readonly factory: ConnectionFactory;
  private readonly pool: ConnectionPool;
  private readonly binary: AttributeNameSet;
  private readonly pageSize: number;
  private readonly timeLimitSeconds: number;
  private readonly logger?: LdapLogger;

  public constructor(options: LdapGatewayOptions) {
    const urls = options.urls.map((u) => u.trim()).filter((u) => u !== '');
    const security: LdapTransportSecurity =
      options.security ?? (urls.length > 0 && urls.every((u) => parseLdapUrl(u).scheme === 'ldaps') ? { mode: 'ldaps' } : { mode: 'none' });
    const operationTimeoutMs = options.operationTimeoutMs ?? 30_000;
    this.logger = options.logger;
    this.factory = new ConnectionFactory({
      urls,
      security,
      connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
      operationTimeoutMs,
      downUriRetryMs: options.downUriRetryMs ?? 30_000,
      ...(options.logger ? { logger: options.logger } : {}),
    });
    this.pool = new ConnectionPool({
      factory: this.factory,
      bind: options.bind,
      size: options.poolSize ?? 4,
      acquireTimeoutMs: options.acquireTimeoutMs ?? (operationTimeoutMs || 60_000),
      ...(options.logger ? { logger: options.logger } : {}),
    });
    this.binary = new AttributeNameSet([...DEFAULT_BINARY_ATTRIBUTES, ...(options.binaryAttributes ?? [])]);
    this.pageSize = options.pageSize ?? 500;
    this.timeLimitSeconds = operationTimeoutMs > 0 ? Math.ceil(operationTimeoutMs / 1000) : 0;
  }

  // ---- running operations -------------------------------------------------------------------

  /**
   * Runs `fn` on a pooled connection. A connection error discards the connection; the operation is
   * then retried once on a fresh one if that is safe: reads always, writes only if the request was
   * certainly not sent.
   */
  private async run<T>(kind: OperationKind, dn: string | undefined, fn: (client: Client) => Promise<T>): Promise<T> {
    return this.runOn('shared', kind, dn, fn);
  }

  private async runOn<T>(purpose: LeasePurpose | 'dedicated', kind: OperationKind, dn: string | undefined, fn: (client: Client) => Promise<T>): Promise<T> {
    let retried = false;
    for (;;) {
      const conn = purpose === 'dedicated' ? await this.pool.openDedicated() : await this.pool.acquire(purpose);
      let broken = false;
      try {
        return await fn(conn.client);
      } catch (error) {
        const err = toLdapError(error, dn === undefined ? {} : { dn });
        broken = err instanceof LdapConnectionError || err instanceof TimeoutError;
        if (this.shouldRetry(err, kind, retried)) {
          retried = true;
          this.logger?.warn({ url: conn.url, error: err.name, dn }, 'LDAP connection lost, retrying on a fresh connection');
          continue;
        }
        throw err;
      } finally {
        this.giveBack(conn, purpose, broken);
      }
    }
  }

  private shouldRetry(err: LdapError, kind: OperationKind, retried: boolean): boolean {
    return !retried && err instanceof ServerDownError && (kind === 'read' || !err.requestSent);
  }

  private giveBack(conn: PooledConnection, purpose: LeasePurpose | 'dedicated', broken: boolean): void {
    if (purpose === 'dedicated') destroyClient(conn.client);
    else this.pool.release(conn, purpose, broken);
  }

  private toBerFilter(filter: string | FilterNode | undefined): BerFilter {
    if (filter === undefined) return new BerFilter(PRESENT_OBJECTCLASS);
    return new BerFilter(typeof filter === 'string' ? parseFilter(filter) : filter);
  }

  private searchRequestOptions(options: CommonSearchOptions & { sizeLimit?: number }, binary: AttributeNameSet) {
    return {
      scope: options.scope ?? 'sub',
      filter: this.toBerFilter(options.filter),
      attributes: options.attributes ?? [],
      explicitBufferAttributes: binary.toLdaptsList(),
      derefAliases: options.derefAliases ?? 'never',
      sizeLimit: options.sizeLimit ?? 0,
      timeLimit: this.timeLimitSeconds,
    } as const;
  }

  private writeControls(options: WriteOptions): Control[] {
    const controls = [...(options.controls ?? [])];
    if (options.assertion !== undefined) controls.push(new AssertionControl(options.assertion));
    return controls;
  }

  // ---- reads --------------------------------------------------------------------------------

  /**
   * Reads one entry (base search), or null when it does not exist (or does not match `filter`).
   * @example const user = await ldap.read(dn, ['uid', 'cn', 'entryCSN']);
   */
  public async read(dn: string, attributes: string[] = [], options: ReadOptions = {}): Promise<LdapEntry | null> {
    const binary = this.binary.with(options.binaryAttributes);
    try {
      return await this.run('read', dn, async (client) => {
        const result = await client.search(dn, this.searchRequestOptions({ scope: 'base', attributes, ...(options.filter === undefined ? {} : { filter: options.filter }) }, binary), options.controls ?? []);
        const entry = result.searchEntries[0];
        return entry ? LdapEntry.fromLdapts(entry, binary) : null;
      });
    } catch (error) {
      if (error instanceof NoSuchObjectError) return null;
      throw error;
    }
  }

  /**
   * Searches with the paged results control and yields pages as they arrive. Stop early with
   * `break`: the connection goes back to the pool. A connection lost before the first page is
   * retried once; after that the error is thrown (the server's paging state is gone with it).
   */
  public async *searchPages(base: string, options: SearchOptions = {}): AsyncGenerator<LdapEntry[], void, undefined> {
    const binary = this.binary.with(options.binaryAttributes);
    const sortKeys = options.sort === undefined ? [] : Array.isArray(options.sort) ? options.sort : [options.sort];
    // sssvlv keeps a sort session per connection until the last page or the connection's end;
    // a sorted search therefore gets a connection of its own, closed afterwards.
    const purpose: LeasePurpose | 'dedicated' = sortKeys.length > 0 ? 'dedicated' : 'paged';
    const request = this.searchRequestOptions(options, binary);
    const pageSize = options.pageSize ?? this.pageSize;
    let yielded = false;
    let retried = false;
    for (;;) {
      const conn = purpose === 'dedicated' ? await this.pool.openDedicated() : await this.pool.acquire(purpose);
      let broken = false;
      const controls = [...(options.controls ?? [])];
      const sortResponse = new ResponseControlCollector(() => new ServerSideSortingResponseControl());
      if (sortKeys.length > 0) controls.push(sortRequestControl(sortKeys), sortResponse);
      try {
        const pages = conn.client.searchPaginated(base, { ...request, paged: { pageSize } }, controls);
        for await (const page of pages) {
          const sort = sortResponse.received?.value;
          if (sort && sort.result !== 0) throw errorForResultCode(sort.result, `sorting failed${sort.attributeType ? ` on ${sort.attributeType}` : ''}`, { dn: base });
          if (page.searchEntries.length === 0) continue;
          const entries = page.searchEntries.map((e) => LdapEntry.fromLdapts(e, binary));
          yielded = true;
          yield entries;
        }
        return;
      } catch (error) {
        const err = toLdapError(error, { dn: base });
        broken = err instanceof LdapConnectionError || err instanceof TimeoutError;
        if (!yielded && this.shouldRetry(err, 'read', retried)) {
          retried = true;
          this.logger?.warn({ url: conn.url, error: err.name, dn: base }, 'LDAP connection lost, retrying the search on a fresh connection');
          continue;
        }
        throw err;
      } finally {
        this.giveBack(conn, purpose, broken);
      }
    }
  }

  /**
   * Searches and yields entries one by one (paged underneath, see {@link searchPages}).
   * @example for await (const e of ldap.search(base, { filter: eq('uid', input), attributes: ['cn'] })) console.log(e.first('cn'));
   */
  public async *search(base: string, options: SearchOptions = {}): AsyncGenerator<LdapEntry, void, undefined> {
    for await (const page of this.searchPages(base, options)) yield* page;
  }

  /** Collects a whole search (for small results: use {@link search} for large ones). */
  public async searchAll(base: string, options: SearchOptions = {}): Promise<LdapEntry[]> {
    const all: LdapEntry[] = [];
    for await (const page of this.searchPages(base, options)) all.push(...page);
    return all;
  }

  /**
   * One window of a server-side-sorted list (sort + VLV controls; slapd's sssvlv overlay).
   * Runs on a connection of its own: sssvlv keeps every VLV sort session until the connection
   * ends, and refuses new sorts once a connection or the server holds too many.
   * @example await ldap.vlv(base, { filter, sort: { attribute: 'sn' }, afterCount: 49, target: { byOffset: { offset: 101 } } })
   */
  public async vlv(base: string, options: VlvOptions): Promise<VlvResult> {
    const binary = this.binary.with(options.binaryAttributes);
    const sortKeys = Array.isArray(options.sort) ? options.sort : [options.sort];
    if (sortKeys.length === 0) throw new TypeError('vlv() needs at least one sort key');
    const request = this.searchRequestOptions(options, binary);
    return this.runOn('dedicated', 'read', base, async (client) => {
      const vlvResponse = new ResponseControlCollector(() => new VirtualListViewResponseControl());
      const sortResponse = new ResponseControlCollector(() => new ServerSideSortingResponseControl());
      const vlvRequest = new VirtualListViewRequestControl({
        value: { beforeCount: options.beforeCount ?? 0, afterCount: options.afterCount, target: options.target },
      });
      const controls = [...(options.controls ?? []), sortRequestControl(sortKeys), vlvRequest, vlvResponse, sortResponse];
      let result;
      try {
        result = await client.search(base, request, controls);
      } catch (error) {
        // The response controls say more than the result code (76 virtualListViewError) does.
        const vlv = vlvResponse.received?.value;
        const sort = sortResponse.received?.value;
        const err = toLdapError(error, { dn: base });
        if (vlv && vlv.result !== 0) throw errorForResultCode(vlvResultCode(vlv.result), err.diagnosticMessage, { dn: base, cause: err });
        if (sort && sort.result !== 0) throw errorForResultCode(sort.result, err.diagnosticMessage, { dn: base, cause: err });
        throw err;
      }
      const vlv = vlvResponse.received?.value;
      if (!vlv) throw new UnavailableCriticalExtensionError('the server returned no VLV response control', { dn: base });
      if (vlv.result !== 0) throw errorForResultCode(vlvResultCode(vlv.result), 'virtual list view failed', { dn: base });
      return {
        entries: result.searchEntries.map((e) => LdapEntry.fromLdapts(e, binary)),
        targetPosition: vlv.targetPosition,
        contentCount: vlv.contentCount,
      };
    });
  }

  /** Compares an attribute value (server-side matching rules). */
  public async compare(dn: string, attribute: string, value: string): Promise<boolean> {
    return this.run('read', dn, (client) => client.compare(dn, attribute, value));
  }

  /** The root DSE: naming contexts, supported controls and extensions, subschema entry. */
  public async readRootDSE(): Promise<RootDse> {
    const entry = await this.read('', ['*', '+']);
    if (!entry) throw new NoSuchObjectError('no root DSE', { dn: '' });
    const rootDse: RootDse = {
      entry,
      namingContexts: entry.get('namingContexts'),
      supportedControls: entry.get('supportedControl'),
      supportedExtensions: entry.get('supportedExtension'),
      supportedFeatures: entry.get('supportedFeatures'),
      supportedSaslMechanisms: entry.get('supportedSASLMechanisms'),
    };
    const subschema = entry.first('subschemaSubentry');
    if (subschema !== undefined) rootDse.subschemaSubentry = subschema;
    const vendorName = entry.first('vendorName');
    if (vendorName !== undefined) rootDse.vendorName = vendorName;
    const vendorVersion = entry.first('vendorVersion');
    if (vendorVersion !== undefined) rootDse.vendorVersion = vendorVersion;
    return rootDse;
  }

  /**
   * The server's schema: the subschema entry named by the root DSE (RFC 4512 §4.2), its attribute
   * types and object classes parsed with src/schema/parse.ts. Descriptions that do not parse are
   * listed in `unparsed` instead of failing the whole read.
   */
  public async readSubschema(): Promise<Subschema> {
    const rootDse = await this.readRootDSE();
    const dn = rootDse.subschemaSubentry ?? 'cn=Subschema';
    const entry = await this.read(dn, SUBSCHEMA_ATTRIBUTES, { filter: eq('objectClass', 'subschema') });
    if (!entry) throw new NoSuchObjectError('no subschema subentry', { dn });
    return parseSubschemaEntry(entry);
  }

  // ---- writes -------------------------------------------------------------------------------

  /** Adds an entry. */
  public async add(dn: string, attributes: Record<string, LdapValue | LdapValue[]>, options: Omit<WriteOptions, 'assertion'> = {}): Promise<void> {
    const list = Object.entries(attributes).map(([type, value]) => toLdaptsAttribute(type, Array.isArray(value) ? value : [value]));
    await this.run('write', dn, (client) => client.add(dn, list, options.controls ?? []));
  }

  /**
   * Modifies an entry; with `assertion`, only if it still matches (optimistic concurrency).
   * @example await ldap.modify(dn, [{ operation: 'replace', attribute: 'cn', values: ['New'] }], { assertion: eq('entryCSN', csn) })
   * @throws AssertionFailedError when the assertion does not match
   */
  public async modify(dn: string, changes: LdapChange[], options: WriteOptions = {}): Promise<void> {
    if (changes.length === 0) return;
    const list = changes.map((c) => new Change({ operation: c.operation, modification: toLdaptsAttribute(c.attribute, c.values ?? []) }));
    await this.run('write', dn, (client) => client.modify(dn, list, this.writeControls(options)));
  }

  /** Deletes a leaf entry; with `assertion`, only if it matches. */
  public async delete(dn: string, options: WriteOptions = {}): Promise<void> {
    await this.run('write', dn, (client) => client.del(dn, this.writeControls(options)));
  }

  /**
   * Renames an entry (modifyDN), optionally under a new parent. The old RDN values are removed.
   * @example await ldap.rename('uid=a,ou=people,dc=x', 'uid=b')
   */
  public async rename(dn: string, newRdn: string | Rdn, options: WriteOptions & { newParent?: string } = {}): Promise<void> {
    const rdn = typeof newRdn === 'string' ? parseSingleRdn(newRdn) : newRdn;
    // ldapts splits its newDN argument at the first comma not preceded by a backslash; with every
    // special character written as \HH the RDN contains no comma and cannot end with a backslash.
    const rdnText = formatRdn(rdn, { hex: true });
    if (options.newParent === '') throw new TypeError('newParent cannot be the root DSE');
    const newDn = options.newParent === undefined ? rdnText : `${rdnText},${options.newParent}`;
    await this.run('write', dn, (client) => client.modifyDN(dn, newDn, this.writeControls(options)));
  }

  /** Moves an entry under a new parent, keeping its RDN. */
  public async move(dn: string, newParent: string, options: WriteOptions = {}): Promise<void> {
    const rdn = rdnOf(dn);
    if (!rdn) throw new TypeError('Cannot move the root DSE');
    await this.rename(dn, rdn, { ...options, newParent });
  }

  // ---- extended operations ------------------------------------------------------------------

  /**
   * Password modify (RFC 3062). Without `newPassword` the server generates one and it is returned.
   * With `oldPassword` the server checks it first.
   */
  public async passwordModify(userDn?: string, oldPassword?: string, newPassword?: string): Promise<string | undefined> {
    const value = encodePasswordModifyRequest({
      ...(userDn === undefined ? {} : { userIdentity: userDn }),
      ...(oldPassword === undefined ? {} : { oldPassword }),
      ...(newPassword === undefined ? {} : { newPassword }),
    });
    const response = await this.run('write', userDn, (client) => client.exop(PASSWORD_MODIFY_OID, redactedBuffer(value)));
    return decodePasswordModifyResponse(response.value);
  }

  /** "Who am I?" (RFC 4532): the authorization identity of the pooled connections, e.g. `dn:cn=admin,dc=x`. */
  public async whoami(): Promise<string> {
    const response = await this.run('read', undefined, (client) => client.exop(WHOAMI_OID));
    return response.value ?? '';
  }

  /**
   * Checks a user's credentials by binding as the user on a short-lived connection of its own.
   * An empty password is refused here: LDAP would treat it as an anonymous bind and succeed.
   * `controls` go with the bind and receive the server's answer of the same OID (PasswordPolicyControl), even on failure.
   * @throws InvalidCredentialsError when the DN or password is wrong
   */
  public async bindAs(dn: string, password: string, controls?: Control[]): Promise<void> {
    if (dn === '' || password === '') throw new InvalidCredentialsError('empty DN or password', { dn });
    let retried = false;
    for (;;) {
      let opened;
      try {
        opened = await this.pool.openDedicated({ method: 'simple', dn, password, ...(controls ? { controls } : {}) });
      } catch (error) {
        const err = toLdapError(error, { dn });
        if (this.shouldRetry(err, 'read', retried)) {
          retried = true;
          continue;
        }
        throw err;
      }
      destroyClient(opened.client);
      return;
    }
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  /** Pool counters, for health checks and metrics. */
  public stats(): PoolStats {
    return this.pool.stats();
  }

  /** Closes every pooled connection; later operations fail with GatewayClosedError. */
  public async close(): Promise<void> {
    await this.pool.close();
  }
}

/**
 * The VLV draft's result codes are 60 (sortControlMissing) and 61 (offsetRangeError); slapd's sssvlv
 * puts 76 and 77 (LDAP_VLV_SSS_MISSING, LDAP_VLV_RANGE_ERROR) in its VLV response control instead.
 */
function vlvResultCode(code: number): number {
  return code === 76 ? 60 : code === 77 ? 61 : code;
}

function sortRequestControl(keys: SortKey[]): ServerSideSortingRequestControl {
  return new ServerSideSortingRequestControl({
    critical: true,
    value: keys.map((k) => ({
      attributeType: k.attribute,
      ...(k.orderingRule === undefined ? {} : { orderingRule: k.orderingRule }),
      ...(k.reverse ? { reverseOrder: true } : {}),
    })),
  });
}

function parseSingleRdn(text: string): Rdn {
  const dn = parseDn(text);
  if (dn.length !== 1) throw new TypeError(`Expected a single RDN, got ${JSON.stringify(text)}`);
  return dn[0] as Rdn;
}
