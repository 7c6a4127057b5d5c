import type { ChatSummary, FileInfo, Me, Message, RealtimeEvent, SendMessage } from '@parta/shared';
import type { ChatApi } from '../api/chats';
import {
  RealtimeClient,
  type ConnectionState,
  type RealtimeHandlers,
} from '../realtime/realtime-client';
import {
  applyListEvent,
  EMPTY_CHAT_LIST,
  mergeChats,
  withReadSeq,
  type ChatListState,
} from './chat-list';
import {
  applyEvent,
  firstSeq,
  indexOfSeq,
  isMessageEvent,
  lastLoadedSeq,
  mergePage,
  replaceMessage,
  tombstone,
  windowFromPage,
  type ChatWindow,
  type HistoryPage,
} from './chat-window';
import { newClientMessageId } from './ids';
import { Outbox, type KeyValueStorage, type OutboxItem } from './outbox';
import { Store } from './store';

export const PAGE_SIZE = 50;
const TYPING_SHOWN_MS = 6_000;
const TYPING_THROTTLE_MS = 3_000;

export interface WindowState {
  window: ChatWindow | null;
  /** The first unread seq when the chat was opened: where «Новые сообщения» is drawn. */
  unreadFrom: number | null;
  /** Bumped whenever the window is replaced rather than extended (a jump): the view repositions. */
  generation: number;
  /** What is being fetched for this chat right now. */
  loading: null | 'initial' | 'older' | 'newer' | 'jump';
  failed: boolean;
}

export interface TypingPerson {
  personId: number;
  displayName: string;
  until: number;
}

export interface MessengerState {
  connection: ConnectionState;
  list: ChatListState;
  windows: Record<number, WindowState>;
  outbox: readonly OutboxItem[];
  typing: Record<number, TypingPerson[]>;
  presence: Record<number, 'online' | 'away' | 'offline'>;
  /** Person id → display name, learnt from messages and member lists (for mentions). */
  names: Record<number, string>;
}

/** The part of RealtimeClient the messenger needs (tests pass a fake). */
export type Realtime = Pick<
  RealtimeClient,
  'start' | 'stop' | 'send' | 'sendMessage' | 'isOpen' | 'reconnectNow' | 'networkLost'
>;

export interface MessengerDeps {
  me: Me;
  api: ChatApi;
  /** Builds the realtime connection around the messenger's handlers. */
  realtime: (handlers: RealtimeHandlers) => Realtime;
  storage: KeyValueStorage | null;
  onSessionEnded?: () => void;
  now?: () => number;
  /** Jitter of the outbox's retries (tests fix it). */
  random?: () => number;
}

export interface Draft {
  text: string;
  replyToSeq?: number | null;
  forward?: { chatId: number; seq: number } | null;
  poll?: SendMessage['poll'] | null;
  /** Uploaded files to attach. */
  files?: FileInfo[];
}

type IncomingListener = (message: Message, chat: ChatSummary | undefined) => void;
type EventListener = (event: RealtimeEvent) => void;

/**
 * The client side of messaging: the chat list, message windows, the outbox
 * and the realtime connection, in one observable state.
 *
 * Consistency (zulip's recipe): the socket is started before anything is
 * fetched; events that arrive while a fetch for the same data is in flight
 * are applied at once *and* kept, then replayed on top of the fetched data
 * (all updates are idempotent), so a fetch can never roll back an event.
 * After every (re)connection the live windows resume from their last seq —
 * the server replays exactly what they missed, or says `resync` — and the
 * list and the open chats are refetched for what resume does not replay
 * (edits, reactions, read positions).
 */
export class Messenger {
  readonly store: Store<MessengerState>;
  readonly me: Me;
  private readonly api: ChatApi;
  private readonly realtime: Realtime;
  private readonly outbox: Outbox;
  private readonly now: () => number;
  private readonly active = new Set<number>();
  /** Chat id → fetches in flight, and the events that arrived meanwhile. */
  private readonly inflight = new Map<number, { count: number; events: RealtimeEvent[] }>();
  private listInflight: { count: number; events: RealtimeEvent[] } | null = null;
  private readonly fetchingChats = new Set<number>();
  private readonly readSent = new Map<number, number>();
  private readonly typingSent = new Map<number, number>();
  private readonly refreshAfterResume = new Set<number>();
  private readonly incoming = new Set<IncomingListener>();
  private readonly eventListeners = new Set<EventListener>();
  private typingTimer: ReturnType<typeof setTimeout> | null = null;
  private started = false;

