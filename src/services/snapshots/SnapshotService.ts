// Snapshots of objects (FusionDirectory's SnapshotHandler, fd-core.md §7.1): gosaSnapshotObject entries under
// fdSnapshotBase holding the zlib of the object's subtree as `ldapsearch -LLL` prints it, so that snapshots made by
// FusionDirectory are listed and restored here and the other way round. docs/snapshots.md.
import { createHash } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import { AppError } from '../../errors/AppError.ts';
import { dnEquals, escapeDnValue, formatDn, isDescendantOf, normalizeDn, parentDn, parseDn } from '../../ldap/dn.ts';
import { AlreadyExistsError, NoSuchObjectError } from '../../ldap/errors.ts';
import { and, eq, not, type FilterNode } from '../../ldap/filter.ts';
import type { LdapEntry } from '../../ldap/LdapEntry.ts';
import type { LdapChange, LdapGateway, LdapValue } from '../../ldap/LdapGateway.ts';
import type { ObjectType, Registry } from '../../model/Registry.ts';
import type { AccessPolicy, Actor } from '../AccessPolicy.ts';
import type { AuditSink } from '../audit/AuditLog.ts';
import type { ListIndexes } from '../objects/ListIndexes.ts';
import type { ObjectWrite, OpenedObject } from '../objects/ObjectService.ts';
import type { SiteConfig } from '../SiteConfig.ts';
import { readSnapshotLdif, snapshotEntryOf, writeSnapshotLdif, type SnapshotEntry } from './snapshotLdif.ts';

/** One snapshot of an object (a gosaSnapshotObject entry). */
export interface SnapshotInfo {
  /** The snapshot entry's DN. */
  dn: string;
  /** The DN of the object it is a snapshot of (gosaSnapshotDN). */
  objectDn: string;
  /** Trousseau type id (from fdSnapshotObjectType, e.g. USER -> user); '' if unknown. */
  type: string;
  /** ISO 8601, from gosaSnapshotTimestamp. */
  createdAt: string;
  description: string;
  /** fdSnapshotDataSource (`FD` by default). */
  source: string;
}

export interface SnapshotServiceOptions {
  gateway: LdapGateway;
  registry: Registry;
  config: SiteConfig;
  access: AccessPolicy;
  /** Where `snapshot` events go (the audit plugin). */
  audit?: AuditSink;
  /** Told after a restore wrote entries (the ACL policy's caches), as ObjectService does. */
  onWrite?: (write: ObjectWrite) => void;
  /** The list indexes a restore refreshes at once. */
  indexes?: ListIndexes;
  /** The clock (ms since the epoch, may have a fraction); tests move it. */
  now?: () => number;
}

/** The ACL object of snapshots in a category, and its two attribute ACLs (fd-core.md §5.3). */
export const SNAPSHOT_ACL_TAB = 'SnapshotHandler';
export const RESTORE_OVER = 'restore_over';
export const RESTORE_DELETED = 'restore_deleted';
/** The description and source of automatic snapshots (FusionDirectory's). */
export const AUTOMATIC_DESCRIPTION = 'automatic snapshot';
export const DEFAULT_SOURCE = 'FD';
/** At most this many snapshots of deleted objects are listed. */
export const DELETED_LIMIT = 500;

const SNAPSHOT_ATTRIBUTES = ['gosaSnapshotTimestamp', 'gosaSnapshotDN', 'description', 'fdSnapshotObjectType', 'fdSnapshotDataSource', 'fdSnapshotHash'];
const denied = (message: string, dn?: string) => new AppError({ code: 'acl.denied', message, ...(dn ? { dn } : {}) });
const invalid = (message: string, attribute: string) => new AppError({ code: 'value.invalid', message, attribute });

/** `<seconds>-<9 digits>` → seconds and the 9-digit fraction as numbers (NaN parts for anything else). */
function stampParts(stamp: string): [number, number] {
  const m = /^(\d+)-(\d{1,9})$/.exec(stamp.trim());
  return m ? [Number(m[1]), Number(m[2]!.padEnd(9, '0'))] : [Number.NaN, Number.NaN];
}

