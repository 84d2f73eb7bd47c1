// The server-side sorting response control (RFC 2891, 1.2.840.113556.1.4.474): the sort's result code
// and, on failure, the attribute that caused it. ldapts only has the request control.
import { Ber, type BerReader, BerWriter, Control } from 'ldapts';

export interface ServerSideSortingResponseValue {
  /** 0 when the entries are sorted, else an LDAP result code (16 noSuchAttribute, 18 inappropriateMatching, …). */
  result: number;
  attributeType?: string;
}

const ATTRIBUTE_TYPE = 0x80;

export class ServerSideSortingResponseControl extends Control {
  public static readonly type = '1.2.840.113556.1.4.474';

  public value?: ServerSideSortingResponseValue;

  public constructor(options: { critical?: boolean; value?: ServerSideSortingResponseValue } = {}) {
    super(ServerSideSortingResponseControl.type, options);
    this.value = options.value;
  }

  public override parseControl(reader: BerReader): void {
    if (reader.readSequence() === null) return;
    const end = reader.offset + reader.length;
    const value: ServerSideSortingResponseValue = { result: reader.readEnumeration() ?? 0 };
    if (reader.offset < end && reader.peek() === ATTRIBUTE_TYPE) value.attributeType = reader.readString(ATTRIBUTE_TYPE) ?? '';
    this.value = value;
  }

  /** Encodes the control (servers send it; we write it only in tests). */
  public override writeControl(writer: BerWriter): void {
    if (!this.value) return;
    const w = new BerWriter();
    w.startSequence();
    w.writeEnumeration(this.value.result);
    if (this.value.attributeType) w.writeString(this.value.attributeType, ATTRIBUTE_TYPE);
    w.endSequence();
    writer.writeBuffer(w.buffer, Ber.OctetString);
  }
}