  constructor(private readonly deps: MessengerDeps) {
    this.me = deps.me;
    this.api = deps.api;
    this.now = deps.now ?? Date.now;
    this.store = new Store<MessengerState>({
      connection: 'connecting',
      list: EMPTY_CHAT_LIST,
      windows: {},
      outbox: [],
      typing: {},
      presence: {},
      names: { [deps.me.person.id]: deps.me.person.displayName },
    });
    this.realtime = deps.realtime({
      onReady: (info) => this.onReady(info.reconnect),
      onEvent: (event) => this.ingest(event, false),
      onResumed: (chats) => this.onResumed(chats),
      onResync: (chatId) => void this.refreshLatest(chatId),
      onStateChange: (connection) => this.store.set((s) => ({ ...s, connection })),
      onSessionEnded: () => deps.onSessionEnded?.(),
    });
    this.outbox = new Outbox({
      storage: deps.storage,
      storageKey: `parta.outbox.${deps.me.person.id}`,
      transport: (item) => this.transport(item),
      onDelivered: (_item, message) => this.ingestMessage(message),
      onChange: (outbox) => this.store.set((s) => ({ ...s, outbox })),
      ...(deps.random ? { random: deps.random } : {}),
    });
    this.store.set((s) => ({ ...s, outbox: this.outbox.list() }));
  }

  get meId(): number {
    return this.me.person.id;
  }

  /** Subscribe first (the socket), then fetch (the list), then send what waited in the outbox. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.realtime.start();
    void this.loadChats();
    this.outbox.start();
  }

  stop(): void {
    this.started = false;
    this.realtime.stop();
    this.outbox.stop();
    if (this.typingTimer) clearTimeout(this.typingTimer);
  }

  /** Messages from others as they arrive (not replays of my own sends), for notifications. */
  onIncoming(listener: IncomingListener): () => void {
    this.incoming.add(listener);
    return () => this.incoming.delete(listener);
  }

  /** Every realtime event, after the messenger applied it (member lists, read marks). */
  subscribeEvents(listener: EventListener): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /* ---------------- connection ---------------- */

  reconnectNow(): void {
    this.realtime.reconnectNow();
  }

  networkLost(): void {
    this.realtime.networkLost();
  }

  setPresence(status: 'online' | 'away'): void {
    this.realtime.send({ type: 'presence', status });
  }

  private onReady(reconnect: boolean): void {
    if (reconnect) {
      // Windows nobody looks at are dropped rather than repaired; opening one fetches it afresh.
      this.store.set((s) => {
        const kept: Record<number, WindowState> = {};
        for (const [id, w] of Object.entries(s.windows)) {
          const chatId = Number(id);
          if (this.active.has(chatId) || this.inflight.has(chatId)) kept[chatId] = w;
        }
        return { ...s, windows: kept };
      });
      void this.loadChats({ refresh: true });
    }
    const positions: Record<string, number> = {};
    for (const [id, state] of Object.entries(this.store.get().windows)) {
      const w = state.window;
      if (!w || w.hasAfter) continue;
      positions[id] = lastLoadedSeq(w) ?? w.lastSeq;
      if (reconnect) this.refreshAfterResume.add(Number(id));
    }
    if (Object.keys(positions).length > 0) this.realtime.send({ type: 'resume', positions });
    this.setPresence(typeof document !== 'undefined' && document.hidden ? 'away' : 'online');
    this.outbox.kick();
  }

  private onResumed(chats: { chatId: number }[]): void {
    for (const { chatId } of chats) {
      if (this.refreshAfterResume.delete(chatId)) void this.refreshLatest(chatId);
    }
  }

  /* ---------------- events ---------------- */

