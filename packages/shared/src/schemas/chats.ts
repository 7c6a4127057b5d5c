import { z } from 'zod';
import { Id, Timestamp } from './common';
import { FILE_LIMITS, LIMITS } from '../limits';
import { FileInfo } from './files';

export const CHAT_KINDS = [
  'direct',
  'group',
  'class_pupils',
  'class_parents',
  'org_staff',
  'community',
  'announcement',
] as const;
export const ChatKind = z.enum(CHAT_KINDS);
export type ChatKind = z.infer<typeof ChatKind>;

export const MEMBER_ROLES = ['owner', 'admin', 'member', 'readonly'] as const;
export const MemberRole = z.enum(MEMBER_ROLES);
export type MemberRole = z.infer<typeof MemberRole>;

/** The fixed reaction set (no free-form emoji: calm, moderatable). */
export const REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏', '👏', '✅'] as const;
export const Reaction = z.enum(REACTIONS);

export const MessageAuthor = z.object({ id: z.number().int(), displayName: z.string() });

export const Message = z.object({
  id: z.number().int(),
  chatId: z.number().int(),
  seq: z.number().int().describe('Position in the chat: 1, 2, 3 … without gaps'),
  kind: z.enum(['text', 'poll', 'system', 'bot']),
  author: MessageAuthor.nullable(),
  clientMessageId: z.string().nullable(),
  text: z.string().describe('Markdown subset; empty for deleted messages'),
  replyToSeq: z.number().int().nullable(),
  forwardedFrom: z
    .object({ chatId: z.number().int(), seq: z.number().int(), author: MessageAuthor.nullable() })
    .nullable(),
  mentions: z.array(z.union([z.number().int(), z.literal('all')])),
  reactions: z.array(z.object({ emoji: z.string(), count: z.number().int(), mine: z.boolean() })),
  poll: z
    .object({
      question: z.string(),
      multiple: z.boolean(),
      anonymous: z.boolean(),
      closed: z.boolean(),
      options: z.array(
        z.object({
          id: z.number().int(),
          text: z.string(),
          votes: z.number().int(),
          mine: z.boolean(),
          voters: z.array(z.number().int()).optional(),
        }),
      ),
    })
    .nullable(),
  attachments: z.array(FileInfo).describe('Files sent with the message; empty when deleted'),
  createdAt: Timestamp,
  editedAt: Timestamp.nullable(),
  deletedAt: Timestamp.nullable(),
});
export type Message = z.infer<typeof Message>;

export const ChatSummary = z.object({
  id: z.number().int(),
  kind: ChatKind,
  title: z.string(),
  description: z.string().nullable(),
  avatar: z.string().nullable(),
  organizationId: z.number().int().nullable(),
  classId: z.number().int().nullable(),
  lastSeq: z.number().int(),
  readSeq: z.number().int(),
  unread: z.number().int(),
  mentions: z.number().int().describe('Unread messages mentioning me (or @all)'),
  muted: z.boolean(),
  myRole: MemberRole,
  memberCount: z.number().int(),
  lastMessage: Message.nullable(),
  lastMessageAt: Timestamp.nullable(),
  archived: z.boolean(),
});
export type ChatSummary = z.infer<typeof ChatSummary>;

export const ChatMember = z.object({
  personId: z.number().int(),
  displayName: z.string(),
  role: MemberRole,
  readSeq: z.number().int(),
});
export type ChatMember = z.infer<typeof ChatMember>;

export const ChatListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Cursor: ISO time of the last chat's activity from the previous page. */
  before: Timestamp.optional(),
  archived: z.enum(['0', '1']).optional(),
});

export const CreateChat = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('direct'), personId: Id }),
  z.strictObject({
    kind: z.enum(['group', 'announcement']),
    title: z.string().trim().min(1).max(LIMITS.titleMaxLength),
    description: z.string().trim().max(2000).nullish(),
    memberIds: z.array(Id).max(1000).default([]),
  }),
]);
export type CreateChat = z.infer<typeof CreateChat>;

export const UpdateChat = z.strictObject({
  title: z.string().trim().min(1).max(LIMITS.titleMaxLength).optional(),
  description: z.string().trim().max(2000).nullable().optional(),
  avatar: z.string().trim().max(500).nullable().optional(),
  archived: z.boolean().optional(),
});

export const AddMembers = z.strictObject({
  personIds: z.array(Id).min(1).max(1000),
  role: MemberRole.default('member'),
});

export const SendMessage = z.strictObject({
  text: z.string().max(LIMITS.messageMaxLength),
  clientMessageId: z
    .string()
    .min(8)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only')
    .describe('Chosen by the client (a UUID); a retry with the same id returns the stored message'),
  replyToSeq: z.number().int().positive().nullish(),
  forward: z.strictObject({ chatId: Id, seq: z.number().int().positive() }).nullish(),
  poll: z
    .strictObject({
      question: z.string().trim().min(1).max(300),
      options: z.array(z.string().trim().min(1).max(100)).min(2).max(10),
      multiple: z.boolean().default(false),
      anonymous: z.boolean().default(false),
    })
    .nullish(),
  fileIds: z
    .array(Id)
    .max(FILE_LIMITS.perMessage)
    .nullish()
    .describe('Files uploaded by the sender (POST /api/v1/files) and not attached yet'),
});
export type SendMessage = z.infer<typeof SendMessage>;

export const HistoryQuery = z.strictObject({
  afterSeq: z.coerce.number().int().min(0).optional(),
  beforeSeq: z.coerce.number().int().min(1).optional(),
  aroundSeq: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const EditMessage = z.strictObject({ text: z.string().min(1).max(LIMITS.messageMaxLength) });
export const ReactBody = z.strictObject({ emoji: Reaction });
export const ReadBody = z.strictObject({ seq: z.number().int().min(0) });
export const VoteBody = z.strictObject({ optionIds: z.array(Id).min(1).max(10) });
