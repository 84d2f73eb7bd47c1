// The Virtual List View response control (2.16.840.1.113730.3.4.10): where the target landed, the
// size of the sorted list, the VLV result code and a contextID. ldapts does not know this control.
import { Ber, type BerReader, BerWriter, Control } from 'ldapts';

export interface VirtualListViewResponseValue {
  /** 1-based position of the target entry in the list (contentCount + 1 when beyond the end). */
  targetPosition: number;
  /** The server's estimate of the list size. */
  contentCount: number;
  /** 0 for success, else an LDAP result code (60 sortControlMissing, 61 offsetRangeError, …). */
  result: number;
  contextId?: Buffer;
}

export class VirtualListViewResponseControl extends Control {
  public static readonly type = '2.16.840.1.113730.3.4.10';

  public value?: VirtualListViewResponseValue;

  public constructor(options: { critical?: boolean; value?: VirtualListViewResponseValue } = {}) {
    super(VirtualListViewResponseControl.type, options);
    this.value = options.value;
  }

  public override parseControl(reader: BerReader): void {
    if (reader.readSequence() === null) return;
    const end = reader.offset + reader.length;
    const targetPosition = reader.readInt() ?? 0;
    const contentCount = reader.readInt() ?? 0;
    const result = reader.readEnumeration() ?? 0;
    const value: VirtualListViewResponseValue = { targetPosition, contentCount, result };
    if (reader.offset < end && reader.peek() === Ber.OctetString) {
      value.contextId = Buffer.from(reader.readString(Ber.OctetString, true) ?? Buffer.alloc(0));
    }
    this.value = value;
  }

  /** Encodes the control (servers send it; we write it only in tests). */
  public override writeControl(writer: BerWriter): void {
    if (!this.value) return;
    const w = new BerWriter();
    w.startSequence();
    w.writeInt(this.value.targetPosition);
    w.writeInt(this.value.contentCount);
    w.writeEnumeration(this.value.result);
    if (this.value.contextId) w.writeBuffer(this.value.contextId, Ber.OctetString);
    w.endSequence();
    writer.writeBuffer(w.buffer, Ber.OctetString);
  }
}