function compareStamps(a: string, b: string): number {
  const [as, af] = stampParts(a);
  const [bs, bf] = stampParts(b);
  return as - bs || af - bf;
}

/** FusionDirectory's `microtime()` stamp: seconds, `-`, then `0.xxxxxxxx` without the dot (9 digits). */
export function snapshotStamp(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const fraction = Math.floor((ms / 1000 - seconds) * 1e8);
  return `${seconds}-0${String(fraction).padStart(8, '0')}`;
}

/** Whether the configuration enables snapshots: fdEnableSnapshots (default TRUE) and a snapshot base (fdSnapshotBase). */
export function snapshotsEnabled(config: Pick<SiteConfig, 'get'>): boolean {
  const enabled = config.get('fdEnableSnapshots');
  return (enabled === undefined || enabled === 'TRUE') && (config.get('fdSnapshotBase') ?? '').trim() !== '';
}

/** The md5 of a snapshot's LDIF (fdSnapshotHash). */
export function snapshotHash(ldif: string): string {
  return createHash('md5').update(ldif, 'utf8').digest('hex');
}

export class SnapshotService {
  private readonly gateway: LdapGateway;
  private readonly registry: Registry;
  private readonly config: SiteConfig;
  private readonly access: AccessPolicy;
  private readonly audit: AuditSink | undefined;
  private readonly onWrite: ((write: ObjectWrite) => void) | undefined;
  private readonly indexes: ListIndexes | undefined;
  private readonly now: () => number;

  constructor(options: SnapshotServiceOptions) {
    this.gateway = options.gateway;
    this.registry = options.registry;
    this.config = options.config;
    this.access = options.access;
    this.audit = options.audit;
    this.onWrite = options.onWrite;
    this.indexes = options.indexes;
    this.now = options.now ?? (() => performance.timeOrigin + performance.now());
  }

  get baseDN(): string {
    return this.config.baseDN;
  }

  /** The snapshot base (fdSnapshotBase), '' when unset. */
  get snapshotBase(): string {
    return (this.config.get('fdSnapshotBase') ?? '').trim();
  }

  /** fdEnableSnapshots (default TRUE) and a snapshot base. */
  get enabled(): boolean {
    return snapshotsEnabled(this.config);
  }

  get automaticEnabled(): boolean {
    return this.enabled && this.config.bool('fdEnableAutomaticSnapshots', false);
  }

  /** The sources a user may pick (fdSnapshotSourceData). */
  sources(): string[] {
    return this.config.list('fdSnapshotSourceData').filter((s) => s.trim() !== '');
  }

  /** Whether objects of the type have snapshots (every type but those whose declaration opts out). */
  hasSnapshots(type: ObjectType): boolean {
    return type.decl.snapshots !== false;
  }

  /** `uid=a,ou=people,dc=ex` → `ou=people,<fdSnapshotBase>` (the parent without the base, then the snapshot base). */
  containerOf(objectDn: string): string {
    const parent = parentDn(objectDn) ?? this.baseDN;
    const base = parseDn(this.baseDN);
    const rdns = parseDn(parent);
    const relative = isDescendantOf(parent, base, { orSelf: true }) ? rdns.slice(0, rdns.length - base.length) : rdns;
    return relative.length > 0 ? `${formatDn(relative)},${this.snapshotBase}` : this.snapshotBase;
  }

  private requireEnabled(): void {
    if (!this.enabled) throw new AppError({ code: 'feature.unavailable', message: 'Snapshots are disabled (fdEnableSnapshots, fdSnapshotBase in the configuration).' });
  }

  private typeOf(typeId: string): ObjectType {
    const type = this.registry.type(typeId);
    if (!type) throw new AppError({ code: 'object.not_found', message: `Unknown object type "${typeId}"` });
    if (!this.hasSnapshots(type)) throw invalid(`Objects of type "${type.id}" have no snapshots.`, 'type');
    return type;
  }

