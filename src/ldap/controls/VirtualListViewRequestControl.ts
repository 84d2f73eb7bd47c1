// The Virtual List View request control (draft-ietf-ldapext-ldapv3-vlv-09, 2.16.840.1.113730.3.4.9):
// asks for a window of a server-side-sorted result, by offset or by the first value >= an assertion.
import { Ber, type BerReader, BerWriter, Control } from 'ldapts';

/** Where the window is anchored. */
export type VlvTarget =
  /** 1-based offset into the sorted list; `contentCount` is the client's idea of the list size (0: use the server's). */
  | { byOffset: { offset: number; contentCount?: number } }
  /** The first entry whose first sort key is >= this value. */
  | { greaterThanOrEqual: string | Buffer };

export interface VirtualListViewRequestValue {
  /** Entries to return before the target. */
  beforeCount: number;
  /** Entries to return after the target. */
  afterCount: number;
  target: VlvTarget;
  /** contextID of a previous response, to continue the same list. */
  contextId?: Buffer;
}

const BY_OFFSET = 0xa0;
const GREATER_THAN_OR_EQUAL = 0x81;

/**
 * VLV request. It needs a server-side sort request control in the same search (RFC 2891).
 * @example new VirtualListViewRequestControl({ value: { beforeCount: 0, afterCount: 49, target: { byOffset: { offset: 101 } } } })
 */
export class VirtualListViewRequestControl extends Control {
  public static readonly type = '2.16.840.1.113730.3.4.9';

  public value?: VirtualListViewRequestValue;

  public constructor(options: { critical?: boolean; value?: VirtualListViewRequestValue } = {}) {
    super(VirtualListViewRequestControl.type, { critical: options.critical ?? true });
    this.value = options.value;
  }

  public override writeControl(writer: BerWriter): void {
    if (!this.value) return;
    const { beforeCount, afterCount, target, contextId } = this.value;
    const w = new BerWriter();
    w.startSequence();
    w.writeInt(beforeCount);
    w.writeInt(afterCount);
    if ('byOffset' in target) {
      w.startSequence(BY_OFFSET);
      w.writeInt(target.byOffset.offset);
      w.writeInt(target.byOffset.contentCount ?? 0);
      w.endSequence();
    } else if (typeof target.greaterThanOrEqual === 'string') {
      w.writeString(target.greaterThanOrEqual, GREATER_THAN_OR_EQUAL);
    } else {
      w.writeBuffer(target.greaterThanOrEqual, GREATER_THAN_OR_EQUAL);
    }
    if (contextId && contextId.length > 0) w.writeBuffer(contextId, Ber.OctetString);
    w.endSequence();
    writer.writeBuffer(w.buffer, Ber.OctetString);
  }

  public override parseControl(reader: BerReader): void {
    if (reader.readSequence() === null) return;
    const end = reader.offset + reader.length;
    const beforeCount = reader.readInt() ?? 0;
    const afterCount = reader.readInt() ?? 0;
    let target: VlvTarget;
    if (reader.peek() === BY_OFFSET) {
      reader.readSequence(BY_OFFSET);
      const offset = reader.readInt() ?? 0;
      const contentCount = reader.readInt() ?? 0;
      target = { byOffset: { offset, contentCount } };
    } else {
      target = { greaterThanOrEqual: reader.readString(GREATER_THAN_OR_EQUAL) ?? '' };
    }
    const value: VirtualListViewRequestValue = { beforeCount, afterCount, target };
    if (reader.offset < end && reader.peek() === Ber.OctetString) {
      value.contextId = Buffer.from(reader.readString(Ber.OctetString, true) ?? Buffer.alloc(0));
    }
    this.value = value;
  }
}
