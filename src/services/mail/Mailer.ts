// Sends a directory's mails (password recovery) through its SMTP server, or writes them as .eml files into a folder.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTransport } from 'nodemailer';
import type { SmtpConfig, SmtpServerConfig } from '../../config/types.ts';

/** One plain-text message. */
export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  /** Blind copy, added to the envelope of the same transaction. */
  bcc?: string;
  /** Extra headers (e.g. `Disposition-Notification-To`). */
  headers?: Record<string, string>;
  /** Files, named by `filename`; the MIME type follows the file's extension unless given. */
  attachments?: Array<{ filename: string; content: Buffer; contentType?: string }>;
}

/** What became of a message: its Message-ID, and the file it was written to in folder mode. */
export interface MailReceipt {
  messageId: string;
  file?: string;
}

/**
 * A message the mail server did not take (or that could not be written). `responseCode` is the SMTP reply when the
 * server answered; `temporary` says whether the same message may pass later (4xx) or never will (5xx).
 */
export class MailError extends Error {
  override name = 'MailError';
  readonly responseCode?: number;
  readonly temporary: boolean;
  constructor(message: string, options: { responseCode?: number; temporary: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    if (options.responseCode !== undefined) this.responseCode = options.responseCode;
    this.temporary = options.temporary;
  }
}

/** Where mail goes, for messages and logs (never the credentials). */
export function describeSmtp(config: SmtpConfig): string {
  if (config.transport === 'folder') return `the folder ${config.folder}`;
  return `${config.secure ? 'smtps' : 'smtp'}://${config.host}:${config.port}${config.startTLS ? ' (STARTTLS required)' : ''}`;
}

interface NodemailerFailure {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  message?: string;
}

/** A clear sentence for a failed send: who refused what and with which reply, or why no conversation happened. */
function mailErrorOf(config: SmtpServerConfig, e: unknown): MailError {
  const where = describeSmtp(config);
  const f = (e ?? {}) as NodemailerFailure;
  if (f.code === 'EAUTH') {
    const reply = (f.response ?? f.message ?? '').replace(/\s+/g, ' ').trim();
    return new MailError(`Cannot send mail through ${where}: the user name or password was refused (${reply})`, {
      ...(f.responseCode !== undefined ? { responseCode: f.responseCode } : {}),
      temporary: false,
      cause: e,
    });
  }
  if (/^STARTTLS/i.test(f.command ?? '') || (f.code === 'ETLS' && config.startTLS && /STARTTLS/i.test(f.message ?? ''))) {
    return new MailError(`Cannot send mail through ${where}: the server does not offer STARTTLS, which "startTLS: true" requires`, { temporary: false, cause: e });
  }
  if (typeof f.responseCode === 'number' && f.responseCode >= 400) {
    const temporary = f.responseCode < 500 || f.responseCode === 503;
    const reply = (f.response ?? f.message ?? '').replace(/\s+/g, ' ').trim();
    const step = f.command ? ` at ${f.command.split(' ')[0]}` : '';
    return new MailError(`The mail server ${where} refused the message${step} ${temporary ? '(temporarily)' : '(permanently)'}: ${reply}`, {
      responseCode: f.responseCode,
      temporary,
      cause: e,
    });
  }
  const reason =
    f.code === 'ETIMEDOUT'
      ? 'it did not answer in time'
      : f.code === 'ECONNECTION' || f.code === 'ESOCKET' || f.code === 'EDNS'
        ? `the connection failed (${(f.message ?? f.code).trim()})`
        : f.code === 'ETLS'
          ? `TLS failed (${(f.message ?? '').trim()})`
          : (f.message ?? String(e)).trim();
  return new MailError(`Cannot send mail through ${where}: ${reason}`, { temporary: true, cause: e });
}

/**
 * Sends plain-text messages where the directory's configuration says.
 * @example await new Mailer({ transport: 'folder', folder: 'var/mail' }).send({ from, to, subject, text });
 */
export class Mailer {
  readonly config: SmtpConfig;

  constructor(config: SmtpConfig) {
    this.config = config;
  }

  /** Where mail goes (for messages and logs). */
  get description(): string {
    return describeSmtp(this.config);
  }

  /** Send (or write) one message; throws a {@link MailError} saying why it did not go. */
  async send(message: MailMessage): Promise<MailReceipt> {
    const config = this.config;
    if (config.transport === 'folder') return this.writeToFolder(config.folder, message);
    const transport = createTransport(this.smtpOptions(config, false));
    try {
      return await this.sendThrough(config, transport, message);
    } finally {
      transport.close();
    }
  }

  /**
   * A session that keeps one SMTP connection open for several messages (as PHPMailer's SMTPKeepAlive), each still its
   * own transaction; close it when done. In folder mode each message is one file, as with {@link send}.
   * @example const session = mailer.openSession(); try { for (const m of messages) await session.send(m); } finally { session.close(); }
   */
  openSession(): { send(message: MailMessage): Promise<MailReceipt>; close(): void } {
    const config = this.config;
    if (config.transport === 'folder') return { send: (message) => this.writeToFolder(config.folder, message), close: () => {} };
    const transport = createTransport(this.smtpOptions(config, true));
    return { send: (message) => this.sendThrough(config, transport, message), close: () => transport.close() };
  }

  private async writeToFolder(folder: string, message: MailMessage): Promise<MailReceipt> {
    const transport = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    const info = await transport.sendMail(message);
    // Named by time so that a folder listing reads in order; 0600 because a recovery mail holds a live token.
    const file = path.join(folder, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(4).toString('hex')}.eml`);
    try {
      await mkdir(folder, { recursive: true, mode: 0o700 });
      // Written aside, then renamed: whoever watches the folder for .eml files never reads half a message.
      await writeFile(`${file}.part`, info.message as Buffer, { mode: 0o600 });
      await rename(`${file}.part`, file);
    } catch (e) {
      throw new MailError(`Cannot write mail into ${folder}: ${(e as Error).message}`, { temporary: false, cause: e });
    }
    return { messageId: info.messageId, file };
  }

  private smtpOptions(config: SmtpServerConfig, pooled: boolean) {
    return {
      host: config.host,
      port: config.port,
      secure: config.secure,
      requireTLS: config.startTLS,
      tls: { rejectUnauthorized: config.tlsVerify },
      ...(config.user !== undefined && config.password !== undefined ? { auth: { user: config.user, pass: config.password.reveal() } } : {}),
      connectionTimeout: config.timeoutMs,
      greetingTimeout: config.timeoutMs,
      socketTimeout: config.timeoutMs,
      // A session: one connection, reused for every message (reopened if the server closes it).
      ...(pooled ? { pool: true as const, maxConnections: 1, maxMessages: Infinity } : {}),
      // Nodemailer's own logging would print addresses and, at debug level, message bodies: never.
      logger: false,
      debug: false,
    };
  }

  private async sendThrough(config: SmtpServerConfig, transport: ReturnType<typeof createTransport>, message: MailMessage): Promise<MailReceipt> {
    try {
      const info = await transport.sendMail(message);
      if (info.rejected && info.rejected.length > 0) {
        throw new MailError(`The mail server ${this.description} refused the recipient: ${info.response ?? ''}`.trim(), { temporary: false });
      }
      return { messageId: info.messageId };
    } catch (e) {
      if (e instanceof MailError) throw e;
      throw mailErrorOf(config, e);
    }
  }
}
