import { addDays, isoWeekRange, isoWeekStart, localDay, startOfLocalDay } from '@parta/shared';
import type { Db } from '../../db/database';
import { isSubstantive } from '../messages';
import * as repo from './monitoring.repository';
import { refreeze, weekList, type MunicipalityRef } from './monitoring.service';

export interface RebuildSummary {
  weeks: string[];
  messages: number;
  people: number;
  dailyRows: number;
  refrozen: string[];
}

/**
 * Recomputes `activity_daily` and `activity_weekly` of a municipality for a
 * range of ISO weeks from `messages`, then freezes again the closed weeks of
 * the range (each frozen threshold, and the default one).
 *
 * It applies the rules of the send path (messages.service `sendMessage`):
 * text and polls count, system and bot messages do not; deleted messages
 * count; "substantive" is judged on the text as sent (the oldest kept
 * version of an edited message); a reply counts for the replied-to author
 * on the reply's local day; parent conversations are staff messages in
 * class parents' chats and in direct chats with a guardian. Staff and
 * guardians are taken as they are now, like the send path takes them at
 * the time of sending.
 *
 * Idempotent: the range's rows are replaced in one transaction, so running
 * it twice gives the same tables. Activity written straight into the
 * rollups (the demo's generated history) is replaced by what `messages` holds.
 */
export async function rebuildActivity(
  db: Db,
  m: MunicipalityRef,
  range: { from: string; to: string },
  now: Date,
): Promise<RebuildSummary> {
  const weeks = weekList(range.from, range.to, 'option');
  const days = {
    from: (isoWeekRange(range.from) as { from: string }).from,
    to: (isoWeekRange(range.to) as { to: string }).to,
  };
  const start = startOfLocalDay(days.from, m.timeZone);
  const end = startOfLocalDay(addDays(days.to, 1), m.timeZone);

  const messages = await repo.countedMessages(db, m.id, start, end);
  const [staff, guardians, directs, originals] = await Promise.all([
    repo.staffPeople(db, m.id),
    repo.guardianPeople(db, m.id),
    repo.directMembers(db, m.id),
    repo.originalBodies(
      db,
      messages.map((x) => x.id),
    ),
  ]);
  const replyRefs = messages
    .filter((x) => x.replyToSeq !== null)
    .map((x) => ({ chatId: x.chatId, seq: x.replyToSeq as number }));
  const replied = await repo.authorsBySeq(db, replyRefs);

  const daily = new Map<string, repo.ActivityRow & { day: string }>();
  const add = (
    personId: number,
    day: string,
    d: Partial<Omit<repo.ActivityRow, 'person_id'>>,
  ): void => {
    const key = `${personId}|${day}`;
    let row = daily.get(key);
    if (!row) {
      row = {
        person_id: personId,
        day,
        messages: 0,
        substantive: 0,
        replies_received: 0,
        parent_conversation: 0,
      };
      daily.set(key, row);
    }
    row.messages += d.messages ?? 0;
    row.substantive += d.substantive ?? 0;
    row.replies_received += d.replies_received ?? 0;
    row.parent_conversation += d.parent_conversation ?? 0;
  };

  for (const msg of messages) {
    const day = localDay(new Date(msg.createdAt), m.timeZone);
    const original = originals.get(msg.id);
    const substantive = original === undefined ? msg.substantive : isSubstantive(original);
    let parent = false;
    if (staff.has(msg.authorId)) {
      if (msg.chatKind === 'class_parents') parent = true;
      else if (msg.chatKind === 'direct') {
        const other = (directs.get(msg.chatId) ?? []).find((p) => p !== msg.authorId);
        parent = other !== undefined && guardians.has(other);
      }
    }
    add(msg.authorId, day, {
      messages: 1,
      substantive: substantive ? 1 : 0,
      parent_conversation: parent ? 1 : 0,
    });
    if (msg.replyToSeq !== null) {
      const target = replied.get(`${msg.chatId}:${msg.replyToSeq}`);
      if (target !== undefined && target !== null && target !== msg.authorId) {
        add(target, day, { replies_received: 1 });
      }
    }
  }

  const weekly = new Map<string, repo.ActivityRow & { week_start: string }>();
  for (const row of daily.values()) {
    const weekStart = isoWeekStart(row.day);
    const key = `${row.person_id}|${weekStart}`;
    const w = weekly.get(key) ?? {
      person_id: row.person_id,
      week_start: weekStart,
      messages: 0,
      substantive: 0,
      replies_received: 0,
      parent_conversation: 0,
    };
    w.messages += row.messages;
    w.substantive += row.substantive;
    w.replies_received += row.replies_received;
    w.parent_conversation += row.parent_conversation;
    weekly.set(key, w);
  }

  await db.transaction().execute(async (trx) => {
    await repo.deleteActivity(trx, m.id, days);
    await repo.insertDaily(trx, [...daily.values()]);
    await repo.insertWeekly(trx, [...weekly.values()]);
  });
  const refrozen = await refreeze(db, m, weeks, now, { includeDefault: true });
  return {
    weeks,
    messages: messages.length,
    people: new Set([...daily.values()].map((r) => r.person_id)).size,
    dailyRows: daily.size,
    refrozen,
  };
}