  /** The actor's rights on the snapshots of an object: letters, plus what restore_over / restore_deleted grant. */
  async rights(actor: Actor, typeId: string, objectDn: string): Promise<{ create: boolean; list: boolean; delete: boolean; restoreOver: boolean; restoreDeleted: boolean }> {
    const type = this.typeOf(typeId);
    const target = { dn: objectDn, category: type.aclCategory, tab: SNAPSHOT_ACL_TAB };
    const [object, over, deleted] = await Promise.all([
      this.access.rights(actor, target),
      this.access.rights(actor, { ...target, attribute: RESTORE_OVER }),
      this.access.rights(actor, { ...target, attribute: RESTORE_DELETED }),
    ]);
    return { create: object.includes('c'), list: object.includes('r'), delete: object.includes('d'), restoreOver: over.includes('w'), restoreDeleted: deleted.includes('w') };
  }

  private infoOf(entry: LdapEntry): SnapshotInfo {
    const typeKey = entry.first('fdSnapshotObjectType') ?? '';
    const type = this.registry.allTypes().find((t) => t.id.toUpperCase() === typeKey.toUpperCase());
    const stamp = entry.first('gosaSnapshotTimestamp') ?? '';
    const [s, f] = stampParts(stamp);
    const createdAt = Number.isNaN(s) ? '' : new Date(s * 1000 + Math.floor(f / 1e6)).toISOString();
    return { dn: entry.dn, objectDn: entry.first('gosaSnapshotDN') ?? '', type: type?.id ?? '', createdAt, description: entry.first('description') ?? '', source: entry.first('fdSnapshotDataSource') ?? '' };
  }

  private static newestFirst(a: LdapEntry, b: LdapEntry): number {
    return compareStamps(b.first('gosaSnapshotTimestamp') ?? '', a.first('gosaSnapshotTimestamp') ?? '');
  }

  /** The snapshot entries of an object, newest first (one-level search in its container). */
  private async entriesOf(objectDn: string): Promise<LdapEntry[]> {
    try {
      const entries = await this.gateway.searchAll(this.containerOf(objectDn), { scope: 'one', filter: and(eq('objectClass', 'gosaSnapshotObject'), eq('gosaSnapshotDN', objectDn)), attributes: SNAPSHOT_ATTRIBUTES });
      return entries.sort(SnapshotService.newestFirst);
    } catch (e) {
      if (e instanceof NoSuchObjectError) return [];
      throw e;
    }
  }

  /** The object's snapshots, newest first (`r` on SnapshotHandler). */
  async list(actor: Actor, typeId: string, objectDn: string): Promise<SnapshotInfo[]> {
    if (!this.enabled) return [];
    return (await this.listing(actor, typeId, objectDn)).snapshots;
  }

  /** The object's snapshots and the actor's rights on them, asked once (the editor's panel). */
  async listing(actor: Actor, typeId: string, objectDn: string): Promise<{ rights: Awaited<ReturnType<SnapshotService['rights']>>; snapshots: SnapshotInfo[] }> {
    const rights = await this.rights(actor, typeId, objectDn);
    if (!rights.list) throw denied(`You have no permission to list the snapshots of "${objectDn}".`, objectDn);
    return { rights, snapshots: (await this.entriesOf(objectDn)).map((e) => this.infoOf(e)) };
  }

  /** The object's subtree (departments below excluded), as ldapsearch prints it, and its md5. */
  async export(objectDn: string): Promise<{ ldif: string; hash: string; entries: SnapshotEntry[] }> {
    const entries = (await this.gateway.searchAll(objectDn, { scope: 'sub', filter: not(eq('objectClass', 'gosaDepartment')) })).map(snapshotEntryOf);
    const ldif = writeSnapshotLdif(entries);
    return { ldif, hash: snapshotHash(ldif), entries };
  }

  /** Creates the containers of `dn` below the snapshot base's parent that are missing, as organizationalUnit. */
  private async ensureContainer(dn: string): Promise<void> {
    if ((await this.gateway.read(dn, ['1.1'])) !== null) return;
    const parent = parentDn(dn);
    if (parent !== null && !dnEquals(parent, this.baseDN) && isDescendantOf(parent, this.baseDN)) await this.ensureContainer(parent);
    const rdn = parseDn(dn)[0]!;
    const ava = rdn[0]!;
    if (rdn.length !== 1 || ava.type.toLowerCase() !== 'ou') throw new AppError({ code: 'value.invalid', message: `The snapshot container "${dn}" does not exist and is not an "ou=" branch that could be created.`, dn });
    try {
      await this.gateway.add(dn, { objectClass: 'organizationalUnit', ou: ava.value });
    } catch (e) {
      if (!(e instanceof AlreadyExistsError)) throw e;
    }
  }

