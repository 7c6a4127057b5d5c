/** Chats: direct, group, class and staff chats (following the rosters), announcement channels. */
export { chatRoutes } from './chats.routes';
export { canDirect } from './chats.policy';
export {
  chatIdsOf,
  renameClassChats,
  syncPeople,
  syncRosters,
  type ChatsDeps,
  type RosterScope,
} from './chats.service';
