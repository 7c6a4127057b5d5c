import nodemailer, { type Transporter } from 'nodemailer';
import { z } from 'zod';

/**
 * How messages to people leave Parta (invitations by e-mail or SMS). Every
 * message is written to the `outbox` table first; a sender then delivers it
 * or, when none handles the channel, it stays `stored` for an administrator
 * to see (`GET /api/v1/outbox`) and pass on by hand.
 */
export interface OutgoingMessage {
  channel: 'email' | 'sms';
  to: string;
  subject: string | null;
  text: string;
}

export interface MessageSender {
  /** Stored with each message: who delivered it. */
  readonly name: string;
  /**
   * Delivers the message: `sent` when it left, `stored` when this sender
   * keeps it for an administrator. Throws when delivery failed (the outbox
   * row becomes `failed` with the error).
   */
  send(message: OutgoingMessage): Promise<'sent' | 'stored'>;
  close(): Promise<void>;
}

/** The default: nothing leaves; the outbox row is the message. */
export class OutboxOnlySender implements MessageSender {
  readonly name = 'outbox';
  async send(): Promise<'stored'> {
    return 'stored';
  }
  async close(): Promise<void> {}
}

/** E-mail through SMTP (`PARTA_SMTP_URL`); SMS is kept in the outbox. */
export class SmtpSender implements MessageSender {
  readonly name = 'smtp';
  private readonly transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(url);
  }

  async send(message: OutgoingMessage): Promise<'sent' | 'stored'> {
    if (message.channel !== 'email') return 'stored';
    await this.transport.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject ?? 'Parta',
      text: message.text,
    });
    return 'sent';
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

/**
 * The mail settings this module reads (validated here, at boot):
 * - `PARTA_SMTP_URL`: `smtp://user:pass@host:587` or `smtps://…:465`; empty
 *   keeps every message in the outbox;
 * - `PARTA_SMTP_FROM`: the From of invitation e-mails.
 */
export const MailEnv = z.object({
  PARTA_SMTP_URL: z
    .string()
    .refine(
      (v) => v === '' || /^smtps?:\/\/[^\s]+$/.test(v),
      'expected smtp://host:port or smtps://…',
    )
    .default(''),
  PARTA_SMTP_FROM: z.string().min(3).default('Parta <no-reply@parta.local>'),
});

export function readMailEnv(env: NodeJS.ProcessEnv = process.env): z.infer<typeof MailEnv> {
  const input: Record<string, string> = {};
  for (const key of Object.keys(MailEnv.shape)) {
    const v = env[key];
    if (v !== undefined && v !== '') input[key] = v;
  }
  const parsed = MailEnv.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const name = String(i.path[0] ?? '?');
      const shown = name === 'PARTA_SMTP_URL' ? '(hidden)' : JSON.stringify(env[name] ?? '');
      return `  ${name}=${shown}: ${i.message}`;
    });
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export function senderFromEnv(env: NodeJS.ProcessEnv = process.env): MessageSender {
  const mail = readMailEnv(env);
  return mail.PARTA_SMTP_URL
    ? new SmtpSender(mail.PARTA_SMTP_URL, mail.PARTA_SMTP_FROM)
    : new OutboxOnlySender();
}
