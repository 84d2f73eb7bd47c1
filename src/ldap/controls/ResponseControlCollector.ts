// Receives a response control that ldapts would otherwise drop. ldapts' ControlParser decodes the
// controls it knows (paged results, …) and, for any other OID, hands the value to the *request*
// control with the same OID. ldapts' Client does not return a result's controls either. So we put
// a collector, carrying the response OID, in the request's control list: it writes nothing on the
// wire and keeps the decoded response control. Documented in docs of src/ldap (see LdapGateway).
import { type BerReader, type BerWriter, Control } from 'ldapts';

/**
 * @example
 * const vlv = new ResponseControlCollector(() => new VirtualListViewResponseControl());
 * await client.search(base, options, [sort, vlvRequest, vlv]);
 * vlv.received?.value?.contentCount;
 */
export class ResponseControlCollector<T extends Control> extends Control {
  /** The response control, once the server sent it. */
  public received?: T;

  private readonly create: () => T;

  public constructor(create: () => T) {
    super(create().type);
    this.create = create;
  }

  /** Never sent: the collector is not a request control. */
  public override write(_writer: BerWriter): void {
    // intentionally empty
  }

  public override parse(reader: BerReader): void {
    const control = this.create();
    control.parse(reader);
    this.received = control;
  }
}
