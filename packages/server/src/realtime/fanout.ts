import { RealtimeEvent, WS_CLOSE, type RealtimeEventType } from '@parta/shared';
import type { BusMessage } from '../bus';
import type { BusEvent, ControlEvent } from '../platform/events';
import type { Connection, Outgoing } from './connection';

/**
 * Who receives what, per domain. One event from the bus is serialised once
 * per node and handed to the local sockets its rule picks; the sockets keep
 * the per-chat order (see `Connection.deliverChat`).
 *
 * Invariant: a chat-topic event reaches only sockets whose person is a
 * member of that chat as far as the node knows (removal stops delivery the
 * moment its event arrives on either topic).
 */
export interface Audience {
  /** Local sockets whose person is a member of the chat. */
  membersOf(chatId: number): Iterable<Connection>;
  /** Local sockets of a person. */
  socketsOf(personId: number): Iterable<Connection>;
}

type EventOf<K extends RealtimeEventType> = Extract<RealtimeEvent, { type: K }>;
type ChatRule<E> = (audience: Audience, chatId: number, event: E, out: Outgoing) => void;

const toMembers: ChatRule<RealtimeEvent> = (audience, chatId, _event, out) => {
  for (const conn of audience.membersOf(chatId)) conn.deliverChat(chatId, out);
};

/** Ephemeral signals about a person: to the other members only, outside the message order. */
const toOtherMembers: ChatRule<{ personId: number }> = (audience, chatId, event, out) => {
  for (const conn of audience.membersOf(chatId)) {
    if (conn.personId !== event.personId) conn.send(out.data);
  }
};

/** The rule of every event type, by domain; the mapped type keeps it exhaustive. */
const CHAT_RULES: { [K in RealtimeEventType]: ChatRule<EventOf<K>> } = {
  // messages: a created event carries the seq that orders and deduplicates it
  'message.created': (audience, chatId, event, out) =>
    toMembers(audience, chatId, event, { data: out.data, seq: event.message.seq }),
  'message.edited': toMembers,
  'message.deleted': toMembers,
  'message.pinned': toMembers,
  'reaction.changed': toMembers,
  'poll.voted': toMembers,

  // chats: a membership change of a socket's own person also starts or stops its delivery
  'chat.read': toMembers,
  'chat.updated': toMembers,
  'chat.created': toMembers,
  'membership.changed': (audience, chatId, event, out) => {
    for (const conn of audience.socketsOf(event.personId)) conn.onOwnMembership(event, out);
    for (const conn of audience.membersOf(chatId)) {
      if (conn.personId !== event.personId) conn.deliverChat(chatId, out);
    }
  },

  // signals: never stored, never echoed to their subject
  'typing.started': toOtherMembers,
  'presence.changed': toOtherMembers,
};

/** Hands an event of `chat:<chatId>` to the local sockets that may see it. */
export function routeChatEvent(audience: Audience, chatId: number, event: RealtimeEvent): void {
  // An event naming another chat than its topic is a publisher's bug: never cross chats.
  if ('chatId' in event && event.chatId !== chatId) return;
  const rule = CHAT_RULES[event.type] as ChatRule<RealtimeEvent>;
  rule(audience, chatId, event, { data: JSON.stringify({ type: 'event', event }) });
}

/**
 * Hands an event of `person:<personId>` to that person's local sockets.
 * Control events close sockets (4403); membership changes start or stop
 * chats; anything else is passed on as it is.
 */
export function routePersonEvent(audience: Audience, personId: number, event: BusEvent): void {
  if ('personId' in event && event.personId !== personId) return;
  if (isControl(event)) {
    for (const conn of [...audience.socketsOf(personId)]) {
      if (
        event.type === 'session.revoked' &&
        event.sessionId &&
        conn.actor.sessionId !== event.sessionId
      )
        continue;
      conn.close(
        WS_CLOSE.SESSION_REVOKED,
        event.type === 'person.deactivated' ? 'deactivated' : 'session revoked',
      );
    }
    return;
  }
  const out = { data: JSON.stringify({ type: 'event', event }) };
  for (const conn of audience.socketsOf(personId)) {
    if (event.type === 'membership.changed') conn.onOwnMembership(event, out);
    else if (conn.isReady) conn.send(out.data);
  }
}

function isControl(event: BusEvent): event is ControlEvent {
  return event.type === 'session.revoked' || event.type === 'person.deactivated';
}

const EVENT_TYPES: ReadonlySet<string> = new Set(
  RealtimeEvent.options.map((option) => option.shape.type.value),
);
/** Event types without a `chatId`; every other one routes by it. */
const CHATLESS: ReadonlySet<string> = new Set(['presence.changed', 'chat.created']);
/** Event types whose `personId` decides who receives them. */
const BY_PERSON: ReadonlySet<string> = new Set([
  'membership.changed',
  'typing.started',
  'presence.changed',
]);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a bus payload as an event, checking only what routing relies on
 * (the type, `chatId`, `personId`, a created message's `seq`); null drops it.
 * The rest passes through untouched: the bus is internal and the publisher
 * presented the payload with the shared schema, so a field added to that
 * schema (or a node one version ahead) never silences delivery.
 */
export function decodeBusEvent(payload: BusMessage): BusEvent | null {
  const { type, personId, sessionId, chatId } = payload;
  if (type === 'session.revoked' || type === 'person.deactivated') {
    if (typeof personId !== 'number') return null;
    if (type === 'person.deactivated') return { type, personId };
    return typeof sessionId === 'string' ? { type, personId, sessionId } : { type, personId };
  }
  if (typeof type !== 'string' || !EVENT_TYPES.has(type)) return null;
  if (!CHATLESS.has(type) && typeof chatId !== 'number') return null;
  if (BY_PERSON.has(type) && typeof personId !== 'number') return null;
  if (type === 'message.created') {
    const message = payload.message;
    if (!isObject(message) || typeof message.seq !== 'number') return null;
  }
  return payload as unknown as RealtimeEvent;
}
