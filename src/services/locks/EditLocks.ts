// FusionDirectory's edit locks (`fdLockEntry` under ou=locks,ou=fusiondirectory,<base>, fd-core.md §7.2): taken around
// every REST write so that FusionDirectory's UI, FusionDirectory's webservice and Trousseau never edit one entry at once.
import { createHash } from 'node:crypto';
import { AppError } from '../../errors/AppError.ts';
import { parentDn } from '../../ldap/dn.ts';
import { AlreadyExistsError, NoSuchObjectError } from '../../ldap/errors.ts';
import { and, eq } from '../../ldap/filter.ts';
import type { LdapGateway } from '../../ldap/LdapGateway.ts';
import { formatLockTimestamp, parseLockTimestamp } from './lockTimestamp.ts';

/** A lock held by this process, to give back to {@link EditLocks.release}. */
export interface EditLock {
  /** DN of the `fdLockEntry`. */
  entryDn: string;
  /** The locked DN. */
  objectDn: string;
  owner: string;
}

/** A lock found in the directory. */
export interface LockInfo {
  entryDn: string;
  objectDn: string;
  owner: string;
  /** When it was taken; undefined when the stored timestamp cannot be read. */
  since?: Date;
}

export interface EditLocksOptions {
  /** Gateway bound as the service account. */
  gateway: LdapGateway;
  baseDN: string;
  /** `fdSessionLifeTime`: locks older than this many seconds are stale and removed when met; 0 = never. */
  lifetimeSeconds: number;
  now?: () => Date;
}

const LOCK_CLASS = 'fdLockEntry';
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** The error of a write refused because of someone's lock (FusionDirectory's WebServiceLockError). */
export function lockTakenError(objectDn: string, owner: string): AppError {
  return new AppError({ code: 'lock.taken', message: `Cannot get a lock on ${objectDn}. It has been locked by ${owner}.`, dn: objectDn, details: { author: owner } });
}

/**
 * Edit locks of one directory.
 * @example
 * const locks = new EditLocks({ gateway, baseDN, lifetimeSeconds: config.int('fdSessionLifeTime', 1800) });
 * await locks.withLock(dn, actor.dn, () => objects.save(actor, obj));
 */
export class EditLocks {
  private readonly gateway: LdapGateway;
  private readonly baseDN: string;
  private readonly lifetimeSeconds: number;
  private readonly now: () => Date;

  constructor(options: EditLocksOptions) {
    this.gateway = options.gateway;
    this.baseDN = options.baseDN;
    this.lifetimeSeconds = options.lifetimeSeconds;
    this.now = options.now ?? (() => new Date());
  }

  /** `ou=locks,ou=fusiondirectory,<base>`. */
  get branch(): string {
    return `ou=locks,ou=fusiondirectory,${this.baseDN}`;
  }

  /** The DN of the lock entry FusionDirectory would write for a DN: `cn=<md5(dn)>`. */
  entryDnOf(objectDn: string): string {
    return `cn=${createHash('md5').update(objectDn, 'utf8').digest('hex')},${this.branch}`;
  }

  private isStale(since: Date | undefined): boolean {
    if (this.lifetimeSeconds <= 0) return false;
    // A timestamp nobody can read never expires by itself: FusionDirectory compares numbers and would keep it too.
    if (!since) return false;
    return this.now().getTime() - since.getTime() > this.lifetimeSeconds * 1000;
  }

  private toInfo(entry: { dn: string; first(name: string): string | undefined }): LockInfo {
    const encoded = entry.first('fdObjectDn') ?? '';
    const stamp = entry.first('fdLockTimestamp');
    const since = stamp ? parseLockTimestamp(stamp) : undefined;
    return { entryDn: entry.dn, objectDn: Buffer.from(encoded, 'base64').toString('utf8'), owner: entry.first('fdUserDn') ?? '', ...(since ? { since } : {}) };
  }

  private async deleteQuietly(dn: string): Promise<void> {
    try {
      await this.gateway.delete(dn);
    } catch (e) {
      if (!(e instanceof NoSuchObjectError)) throw e;
    }
  }

