// The task dashboard's API shapes, shared with the server (src/http/ui-api/tasksContract.ts).
export type * from '../../../src/http/ui-api/tasksContract.ts';