  /** Writes a snapshot entry with a free timestamp RDN; returns its DN. */
  private async write(type: ObjectType, objectDn: string, ldif: string, hash: string, description: string, source: string): Promise<string> {
    const container = this.containerOf(objectDn);
    await this.ensureContainer(container);
    let [seconds, fraction] = stampParts(snapshotStamp(this.now()));
    const data = deflateSync(Buffer.from(ldif, 'utf8'), { level: 6 });
    for (let attempt = 0; attempt < 1000; attempt++) {
      const stamp = `${seconds}-${String(fraction).padStart(9, '0')}`;
      const dn = `gosaSnapshotTimestamp=${escapeDnValue(stamp)},${container}`;
      try {
        await this.gateway.add(dn, {
          objectClass: ['top', 'gosaSnapshotObject'],
          gosaSnapshotTimestamp: stamp,
          gosaSnapshotDN: objectDn,
          gosaSnapshotData: data,
          description,
          fdSnapshotObjectType: type.id.toUpperCase(),
          fdSnapshotDataSource: source,
          fdSnapshotHash: hash,
        });
        return dn;
      } catch (e) {
        if (!(e instanceof AlreadyExistsError)) throw e;
        // Taken (the same microsecond): the next one, as FusionDirectory increments until free.
        fraction += 1;
        if (fraction >= 1e9) [seconds, fraction] = [seconds + 1, 0];
      }
    }
    throw new AppError({ code: 'internal', message: `No free snapshot name under "${container}".` });
  }

  private async record(actor: Actor, objectType: 'create' | 'delete' | 'restore', snapshotDn: string): Promise<void> {
    await this.audit?.record({ action: 'snapshot', objectType, object: snapshotDn, author: actor.dn, ...(actor.ip ? { ip: actor.ip } : {}) });
  }

  private async read(snapshotDn: string, withData = false): Promise<LdapEntry> {
    let inside = false;
    try {
      parseDn(snapshotDn);
      inside = this.snapshotBase !== '' && isDescendantOf(snapshotDn, this.snapshotBase);
    } catch {
      inside = false;
    }
    if (!inside) throw invalid(`"${snapshotDn}" is not a snapshot: it is not below the snapshot base ${this.snapshotBase}.`, 'snapshot');
    const entry = await this.gateway.read(snapshotDn, withData ? [...SNAPSHOT_ATTRIBUTES, 'gosaSnapshotData', 'objectClass'] : [...SNAPSHOT_ATTRIBUTES, 'objectClass'], withData ? { binaryAttributes: ['gosaSnapshotData'] } : {});
    if (!entry || !entry.get('objectClass').some((oc) => oc.toLowerCase() === 'gosasnapshotobject')) throw new AppError({ code: 'object.not_found', message: `Non-existing snapshot "${snapshotDn}"`, dn: snapshotDn });
    return entry;
  }

  /** Takes a snapshot of an object (`c` on SnapshotHandler); then retention applies. */
  async create(actor: Actor, typeId: string, objectDn: string, options: { description: string; source?: string }): Promise<SnapshotInfo> {
    this.requireEnabled();
    const type = this.typeOf(typeId);
    const description = options.description.trim();
    if (description === '') throw invalid('Give a description of the snapshot.', 'description');
    if (description.length > 1024) throw invalid('The description is too long (1024 characters at most).', 'description');
    const source = options.source ?? DEFAULT_SOURCE;
    if (options.source !== undefined && !this.sources().includes(options.source)) throw invalid(`"source" must be one of: ${this.sources().join(', ') || '(none configured)'}.`, 'source');
    if (!(await this.rights(actor, typeId, objectDn)).create) throw denied(`You have no permission to take a snapshot of "${objectDn}".`, objectDn);
    if ((await this.gateway.read(objectDn, ['1.1'])) === null) throw new AppError({ code: 'object.not_found', message: `Non-existing dn "${objectDn}"!`, dn: objectDn });
    const { ldif, hash } = await this.export(objectDn);
    const dn = await this.write(type, objectDn, ldif, hash, description, source);
    await this.record(actor, 'create', dn);
    await this.applyRetention(actor, objectDn);
    return this.infoOf((await this.read(dn))!);
  }

