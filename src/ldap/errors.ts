// Typed LDAP errors: one class per result code (RFC 4511 §4.1.9 and extensions), plus the client-side
// conditions (server down, connect failure, timeout) and the mapping from ldapts/socket errors to them.
import { InvalidAsn1Error, MessageParserError, ResultCodeError } from 'ldapts';

export interface LdapErrorOptions {
  /** DN of the entry the operation was about (not the matched DN). */
  dn?: string;
  /** Matched DN returned by the server, when known. */
  matchedDN?: string;
  cause?: unknown;
}

/**
 * Base of every error the LDAP gateway throws. `resultCode` is the LDAP result code (or the
 * libldap client-side code for connection problems: 81 server down, 85 timeout, 91 connect error),
 * `diagnosticMessage` is the server's text, `name` is stable and equal to the class name.
 */
export class LdapError extends Error {
  override name = 'LdapError';
  readonly resultCode: number;
  readonly diagnosticMessage: string;
  readonly dn?: string;
  readonly matchedDN?: string;

  constructor(resultCode: number, diagnosticMessage = '', options: LdapErrorOptions = {}) {
    const description = RESULT_DESCRIPTIONS[resultCode] ?? `LDAP result code ${resultCode}`;
    const parts = [description];
    if (diagnosticMessage) parts.push(`: ${diagnosticMessage}`);
    if (options.dn !== undefined) parts.push(` (dn: ${options.dn})`);
    super(parts.join(''), options.cause === undefined ? undefined : { cause: options.cause });
    this.resultCode = resultCode;
    this.diagnosticMessage = diagnosticMessage;
    if (options.dn !== undefined) this.dn = options.dn;
    if (options.matchedDN) this.matchedDN = options.matchedDN;
  }
}

/** Human descriptions of result codes, used to build messages. */
const RESULT_DESCRIPTIONS: Record<number, string> = {
  1: 'Operations error',
  2: 'Protocol error',
  3: 'Time limit exceeded',
  4: 'Size limit exceeded',
  7: 'Authentication method not supported',
  8: 'Stronger authentication required',
  10: 'Referral',
  11: 'Administrative limit exceeded',
  12: 'Critical extension is unavailable',
  13: 'Confidentiality required',
  14: 'SASL bind in progress',
  16: 'No such attribute',
  17: 'Undefined attribute type',
  18: 'Inappropriate matching',
  19: 'Constraint violation',
  20: 'Attribute or value exists',
  21: 'Invalid attribute syntax',
  32: 'No such object',
  33: 'Alias problem',
  34: 'Invalid DN syntax',
  35: 'Entry is a leaf',
  36: 'Alias dereferencing problem',
  48: 'Inappropriate authentication',
  49: 'Invalid credentials',
  50: 'Insufficient access',
  51: 'Server is busy',
  52: 'Server is unavailable',
  53: 'Server is unwilling to perform',
  54: 'Loop detected',
  60: 'Sort control missing',
  61: 'Offset range error',
  64: 'Naming violation',
  65: 'Object class violation',
  66: 'Operation not allowed on non-leaf',
  67: 'Operation not allowed on RDN',
  68: 'Already exists',
  69: 'Cannot modify object class',
  70: 'Results too large',
  71: 'Operation affects multiple DSAs',
  76: 'Virtual list view error',
  80: 'Other (unknown) error',
  81: "Can't contact LDAP server",
  84: 'Decoding error',
  85: 'Timed out',
  88: 'Gateway closed',
  91: 'Connect error',
  118: 'Operation cancelled',
  119: 'No such operation',
  120: 'Too late to cancel',
  121: 'Cannot cancel',
  122: 'Assertion failed',
  123: 'Proxied authorization denied',
};

// ---- server result codes -------------------------------------------------------------------

