// The consumer side of one RFC 4533 sync search: turns the server's messages (entries with Sync
// State controls, Sync Info messages, the final Sync Done) into ChangeSink calls and keeps the
// cookie. No I/O here, so every rule of the RFC is tested with hand-made messages.
import { type LdapError, ProtocolError, errorForResultCode } from '../errors.ts';
import type { ChangeSink } from './ChangeSource.ts';
import type { LdapResponse } from './ldapMessages.ts';
import {
  SYNC_DONE_OID,
  SYNC_INFO_OID,
  SYNC_REFRESH_REQUIRED,
  SYNC_STATE_OID,
  type SyncMode,
  decodeSyncDoneValue,
  decodeSyncInfoValue,
  decodeSyncStateValue,
  findControl,
} from './syncControls.ts';

/** What the caller should do after a message. */
export type SyncStep =
  | { type: 'continue' }
  /** The search ended normally (refreshOnly, or the server closed a persist stage): resume later with the cookie. */
  | { type: 'done' }
  /** e-syncRefreshRequired: start again without a cookie (a full reload). */
  | { type: 'refreshRequired' }
  /** The server refused or ended the search with an error. */
  | { type: 'failed'; error: LdapError };

const CONTINUE: SyncStep = { type: 'continue' };

export class SyncSession {
  /** The latest cookie the server sent (or the one we started from). */
  public cookie: Buffer | undefined;
  /** True until the refresh stage ends (refreshDone), false in the persist stage. */
  public refreshing = true;
  /** Entries and ids received in this session (for logs and tests). */
  public received = 0;

  private readonly sink: ChangeSink;
  private readonly mode: SyncMode;
  /**
   * Started without a cookie: the server sends the whole content, so whatever the sink had and is
   * not sent is stale, even if the server ends its refresh in "delete" mode.
   */
  private readonly fullReload: boolean;

  public constructor(sink: ChangeSink, options: { mode: SyncMode; cookie?: Buffer }) {
    this.sink = sink;
    this.mode = options.mode;
    this.cookie = options.cookie;
    this.fullReload = options.cookie === undefined;
  }

  /** Call once the search request is sent. */
  public start(): void {
    this.sink.beginRefresh();
  }

  /**
   * Applies one message of the sync search.
   * @throws LdapMessageDecodingError on a malformed control (the caller drops the connection)
   */
  public handle(message: LdapResponse): SyncStep {
    switch (message.type) {
      case 'searchEntry':
        this.onEntry(message.dn, message.attributes, message.controls);
        return CONTINUE;
      case 'intermediateResponse':
        if (message.name === SYNC_INFO_OID && message.value !== undefined) this.onInfo(message.value);
        return CONTINUE;
      case 'searchDone':
        return this.onDone(message.result.resultCode, message.result.diagnosticMessage, message.controls);
      default:
        // search references (we do not chase them) and anything else: ignored
        return CONTINUE;
    }
  }

  private onEntry(dn: string, attributes: Record<string, string[]>, controls: LdapResponse['controls']): void {
    const control = findControl(controls, SYNC_STATE_OID);
    if (control?.value === undefined) throw new ProtocolError('a sync search entry came without a Sync State control', { dn });
    const state = decodeSyncStateValue(control.value);
    this.received += 1;
    switch (state.state) {
      case 'add':
      case 'modify':
        this.sink.upsert({ id: state.uuid, dn, attributes });
        break;
      case 'present':
        this.sink.keep(state.uuid);
        break;
      case 'delete':
        this.sink.remove(state.uuid);
        break;
    }
    // The cookie counts once the entry is applied (RFC 4533 §3.4: it reflects the entry's state).
    if (state.cookie !== undefined) this.cookie = state.cookie;
  }

  private onInfo(value: Buffer): void {
    const info = decodeSyncInfoValue(value);
    switch (info.type) {
      case 'newCookie':
        this.cookie = info.cookie;
        return;
      case 'syncIdSet':
        this.received += info.uuids.length;
        if (info.refreshDeletes) for (const uuid of info.uuids) this.sink.remove(uuid);
        else for (const uuid of info.uuids) this.sink.keep(uuid);
        if (info.cookie !== undefined) this.cookie = info.cookie;
        return;
      case 'refreshPresent':
      case 'refreshDelete':
        // The end of a present phase (or of a full reload) leaves out exactly the deleted entries.
        if (info.type === 'refreshPresent' || this.fullReload) this.sink.sweep();
        if (info.cookie !== undefined) this.cookie = info.cookie;
        if (info.refreshDone) this.endRefresh();
        else this.sink.beginRefresh(); // another phase follows
        return;
    }
  }

  private onDone(resultCode: number, diagnosticMessage: string, controls: LdapResponse['controls']): SyncStep {
    if (resultCode === SYNC_REFRESH_REQUIRED) return { type: 'refreshRequired' };
    if (resultCode !== 0) return { type: 'failed', error: errorForResultCode(resultCode, diagnosticMessage) };
    const done = decodeSyncDoneValue(findControl(controls, SYNC_DONE_OID)?.value);
    if (done.cookie !== undefined) this.cookie = done.cookie;
    if (this.refreshing) {
      // refreshOnly (or a server that ended refreshAndPersist after its refresh): Sync Done closes the
      // refresh; refreshDeletes FALSE means it was a present phase.
      if (!done.refreshDeletes || this.fullReload) this.sink.sweep();
      this.endRefresh();
    }
    return { type: 'done' };
  }

  private endRefresh(): void {
    this.refreshing = false;
    this.sink.synced();
  }

  /** The mode this session was started in. */
  public get syncMode(): SyncMode {
    return this.mode;
  }
}