  /**
   * The automatic snapshot before an existing object is modified by a save (fdEnableAutomaticSnapshots): taken unless
   * the latest snapshot of the object has the same hash; then retention applies. No right is asked: it is the system's.
   */
  async beforeModify(actor: Actor, obj: OpenedObject): Promise<void> {
    if (obj.dn === null || !this.automaticEnabled || !this.hasSnapshots(obj.type)) return;
    const { ldif, hash } = await this.export(obj.dn);
    const latest = (await this.entriesOf(obj.dn))[0];
    if (latest?.first('fdSnapshotHash') === hash) return;
    const dn = await this.write(obj.type, obj.dn, ldif, hash, AUTOMATIC_DESCRIPTION, DEFAULT_SOURCE);
    await this.record(actor, 'create', dn);
    await this.applyRetention(actor, obj.dn);
  }

  /**
   * Retention (FusionDirectory's verifySnapshotRetention): with fdSnapshotRetentionDays set, the object's snapshots
   * older than that are deleted, oldest first, but never below fdSnapshotMinRetention snapshots.
   */
  async applyRetention(actor: Actor, objectDn: string): Promise<number> {
    const days = this.config.int('fdSnapshotRetentionDays', 0);
    if (!(days > 0)) return 0;
    const keep = Math.max(0, this.config.int('fdSnapshotMinRetention', 0));
    const entries = (await this.entriesOf(objectDn)).reverse();
    const limit = this.now() / 1000 - days * 86400;
    let removable = entries.length - keep;
    let removed = 0;
    for (const entry of entries) {
      if (removable <= 0) break;
      const [seconds] = stampParts(entry.first('gosaSnapshotTimestamp') ?? '');
      if (!(seconds < limit)) break;
      await this.gateway.delete(entry.dn);
      await this.record(actor, 'delete', entry.dn);
      removable--;
      removed++;
    }
    return removed;
  }

  /** Deletes a snapshot (`d` on SnapshotHandler of its object). */
  async delete(actor: Actor, typeId: string, snapshotDn: string): Promise<void> {
    this.requireEnabled();
    this.typeOf(typeId);
    const entry = await this.read(snapshotDn);
    const objectDn = entry.first('gosaSnapshotDN') ?? '';
    if (!(await this.rights(actor, typeId, objectDn)).delete) throw denied(`You have no permission to delete the snapshots of "${objectDn}".`, objectDn);
    await this.gateway.delete(entry.dn);
    await this.record(actor, 'delete', entry.dn);
  }

  /** The entries a snapshot holds (its LDIF read back). */
  async contents(snapshotDn: string): Promise<SnapshotEntry[]> {
    const entry = await this.read(snapshotDn, true);
    return readSnapshotLdif(inflateSync(entry.buffers('gosaSnapshotData')[0] ?? Buffer.alloc(0)).toString('utf8'));
  }

