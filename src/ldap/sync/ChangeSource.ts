// What a read model (the list index) needs from the directory's change stream, whichever way it is
// obtained: RFC 4533 content synchronization (ContentSyncSource) or polling (PollingSource).
import { InsufficientAccessError, InvalidCredentialsError, NoSuchObjectError, UnavailableCriticalExtensionError } from '../errors.ts';
import type { FilterNode } from '../filter.ts';

/** The content to follow: the entries under `base` matching `filter`, with these attributes. */
export interface ContentRequest {
  base: string;
  /** Default `sub`. */
  scope?: 'one' | 'sub';
  filter: FilterNode;
  /** Attributes to keep; operational ones must be named (`entryCSN`, …). */
  attributes: string[];
}

/** An entry of the content, as the server has it now. */
export interface ContentEntry {
  /**
   * A stable identifier: the entryUUID (text form) when the server gives one, else a key derived
   * from the DN (polling without entryUUID; a rename is then a removal and an addition).
   */
  id: string;
  dn: string;
  /** The requested attributes the entry has (names as the server spells them). */
  attributes: Record<string, string[]>;
}

/**
 * Receives the content and its changes. Calls are synchronous and in the server's order.
 *
 * A refresh (the start of a sync search, a reconnection, a reconciliation cycle) is bracketed:
 * `beginRefresh()`, then `upsert`/`keep`/`remove` calls, then possibly `sweep()` (remove every
 * entry not upserted or kept since `beginRefresh()`; RFC 4533's present phase), then `synced()`.
 */
export interface ChangeSink {
  /** A refresh starts: entries upserted or kept from now on are "seen" for the next {@link sweep}. */
  beginRefresh(): void;
  /** The entry was added or changed (or renamed: same id, new DN); `attributes` is complete. */
  upsert(entry: ContentEntry): void;
  /** The entry is unchanged since the last synchronization. */
  keep(id: string): void;
  /** The entry left the content: deleted, moved out of the base, or no longer matching the filter. */
  remove(id: string): void;
  /** Removes every entry neither upserted nor kept since {@link beginRefresh}. */
  sweep(): void;
  /** The content is complete and current; later calls are live changes. */
  synced(): void;
  /** The stream is interrupted (connection lost, server error): the content may lag until the next `synced()`. */
  interrupted?(error: Error): void;
}

/** A running subscription. */
export interface ChangeSubscription {
  /** Stops following changes and releases the connection. */
  close(): Promise<void>;
  /** Resolves after the first `synced()`; rejects if the subscription fails for good first. */
  readonly ready: Promise<void>;
}

/** Where changes come from. One source can serve several subscriptions (one per list index). */
export interface ChangeSource {
  /** A short name for logs and metrics (`content-sync`, `polling`). */
  readonly kind: string;
  /** Starts loading the content and following its changes into `sink`. */
  subscribe(request: ContentRequest, sink: ChangeSink): ChangeSubscription;
}

/**
 * Errors that retrying will not cure while nothing changes on the server or in the configuration: a
 * subscription rejects its `ready` on them (and keeps retrying, slowly, in case the server changes).
 */
export function isPermanentFailure(error: Error): boolean {
  return (
    error instanceof InvalidCredentialsError ||
    error instanceof UnavailableCriticalExtensionError ||
    error instanceof NoSuchObjectError ||
    error instanceof InsufficientAccessError
  );
}
