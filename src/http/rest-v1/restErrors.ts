// Errors as FusionDirectory's webservice answers them (fd-core.md §9.5, §10.7): a JSON array of error objects with
// FD's `class` and fields, plus our stable `code`; 401 answers are a JSON string.
import { AppError, type AppErrorBody, type ErrorCode } from '../../errors/AppError.ts';
import { LdapConnectionError } from '../../ldap/errors.ts';

/** One error object of a REST v1 error body. */
export interface RestErrorObject {
  class: string;
  message: string;
  code: ErrorCode;
  dn?: string;
  tab?: string;
  attribute?: string;
  [field: string]: unknown;
}

/** What the REST layer sends for an error. */
export interface RestErrorResponse {
  status: number;
  /** An array of error objects, or a string for 401. */
  body: RestErrorObject[] | string;
  headers: Record<string, string>;
  /** Whether the server log should have it (5xx). */
  log: boolean;
}

/** An error with FusionDirectory's HTTP status and class where they differ from the code's defaults. */
export class RestError extends AppError {
  readonly status: number;
  readonly fdClass: string;
  readonly extra: Record<string, unknown>;

  constructor(status: number, body: AppErrorBody & { fdClass?: string; extra?: Record<string, unknown> }) {
    super(body);
    this.name = 'RestError';
    this.status = status;
    this.fdClass = body.fdClass ?? 'WebServiceError';
    this.extra = body.extra ?? {};
  }
}

/** 400 for a request FusionDirectory would refuse as malformed. */
export const badRequest = (message: string, extra: Partial<AppErrorBody> = {}) => new RestError(400, { code: 'value.invalid', message, ...extra });

/** 412: the entry's entryCSN is not the one the client's If-Match names. */
export const preconditionFailed = (dn: string, current: string | undefined) =>
  new RestError(412, {
    code: 'entry.conflict',
    message: `"${dn}" has changed since the version named by If-Match${current ? ` (it is now ${current})` : ''}; read it again and redo the change. Nothing was changed.`,
    dn,
  });

const STATUS_OF: Partial<Record<ErrorCode, number>> = {
  'value.invalid': 400,
  'config.invalid': 400,
  'lock.taken': 400,
  'auth.failed': 401,
  'auth.required': 401,
  'auth.password_change_required': 403,
  'auth.second_factor_required': 403,
  'acl.denied': 403,
  'object.not_found': 404,
  'request.unsupported': 405,
  'entry.conflict': 409,
  'feature.unavailable': 501,
  'directory.unreachable': 503,
  'directory.credentials': 503,
};

function base(e: AppError, fdClass: string): RestErrorObject {
  const out: RestErrorObject = { class: fdClass, message: e.message, code: e.code };
  if (e.dn !== undefined) out.dn = e.dn;
  if (e.tab !== undefined) out.tab = e.tab;
  if (e.attribute !== undefined) out.attribute = e.attribute;
  return out;
}

interface Problem {
  tab: string;
  attribute?: string;
  code?: string;
  message: string;
}

const isProblemList = (details: unknown): details is Problem[] =>
  Array.isArray(details) && details.length > 0 && details.every((d) => d && typeof d === 'object' && typeof (d as Problem).message === 'string' && typeof (d as Problem).tab === 'string');

/** FusionDirectory's class for a 400 about a value. */
function classOfInvalid(e: AppError): string {
  if (/^You (have no permission|don't have sufficient rights)/.test(e.message)) return 'SimplePluginPermissionError';
  if (e.tab !== undefined) return 'SimplePluginError';
  return 'WebServiceError';
}

/** Map anything thrown while answering a REST v1 request to FusionDirectory's response. */
export function toRestError(error: unknown): RestErrorResponse {
  const headers: Record<string, string> = {};
  if (error instanceof RestError) {
    return { status: error.status, body: [{ ...base(error, error.fdClass), ...error.extra }], headers, log: error.status === 500 };
  }
  if (error instanceof AppError) {
    const status = STATUS_OF[error.code] ?? 500;
    if (status === 401) {
      headers['www-authenticate'] = 'Basic realm="FusionDirectory"';
      headers['x-error-code'] = error.code;
      return { status, body: error.message, headers, log: false };
    }
    if (error.code === 'value.invalid' && isProblemList(error.details)) {
      // Every problem of every tab (FusionDirectory stops at the first failing tab; docs/compatibility.md).
      const dn = error.dn ?? 'new';
      const body = error.details.map((p): RestErrorObject => ({ class: 'SimplePluginCheckError', message: p.message, code: 'value.invalid', dn, tab: p.tab, ...(p.attribute ? { attribute: p.attribute } : {}), ...(p.code ? { reason: p.code } : {}) }));
      return { status, body, headers, log: false };
    }
    if (error.code === 'lock.taken') {
      const author = (error.details as { author?: string } | undefined)?.author ?? '';
      return { status, body: [{ ...base(error, 'WebServiceLockError'), author }], headers, log: false };
    }
    const fdClass =
      error.code === 'value.invalid'
        ? classOfInvalid(error)
        : error.code === 'object.not_found' && error.dn !== undefined
          ? // QUIRK kept: FusionDirectory reports a missing DN with class "fdRestService".
            'fdRestService'
          : status >= 500
            ? 'FusionDirectoryError'
            : 'WebServiceError';
    return { status, body: [base(error, fdClass)], headers, log: status >= 500 };
  }
  if (error instanceof LdapConnectionError) {
    return { status: 503, body: [{ class: 'FusionDirectoryLdapError', message: 'The directory does not answer; try again shortly.', code: 'directory.unreachable' }], headers, log: true };
  }
  const e = error as { statusCode?: number; message?: string };
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return { status: e.statusCode, body: [{ class: 'WebServiceError', message: e.message ?? 'Bad request', code: 'value.invalid' }], headers, log: false };
  }
  return { status: 500, body: [{ class: 'FusionDirectoryError', message: 'An internal error occurred; the server log has the details.', code: 'internal' }], headers, log: true };
}
