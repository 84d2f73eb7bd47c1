// The shapes of the task dashboard's API (`/ui/api/tasks/…`, tasksApi.ts) and of the mail-template preview, shared
// with the web interface (web/src/tasks/).

/** What a sub-task's `fdTasksGranularStatus` means: `1`, `2`, `claimed …` (a worker has it), anything else. */
export type SubTaskStatus = 'scheduled' | 'completed' | 'running' | 'failed';

export const SUB_TASK_STATUSES: readonly SubTaskStatus[] = ['scheduled', 'running', 'completed', 'failed'];

/** Sub-tasks per status. */
export interface StatusCounts {
  total: number;
  scheduled: number;
  running: number;
  completed: number;
  failed: number;
}

/** One `fdTasksGranular` entry as the dashboard shows it. */
export interface DashboardSubTask {
  dn: string;
  cn: string;
  /** The main task's DN (`fdTasksGranularMaster`) and its name (the cn of that DN). */
  master: string;
  masterName: string;
  /** `fdTasksGranularType`, as stored (`Mail Object`, `Life Cycle`…). */
  type: string;
  /** The recipient's address (mail sub-tasks) or the target entry's DN. */
  recipient: string;
  /** Whether `recipient` is a DN (life cycle, reminder, notifications) rather than an address. */
  recipientIsDn: boolean;
  /** `YYYY-MM-DD hh:mm:ss`, wall-clock time in the directory's time zone (`DashboardAnswer.timezone`). */
  schedule: string;
  status: SubTaskStatus;
  /** The stored status text: the error of a failed sub-task, `claimed <owner> until <time>` of a running one. */
  statusText: string;
}

/** One main task (`fdTasks`). */
export interface DashboardTask {
  dn: string;
  name: string;
  /** The objectClass of its type tab (`fdTasksMail`…), absent when it has none. */
  typeClass?: string;
  /** The type tab's label in the request's language (`Mail`, `Life cycle`…). */
  typeLabel: string;
  /** The `fdTasksGranularType` of its sub-tasks (`Mail Object`…). */
  subTaskType?: string;
  /** `YYYY-MM-DD hh:mm:ss` (directory time zone), '' when not scheduled. */
  schedule: string;
  /** `fdTasksCreationDate` and `fdTasksLastExec`, as stored ('' when absent). */
  created: string;
  lastRun: string;
  repeatable: boolean;
  /** `fdTasksRepeatableSchedule` (`Daily`…), when repeatable. */
  cycle?: string;
  /** Its sub-tasks per status. */
  counts: StatusCounts;
}

export interface DashboardAnswer {
  /** The directory's `fdTimezone` the schedules are written in. */
  timezone: string;
  /** The tasks branch (`fdTasksRDN`, base). */
  base: string;
  tasks: DashboardTask[];
  /** Sub-tasks of the page, in directory order. */
  subTasks: DashboardSubTask[];
  /** The next page's cursor, absent on the last page. */
  next?: string;
  /**
   * Sub-tasks per status, of the main task asked (`master`) or all; `byType` per `fdTasksGranularType`. Status and
   * type filters do not change them (they are the filter buttons' numbers).
   */
  counts: StatusCounts & { byType: Record<string, StatusCounts> };
  /** Sub-tasks matching the query (type, status, master) over all pages. */
  matching: number;
}

export interface RunTaskRequest {
  master: string;
}

export interface RenewRequest {
  dns: string[];
}

export interface RemoveCompletedRequest {
  master?: string;
}

/** What an action did: sub-tasks processed, renewed, removed (whatever applies), and a message from the engine. */
export interface TaskActionAnswer {
  done: number;
  failed?: number;
  /**
   * Run now sent nothing because the mail interval (`fdTasksConfIntervalEmails`) since the last mail run has not
   * passed: when it will have (ISO 8601).
   */
  notBefore?: string;
}

/** An unsaved template, as the editor holds it. */
export interface PreviewTemplate {
  subject: string;
  body: string;
  signature?: string;
  readReceipt?: boolean;
}

export interface MailPreviewRequest {
  /** The template: its draft values, or the DN of a saved one. */
  template?: PreviewTemplate;
  dn?: string;
  /** The user whose entry fills the placeholders. */
  user: string;
}

export interface MailPreviewAnswer {
  subject: string;
  /** The body, then a blank line and the signature, as mailed (plain text). */
  text: string;
  /** Placeholders the user's entry had no value for. */
  missing: string[];
  readReceipt: boolean;
  /** Names of the saved template's attachments (none for draft values). */
  attachments: string[];
}
