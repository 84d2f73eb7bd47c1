// The UI API's shapes, shared with the server (src/http/ui-api/contract.ts).
export type * from '../../../src/http/ui-api/contract.ts';