  /**
   * Restores a snapshot: missing entries are added (parents first), existing ones get every attribute of the snapshot
   * and lose the user attributes it does not have; children that are not in it are left alone. Needs `w` on
   * restore_over (the object exists) or restore_deleted (it does not). Returns the object's DN and entryCSN.
   */
  async restore(actor: Actor, typeId: string, snapshotDn: string): Promise<{ dn: string; etag: string | null }> {
    this.requireEnabled();
    const type = this.typeOf(typeId);
    const snapshot = await this.read(snapshotDn, true);
    const objectDn = snapshot.first('gosaSnapshotDN') ?? '';
    let insideBase = false;
    try {
      insideBase = isDescendantOf(objectDn, this.baseDN);
    } catch {
      insideBase = false;
    }
    if (!insideBase) throw invalid(`The snapshot's object "${objectDn}" is outside the directory base.`, 'snapshot');
    const exists = (await this.gateway.read(objectDn, ['1.1'])) !== null;
    const rights = await this.rights(actor, typeId, objectDn);
    if (exists ? !rights.restoreOver : !rights.restoreDeleted) {
      throw denied(exists ? `You have no permission to restore a snapshot over "${objectDn}".` : `You have no permission to restore the deleted object "${objectDn}".`, objectDn);
    }
    let entries: SnapshotEntry[];
    try {
      entries = readSnapshotLdif(inflateSync(snapshot.buffers('gosaSnapshotData')[0] ?? Buffer.alloc(0)).toString('utf8'));
    } catch (e) {
      throw new AppError({ code: 'value.invalid', message: `The snapshot "${snapshotDn}" cannot be read: ${(e as Error).message}`, attribute: 'snapshot' });
    }
    const inside = entries.filter((e) => isDescendantOf(e.dn, objectDn, { orSelf: true }));
    if (inside.length === 0) throw invalid(`The snapshot "${snapshotDn}" holds no entry of "${objectDn}".`, 'snapshot');
    inside.sort((a, b) => parseDn(a.dn).length - parseDn(b.dn).length);
    for (const entry of inside) await this.restoreEntry(entry);
    const classes = inside.find((e) => dnEquals(e.dn, objectDn))?.attributes.find((a) => a.name.toLowerCase() === 'objectclass')?.values.map(String) ?? [];
    this.onWrite?.({ dn: objectDn, objectClasses: classes, deleted: false });
    await this.indexes?.written(type, objectDn).catch(() => undefined);
    await this.record(actor, 'restore', snapshot.dn);
    const csn = (await this.gateway.read(objectDn, ['entryCSN']))?.first('entryCSN');
    return { dn: objectDn, etag: csn ?? null };
  }

  private async restoreEntry(entry: SnapshotEntry): Promise<void> {
    const current = await this.gateway.read(entry.dn, ['*']);
    if (current === null) {
      const parent = parentDn(entry.dn);
      if (parent !== null && isDescendantOf(parent, this.baseDN) && (await this.gateway.read(parent, ['1.1'])) === null) await this.ensureContainer(parent);
      const attributes: Record<string, LdapValue[]> = {};
      for (const a of entry.attributes) attributes[a.name] = a.values;
      await this.gateway.add(entry.dn, attributes);
      return;
    }
    const wanted = new Set(entry.attributes.map((a) => a.name.toLowerCase()));
    const changes: LdapChange[] = entry.attributes.map((a) => ({ operation: 'replace', attribute: a.name, values: a.values }));
    for (const name of current.names()) if (!wanted.has(name.toLowerCase())) changes.push({ operation: 'delete', attribute: name });
    await this.gateway.modify(entry.dn, changes);
  }

  /**
   * Snapshots below a department's snapshot container whose object no longer exists, newest first, at most 500
   * (`r` on SnapshotHandler of each object).
   */
  async deleted(actor: Actor, typeId: string, base: string): Promise<SnapshotInfo[]> {
    if (!this.enabled) return [];
    const type = this.typeOf(typeId);
    const container = dnEquals(base, this.baseDN) ? this.snapshotBase : this.containerOf(`x=x,${base}`);
    const filters: FilterNode[] = [eq('objectClass', 'gosaSnapshotObject'), eq('fdSnapshotObjectType', type.id.toUpperCase())];
    let entries: LdapEntry[];
    try {
      entries = await this.gateway.searchAll(container, { scope: 'sub', filter: and(...filters), attributes: SNAPSHOT_ATTRIBUTES });
    } catch (e) {
      if (e instanceof NoSuchObjectError) return [];
      throw e;
    }
    entries.sort(SnapshotService.newestFirst);
    const exists = new Map<string, boolean>();
    const out: SnapshotInfo[] = [];
    for (const entry of entries) {
      if (out.length >= DELETED_LIMIT) break;
      const objectDn = entry.first('gosaSnapshotDN') ?? '';
      const key = normalizeDn(objectDn);
      if (!exists.has(key)) exists.set(key, (await this.gateway.read(objectDn, ['1.1']).catch(() => null)) !== null);
      if (exists.get(key)) continue;
      if (!(await this.rights(actor, typeId, objectDn)).list) continue;
      out.push(this.infoOf(entry));
    }
    return out;
  }
}