export class OperationsError extends LdapError {
  override name = 'OperationsError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(1, diagnosticMessage, options); }
}
export class ProtocolError extends LdapError {
  override name = 'ProtocolError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(2, diagnosticMessage, options); }
}
export class TimeLimitExceededError extends LdapError {
  override name = 'TimeLimitExceededError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(3, diagnosticMessage, options); }
}
export class SizeLimitExceededError extends LdapError {
  override name = 'SizeLimitExceededError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(4, diagnosticMessage, options); }
}
export class AuthMethodNotSupportedError extends LdapError {
  override name = 'AuthMethodNotSupportedError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(7, diagnosticMessage, options); }
}
export class StrongerAuthRequiredError extends LdapError {
  override name = 'StrongerAuthRequiredError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(8, diagnosticMessage, options); }
}
export class ReferralError extends LdapError {
  override name = 'ReferralError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(10, diagnosticMessage, options); }
}
export class AdminLimitExceededError extends LdapError {
  override name = 'AdminLimitExceededError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(11, diagnosticMessage, options); }
}
export class UnavailableCriticalExtensionError extends LdapError {
  override name = 'UnavailableCriticalExtensionError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(12, diagnosticMessage, options); }
}
export class ConfidentialityRequiredError extends LdapError {
  override name = 'ConfidentialityRequiredError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(13, diagnosticMessage, options); }
}
export class SaslBindInProgressError extends LdapError {
  override name = 'SaslBindInProgressError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(14, diagnosticMessage, options); }
}
export class NoSuchAttributeError extends LdapError {
  override name = 'NoSuchAttributeError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(16, diagnosticMessage, options); }
}
export class UndefinedAttributeTypeError extends LdapError {
  override name = 'UndefinedAttributeTypeError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(17, diagnosticMessage, options); }
}
export class InappropriateMatchingError extends LdapError {
  override name = 'InappropriateMatchingError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(18, diagnosticMessage, options); }
}
export class ConstraintViolationError extends LdapError {
  override name = 'ConstraintViolationError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(19, diagnosticMessage, options); }
}
export class AttributeOrValueExistsError extends LdapError {
  override name = 'AttributeOrValueExistsError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(20, diagnosticMessage, options); }
}
export class InvalidAttributeSyntaxError extends LdapError {
  override name = 'InvalidAttributeSyntaxError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(21, diagnosticMessage, options); }
}
export class NoSuchObjectError extends LdapError {
  override name = 'NoSuchObjectError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(32, diagnosticMessage, options); }
}
export class AliasProblemError extends LdapError {
  override name = 'AliasProblemError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(33, diagnosticMessage, options); }
}
export class InvalidDNSyntaxError extends LdapError {
  override name = 'InvalidDNSyntaxError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(34, diagnosticMessage, options); }
}
export class IsLeafError extends LdapError {
  override name = 'IsLeafError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(35, diagnosticMessage, options); }
}
export class AliasDereferencingProblemError extends LdapError {
  override name = 'AliasDereferencingProblemError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(36, diagnosticMessage, options); }
}
export class InappropriateAuthenticationError extends LdapError {
  override name = 'InappropriateAuthenticationError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(48, diagnosticMessage, options); }
}
export class InvalidCredentialsError extends LdapError {
  override name = 'InvalidCredentialsError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(49, diagnosticMessage, options); }
}
export class InsufficientAccessError extends LdapError {
  override name = 'InsufficientAccessError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(50, diagnosticMessage, options); }
}
export class BusyError extends LdapError {
  override name = 'BusyError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(51, diagnosticMessage, options); }
}
export class UnavailableError extends LdapError {
  override name = 'UnavailableError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(52, diagnosticMessage, options); }
}
export class UnwillingToPerformError extends LdapError {
  override name = 'UnwillingToPerformError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(53, diagnosticMessage, options); }
}
export class LoopDetectError extends LdapError {
  override name = 'LoopDetectError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(54, diagnosticMessage, options); }
}
/** VLV requested without a sort control (draft-ietf-ldapext-ldapv3-vlv, result 60). */
export class SortControlMissingError extends LdapError {
  override name = 'SortControlMissingError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(60, diagnosticMessage, options); }
}
/** VLV target offset outside the list (result 61). */
export class OffsetRangeError extends LdapError {
  override name = 'OffsetRangeError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(61, diagnosticMessage, options); }
}
export class NamingViolationError extends LdapError {
  override name = 'NamingViolationError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(64, diagnosticMessage, options); }
}
export class ObjectClassViolationError extends LdapError {
  override name = 'ObjectClassViolationError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(65, diagnosticMessage, options); }
}
export class NotAllowedOnNonLeafError extends LdapError {
  override name = 'NotAllowedOnNonLeafError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(66, diagnosticMessage, options); }
}
export class NotAllowedOnRDNError extends LdapError {
  override name = 'NotAllowedOnRDNError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(67, diagnosticMessage, options); }
}
export class AlreadyExistsError extends LdapError {
  override name = 'AlreadyExistsError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(68, diagnosticMessage, options); }
}
export class ObjectClassModsProhibitedError extends LdapError {
  override name = 'ObjectClassModsProhibitedError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(69, diagnosticMessage, options); }
}
export class ResultsTooLargeError extends LdapError {
  override name = 'ResultsTooLargeError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(70, diagnosticMessage, options); }
}
export class AffectsMultipleDSAsError extends LdapError {
  override name = 'AffectsMultipleDSAsError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(71, diagnosticMessage, options); }
}
export class VirtualListViewError extends LdapError {
  override name = 'VirtualListViewError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(76, diagnosticMessage, options); }
}
export class OtherError extends LdapError {
  override name = 'OtherError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(80, diagnosticMessage, options); }
}
export class CanceledError extends LdapError {
  override name = 'CanceledError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(118, diagnosticMessage, options); }
}
/** RFC 4528: the assertion control's filter did not match the target entry (result 122). */
export class AssertionFailedError extends LdapError {
  override name = 'AssertionFailedError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(122, diagnosticMessage, options); }
}
export class AuthorizationDeniedError extends LdapError {
  override name = 'AuthorizationDeniedError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(123, diagnosticMessage, options); }
}
/** A result code this module has no class for; `resultCode` tells which. */
export class UnknownResultError extends LdapError {
  override name = 'UnknownResultError';
}

