import {
  EditMessage,
  HistoryQuery,
  Message,
  ReactBody,
  Reaction,
  ReadBody,
  SendMessage,
  VoteBody,
  Id,
} from '@parta/shared';
import { z } from 'zod';
import { requireActor } from '../../platform/auth-hook';
import type { Db } from '../../db/database';
import type { AppInstance } from '../../platform/types';
import * as messages from './messages.service';

const tags = ['messages'];
const ChatParams = z.strictObject({ chatId: Id });
const MessageParams = z.strictObject({ chatId: Id, seq: z.coerce.number().int().positive() });
const ReactionParams = MessageParams.extend({ emoji: Reaction });

export function messageRoutes(app: AppInstance, deps: messages.MessagingDeps & { db: Db }): void {
  app.post(
    '/api/v1/chats/:chatId/messages',
    {
      schema: {
        tags,
        summary:
          'Send a message; 201 when stored now, 200 with the stored message for a retried clientMessageId',
        params: ChatParams,
        body: SendMessage,
        response: { 200: Message, 201: Message },
      },
    },
    async (request, reply) => {
      const r = await messages.sendMessage(
        deps.db,
        deps,
        requireActor(request),
        request.params.chatId,
        request.body,
      );
      return reply.code(r.duplicate ? 200 : 201).send(r.message);
    },
  );

  app.get(
    '/api/v1/chats/:chatId/messages',
    {
      schema: {
        tags,
        summary: 'History by seq: latest, afterSeq, beforeSeq or aroundSeq (jump to a reply)',
        params: ChatParams,
        querystring: HistoryQuery,
        response: {
          200: z.object({
            items: z.array(Message),
            hasBefore: z.boolean(),
            hasAfter: z.boolean(),
            lastSeq: z.number().int(),
          }),
        },
      },
    },
    async (request) =>
      messages.history(deps.db, requireActor(request), request.params.chatId, request.query),
  );

  app.patch(
    '/api/v1/chats/:chatId/messages/:seq',
    {
      schema: {
        tags,
        summary: 'Edit own message (history kept for moderation)',
        params: MessageParams,
        body: EditMessage,
        response: { 200: Message },
      },
    },
    async (request) =>
      messages.editMessage(
        deps.db,
        deps,
        requireActor(request),
        request.params.chatId,
        request.params.seq,
        request.body.text,
      ),
  );

  app.delete(
    '/api/v1/chats/:chatId/messages/:seq',
    {
      schema: {
        tags,
        summary: 'Delete for everyone (author or chat admin); leaves a tombstone',
        params: MessageParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await messages.deleteMessage(
        deps.db,
        deps,
        requireActor(request),
        request.params.chatId,
        request.params.seq,
      );
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/chats/:chatId/messages/:seq/edits',
    {
      schema: {
        tags,
        summary: 'Previous versions of an edited message (author and chat admins)',
        params: MessageParams,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                text: z.string(),
                replacedAt: z.string(),
                editedBy: z.number().int().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({
      items: await messages.editHistory(
        deps.db,
        requireActor(request),
        request.params.chatId,
        request.params.seq,
      ),
    }),
  );

  app.put(
    '/api/v1/chats/:chatId/messages/:seq/reactions/:emoji',
    {
      schema: {
        tags,
        summary: 'Add my reaction (fixed set)',
        params: ReactionParams,
        response: { 200: Message },
      },
    },
    async (request) =>
      messages.react(
        deps.db,
        deps,
        requireActor(request),
        request.params.chatId,
        request.params.seq,
        request.params.emoji,
        true,
      ),
  );

  app.delete(
    '/api/v1/chats/:chatId/messages/:seq/reactions/:emoji',
    {
      schema: {
        tags,
        summary: 'Remove my reaction',
        params: ReactionParams,
        response: { 200: Message },
      },
    },
    async (request) =>
      messages.react(
        deps.db,
        deps,
        requireActor(request),
        request.params.chatId,
        request.params.seq,
        request.params.emoji,
        false,
      ),
  );

  app.post(
    '/api/v1/chats/:chatId/messages/:seq/reactions',
    {
      schema: {
        tags,
        summary: 'Add my reaction (emoji in the body)',
        params: MessageParams,
        body: ReactBody,
        response: { 200: Message },
      },
    },
    async (request) =>
      messages.react(
        deps.db,
        deps,
        requireActor(request),
        request.params.chatId,
        request.params.seq,
        request.body.emoji,
        true,
      ),
  );

  app.post(
    '/api/v1/chats/:chatId/messages/:seq/votes',
    {
      schema: {
        tags,
        summary: 'Vote in a poll (replaces my previous vote)',
        params: MessageParams,
        body: VoteBody,
        response: { 200: Message },
      },
    },
    async (request) =>
      messages.vote(
        deps.db,
        deps,
        requireActor(request),
        request.params.chatId,
        request.params.seq,
        request.body.optionIds,
      ),
  );

  app.get(
    '/api/v1/chats/:chatId/messages/:seq/readers',
    {
      schema: {
        tags,
        summary: 'Who has read up to this message (chats of up to 50 members)',
        params: MessageParams,
        response: {
          200: z.object({
            items: z.array(z.object({ personId: z.number().int(), displayName: z.string() })),
          }),
        },
      },
    },
    async (request) => ({
      items: await messages.readers(
        deps.db,
        requireActor(request),
        request.params.chatId,
        request.params.seq,
      ),
    }),
  );

  app.post(
    '/api/v1/chats/:chatId/read',
    {
      schema: {
        tags,
        summary: 'Move my read position forward (never back)',
        params: ChatParams,
        body: ReadBody,
        response: { 200: z.object({ readSeq: z.number().int() }) },
      },
    },
    async (request) => ({
      readSeq: await messages.markRead(
        deps.db,
        deps,
        requireActor(request),
        request.params.chatId,
        request.body.seq,
      ),
    }),
  );
}
