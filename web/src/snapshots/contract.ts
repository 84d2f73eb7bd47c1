// The snapshot answers of the UI API, shared with the server (src/http/ui-api/snapshotsContract.ts).
export type * from '../../../src/http/ui-api/snapshotsContract.ts';