// ---- client-side conditions ----------------------------------------------------------------

/** Base of errors meaning "the connection failed", as opposed to "the server said no". */
export class LdapConnectionError extends LdapError {
  override name = 'LdapConnectionError';
}

export interface ServerDownErrorOptions extends LdapErrorOptions {
  /**
   * False when the request was certainly not written to the socket (safe to replay, even a write);
   * true when it may have reached the server (a write may or may not have been applied).
   */
  requestSent: boolean;
}

/** The connection was lost (closed, reset) before the answer arrived (libldap code 81). */
export class ServerDownError extends LdapConnectionError {
  override name = 'ServerDownError';
  readonly requestSent: boolean;
  constructor(diagnosticMessage: string, options: ServerDownErrorOptions) {
    super(81, diagnosticMessage, options);
    this.requestSent = options.requestSent;
  }
}

/** No connection could be opened (refused, unreachable, TLS failure, connect timeout; libldap code 91). */
export class ConnectError extends LdapConnectionError {
  override name = 'ConnectError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(91, diagnosticMessage, options); }
}

/** The operation did not complete within the configured time (libldap code 85). */
export class TimeoutError extends LdapError {
  override name = 'TimeoutError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(85, diagnosticMessage, options); }
}

/** A response could not be decoded (libldap code 84). */
export class DecodingError extends LdapError {
  override name = 'DecodingError';
  constructor(diagnosticMessage = '', options?: LdapErrorOptions) { super(84, diagnosticMessage, options); }
}

/** The gateway was closed; no further operations are accepted (libldap code 88, "user cancelled"). */
export class GatewayClosedError extends LdapError {
  override name = 'GatewayClosedError';
  constructor(diagnosticMessage = 'the LDAP gateway is closed', options?: LdapErrorOptions) { super(88, diagnosticMessage, options); }
}

type ResultErrorClass = new (diagnosticMessage?: string, options?: LdapErrorOptions) => LdapError;

