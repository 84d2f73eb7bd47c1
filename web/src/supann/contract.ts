// The SupAnn answers of the UI API, shared with the server (src/http/ui-api/supannContract.ts).
export type * from '../../../src/http/ui-api/supannContract.ts';
