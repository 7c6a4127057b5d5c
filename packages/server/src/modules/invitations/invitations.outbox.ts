import { normalizePhone, type OutboxEntry } from '@parta/shared';
import { z } from 'zod';
import type { Db, DbOrTrx } from '../../db/database';
import { toIso, toIsoOrNull } from '../../db/values';
import { AppError } from '../../platform/errors';
import { audit } from '../audit';
import { authorize, invalid, type ChangeContext, type Paged, type PersonFacts } from '../people';
import { formatCode } from './invitations.codes';
import { outboxScope } from './invitations.policy';
import * as repo from './invitations.repository';
import type { MessageSender, OutgoingMessage } from './invitations.senders';
import { localDay, requireInvitation, roleLabel, shortLink, statusOf } from './invitations.service';

type OutboxRow = Awaited<ReturnType<typeof repo.selectOutbox>>;

function toEntry(r: OutboxRow): OutboxEntry {
  return {
    id: r.id,
    channel: r.channel as OutboxEntry['channel'],
    recipient: r.recipient,
    subject: r.subject,
    body: r.body,
    status: r.status as OutboxEntry['status'],
    error: r.error,
    sender: r.sender,
    invitationId: r.invitation_id,
    organizationId: r.organization_id,
    createdBy: r.created_by,
    createdAt: toIso(r.created_at),
    sentAt: toIsoOrNull(r.sent_at),
  };
}

/**
 * Writes the message to the outbox (one transaction with the caller's audit
 * entry), then hands it to the sender after commit: `sent`, `stored` (kept
 * for an administrator) or `failed` with the error. A failed delivery never
 * fails the request: the outbox shows it.
 */
export async function queueMessage(
  db: Db,
  sender: MessageSender,
  v: OutgoingMessage & {
    municipalityId: number;
    organizationId: number | null;
    invitationId: number | null;
    createdBy: number | null;
    now: Date;
  },
  inTransaction: (trx: DbOrTrx, outboxId: number) => Promise<void>,
): Promise<OutboxEntry> {
  const id = await db.transaction().execute(async (trx) => {
    const id = await repo.insertOutbox(trx, {
      municipalityId: v.municipalityId,
      organizationId: v.organizationId,
      channel: v.channel,
      recipient: v.to,
      subject: v.subject,
      body: v.text,
      status: 'pending',
      sender: sender.name,
      invitationId: v.invitationId,
      createdBy: v.createdBy,
      at: v.now,
    });
    await inTransaction(trx, id);
    return id;
  });
  try {
    const r = await sender.send(v);
    await repo.markOutbox(db, id, {
      status: r,
      error: null,
      sentAt: r === 'sent' ? new Date() : null,
    });
  } catch (err) {
    await repo.markOutbox(db, id, {
      status: 'failed',
      error: String((err as Error)?.message ?? err).slice(0, 500),
      sentAt: null,
    });
  }
  return toEntry(await repo.selectOutbox(db, id));
}

/** Sends an invitation's short link by e-mail or SMS (whoever manages the invitation). */
export async function sendInvitation(
  db: Db,
  sender: MessageSender,
  viewer: PersonFacts,
  invitationId: number,
  input: { channel: 'email' | 'sms'; to: string },
  ctx: ChangeContext,
  base: string,
): Promise<OutboxEntry> {
  const row = await requireInvitation(db, viewer, invitationId);
  if (statusOf(row, ctx.now) !== 'active')
    throw new AppError('CONFLICT', 'Only an active invitation can be sent.');
  let to: string;
  if (input.channel === 'email') {
    const parsed = z.email().safeParse(input.to.trim());
    if (!parsed.success) throw invalid('body.to', 'not an e-mail address');
    to = parsed.data.toLowerCase();
  } else {
    const phone = normalizePhone(input.to);
    if (!phone) throw invalid('body.to', 'not a Russian phone number');
    to = phone;
  }
  const muni = await repo.selectMunicipality(db, row.municipality_id);
  const link = shortLink(base, row.code);
  const where = row.class_name
    ? `${row.class_name}, ${row.org_short_name ?? row.org_name ?? ''}`
    : (row.community_title ?? row.org_short_name ?? row.org_name ?? '');
  const until = localDay(row.expires_at, muni?.time_zone ?? 'Asia/Yekaterinburg');
  const text =
    input.channel === 'sms'
      ? `Parta: приглашение (${roleLabel(row.role)}, ${where}). ${link} Код ${formatCode(row.code)}, до ${until}.`
      : [
          'Здравствуйте!',
          '',
          `Вас приглашают в Парту: ${roleLabel(row.role)} — ${where}.`,
          `Откройте ссылку: ${link}`,
          `или введите код ${formatCode(row.code)} на странице входа.`,
          `Приглашение действует до ${until}.`,
          '',
          'Если вы не ждали этого письма, просто удалите его.',
        ].join('\n');
  return queueMessage(
    db,
    sender,
    {
      channel: input.channel,
      to,
      subject: input.channel === 'email' ? 'Приглашение в Парту' : null,
      text,
      municipalityId: row.municipality_id,
      organizationId: row.organization_id,
      invitationId: row.id,
      createdBy: viewer.personId,
      now: ctx.now,
    },
    (trx, outboxId) =>
      audit(
        trx,
        {
          actorPersonId: ctx.actorPersonId,
          action: 'invitation.sent',
          targetType: 'invitation',
          targetId: row.id,
          municipalityId: ctx.municipalityId,
          ip: ctx.ip,
          details: { channel: input.channel, outboxId },
        },
        ctx.now,
      ),
  );
}

/** The outbox: municipal administrators all of it, organisation administrators their organisations'. */
export async function listOutbox(
  db: DbOrTrx,
  viewer: PersonFacts,
  q: {
    status?: OutboxEntry['status'] | undefined;
    organizationId?: number | undefined;
    limit: number;
    offset: number;
  },
): Promise<Paged<OutboxEntry>> {
  const scope = outboxScope(viewer);
  authorize(scope !== false, 'Only administrators see the outbox.');
  const { rows, total } = await repo.listOutbox(db, {
    municipalityId: viewer.municipalityId,
    orgIds: scope === false ? [] : scope,
    status: q.status,
    organizationId: q.organizationId,
    limit: q.limit,
    offset: q.offset,
  });
  return { items: rows.map(toEntry), total, limit: q.limit, offset: q.offset };
}