const CLASS_BY_CODE: Record<number, ResultErrorClass> = {
  1: OperationsError,
  2: ProtocolError,
  3: TimeLimitExceededError,
  4: SizeLimitExceededError,
  7: AuthMethodNotSupportedError,
  8: StrongerAuthRequiredError,
  10: ReferralError,
  11: AdminLimitExceededError,
  12: UnavailableCriticalExtensionError,
  13: ConfidentialityRequiredError,
  14: SaslBindInProgressError,
  16: NoSuchAttributeError,
  17: UndefinedAttributeTypeError,
  18: InappropriateMatchingError,
  19: ConstraintViolationError,
  20: AttributeOrValueExistsError,
  21: InvalidAttributeSyntaxError,
  32: NoSuchObjectError,
  33: AliasProblemError,
  34: InvalidDNSyntaxError,
  35: IsLeafError,
  36: AliasDereferencingProblemError,
  48: InappropriateAuthenticationError,
  49: InvalidCredentialsError,
  50: InsufficientAccessError,
  51: BusyError,
  52: UnavailableError,
  53: UnwillingToPerformError,
  54: LoopDetectError,
  60: SortControlMissingError,
  61: OffsetRangeError,
  64: NamingViolationError,
  65: ObjectClassViolationError,
  66: NotAllowedOnNonLeafError,
  67: NotAllowedOnRDNError,
  68: AlreadyExistsError,
  69: ObjectClassModsProhibitedError,
  70: ResultsTooLargeError,
  71: AffectsMultipleDSAsError,
  76: VirtualListViewError,
  80: OtherError,
  84: DecodingError,
  85: TimeoutError,
  91: ConnectError,
  118: CanceledError,
  122: AssertionFailedError,
  123: AuthorizationDeniedError,
};

/**
 * The error for a result code the server returned (in a result or in a response control).
 * @example errorForResultCode(122, 'assertion failed', { dn }) instanceof AssertionFailedError // true
 */
export function errorForResultCode(resultCode: number, diagnosticMessage = '', options: LdapErrorOptions = {}): LdapError {
  if (resultCode === 81) return new ServerDownError(diagnosticMessage, { ...options, requestSent: true });
  const ErrorClass = CLASS_BY_CODE[resultCode];
  return ErrorClass ? new ErrorClass(diagnosticMessage, options) : new UnknownResultError(resultCode, diagnosticMessage, options);
}

/** Node socket error codes meaning "could not reach the server". */
const CONNECT_ERROR_CODES = new Set([
  'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ENOENT', 'EACCES', 'EADDRNOTAVAIL',
]);
/** Node socket error codes meaning "the established connection broke". */
const BROKEN_CONNECTION_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_DESTROYED', 'ERR_STREAM_WRITE_AFTER_END']);

/** ldapts appends " Code: 0x20" to the server's diagnostic message; take it off again. */
function stripLdaptsCodeSuffix(message: string): string {
  return message.replace(/\s*Code: 0x[0-9a-f]+$/i, '');
}

/**
 * Turns anything thrown by ldapts (result-code errors, socket errors, its own timeout and
 * "connection closed" errors, decoding errors) into an {@link LdapError}. An LdapError is returned as is.
 */
export function toLdapError(error: unknown, context: { dn?: string } = {}): LdapError {
  if (error instanceof LdapError) return error;
  const options: LdapErrorOptions = { cause: error };
  if (context.dn !== undefined) options.dn = context.dn;

  if (error instanceof ResultCodeError) {
    return errorForResultCode(error.code, stripLdaptsCodeSuffix(error.message), options);
  }
  if (error instanceof MessageParserError || error instanceof InvalidAsn1Error) {
    return new DecodingError(error.message, options);
  }
  if (!(error instanceof Error)) {
    return new OtherError(String(error), options);
  }

  const message = error.message;
  const code = (error as NodeJS.ErrnoException).code;
  if (message === 'Socket connection not established') {
    return new ServerDownError('connection not established', { ...options, requestSent: false });
  }
  if (message.startsWith('Connection closed before message response was received')) {
    return new ServerDownError('connection closed before the response was received', { ...options, requestSent: true });
  }
  if (message.startsWith('Socket error.')) {
    return new ServerDownError(message.split('\n').slice(1).join(' ') || 'socket error', { ...options, requestSent: true });
  }
  if (/: Operation timed out$/.test(message)) {
    return new TimeoutError('operation timed out', options);
  }
  if (message === 'Connection timeout') {
    return new ConnectError('connection timed out', options);
  }
  if (typeof code === 'string') {
    if (BROKEN_CONNECTION_CODES.has(code)) return new ServerDownError(message, { ...options, requestSent: true });
    if (CONNECT_ERROR_CODES.has(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL') || /CERT|SIGNATURE|ISSUER/.test(code)) {
      return new ConnectError(message, options);
    }
  }
  return new OtherError(message, options);
}
