// The assertion control (RFC 4528, 1.3.6.1.1.12): the operation runs only if the target entry matches
// the filter, else it fails with assertionFailed (122). Used for optimistic concurrency on entryCSN.
import { Ber, type BerReader, BerWriter, Control } from 'ldapts';

import { BerFilter, decodeBerFilter } from '../BerFilter.ts';
import { type FilterNode, parseFilter } from '../filter.ts';

/**
 * Assertion control; critical by default, as RFC 4528 wants (a server that does not support it
 * must refuse the operation rather than run it unconditionally).
 * @example new AssertionControl(eq('entryCSN', csnReadAtOpen))
 */
export class AssertionControl extends Control {
  public static readonly type = '1.3.6.1.1.12';

  public filter?: FilterNode;

  public constructor(filter?: FilterNode | string, options: { critical?: boolean } = {}) {
    super(AssertionControl.type, { critical: options.critical ?? true });
    if (filter !== undefined) this.filter = typeof filter === 'string' ? parseFilter(filter) : filter;
  }

  public override writeControl(writer: BerWriter): void {
    if (!this.filter) return;
    const w = new BerWriter();
    new BerFilter(this.filter).write(w);
    writer.writeBuffer(w.buffer, Ber.OctetString);
  }

  public override parseControl(reader: BerReader): void {
    if (reader.remain > 0) this.filter = decodeBerFilter(reader);
  }
}
