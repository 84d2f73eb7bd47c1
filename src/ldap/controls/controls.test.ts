import { BerReader, BerWriter, type Control, MessageParser, SearchResponse } from 'ldapts';
import { describe, expect, it } from 'vitest';

import { eq } from '../filter.ts';
import { AssertionControl } from './AssertionControl.ts';
import { ResponseControlCollector } from './ResponseControlCollector.ts';
import { ServerSideSortingResponseControl } from './ServerSideSortingResponseControl.ts';
import { VirtualListViewRequestControl } from './VirtualListViewRequestControl.ts';
import { VirtualListViewResponseControl } from './VirtualListViewResponseControl.ts';

function encode(control: Control): Buffer {
  const writer = new BerWriter();
  control.write(writer);
  return writer.buffer;
}

/** Reads back a control written by `encode`: its OID, criticality and value. */
function decode(buffer: Buffer): { type: string; critical: boolean; value: Buffer } {
  const reader = new BerReader(buffer);
  reader.readSequence();
  const type = reader.readString() ?? '';
  const critical = reader.readBoolean() ?? false;
  const value = reader.readString(0x04, true) ?? Buffer.alloc(0);
  return { type, critical, value };
}

describe('VirtualListViewRequestControl', () => {
  it('encodes a byOffset target', () => {
    const control = new VirtualListViewRequestControl({ value: { beforeCount: 0, afterCount: 49, target: { byOffset: { offset: 101 } } } });
    const { type, critical, value } = decode(encode(control));
    expect(type).toBe('2.16.840.1.113730.3.4.9');
    expect(critical).toBe(true);
    // SEQUENCE { 0, 49, [0] { 101, 0 } }
    expect(value.toString('hex')).toBe('300e' + '020100' + '020131' + 'a006' + '020165' + '020100');
  });

  it('encodes a greaterThanOrEqual target and a contextID', () => {
    const control = new VirtualListViewRequestControl({
      value: { beforeCount: 1, afterCount: 2, target: { greaterThanOrEqual: 'Mé' }, contextId: Buffer.from([1, 2, 3]) },
    });
    const { value } = decode(encode(control));
    expect(value.toString('hex')).toBe('3010' + '020101' + '020102' + '8103' + Buffer.from('Mé').toString('hex') + '0403010203');
  });

  it('decodes what it encodes', () => {
    const original = new VirtualListViewRequestControl({ value: { beforeCount: 5, afterCount: 10, target: { byOffset: { offset: 300, contentCount: 1000 } }, contextId: Buffer.from('ctx') } });
    const copy = new VirtualListViewRequestControl();
    copy.parse(new BerReader(decode(encode(original)).value));
    expect(copy.value).toEqual(original.value);
  });
});

describe('VirtualListViewResponseControl', () => {
  it('decodes targetPosition, contentCount, result and contextID', () => {
    const original = new VirtualListViewResponseControl({ value: { targetPosition: 101, contentCount: 2345, result: 0, contextId: Buffer.from('12345678') } });
    const copy = new VirtualListViewResponseControl();
    copy.parse(new BerReader(decode(encode(original)).value));
    expect(copy.value).toEqual(original.value);
  });

  it('decodes a response without contextID', () => {
    const value = Buffer.from('3009' + '020100' + '020100' + '0a013d', 'hex');
    const control = new VirtualListViewResponseControl();
    control.parse(new BerReader(value));
    expect(control.value).toEqual({ targetPosition: 0, contentCount: 0, result: 61 });
  });
});

describe('ServerSideSortingResponseControl', () => {
  it('decodes the sort result and the failing attribute', () => {
    const original = new ServerSideSortingResponseControl({ value: { result: 18, attributeType: 'description' } });
    const copy = new ServerSideSortingResponseControl();
    copy.parse(new BerReader(decode(encode(original)).value));
    expect(copy.value).toEqual({ result: 18, attributeType: 'description' });
  });

  it('decodes a bare success', () => {
    const control = new ServerSideSortingResponseControl();
    control.parse(new BerReader(Buffer.from('30030a0100', 'hex')));
    expect(control.value).toEqual({ result: 0 });
  });
});

describe('AssertionControl', () => {
  it('is critical and carries the BER filter', () => {
    const { type, critical, value } = decode(encode(new AssertionControl(eq('entryCSN', '20250101000000.000000Z#000000#000#000000'))));
    expect(type).toBe('1.3.6.1.1.12');
    expect(critical).toBe(true);
    expect(value[0]).toBe(0xa3);
    const copy = new AssertionControl();
    copy.parse(new BerReader(value));
    expect(copy.filter).toEqual(eq('entryCSN', '20250101000000.000000Z#000000#000#000000'));
  });

  it('accepts filter text and validates it', () => {
    expect(new AssertionControl('(entryCSN=x)').filter).toEqual(eq('entryCSN', 'x'));
    expect(() => new AssertionControl('(entryCSN=x')).toThrow(/unbalanced/);
  });
});

describe('ResponseControlCollector', () => {
  /** A SearchResultDone message (id 2, success) carrying the given response controls, as a server sends it. */
  function searchDone(controls: Control[]): Buffer {
    const w = new BerWriter();
    w.startSequence();
    w.writeInt(2);
    w.startSequence(0x65);
    w.writeEnumeration(0);
    w.writeString('');
    w.writeString('');
    w.endSequence();
    w.startSequence(0xa0);
    for (const c of controls) c.write(w);
    w.endSequence();
    w.endSequence();
    return w.buffer;
  }

  it('writes nothing into the request', () => {
    const collector = new ResponseControlCollector(() => new VirtualListViewResponseControl());
    expect(encode(collector).length).toBe(0);
    expect(collector.type).toBe('2.16.840.1.113730.3.4.10');
  });

  it('receives response controls that ldapts would drop, through ldapts own message parser', () => {
    const vlv = new ResponseControlCollector(() => new VirtualListViewResponseControl());
    const sort = new ResponseControlCollector(() => new ServerSideSortingResponseControl());
    const request = { controls: [new VirtualListViewRequestControl(), vlv, sort] };
    const parser = new MessageParser();
    const messages: unknown[] = [];
    parser.on('message', (m) => messages.push(m));
    parser.on('error', (e) => {
      throw e;
    });
    const data = searchDone([
      new ServerSideSortingResponseControl({ value: { result: 0 } }),
      new VirtualListViewResponseControl({ value: { targetPosition: 7, contentCount: 42, result: 0, contextId: Buffer.from('abc') } }),
    ]);
    parser.read(data, new Map([['2', { message: request as never }]]));
    expect(messages[0]).toBeInstanceOf(SearchResponse);
    expect(vlv.received?.value).toEqual({ targetPosition: 7, contentCount: 42, result: 0, contextId: Buffer.from('abc') });
    expect(sort.received?.value).toEqual({ result: 0 });
  });
});
