/** Messages: sending with per-chat seq and idempotency, history, edits, reactions, polls, read state. */
export {
  deleteMessage,
  editHistory,
  editMessage,
  history,
  lastMessages,
  markRead,
  messagesAfter,
  postSystemMessage,
  react,
  readers,
  requireMember,
  sendMessage,
  unreadCounts,
  vote,
  type MessagingDeps,
  type SendResult,
} from './messages.service';
export { isSubstantive, parseMentions } from './messages.text';
export { RateLimiter } from './rate-limiter';
export { CommitBatcher } from './commit-batcher';
export { messageRoutes } from './messages.routes';
