// The shapes the SupAnn check streams (src/services/supann/check/SupannCheck.ts), as the page reads them.
export interface SupannCheckProgress {
  phase: 'structures' | 'people' | 'groups' | 'references';
  done: number;
  total: number;
}

export interface SupannCheckReport {
  base: string;
  checked: { structures: number; people: number; groups: number };
  durationMs: number;
  rules: Array<{ id: string; title: string; severity: 'error' | 'warning'; count: number; first: Array<{ dn: string; message: string }> }>;
  findings: number;
}

export type SupannCheckEvent = { type: 'progress'; progress: SupannCheckProgress } | { type: 'report'; report: SupannCheckReport } | { type: 'error'; error: { code: string; message: string } };
