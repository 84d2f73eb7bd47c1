// A real SMTP server on 127.0.0.1 (the `smtp-server` package) that keeps what it receives, for the tests of mail:
// each message with its envelope, headers and decoded text. It can also refuse, at the step a test chooses.
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';

/** One message as the server received it. */
export interface ReceivedMail {
  from: string;
  to: string[];
  /** Header names lower-cased, values unfolded and decoded (RFC 2047). */
  headers: Record<string, string>;
  subject: string;
  /** The text body, decoded (quoted-printable or base64, UTF-8). */
  text: string;
  raw: string;
  /** The session was over TLS (implicit or STARTTLS) and authenticated as this user, if any. */
  secure: boolean;
  user?: string;
}

export interface MailSinkOptions {
  /** Refuse the message at this step with this reply (`{ at: 'rcpt', code: 550, message: 'No such user' }`). */
  refuse?: { at: 'mail' | 'rcpt' | 'data'; code: number; message: string; /** Only the first n times (default: always). */ times?: number };
  /** Require AUTH with these credentials. */
  auth?: { user: string; password: string };
  /** Offer STARTTLS (with smtp-server's own self-signed certificate); off by default. */
  startTLS?: boolean;
  /** Implicit TLS (smtp-server's own self-signed certificate). */
  secure?: boolean;
}

export interface MailSink {
  host: string;
  port: number;
  received: ReceivedMail[];
  /** Waits until `count` messages arrived (default 1) and gives them; fails after `timeoutMs`. */
  waitFor(count?: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

const decodeQuotedPrintable = (text: string): Buffer => {
  const bytes: number[] = [];
  const soft = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    const c = soft[i]!;
    if (c === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(c, 'utf8'));
  }
  return Buffer.from(bytes);
};

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`) of a header value. */
const decodeWords = (value: string): string =>
  value.replace(/=\?[^?]+\?([QB])\?([^?]*)\?=(\s+(?==\?))?/gi, (_w, encoding: string, data: string) =>
    encoding.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')).toString('utf8'),
  );

/** Headers and text of a single-part message, as nodemailer writes plain-text mail. */
export function parseMail(raw: string): { headers: Record<string, string>; text: string } {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split === -1 ? raw : raw.slice(0, split);
  const body = split === -1 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const text =
    encoding === 'quoted-printable'
      ? decodeQuotedPrintable(body).toString('utf8')
      : encoding === 'base64'
        ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
        : body;
  return { headers, text: text.replace(/\r\n/g, '\n') };
}

/**
 * Start a sink on 127.0.0.1 and a free port.
 * @example const sink = await startMailSink(); … const [mail] = await sink.waitFor(); await sink.close();
 */
export async function startMailSink(options: MailSinkOptions = {}): Promise<MailSink> {
  const received: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  let refused = 0;
  const refuse = (at: 'mail' | 'rcpt' | 'data', callback: (err?: Error | null) => void) => {
    if (options.refuse?.at !== at) return callback();
    if (options.refuse.times !== undefined && refused >= options.refuse.times) return callback();
    refused++;
    const error = new Error(options.refuse.message) as Error & { responseCode: number };
    error.responseCode = options.refuse.code;
    callback(error);
  };
  const serverOptions: SMTPServerOptions = {
    secure: options.secure ?? false,
    hideSTARTTLS: !options.startTLS,
    authOptional: !options.auth,
    logger: false,
    disabledCommands: [...(options.auth ? [] : ['AUTH']), ...(options.startTLS || options.secure ? [] : ['STARTTLS'])],
    // Plain AUTH over a loopback connection without TLS, for the tests only.
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.password) return callback(null, { user: auth.username });
      const error = new Error('Invalid username or password') as Error & { responseCode: number };
      error.responseCode = 535;
      callback(error);
    },
    onMailFrom: (_address, _session, callback) => refuse('mail', callback),
    onRcptTo: (_address, _session, callback) => refuse('rcpt', callback),
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (options.refuse?.at === 'data') return refuse('data', callback);
        const raw = Buffer.concat(chunks).toString('utf8');
        const { headers, text } = parseMail(raw);
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          headers,
          subject: headers.subject ?? '',
          text,
          raw,
          secure: session.secure,
          ...(typeof session.user === 'string' ? { user: session.user } : {}),
        });
        for (const w of waiters) w();
        callback();
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    received,
    waitFor(count = 1, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (received.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(received.slice(0, count));
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`the mail sink received ${received.length} message(s) of the ${count} awaited`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