  private ingest(event: RealtimeEvent, local: boolean): void {
    if (this.listInflight) this.listInflight.events.push(event);
    this.applyToList(event);

    if ('chatId' in event && isMessageEvent(event)) {
      const pending = this.inflight.get(event.chatId);
      if (pending) pending.events.push(event);
      this.applyToWindow(event.chatId, event);
    }

    switch (event.type) {
      case 'message.created': {
        const { message } = event;
        if (message.author) this.rememberNames([message.author]);
        if (message.author) this.stopTyping(event.chatId, message.author.id);
        if (!local && message.author?.id !== this.meId) {
          const chat = this.store.get().list.byId[event.chatId];
          for (const listener of this.incoming) listener(message, chat);
        }
        break;
      }
      case 'typing.started':
        if (event.personId !== this.meId) this.startTyping(event);
        break;
      case 'presence.changed':
        this.store.set((s) => ({
          ...s,
          presence: { ...s.presence, [event.personId]: event.status },
        }));
        break;
      case 'membership.changed':
        if (event.personId === this.meId && event.change === 'removed') {
          this.store.set((s) => {
            const windows = { ...s.windows };
            delete windows[event.chatId];
            return { ...s, windows };
          });
        }
        break;
      default:
        break;
    }
    if (!local) for (const listener of this.eventListeners) listener(event);
  }

  private applyToList(event: RealtimeEvent): void {
    const { state, missing } = applyListEvent(this.store.get().list, event, this.meId);
    if (state !== this.store.get().list) this.store.set((s) => ({ ...s, list: state }));
    if (missing !== null) void this.fetchChat(missing);
  }

  private applyToWindow(chatId: number, event: Parameters<typeof applyEvent>[1]): void {
    const current = this.store.get().windows[chatId]?.window;
    if (!current) return;
    const { window, gap } = applyEvent(current, event, this.meId);
    if (window !== current) this.setWindow(chatId, { window });
    if (gap) void this.loadNewer(chatId);
  }

  /** A message the server gave me directly (the ack of my send). */
  private ingestMessage(message: Message): void {
    this.ingest({ type: 'message.created', chatId: message.chatId, message }, true);
  }

  /* ---------------- chat list ---------------- */

  /** The first page (also after a reconnection: `refresh`), or the next one. */
  async loadChats(options: { refresh?: boolean; more?: boolean } = {}): Promise<void> {
    const list = this.store.get().list;
    if (options.more && (list.nextBefore === null || list.status === 'loading')) return;
    const tracking = this.listInflight ?? { count: 0, events: [] };
    tracking.count += 1;
    this.listInflight = tracking;
    if (!options.refresh) this.setList({ status: 'loading' });
    try {
      const page = await this.api.listChats({
        limit: PAGE_SIZE,
        before: options.more ? list.nextBefore : null,
      });
      const current = this.store.get().list;
      const keepCursor =
        options.refresh && current.status === 'ready' && current.nextBefore !== null;
      this.store.set((s) => ({
        ...s,
        list: {
          ...mergeChats(s.list, page.items, keepCursor ? s.list.nextBefore : page.nextBefore),
          status: 'ready',
        },
      }));
      for (const event of tracking.events) this.applyToList(event);
    } catch {
      if (!options.refresh) this.setList({ status: 'error' });
    } finally {
      tracking.count -= 1;
      if (tracking.count === 0) this.listInflight = null;
    }
  }

  private async fetchChat(chatId: number): Promise<void> {
    if (this.fetchingChats.has(chatId)) return;
    this.fetchingChats.add(chatId);
    try {
      await this.loadChat(chatId);
    } catch {
      // Not a member (any more), or offline: the next list refresh settles it.
    } finally {
      this.fetchingChats.delete(chatId);
    }
  }

  /** One chat's summary from the server (a link to a chat the list has not loaded yet). */
  async loadChat(chatId: number): Promise<ChatSummary> {
    const chat = await this.api.getChat(chatId);
    this.store.set((s) => ({ ...s, list: mergeChats(s.list, [chat]) }));
    return chat;
  }

  /** A chat opened through the API (a new direct chat, a group just created). */
  addChat(chat: ChatSummary): void {
    this.store.set((s) => ({ ...s, list: mergeChats(s.list, [chat]) }));
  }

  updateChat(chatId: number, change: Partial<ChatSummary>): void {
    const chat = this.store.get().list.byId[chatId];
    if (!chat) return;
    this.store.set((s) => ({ ...s, list: mergeChats(s.list, [{ ...chat, ...change }]) }));
  }

  removeChat(chatId: number): void {
    this.store.set((s) => {
      const byId = { ...s.list.byId };
      delete byId[chatId];
      const windows = { ...s.windows };
      delete windows[chatId];
      return { ...s, list: { ...s.list, byId }, windows };
    });
  }

