// Cuts a byte stream from an LDAP server into whole LDAPMessages (BER SEQUENCE, definite length),
// whatever the chunking of the socket.

/** Largest message accepted (an entry of a list index is small; this guards against garbage). */
const DEFAULT_MAX_MESSAGE = 64 * 1024 * 1024;

export class MessageFramer {
  /** Received bytes not yet part of a whole message, as they came (joined only when a message is complete). */
  private chunks: Buffer[] = [];
  private bufferedBytes = 0;
  /** Size of the message at the head of `chunks`, once its header is known. */
  private needed: number | undefined;
  private readonly maxMessage: number;

  public constructor(options: { maxMessageBytes?: number } = {}) {
    this.maxMessage = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE;
  }

  /**
   * Adds a chunk and returns the messages it completes, in order.
   * @throws Error when the stream is not a sequence of BER SEQUENCEs
   */
  public push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.bufferedBytes += chunk.length;
    // A large message arriving in many small chunks is joined once, not once per chunk.
    if (this.needed !== undefined && this.bufferedBytes < this.needed) return [];
    const data = this.chunks.length === 1 ? chunk : Buffer.concat(this.chunks, this.bufferedBytes);
    this.chunks = [];
    this.bufferedBytes = 0;
    this.needed = undefined;
    const messages: Buffer[] = [];
    let offset = 0;
    while (offset < data.length) {
      const size = messageSize(data, offset);
      if (size === undefined) break;
      if (size > this.maxMessage) throw new Error(`LDAP message of ${size} bytes exceeds the limit of ${this.maxMessage}`);
      if (offset + size > data.length) {
        this.needed = size;
        break;
      }
      messages.push(data.subarray(offset, offset + size));
      offset += size;
    }
    if (offset < data.length) {
      // Copy the tail: the caller may reuse its chunk buffer.
      const tail = Buffer.from(data.subarray(offset));
      this.chunks.push(tail);
      this.bufferedBytes = tail.length;
    }
    return messages;
  }

  /** Bytes received but not yet part of a whole message. */
  public get buffered(): number {
    return this.bufferedBytes;
  }
}

/** The total size of the message starting at `offset`, or undefined when its header is incomplete. */
function messageSize(data: Buffer, offset: number): number | undefined {
  if (data.length - offset < 2) return undefined;
  if (data[offset] !== 0x30) throw new Error(`expected an LDAPMessage (0x30), got 0x${(data[offset] ?? 0).toString(16)}`);
  const first = data[offset + 1] as number;
  if (first < 0x80) return 2 + first;
  const count = first & 0x7f;
  if (count === 0 || count > 4) throw new Error('unsupported BER length in an LDAPMessage');
  if (data.length - offset < 2 + count) return undefined;
  let length = 0;
  for (let i = 0; i < count; i += 1) length = length * 256 + (data[offset + 2 + i] as number);
  return 2 + count + length;
}
