import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, signIn, type Session, type TestApp } from '../../../test/app';
import { DIALECTS } from '../../../test/db';
import { buildSchoolWorld } from '../../../test/world';

describe.each(DIALECTS)('messages on %s', (dialect) => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof buildSchoolWorld>>;
  let s: Record<'t1' | 't2' | 'p1' | 'p2' | 'r1' | 'pb' | 'h', Session>;
  let pupilsChat: number;
  let parentsChat: number;
  let staffChat: number;

  const api = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT',
    url: string,
    who?: Session,
    payload?: object,
  ) =>
    t.app.inject({ method, url, headers: who ? who.headers : {}, ...(payload ? { payload } : {}) });
  const send = (
    chatId: number,
    who: Session,
    text: string,
    clientMessageId = `c-${Math.random().toString(36).slice(2, 12)}`,
    extra: object = {},
  ) => api('POST', `/api/v1/chats/${chatId}/messages`, who, { text, clientMessageId, ...extra });

  beforeAll(async () => {
    t = await createTestApp(dialect, {
      PARTA_SEND_RATE_PER_MINUTE: '6000',
      PARTA_SEND_BURST: '500',
    });
    w = await buildSchoolWorld(t.tdb.db);
    s = {
      t1: await signIn(t.app, 't1'),
      t2: await signIn(t.app, 't2'),
      p1: await signIn(t.app, 'p1'),
      p2: await signIn(t.app, 'p2'),
      r1: await signIn(t.app, 'r1'),
      pb: await signIn(t.app, 'pb'),
      h: await signIn(t.app, 'h'),
    };
    const chats = (await api('GET', '/api/v1/chats', s.t1)).json().items as {
      id: number;
      kind: string;
      title: string;
    }[];
    pupilsChat = chats.find((c) => c.kind === 'class_pupils')!.id;
    parentsChat = chats.find((c) => c.kind === 'class_parents')!.id;
    staffChat = chats.find((c) => c.kind === 'org_staff')!.id;
  });
  afterAll(async () => t.close());

  it('walks 401 → 400 → 403 → 201', async () => {
    expect(
      (
        await api('POST', `/api/v1/chats/${pupilsChat}/messages`, undefined, {
          text: 'x',
          clientMessageId: 'abcdefgh',
        })
      ).statusCode,
    ).toBe(401);
    const bad = await api('POST', `/api/v1/chats/${pupilsChat}/messages`, s.t1, {
      text: 42,
      clientMessageId: 'abcdefgh',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('body.text');
    const long = await send(pupilsChat, s.t1, 'я'.repeat(4097));
    expect(errorCode(long)).toBe('VALIDATION_FAILED');
    const stranger = await send(pupilsChat, s.pb, 'привет');
    expect(stranger.statusCode).toBe(403);
    expect(errorCode(stranger)).toBe('NOT_CHAT_MEMBER');
    expect((await send(999999, s.t1, 'x')).statusCode).toBe(404);
    const ok = await send(pupilsChat, s.t1, 'Завтра экскурсия в музей, не забудьте сменную обувь');
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({
      chatId: pupilsChat,
      seq: 1,
      kind: 'text',
      author: { id: w.t1 },
    });
  });

  it('is idempotent by clientMessageId', async () => {
    const first = await send(pupilsChat, s.p1, 'Хорошо, спасибо большое', 'retry-0001');
    expect(first.statusCode).toBe(201);
    const again = await send(pupilsChat, s.p1, 'Хорошо, спасибо большое', 'retry-0001');
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    expect(again.json().seq).toBe(first.json().seq);
    const n = await t.tdb.db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('client_message_id', '=', 'retry-0001')
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
  });

  it('assigns gapless seqs under concurrent sends, and dedupes concurrent retries', async () => {
    const before = (await api('GET', `/api/v1/chats/${staffChat}/messages?limit=1`, s.t1)).json()
      .lastSeq as number;
    const sends = Array.from({ length: 40 }, (_, i) =>
      send(staffChat, i % 2 ? s.t1 : s.t2, `сообщение номер ${i}`, `conc-${i}-xxxx`),
    );
    const dups = Array.from({ length: 10 }, () =>
      send(staffChat, s.h, 'одно и то же сообщение', 'same-id-0001'),
    );
    const results = await Promise.all([...sends, ...dups]);
    for (const r of results) expect([200, 201]).toContain(r.statusCode);
    const dupIds = new Set(results.slice(40).map((r) => r.json().id));
    expect(dupIds.size).toBe(1);
    const page = (
      await api('GET', `/api/v1/chats/${staffChat}/messages?afterSeq=${before}&limit=200`, s.t1)
    ).json();
    const seqs = page.items.map((m: { seq: number }) => m.seq);
    expect(seqs).toEqual(Array.from({ length: 41 }, (_, i) => before + 1 + i));
  });

  it('pages history after, before and around a seq', async () => {
    const chat = parentsChat;
    for (let i = 1; i <= 12; i++)
      expect((await send(chat, s.t1, `объявление для родителей ${i}`)).statusCode).toBe(201);
    const latest = (await api('GET', `/api/v1/chats/${chat}/messages?limit=5`, s.r1)).json();
    expect(latest.items.map((m: { seq: number }) => m.seq)).toEqual([8, 9, 10, 11, 12]);
    expect(latest.hasBefore).toBe(true);
    expect(latest.hasAfter).toBe(false);
    const before = (
      await api('GET', `/api/v1/chats/${chat}/messages?beforeSeq=8&limit=3`, s.r1)
    ).json();
    expect(before.items.map((m: { seq: number }) => m.seq)).toEqual([5, 6, 7]);
    const after = (
      await api('GET', `/api/v1/chats/${chat}/messages?afterSeq=2&limit=3`, s.r1)
    ).json();
    expect(after.items.map((m: { seq: number }) => m.seq)).toEqual([3, 4, 5]);
    const around = (
      await api('GET', `/api/v1/chats/${chat}/messages?aroundSeq=6&limit=4`, s.r1)
    ).json();
    expect(around.items.map((m: { seq: number }) => m.seq)).toEqual([4, 5, 6, 7]);
    const bad = await api('GET', `/api/v1/chats/${chat}/messages?limit=5000`, s.r1);
    expect(errorCode(bad)).toBe('VALIDATION_FAILED');
  });

  it('keeps parents out of the pupils’ chat and pupils out of the parents’ chat', async () => {
    expect(errorCode(await api('GET', `/api/v1/chats/${pupilsChat}/messages`, s.r1))).toBe(
      'NOT_CHAT_MEMBER',
    );
    expect(errorCode(await api('GET', `/api/v1/chats/${parentsChat}/messages`, s.p1))).toBe(
      'NOT_CHAT_MEMBER',
    );
  });

  it('edits with history, deletes as a tombstone, and keeps the count', async () => {
    const m = (await send(pupilsChat, s.p2, 'Я забыл дневник дома сегодня')).json();
    const edit = await api('PATCH', `/api/v1/chats/${pupilsChat}/messages/${m.seq}`, s.p2, {
      text: 'Я забыл тетрадь дома сегодня',
    });
    expect(edit.statusCode).toBe(200);
    expect(edit.json().editedAt).not.toBeNull();
    expect(
      errorCode(
        await api('PATCH', `/api/v1/chats/${pupilsChat}/messages/${m.seq}`, s.p1, {
          text: 'чужое',
        }),
      ),
    ).toBe('FORBIDDEN');
    const edits = (
      await api('GET', `/api/v1/chats/${pupilsChat}/messages/${m.seq}/edits`, s.t1)
    ).json();
    expect(edits.items[0].text).toBe('Я забыл дневник дома сегодня');
    expect(
      errorCode(await api('DELETE', `/api/v1/chats/${pupilsChat}/messages/${m.seq}`, s.p1)),
    ).toBe('FORBIDDEN');
    expect(
      (await api('DELETE', `/api/v1/chats/${pupilsChat}/messages/${m.seq}`, s.t1)).statusCode,
    ).toBe(204);
    const page = (
      await api('GET', `/api/v1/chats/${pupilsChat}/messages?aroundSeq=${m.seq}&limit=2`, s.p1)
    ).json();
    const gone = page.items.find((x: { seq: number }) => x.seq === m.seq);
    expect(gone.text).toBe('');
    expect(gone.deletedAt).not.toBeNull();
    const activity = await t.tdb.db
      .selectFrom('activity_daily')
      .select(['messages'])
      .where('person_id', '=', w.p2)
      .execute();
    expect(activity.reduce((a, r) => a + r.messages, 0)).toBe(1);
  });

  it('counts activity, substantive messages, replies and conversations with parents', async () => {
    const base = async (id: number) =>
      (
        await t.tdb.db
          .selectFrom('activity_daily')
          .selectAll()
          .where('person_id', '=', id)
          .execute()
      ).reduce(
        (a, r) => ({
          m: a.m + r.messages,
          s: a.s + r.substantive,
          rr: a.rr + r.replies_received,
          pc: a.pc + r.parent_conversation,
        }),
        { m: 0, s: 0, rr: 0, pc: 0 },
      );
    const t2Before = await base(w.t2);
    const r1Before = await base(w.r1);
    const q = (
      await send(parentsChat, s.r1, 'Подскажите, во сколько начинается собрание в четверг?')
    ).json();
    await send(staffChat, s.t2, '👍👍👍');
    await send(staffChat, s.t2, 'ок, спасибо');
    await send(staffChat, s.t2, 'Проверила контрольные работы седьмого класса');
    const t1Before = await base(w.t1);
    await send(parentsChat, s.t1, 'Собрание в 18:00 в кабинете 12', undefined, {
      replyToSeq: q.seq,
    });
    const t2After = await base(w.t2);
    expect(t2After.m - t2Before.m).toBe(3);
    expect(t2After.s - t2Before.s).toBe(1);
    const t1After = await base(w.t1);
    expect(t1After.pc - t1Before.pc).toBe(1);
    const r1After = await base(w.r1);
    expect(r1After.rr - r1Before.rr).toBe(1);
    expect(r1After.pc - r1Before.pc).toBe(0);
  });

  it('tracks unread and mentions, and read positions only move forward', async () => {
    const list = async (who: Session) =>
      (
        (await api('GET', '/api/v1/chats', who)).json().items as {
          id: number;
          unread: number;
          mentions: number;
          readSeq: number;
          lastSeq: number;
        }[]
      ).find((c) => c.id === pupilsChat)!;
    const mark = await api('POST', `/api/v1/chats/${pupilsChat}/read`, s.p1, { seq: 1_000_000 });
    expect(mark.statusCode).toBe(200);
    const c0 = await list(s.p1);
    expect(c0.unread).toBe(0);
    expect(c0.readSeq).toBe(c0.lastSeq);
    await send(pupilsChat, s.t1, `Напоминаю <@${w.p1}>: принеси, пожалуйста, рисунок`);
    await send(pupilsChat, s.p2, 'А мне тоже нужно принести рисунок?');
    await send(pupilsChat, s.p1, 'Хорошо, я принесу рисунок завтра');
    const c1 = await list(s.p1);
    expect(c1.unread).toBe(2);
    expect(c1.mentions).toBe(1);
    await api('POST', `/api/v1/chats/${pupilsChat}/read`, s.p1, { seq: 1 });
    expect((await list(s.p1)).readSeq).toBe(c0.readSeq);
  });

  it('refuses @all from a member who is not an admin', async () => {
    const r = await send(pupilsChat, s.p1, '<@all> завтра нет уроков!!!');
    expect(r.statusCode).toBe(403);
    expect((await send(pupilsChat, s.t1, '<@all> завтра уроки по расписанию')).statusCode).toBe(
      201,
    );
  });

  it('reacts with the fixed set only', async () => {
    const m = (await send(pupilsChat, s.t1, 'Молодцы, все сдали проект вовремя')).json();
    const r = await api(
      'PUT',
      `/api/v1/chats/${pupilsChat}/messages/${m.seq}/reactions/${encodeURIComponent('👍')}`,
      s.p1,
    );
    expect(r.statusCode).toBe(200);
    expect(r.json().reactions).toEqual([{ emoji: '👍', count: 1, mine: true }]);
    const bad = await api(
      'PUT',
      `/api/v1/chats/${pupilsChat}/messages/${m.seq}/reactions/${encodeURIComponent('💩')}`,
      s.p1,
    );
    expect(bad.statusCode).toBe(400);
    const off = await api(
      'DELETE',
      `/api/v1/chats/${pupilsChat}/messages/${m.seq}/reactions/${encodeURIComponent('👍')}`,
      s.p1,
    );
    expect(off.json().reactions).toEqual([]);
  });

  it('runs polls: single choice, anonymous', async () => {
    const poll = (
      await send(parentsChat, s.t1, '', undefined, {
        poll: {
          question: 'Когда удобно собрание?',
          options: ['Среда', 'Четверг'],
          anonymous: true,
        },
      })
    ).json();
    expect(poll.kind).toBe('poll');
    const [o1, o2] = poll.poll.options;
    expect(
      errorCode(
        await api('POST', `/api/v1/chats/${parentsChat}/messages/${poll.seq}/votes`, s.r1, {
          optionIds: [o1.id, o2.id],
        }),
      ),
    ).toBe('VALIDATION_FAILED');
    const v = await api('POST', `/api/v1/chats/${parentsChat}/messages/${poll.seq}/votes`, s.r1, {
      optionIds: [o2.id],
    });
    expect(
      v.json().poll.options.map((o: { votes: number; mine: boolean }) => [o.votes, o.mine]),
    ).toEqual([
      [0, false],
      [1, true],
    ]);
    expect(v.json().poll.options[1].voters).toBeUndefined();
  });

  it('lets only admins post in announcement channels', async () => {
    const ch = await api('POST', '/api/v1/chats', s.h, {
      kind: 'announcement',
      title: 'Объявления школы',
      memberIds: [w.t1, w.t2],
    });
    expect(ch.statusCode).toBe(201);
    const id = ch.json().id;
    expect(errorCode(await send(id, s.t1, 'Можно мне тоже написать сюда?'))).toBe('CHAT_READ_ONLY');
    expect((await send(id, s.h, 'Педсовет в пятницу в 15:00')).statusCode).toBe(201);
  });

  it('rate-limits sends per person with 429 and Retry-After', async () => {
    const t2 = await createTestApp(dialect, {
      PARTA_SEND_RATE_PER_MINUTE: '60',
      PARTA_SEND_BURST: '3',
    });
    try {
      const w2 = await buildSchoolWorld(t2.tdb.db);
      const sess = await signIn(t2.app, 't1');
      const chat = (
        (await t2.app.inject({ method: 'GET', url: '/api/v1/chats', headers: sess.headers })).json()
          .items as { id: number }[]
      )[0]!.id;
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await t2.app.inject({
          method: 'POST',
          url: `/api/v1/chats/${chat}/messages`,
          headers: sess.headers,
          payload: { text: `тест ${i}`, clientMessageId: `rate-${i}-xxxx` },
        });
        codes.push(r.statusCode);
        if (r.statusCode === 429) expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
      }
      expect(codes.slice(0, 3)).toEqual([201, 201, 201]);
      expect(codes.slice(3)).toEqual([429, 429]);
      void w2;
    } finally {
      await t2.close();
    }
  });
});
