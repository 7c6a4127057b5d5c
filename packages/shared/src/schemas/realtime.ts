import { z } from 'zod';
import { ChatSummary, Message, MemberRole, SendMessage } from './chats';

/**
 * The WebSocket protocol at `/api/v1/ws`. Every frame is one JSON object.
 *
 * Ordering contract: within one chat, `message.*` events reach a client in
 * seq order, and a resumed client receives exactly the messages after its
 * position (or `resync` when the gap is too large) before any live event of
 * that chat. The database is the truth; events are hints to fetch less.
 */

/** Events, named `<domain>.<pastVerb>`; `seq` fields are per chat. */
export const RealtimeEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message.created'), chatId: z.number().int(), message: Message }),
  z.object({ type: z.literal('message.edited'), chatId: z.number().int(), message: Message }),
  z.object({
    type: z.literal('message.deleted'),
    chatId: z.number().int(),
    seq: z.number().int(),
    messageId: z.number().int(),
  }),
  z.object({
    type: z.literal('reaction.changed'),
    chatId: z.number().int(),
    seq: z.number().int(),
    messageId: z.number().int(),
    reactions: Message.shape.reactions,
    personId: z.number().int(),
  }),
  z.object({
    type: z.literal('poll.voted'),
    chatId: z.number().int(),
    seq: z.number().int(),
    message: Message,
  }),
  z.object({
    type: z.literal('chat.read'),
    chatId: z.number().int(),
    personId: z.number().int(),
    readSeq: z.number().int(),
  }),
  z.object({
    type: z.literal('typing.started'),
    chatId: z.number().int(),
    personId: z.number().int(),
    displayName: z.string(),
  }),
  z.object({
    type: z.literal('presence.changed'),
    personId: z.number().int(),
    status: z.enum(['online', 'away', 'offline']),
  }),
  z.object({ type: z.literal('chat.created'), chat: ChatSummary }),
  z.object({
    type: z.literal('chat.updated'),
    chatId: z.number().int(),
    changes: z.record(z.string(), z.unknown()),
  }),
  z.object({
    type: z.literal('membership.changed'),
    chatId: z.number().int(),
    personId: z.number().int(),
    change: z.enum(['added', 'removed', 'role']),
    role: MemberRole.nullable(),
  }),
  z.object({
    type: z.literal('message.pinned'),
    chatId: z.number().int(),
    seq: z.number().int(),
    pinned: z.boolean(),
  }),
]);
export type RealtimeEvent = z.infer<typeof RealtimeEvent>;
export type RealtimeEventType = RealtimeEvent['type'];

/** Chat → last seq the client has; the server replays what follows. */
export const Positions = z.record(z.string().regex(/^\d{1,15}$/), z.number().int().min(0));

export const ClientFrame = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('resume'), positions: Positions }),
  z.strictObject({
    type: z.literal('send'),
    requestId: z.string().min(1).max(64),
    chatId: z.number().int().positive(),
    ...SendMessage.shape,
  }),
  z.strictObject({
    type: z.literal('read'),
    chatId: z.number().int().positive(),
    seq: z.number().int().min(0),
  }),
  z.strictObject({ type: z.literal('typing'), chatId: z.number().int().positive() }),
  z.strictObject({ type: z.literal('presence'), status: z.enum(['online', 'away']) }),
  z.strictObject({ type: z.literal('ping'), id: z.string().max(64).optional() }),
]);
export type ClientFrame = z.infer<typeof ClientFrame>;

export type ServerFrame =
  | { type: 'ready'; personId: number; nodeId: string; heartbeatMs: number }
  | { type: 'event'; event: RealtimeEvent }
  | { type: 'resumed'; chats: { chatId: number; fromSeq: number; toSeq: number }[] }
  | { type: 'resync'; chatId: number; reason: 'gap_too_large' | 'not_member' | 'bus_gap' }
  | { type: 'ack'; requestId: string; message: Message; duplicate: boolean }
  | { type: 'error'; requestId?: string; code: string; message: string; retriable: boolean }
  | { type: 'pong'; id?: string };

/**
 * Close codes. 4000–4099: transient — reconnect (with backoff) and resume.
 * 4400–4499: do not reconnect without user action (sign in again, fix the client).
 */
export const WS_CLOSE = {
  /** Send buffer over its bound: the client reads too slowly. Reconnect and resume. */
  SLOW_CONSUMER: 4000,
  /** The node is shutting down. Reconnect (to another node). */
  GOING_AWAY: 4001,
  /** No pong within the heartbeat window. */
  HEARTBEAT_TIMEOUT: 4002,
  /** Too many frames per second. Back off, then reconnect. */
  RATE_LIMITED: 4003,
  /** No valid session (cookie or bearer). */
  UNAUTHENTICATED: 4401,
  /** The session was revoked or the person deactivated. */
  SESSION_REVOKED: 4403,
  /** Origin not allowed. */
  ORIGIN_FORBIDDEN: 4405,
  /** Repeated invalid frames: a broken client. */
  PROTOCOL_ERROR: 4400,
} as const;

export function isReconnectCode(code: number): boolean {
  return (
    (code >= 4000 && code < 4100) ||
    code === 1001 ||
    code === 1006 ||
    code === 1011 ||
    code === 1012 ||
    code === 1013
  );
}
