import { describe, expect, it } from 'vitest';
import { decodeBusEvent } from './fanout';

describe('decodeBusEvent', () => {
  const message = { id: 7, chatId: 3, seq: 5, text: 'привет' };

  it('passes events through untouched, checking only what routing uses', () => {
    // A field the shared schema does not know yet (or lacks) must not silence delivery.
    const event = { type: 'message.created', chatId: 3, message: { ...message, futureField: 1 } };
    expect(decodeBusEvent(event)).toBe(event);
    const typing = { type: 'typing.started', chatId: 3, personId: 9, displayName: 'Анна' };
    expect(decodeBusEvent(typing)).toBe(typing);
    const presence = { type: 'presence.changed', personId: 9, status: 'online' };
    expect(decodeBusEvent(presence)).toBe(presence);
  });

  it('drops payloads it cannot route', () => {
    expect(decodeBusEvent({ type: 'no.such' })).toBeNull();
    expect(decodeBusEvent({ chatId: 3 })).toBeNull();
    expect(decodeBusEvent({ type: 'message.created', chatId: '3', message })).toBeNull();
    expect(
      decodeBusEvent({ type: 'message.created', chatId: 3, message: { seq: '5' } }),
    ).toBeNull();
    expect(decodeBusEvent({ type: 'message.created', chatId: 3, message: [message] })).toBeNull();
    expect(decodeBusEvent({ type: 'membership.changed', chatId: 3, change: 'added' })).toBeNull();
    expect(decodeBusEvent({ type: 'person.deactivated' })).toBeNull();
  });

  it('reads control events, keeping only their fields', () => {
    expect(decodeBusEvent({ type: 'person.deactivated', personId: 4, extra: true })).toEqual({
      type: 'person.deactivated',
      personId: 4,
    });
    expect(decodeBusEvent({ type: 'session.revoked', personId: 4, sessionId: 'abc' })).toEqual({
      type: 'session.revoked',
      personId: 4,
      sessionId: 'abc',
    });
    expect(decodeBusEvent({ type: 'session.revoked', personId: 4, sessionId: 5 })).toEqual({
      type: 'session.revoked',
      personId: 4,
    });
  });
});
