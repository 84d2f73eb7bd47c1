// The second-factor answers of the UI API, shared with the server (src/http/ui-api/secondFactorContract.ts).
export type * from '../../../src/http/ui-api/secondFactorContract.ts';
