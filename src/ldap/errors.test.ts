import { InvalidAsn1Error, NoSuchObjectError as LdaptsNoSuchObjectError, UnknownStatusCodeError, BusyError as LdaptsBusyError, MessageParserError } from 'ldapts';
import { describe, expect, it } from 'vitest';

import {
  AssertionFailedError,
  BusyError,
  ConnectError,
  DecodingError,
  LdapConnectionError,
  LdapError,
  NoSuchObjectError,
  OffsetRangeError,
  OtherError,
  ServerDownError,
  TimeoutError,
  UnknownResultError,
  errorForResultCode,
  toLdapError,
} from './errors.ts';

describe('errorForResultCode', () => {
  it('gives one class per result code, with a stable name and the code', () => {
    const err = errorForResultCode(32, 'no such entry', { dn: 'uid=x,dc=y' });
    expect(err).toBeInstanceOf(NoSuchObjectError);
    expect(err).toBeInstanceOf(LdapError);
    expect(err.name).toBe('NoSuchObjectError');
    expect(err.resultCode).toBe(32);
    expect(err.diagnosticMessage).toBe('no such entry');
    expect(err.dn).toBe('uid=x,dc=y');
    expect(err.message).toBe('No such object: no such entry (dn: uid=x,dc=y)');
  });

  it.each([
    [122, AssertionFailedError, 'AssertionFailedError'],
    [51, BusyError, 'BusyError'],
    [61, OffsetRangeError, 'OffsetRangeError'],
    [80, OtherError, 'OtherError'],
  ])('maps %i to %s', (code, ErrorClass, name) => {
    const err = errorForResultCode(code);
    expect(err).toBeInstanceOf(ErrorClass);
    expect(err.name).toBe(name);
  });

  it('keeps unknown codes', () => {
    const err = errorForResultCode(4096, 'strange');
    expect(err).toBeInstanceOf(UnknownResultError);
    expect(err.resultCode).toBe(4096);
  });
});

describe('toLdapError', () => {
  it('maps ldapts result-code errors, keeping the server message without the code suffix', () => {
    const err = toLdapError(new LdaptsNoSuchObjectError('entry not found'), { dn: 'cn=a' });
    expect(err).toBeInstanceOf(NoSuchObjectError);
    expect(err.diagnosticMessage).toBe('entry not found');
    expect(err.dn).toBe('cn=a');
    expect(err.cause).toBeInstanceOf(LdaptsNoSuchObjectError);
    expect(toLdapError(new LdaptsBusyError(''))).toBeInstanceOf(BusyError);
  });

  it('maps the assertion failure ldapts does not know (122)', () => {
    const err = toLdapError(new UnknownStatusCodeError(122, 'assertion control failed'));
    expect(err).toBeInstanceOf(AssertionFailedError);
    expect(err.resultCode).toBe(122);
    expect(err.diagnosticMessage).toBe('assertion control failed');
  });

  it('tells whether a lost connection had the request sent', () => {
    const notSent = toLdapError(new Error('Socket connection not established'));
    expect(notSent).toBeInstanceOf(ServerDownError);
    expect(notSent).toBeInstanceOf(LdapConnectionError);
    expect((notSent as ServerDownError).requestSent).toBe(false);
    const sent = toLdapError(new Error('Connection closed before message response was received. Message type: ModifyRequest (0x66)'));
    expect((sent as ServerDownError).requestSent).toBe(true);
    expect(sent.resultCode).toBe(81);
    expect((toLdapError(new Error('Socket error. Message type: SearchRequest (0x63)\nread ECONNRESET')) as ServerDownError).requestSent).toBe(true);
    expect(toLdapError(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))).toBeInstanceOf(ServerDownError);
  });

  it('maps connect failures and timeouts', () => {
    expect(toLdapError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))).toBeInstanceOf(ConnectError);
    expect(toLdapError(new Error('Connection timeout'))).toBeInstanceOf(ConnectError);
    expect(toLdapError(Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }))).toBeInstanceOf(ConnectError);
    const timeout = toLdapError(new Error('SearchRequest: Operation timed out'));
    expect(timeout).toBeInstanceOf(TimeoutError);
    expect(timeout.resultCode).toBe(85);
  });

  it('maps decoding errors and anything else', () => {
    expect(toLdapError(new MessageParserError('bad'))).toBeInstanceOf(DecodingError);
    expect(toLdapError(new InvalidAsn1Error('bad'))).toBeInstanceOf(DecodingError);
    expect(toLdapError('weird')).toBeInstanceOf(OtherError);
    const own = new BusyError('x');
    expect(toLdapError(own)).toBe(own);
  });
});
