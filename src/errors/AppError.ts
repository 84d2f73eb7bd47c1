// The one error type shared by services, REST and UI: a stable code, a message, and where it applies.

/** Stable error codes; the list with their meaning lives in docs/errors.md. */
export type ErrorCode =
  | 'config.invalid'
  | 'config.missing'
  | 'directory.unreachable'
  | 'directory.credentials'
  | 'directory.not_installed'
  | 'directory.start_failed'
  | 'schema.missing'
  | 'schema.different'
  | 'object.not_found'
  | 'entry.conflict'
  | 'value.invalid'
  | 'acl.denied'
  | 'auth.failed'
  | 'auth.required'
  | 'auth.password_change_required'
  | 'auth.second_factor_required'
  | 'lock.taken'
  | 'request.unsupported'
  | 'feature.unavailable'
  | 'internal';

export interface AppErrorBody {
  code: ErrorCode;
  message: string;
  dn?: string;
  tab?: string;
  attribute?: string;
  details?: unknown;
}

/** An error a user can act on: `code` is stable, `message` says what is wrong and, where possible, how to fix it. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly dn?: string;
  readonly tab?: string;
  readonly attribute?: string;
  readonly details?: unknown;

  constructor(body: AppErrorBody, options?: { cause?: unknown }) {
    super(body.message, options);
    this.name = 'AppError';
    this.code = body.code;
    if (body.dn !== undefined) this.dn = body.dn;
    if (body.tab !== undefined) this.tab = body.tab;
    if (body.attribute !== undefined) this.attribute = body.attribute;
    if (body.details !== undefined) this.details = body.details;
  }

  toJSON(): AppErrorBody {
    const body: AppErrorBody = { code: this.code, message: this.message };
    if (this.dn !== undefined) body.dn = this.dn;
    if (this.tab !== undefined) body.tab = this.tab;
    if (this.attribute !== undefined) body.attribute = this.attribute;
    if (this.details !== undefined) body.details = this.details;
    return body;
  }
}
