// The task dashboard's path, its URL state (filters in the query string, so a view can be bookmarked) and helpers.
import type { DashboardAnswer, SubTaskStatus } from './contract.ts';

/** The page's path (also the id of its menu entry, `tasks/dashboard`). */
export const TASKS_DASHBOARD_PATH = '/tasks/dashboard';

export const STATUSES: SubTaskStatus[] = ['scheduled', 'running', 'completed', 'failed'];

export interface DashboardFilters {
  status?: SubTaskStatus;
  /** `fdTasksGranularType` (`Mail Object`…). */
  type?: string;
  /** A main task's DN. */
  master?: string;
}

export function filtersOf(query: URLSearchParams): DashboardFilters {
  const status = query.get('status') ?? '';
  return {
    ...((STATUSES as string[]).includes(status) ? { status: status as SubTaskStatus } : {}),
    ...(query.get('type') ? { type: query.get('type')! } : {}),
    ...(query.get('master') ? { master: query.get('master')! } : {}),
  };
}

/** The dashboard's URL for some filters. */
export function dashboardPath(filters: DashboardFilters): string {
  const q = new URLSearchParams();
  if (filters.status) q.set('status', filters.status);
  if (filters.type) q.set('type', filters.type);
  if (filters.master) q.set('master', filters.master);
  const text = q.toString();
  return text ? `${TASKS_DASHBOARD_PATH}?${text}` : TASKS_DASHBOARD_PATH;
}

/** Something is scheduled or running: the page refreshes itself until nothing is. */
export function isPending(answer: DashboardAnswer | undefined): boolean {
  return answer !== undefined && answer.counts.scheduled + answer.counts.running > 0;
}

/** The message key of a sub-task type's label (`Mail Object` → `tasks.type.Mail Object`), or the type itself. */
export function typeKey(type: string): string {
  return `tasks.type.${type}`;
}
