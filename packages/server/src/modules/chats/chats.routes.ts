import {
  AddMembers,
  ChatListQuery,
  ChatMember,
  ChatSummary,
  CreateChat,
  Id,
  MemberRole,
  UpdateChat,
} from '@parta/shared';
import { z } from 'zod';
import { requireActor } from '../../platform/auth-hook';
import type { Db } from '../../db/database';
import type { AppInstance } from '../../platform/types';
import * as chats from './chats.service';

const tags = ['chats'];
const ChatParams = z.strictObject({ chatId: Id });
const MemberParams = z.strictObject({ chatId: Id, personId: Id });
const PinParams = z.strictObject({ chatId: Id, seq: z.coerce.number().int().positive() });

export function chatRoutes(app: AppInstance, deps: chats.ChatsDeps & { db: Db }): void {
  app.get(
    '/api/v1/chats',
    {
      schema: {
        tags,
        summary: 'My chats by activity, with unread and mention counts and the last message',
        querystring: ChatListQuery,
        response: {
          200: z.object({ items: z.array(ChatSummary), nextBefore: z.string().nullable() }),
        },
      },
    },
    async (request) =>
      chats.listChats(deps.db, requireActor(request), {
        limit: request.query.limit,
        before: request.query.before,
        archived: request.query.archived === '1',
      }),
  );

  app.post(
    '/api/v1/chats',
    {
      schema: {
        tags,
        summary:
          'Open a direct chat (200 when it exists) or create a group or announcement channel (201)',
        body: CreateChat,
        response: { 200: ChatSummary, 201: ChatSummary },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (request.body.kind === 'direct') {
        const r = await chats.openDirect(deps.db, deps, actor, request.body.personId);
        return reply.code(r.created ? 201 : 200).send(r.chat);
      }
      return reply.code(201).send(await chats.createGroup(deps.db, deps, actor, request.body));
    },
  );

  app.get(
    '/api/v1/chats/:chatId',
    {
      schema: {
        tags,
        summary: 'One of my chats',
        params: ChatParams,
        response: { 200: ChatSummary },
      },
    },
    async (request) => chats.getChat(deps.db, requireActor(request), request.params.chatId),
  );

  app.patch(
    '/api/v1/chats/:chatId',
    {
      schema: {
        tags,
        summary: 'Rename, describe, set avatar, archive (owners and admins)',
        params: ChatParams,
        body: UpdateChat,
        response: { 200: ChatSummary },
      },
    },
    async (request) =>
      chats.updateChat(deps.db, deps, requireActor(request), request.params.chatId, request.body),
  );

  app.get(
    '/api/v1/chats/:chatId/members',
    {
      schema: {
        tags,
        summary: 'Members of a chat I am in',
        params: ChatParams,
        response: { 200: z.object({ items: z.array(ChatMember) }) },
      },
    },
    async (request) => ({
      items: await chats.listMembers(deps.db, requireActor(request), request.params.chatId),
    }),
  );

  app.post(
    '/api/v1/chats/:chatId/members',
    {
      schema: {
        tags,
        summary: 'Add members (group and announcement chats; owners and admins)',
        params: ChatParams,
        body: AddMembers,
        response: { 200: z.object({ items: z.array(ChatMember) }) },
      },
    },
    async (request) => ({
      items: await chats.addMembers(
        deps.db,
        deps,
        requireActor(request),
        request.params.chatId,
        request.body.personIds,
        request.body.role,
      ),
    }),
  );

  app.delete(
    '/api/v1/chats/:chatId/members/:personId',
    {
      schema: {
        tags,
        summary: 'Remove a member (admins) or leave (oneself)',
        params: MemberParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await chats.removeMember(
        deps.db,
        deps,
        requireActor(request),
        request.params.chatId,
        request.params.personId,
      );
      return reply.code(204).send(null);
    },
  );

  app.patch(
    '/api/v1/chats/:chatId/members/:personId',
    {
      schema: {
        tags,
        summary: 'Change a member role',
        params: MemberParams,
        body: z.strictObject({ role: MemberRole }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await chats.setRole(
        deps.db,
        deps,
        requireActor(request),
        request.params.chatId,
        request.params.personId,
        request.body.role,
      );
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/chats/:chatId/leave',
    {
      schema: {
        tags,
        summary: 'Leave a chat (not class or staff chats: they follow the rosters)',
        params: ChatParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await chats.removeMember(deps.db, deps, actor, request.params.chatId, actor.personId);
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/api/v1/chats/:chatId/mute',
    {
      schema: {
        tags,
        summary: 'Mute or unmute notifications of a chat for me',
        params: ChatParams,
        body: z.strictObject({ muted: z.boolean() }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await chats.setMuted(
        deps.db,
        requireActor(request),
        request.params.chatId,
        request.body.muted,
      );
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/chats/:chatId/pins',
    {
      schema: {
        tags,
        summary: 'Pinned messages',
        params: ChatParams,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                seq: z.number().int(),
                pinnedAt: z.string(),
                pinnedBy: z.number().int().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({
      items: await chats.pins(deps.db, requireActor(request), request.params.chatId),
    }),
  );

  app.put(
    '/api/v1/chats/:chatId/pins/:seq',
    {
      schema: {
        tags,
        summary: 'Pin a message (admins; anyone in a direct chat)',
        params: PinParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await chats.pin(
        deps.db,
        deps,
        requireActor(request),
        request.params.chatId,
        request.params.seq,
        true,
      );
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/api/v1/chats/:chatId/pins/:seq',
    {
      schema: { tags, summary: 'Unpin a message', params: PinParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await chats.pin(
        deps.db,
        deps,
        requireActor(request),
        request.params.chatId,
        request.params.seq,
        false,
      );
      return reply.code(204).send(null);
    },
  );
}