  private setList(change: Partial<ChatListState>): void {
    this.store.set((s) => ({ ...s, list: { ...s.list, ...change } }));
  }

  /* ---------------- message windows ---------------- */

  /** The chat is on screen: its messages are kept live and read marks may be sent. */
  setActive(chatId: number, active: boolean): void {
    if (active) this.active.add(chatId);
    else this.active.delete(chatId);
  }

  isActive(chatId: number): boolean {
    return this.active.has(chatId);
  }

  /**
   * Loads a chat when it is opened: the latest page, or — with more unread
   * than a page — the page around the first unread message.
   */
  async open(chatId: number): Promise<void> {
    const state = this.store.get().windows[chatId];
    if (state?.window || state?.loading) return;
    const chat = this.store.get().list.byId[chatId];
    const unreadFrom = chat && chat.unread > 0 ? chat.readSeq + 1 : null;
    const far = unreadFrom !== null && (chat?.unread ?? 0) > PAGE_SIZE;
    this.setWindow(chatId, { unreadFrom });
    await this.fetchInto(
      chatId,
      'initial',
      () =>
        this.api.history(
          chatId,
          far && unreadFrom !== null
            ? { aroundSeq: unreadFrom, limit: PAGE_SIZE }
            : { limit: PAGE_SIZE },
        ),
      'replace',
    );
  }

  async loadOlder(chatId: number): Promise<void> {
    const state = this.store.get().windows[chatId];
    const w = state?.window;
    const first = w ? firstSeq(w) : null;
    if (!w || !w.hasBefore || first === null || state.loading) return;
    await this.fetchInto(chatId, 'older', () =>
      this.api.history(chatId, { beforeSeq: first, limit: PAGE_SIZE }),
    );
  }

  async loadNewer(chatId: number): Promise<void> {
    const state = this.store.get().windows[chatId];
    const w = state?.window;
    const last = w ? lastLoadedSeq(w) : null;
    if (!w || !w.hasAfter || last === null || state.loading === 'newer') return;
    await this.fetchInto(chatId, 'newer', () =>
      this.api.history(chatId, { afterSeq: last, limit: PAGE_SIZE }),
    );
  }

  /** Makes sure `seq` is in the window (fetching the page around it if needed). */
  async jumpTo(chatId: number, seq: number): Promise<boolean> {
    const w = this.store.get().windows[chatId]?.window;
    if (w && indexOfSeq(w.items, seq) !== -1) return true;
    await this.fetchInto(
      chatId,
      'jump',
      () => this.api.history(chatId, { aroundSeq: seq, limit: PAGE_SIZE }),
      'replace',
    );
    const after = this.store.get().windows[chatId]?.window;
    return after ? indexOfSeq(after.items, seq) !== -1 : false;
  }

  /** Back to the newest messages after a jump. */
  async jumpToLatest(chatId: number): Promise<void> {
    const w = this.store.get().windows[chatId]?.window;
    if (w && !w.hasAfter) return;
    await this.refreshLatest(chatId);
  }

  /**
   * The first message written on or after `day` (local midnight), found by
   * binary search over seq — the API pages by seq, not by time. About
   * log2(messages) one-message requests; the loaded window answers first.
   * Returns the seq, or null when nothing was written since.
   */
  async findSeqByDate(chatId: number, day: Date): Promise<number | null> {
    const target = day.getTime();
    const w = this.store.get().windows[chatId]?.window;
    if (w && w.items.length > 0) {
      const first = w.items[0] as Message;
      if (Date.parse(first.createdAt) <= target || !w.hasBefore) {
        const hit = w.items.find((m) => Date.parse(m.createdAt) >= target);
        if (hit) return hit.seq;
        if (!w.hasAfter) return null;
      }
    }
    const lastSeq = w?.lastSeq ?? this.store.get().list.byId[chatId]?.lastSeq ?? 0;
    let lo = 1;
    let hi = lastSeq;
    let found: number | null = null;
    while (lo <= hi) {
      const mid = Math.floor((lo + hi) / 2);
      const page = await this.api.history(chatId, { aroundSeq: mid, limit: 1 });
      const probe = page.items[0];
      if (!probe) break;
      if (Date.parse(probe.createdAt) >= target) {
        found = probe.seq;
        hi = probe.seq - 1;
      } else {
        lo = probe.seq + 1;
      }
    }
    return found;
  }

