import type { RealtimeEvent } from '@parta/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { Bus, BusMessage } from '../bus';

/**
 * Topics on the bus. Chat events go to `chat:<id>` (nodes subscribe while a
 * local socket is a member); per-person events — membership changes, session
 * revocation — go to `person:<id>`.
 */
export const chatTopic = (chatId: number) => `chat:${chatId}`;
export const personTopic = (personId: number) => `person:${personId}`;

/** Events for the gateway only, never sent to clients as they are. */
export type ControlEvent =
  | { type: 'session.revoked'; personId: number; sessionId?: string }
  | { type: 'person.deactivated'; personId: number };

export type BusEvent = RealtimeEvent | ControlEvent;

/**
 * Publishes after commit. A failure to publish never fails the request: the
 * change is committed, and clients catch up from the database by seq.
 */
export interface EventSink {
  publish(topic: string, event: BusEvent): Promise<void>;
}

export function busEventSink(bus: Bus, log?: FastifyBaseLogger): EventSink {
  return {
    async publish(topic, event) {
      try {
        await bus.publish(topic, event as unknown as BusMessage);
      } catch (err) {
        log?.warn(
          { err, topic, type: event.type },
          'event not published (clients will catch up by seq)',
        );
      }
    },
  };
}
