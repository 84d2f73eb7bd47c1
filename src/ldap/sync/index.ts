// Following a directory's changes: RFC 4533 content synchronization, or polling, behind one interface.
export type { ChangeSink, ChangeSource, ChangeSubscription, ContentEntry, ContentRequest } from './ChangeSource.ts';
export { isPermanentFailure } from './ChangeSource.ts';
export { ContentSyncSource, ContentSyncSubscription } from './ContentSyncSource.ts';
export type { ContentSyncMode, ContentSyncSourceOptions, ContentSyncStatus } from './ContentSyncSource.ts';
export { PollingSource, PollingSubscription } from './PollingSource.ts';
export type { PollingSourceOptions } from './PollingSource.ts';
export { LdapSocket } from './LdapSocket.ts';
export { SyncSession } from './SyncSession.ts';