  /**
   * The live locks on a DN. As FusionDirectory does, stale locks are deleted when met, and several locks on one
   * object (which only a crash between two writes can produce) are all deleted.
   */
  async locksOn(objectDn: string): Promise<LockInfo[]> {
    const found: LockInfo[] = [];
    try {
      for await (const entry of this.gateway.search(this.branch, { scope: 'one', filter: and(eq('objectClass', LOCK_CLASS), eq('fdObjectDn', b64(objectDn))), attributes: ['fdUserDn', 'fdObjectDn', 'fdLockTimestamp'] })) {
        found.push(this.toInfo(entry));
      }
    } catch (e) {
      if (e instanceof NoSuchObjectError) return [];
      throw e;
    }
    const live: LockInfo[] = [];
    for (const lock of found) {
      if (this.isStale(lock.since)) await this.deleteQuietly(lock.entryDn);
      else live.push(lock);
    }
    if (live.length > 1) {
      for (const lock of live) await this.deleteQuietly(lock.entryDn);
      return [];
    }
    return live;
  }

  /** Take the lock on a DN, or throw `lock.taken` naming its owner when anyone (the same user included) holds one. */
  async acquire(objectDn: string, owner: string): Promise<EditLock> {
    const [existing] = await this.locksOn(objectDn);
    if (existing) throw lockTakenError(objectDn, existing.owner);
    const entryDn = this.entryDnOf(objectDn);
    const attributes = { objectClass: LOCK_CLASS, cn: entryDn.slice(3, entryDn.indexOf(',')), fdUserDn: owner, fdObjectDn: b64(objectDn), fdLockTimestamp: formatLockTimestamp(this.now()) };
    for (let attempt = 0; ; attempt++) {
      try {
        // The add is the atomic step: of two writers racing for one DN, the second gets AlreadyExists.
        await this.gateway.add(entryDn, attributes);
        return { entryDn, objectDn, owner };
      } catch (e) {
        if (attempt > 0) {
          if (e instanceof AlreadyExistsError) throw lockTakenError(objectDn, await this.ownerOf(entryDn));
          throw e;
        }
        if (e instanceof NoSuchObjectError) {
          await this.ensureBranch();
          continue;
        }
        if (!(e instanceof AlreadyExistsError)) throw e;
        const entry = await this.gateway.read(entryDn, ['fdUserDn', 'fdObjectDn', 'fdLockTimestamp']);
        if (entry && !this.isStale(this.toInfo(entry).since)) throw lockTakenError(objectDn, entry.first('fdUserDn') ?? '');
        if (entry) await this.deleteQuietly(entryDn);
      }
    }
  }

  private async ownerOf(entryDn: string): Promise<string> {
    return (await this.gateway.read(entryDn, ['fdUserDn']))?.first('fdUserDn') ?? '';
  }

  /** Give a lock back; a lock already gone (expired and removed by someone) is fine. */
  async release(lock: EditLock): Promise<void> {
    await this.deleteQuietly(lock.entryDn);
  }

  /** Run `fn` holding the lock on `objectDn`; the lock is released when it ends, also on error. */
  async withLock<T>(objectDn: string, owner: string, fn: () => Promise<T>): Promise<T> {
    const lock = await this.acquire(objectDn, owner);
    try {
      return await fn();
    } finally {
      // A failed release leaves a lock that expires after fdSessionLifeTime; it must not hide fn's own outcome.
      await this.release(lock).catch(() => undefined);
    }
  }

  /** Remove every lock a user holds (FusionDirectory does it when the user signs in). */
  async releaseAllOf(owner: string): Promise<number> {
    let removed = 0;
    try {
      for (const entry of await this.gateway.searchAll(this.branch, { scope: 'one', filter: and(eq('objectClass', LOCK_CLASS), eq('fdUserDn', owner)), attributes: ['1.1'] })) {
        await this.deleteQuietly(entry.dn);
        removed++;
      }
    } catch (e) {
      if (!(e instanceof NoSuchObjectError)) throw e;
    }
    return removed;
  }

  /** Create `ou=fusiondirectory` and `ou=locks` when missing. */
  private async ensureBranch(): Promise<void> {
    for (const dn of [parentDn(this.branch)!, this.branch]) {
      if ((await this.gateway.read(dn, ['1.1'])) !== null) continue;
      try {
        await this.gateway.add(dn, { objectClass: 'organizationalUnit', ou: dn.slice(3, dn.indexOf(',')) });
      } catch (e) {
        if (!(e instanceof AlreadyExistsError)) throw e;
      }
    }
  }
}
