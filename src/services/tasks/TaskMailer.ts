// Sends the mails of tasks as FusionDirectory's orchestrator does (PHPMailer, fd-orchestrator-tools.md §1.7): one
// plain-text UTF-8 message per recipient, from, optional BCC, attachments, read receipt; retries temporary failures.
import type { SmtpConfig } from '../../config/types.ts';
import { MailError, Mailer, type MailMessage } from '../mail/Mailer.ts';

/** One message of a task, before it is split per recipient. */
export interface TaskMail {
  from: string;
  /** Each recipient gets a message of its own (its own SMTP transaction). */
  to: string[];
  bcc?: string;
  subject: string;
  text: string;
  attachments: Array<{ name: string; content: Buffer }>;
  /** Adds `Disposition-Notification-To: <from>`. */
  readReceipt: boolean;
}

export interface TaskMailerOptions {
  /** Attempts at a message refused temporarily (4xx, connection failure), default 3. */
  attempts?: number;
  /** Wait before the first retry (ms), four times longer each time after; default 2000. */
  retryDelayMs?: number;
  /** How to wait (tests). */
  sleep?: (ms: number) => Promise<void>;
  /** Hears each retry. */
  onRetry?: (error: MailError, attempt: number) => void;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The mailer of tasks: keeps its SMTP connection open between messages until {@link close}.
 * @example const mailer = new TaskMailer(smtp, { attempts: 3 });
 * try { await mailer.send({ from, to: ['a@x.org'], subject, text, attachments: [], readReceipt: false }); } finally { mailer.close(); }
 */
export class TaskMailer {
  private readonly mailer: Mailer;
  private readonly attempts: number;
  private readonly retryDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly onRetry: ((error: MailError, attempt: number) => void) | undefined;
  private session: ReturnType<Mailer['openSession']> | undefined;

  constructor(smtp: SmtpConfig, options: TaskMailerOptions = {}) {
    this.mailer = new Mailer(smtp);
    this.attempts = Math.max(1, options.attempts ?? 3);
    this.retryDelayMs = Math.max(0, options.retryDelayMs ?? 2000);
    this.sleep = options.sleep ?? defaultSleep;
    this.onRetry = options.onRetry;
  }

  /** Send to every recipient, one message each; throws the first {@link MailError} that stays after the retries. */
  async send(mail: TaskMail): Promise<void> {
    for (const to of mail.to) {
      const message: MailMessage = {
        from: mail.from,
        to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.bcc ? { bcc: mail.bcc } : {}),
        ...(mail.readReceipt ? { headers: { 'Disposition-Notification-To': mail.from } } : {}),
        ...(mail.attachments.length > 0 ? { attachments: mail.attachments.map((a) => ({ filename: a.name, content: a.content })) } : {}),
      };
      await this.sendOne(message);
    }
  }

  /** Close the SMTP connection kept open between messages (a later send opens a new one). */
  close(): void {
    this.session?.close();
    this.session = undefined;
  }

  private async sendOne(message: MailMessage): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        // One connection for the whole run, as PHPMailer's SMTPKeepAlive; a transaction per message.
        this.session ??= this.mailer.openSession();
        await this.session.send(message);
        return;
      } catch (e) {
        const error = e instanceof MailError ? e : new MailError(e instanceof Error ? e.message : String(e), { temporary: false, cause: e });
        if (!error.temporary || attempt >= this.attempts) throw error;
        this.onRetry?.(error, attempt);
        await this.sleep(this.retryDelayMs * 4 ** (attempt - 1));
      }
    }
  }
}