  /** The latest page, merged (or replacing the window when the gap is too large to join). */
  async refreshLatest(chatId: number): Promise<void> {
    if (!this.store.get().windows[chatId]) return;
    await this.fetchInto(chatId, 'jump', () => this.api.history(chatId, { limit: PAGE_SIZE }));
  }

  private async fetchInto(
    chatId: number,
    kind: NonNullable<WindowState['loading']>,
    fetchPage: () => Promise<HistoryPage>,
    mode: 'merge' | 'replace' = 'merge',
  ): Promise<void> {
    const tracking = this.inflight.get(chatId) ?? { count: 0, events: [] };
    tracking.count += 1;
    this.inflight.set(chatId, tracking);
    this.setWindow(chatId, { loading: kind, failed: false });
    try {
      const page = await fetchPage();
      const state = this.store.get().windows[chatId];
      const current = state?.window ?? undefined;
      let window =
        mode === 'replace' || !current ? windowFromPage(chatId, page) : mergePage(current, page);
      if (current && mode === 'replace') {
        window = { ...window, lastSeq: Math.max(window.lastSeq, current.lastSeq) };
      }
      // Nothing of the old run survived: a jump, not more of the same history.
      const replaced =
        current !== undefined &&
        current.items.length > 0 &&
        !window.items.some((m) => indexOfSeq(current.items, m.seq) !== -1);
      for (const m of page.items) if (m.author) this.rememberNames([m.author]);
      // Events that raced the fetch go on top of it, in arrival order.
      for (const event of tracking.events) {
        if (isMessageEvent(event)) window = applyEvent(window, event, this.meId).window;
      }
      this.setWindow(chatId, {
        window,
        loading: null,
        generation: (state?.generation ?? 0) + (replaced ? 1 : 0),
      });
    } catch {
      this.setWindow(chatId, { loading: null, failed: true });
    } finally {
      tracking.count -= 1;
      if (tracking.count === 0) this.inflight.delete(chatId);
    }
  }

  private setWindow(chatId: number, change: Partial<WindowState>): void {
    this.store.set((s) => {
      const current = s.windows[chatId] ?? {
        window: null,
        unreadFrom: null,
        generation: 0,
        loading: null,
        failed: false,
      };
      return { ...s, windows: { ...s.windows, [chatId]: { ...current, ...change } } };
    });
  }

  private patchMessage(chatId: number, change: (w: ChatWindow) => ChatWindow): void {
    const w = this.store.get().windows[chatId]?.window;
    if (w) this.setWindow(chatId, { window: change(w) });
  }

  /* ---------------- sending and changing messages ---------------- */

  send(chatId: number, draft: Draft): OutboxItem {
    return this.outbox.add({
      chatId,
      clientMessageId: newClientMessageId(),
      text: draft.text,
      replyToSeq: draft.replyToSeq ?? null,
      forward: draft.forward ?? null,
      poll: draft.poll ?? null,
      ...(draft.files?.length ? { files: draft.files } : {}),
      createdAt: new Date(this.now()).toISOString(),
    });
  }

  retry(clientMessageId: string): void {
    this.outbox.retry(clientMessageId);
  }

  discard(clientMessageId: string): void {
    this.outbox.discard(clientMessageId);
  }

  /** Over the socket when it is open (ack after commit), else over HTTP — both idempotent. */
  private async transport(item: OutboxItem): Promise<Message> {
    const input: SendMessage = {
      text: item.text,
      clientMessageId: item.clientMessageId,
      ...(item.replyToSeq !== null ? { replyToSeq: item.replyToSeq } : {}),
      ...(item.forward !== null ? { forward: item.forward } : {}),
      ...(item.poll ? { poll: item.poll } : {}),
      ...(item.files?.length ? { fileIds: item.files.map((f) => f.id) } : {}),
    };
    if (this.realtime.isOpen) return (await this.realtime.sendMessage(item.chatId, input)).message;
    return this.api.send(item.chatId, input);
  }

  async edit(chatId: number, seq: number, text: string): Promise<void> {
    const message = await this.api.edit(chatId, seq, text);
    this.patchMessage(chatId, (w) => replaceMessage(w, message));
    this.patchLastMessage(chatId, message);
  }

  async remove(chatId: number, seq: number): Promise<void> {
    await this.api.remove(chatId, seq);
    this.ingest({ type: 'message.deleted', chatId, seq, messageId: 0 }, true);
  }

