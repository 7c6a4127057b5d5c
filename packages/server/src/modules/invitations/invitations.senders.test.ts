import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type TestApp } from '../../../test/app';
import { DIALECTS } from '../../../test/db';
import { buildSchoolWorld } from '../../../test/world';
import {
  OutboxOnlySender,
  SmtpSender,
  readMailEnv,
  type MessageSender,
} from './invitations.senders';

/** The text of a single-part message, decoded from base64 or quoted-printable. */
function bodyText(raw: string): string {
  const at = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, at);
  const body = raw.slice(at + 4);
  if (/content-transfer-encoding:\s*base64/i.test(head))
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) {
    const bytes = body
      .replace(/=\r\n/g, '')
      .split(/(=[0-9A-F]{2})/)
      .flatMap((part) =>
        /^=[0-9A-F]{2}$/.test(part) ? [Number.parseInt(part.slice(1), 16)] : [...Buffer.from(part)],
      );
    return Buffer.from(bytes).toString('utf8');
  }
  return body;
}

/** A tiny SMTP server on 127.0.0.1 that keeps what it receives. */
async function startSmtp() {
  const received: { to: string[]; raw: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** One contract for every sender: e-mail leaves or is kept, SMS is kept, nothing throws. */
describe.each([
  ['outbox', 'stored'],
  ['smtp', 'sent'],
] as const)('sender contract: %s', (kind, emailResult) => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let sender: MessageSender;
  beforeAll(async () => {
    smtp = await startSmtp();
    sender =
      kind === 'smtp'
        ? new SmtpSender(smtp.url, 'Parta <no-reply@parta.test>')
        : new OutboxOnlySender();
  });
  afterAll(async () => {
    await sender.close();
    await smtp.close();
  });

  it(`e-mail: ${emailResult}`, async () => {
    const r = await sender.send({
      channel: 'email',
      to: 'mama@example.ru',
      subject: 'Приглашение в Парту',
      text: 'Код ABCDE-FGHJK',
    });
    expect(r).toBe(emailResult);
    expect(smtp.received).toHaveLength(kind === 'smtp' ? 1 : 0);
    if (kind === 'smtp') {
      expect(smtp.received[0]?.to).toEqual(['mama@example.ru']);
      expect(bodyText(smtp.received[0]?.raw ?? '')).toContain('ABCDE-FGHJK');
    }
  });

  it('SMS stays in the outbox', async () => {
    const r = await sender.send({ channel: 'sms', to: '+79001234567', subject: null, text: 'x' });
    expect(r).toBe('stored');
  });
});

describe('mail settings', () => {
  it('are validated and name the bad variable', () => {
    expect(readMailEnv({}).PARTA_SMTP_URL).toBe('');
    expect(() => readMailEnv({ PARTA_SMTP_URL: 'http://mail' })).toThrow(/PARTA_SMTP_URL/);
    expect(readMailEnv({ PARTA_SMTP_URL: 'smtps://u:p@mail.example.ru:465' }).PARTA_SMTP_URL).toBe(
      'smtps://u:p@mail.example.ru:465',
    );
  });
});

describe.each(DIALECTS)('invitations by e-mail through SMTP on %s', (dialect) => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let t: TestApp;
  let w: Awaited<ReturnType<typeof buildSchoolWorld>>;
  const saved = process.env.PARTA_SMTP_URL;

  beforeAll(async () => {
    smtp = await startSmtp();
    process.env.PARTA_SMTP_URL = smtp.url;
    try {
      t = await createTestApp(dialect);
    } finally {
      if (saved === undefined) delete process.env.PARTA_SMTP_URL;
      else process.env.PARTA_SMTP_URL = saved;
    }
    w = await buildSchoolWorld(t.tdb.db);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('delivers the short link and records it as sent', async () => {
    const s = await signIn(t.app, 't1');
    const inv = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invitations',
      headers: s.headers,
      payload: { kind: 'parent_personal', pupilId: w.p1 },
    });
    expect(inv.statusCode).toBe(201);
    const sent = await t.app.inject({
      method: 'POST',
      url: `/api/v1/invitations/${inv.json().id}/send`,
      headers: s.headers,
      payload: { channel: 'email', to: 'papa@example.ru' },
    });
    expect(sent.statusCode).toBe(201);
    expect(sent.json()).toMatchObject({ status: 'sent', sender: 'smtp' });
    expect(smtp.received).toHaveLength(1);
    const text = bodyText(smtp.received[0]?.raw ?? '');
    expect(text).toContain(inv.json().shortLink);
    expect(text).toContain('Вас приглашают в Парту');
  });
});