  async react(chatId: number, seq: number, emoji: string, on: boolean): Promise<void> {
    const message = await this.api.react(chatId, seq, emoji, on);
    this.patchMessage(chatId, (w) => replaceMessage(w, message));
  }

  async vote(chatId: number, seq: number, optionIds: number[]): Promise<void> {
    const message = await this.api.vote(chatId, seq, optionIds);
    this.patchMessage(chatId, (w) => replaceMessage(w, message));
  }

  private patchLastMessage(chatId: number, message: Message): void {
    const chat = this.store.get().list.byId[chatId];
    if (chat?.lastMessage?.seq === message.seq) {
      this.store.set((s) => ({
        ...s,
        list: mergeChats(s.list, [
          { ...chat, lastMessage: message.deletedAt ? tombstone(message) : message },
        ]),
      }));
    }
  }

  /* ---------------- read marks, typing ---------------- */

  /** I have seen the chat up to `seq`: moves my read position forward (never back). */
  markRead(chatId: number, seq: number): void {
    const chat = this.store.get().list.byId[chatId];
    const known = Math.max(chat?.readSeq ?? 0, this.readSent.get(chatId) ?? 0);
    if (seq <= known) return;
    this.readSent.set(chatId, seq);
    if (chat) {
      this.store.set((s) => ({ ...s, list: mergeChats(s.list, [withReadSeq(chat, seq)]) }));
    }
    if (this.realtime.send({ type: 'read', chatId, seq })) return;
    this.api.markRead(chatId, seq).catch(() => {
      // Not stored: the next look at the chat sends it again.
      if (this.readSent.get(chatId) === seq) this.readSent.delete(chatId);
    });
  }

  /** Throttled «… печатает» for the others. */
  typing(chatId: number): void {
    const at = this.now();
    if (at - (this.typingSent.get(chatId) ?? 0) < TYPING_THROTTLE_MS) return;
    if (this.realtime.send({ type: 'typing', chatId })) this.typingSent.set(chatId, at);
  }

  private startTyping(event: Extract<RealtimeEvent, { type: 'typing.started' }>): void {
    const until = this.now() + TYPING_SHOWN_MS;
    this.store.set((s) => {
      const others = (s.typing[event.chatId] ?? []).filter((p) => p.personId !== event.personId);
      return {
        ...s,
        typing: {
          ...s.typing,
          [event.chatId]: [
            ...others,
            { personId: event.personId, displayName: event.displayName, until },
          ],
        },
      };
    });
    this.scheduleTypingCleanup();
  }

  private stopTyping(chatId: number, personId: number): void {
    const list = this.store.get().typing[chatId];
    if (!list?.some((p) => p.personId === personId)) return;
    this.store.set((s) => ({
      ...s,
      typing: { ...s.typing, [chatId]: list.filter((p) => p.personId !== personId) },
    }));
  }

  private scheduleTypingCleanup(): void {
    if (this.typingTimer) return;
    this.typingTimer = setTimeout(() => {
      this.typingTimer = null;
      const now = this.now();
      let left = false;
      this.store.set((s) => {
        const typing: Record<number, TypingPerson[]> = {};
        for (const [id, people] of Object.entries(s.typing)) {
          const still = people.filter((p) => p.until > now);
          if (still.length > 0) {
            typing[Number(id)] = still;
            left = true;
          }
        }
        return { ...s, typing };
      });
      if (left) this.scheduleTypingCleanup();
    }, 1000);
  }

  /* ---------------- names ---------------- */

  rememberNames(people: readonly { id: number; displayName: string }[]): void {
    const names = this.store.get().names;
    const fresh = people.filter((p) => names[p.id] !== p.displayName);
    if (fresh.length === 0) return;
    this.store.set((s) => {
      const next = { ...s.names };
      for (const p of fresh) next[p.id] = p.displayName;
      return { ...s, names: next };
    });
  }

  /** For tests and the list: a chat's summary as the messenger holds it. */
  chat(chatId: number): ChatSummary | undefined {
    return this.store.get().list.byId[chatId];
  }
}

/** The messenger of the running app: the real socket at this origin. */
export function createRealtime(url: string) {
  return (handlers: RealtimeHandlers): Realtime => new RealtimeClient({ url, handlers });
}
