import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { WeeklyReport } from '@parta/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, signIn, type Session, type TestApp } from '../../../test/app';
import { DIALECTS } from '../../../test/db';
import { buildPerson, grant } from '../../../test/factories';
import { buildSchoolWorld } from '../../../test/world';
import { createStorage, readFilesSettings } from '../files';
import { parseCsv } from './monitoring.import';
import { postWeeklyReport, runMonitoringJobs } from './monitoring.scheduler';
import { freezeWeek, requireMunicipality } from './monitoring.service';

const WEEK = '2023-W50';
const MONDAY = '2023-12-11';
/** Tuesday of the next week: 2023-W50 has closed. */
const NOW = new Date('2023-12-19T06:00:00Z');

describe.each(DIALECTS)('monitoring API on %s', (dialect) => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof buildSchoolWorld>>;
  let s: Record<'h' | 't1' | 'u' | 'p1' | 'admin', Session>;
  let clock = NOW;

  const get = (url: string, who?: Session) =>
    t.app.inject({ method: 'GET', url, headers: who ? who.headers : {} });
  const weekly = (who: Session | undefined, query = `week=${WEEK}`) =>
    get(`/api/v1/monitoring/weekly?${query}`, who);

  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parta-monitoring-files-'));

  beforeAll(async () => {
    // The weekly post's XLSX goes where the app's files live.
    process.env.PARTA_FILES_DIR = filesDir;
    t = await createTestApp(dialect, {}, () => clock);
    const db = t.tdb.db;
    w = await buildSchoolWorld(db);
    const admin = await buildPerson(db, w.m, { login: 'madmin', lastName: 'Админова' });
    await grant(db, admin.personId, 'municipal_admin', { municipalityId: w.m });
    await db
      .insertInto('org_baselines')
      .values([
        { organization_id: w.a, category: 'pedagogical', headcount: 4, valid_from: '2023-01-01' },
        { organization_id: w.b, category: 'pedagogical', headcount: 2, valid_from: '2023-01-01' },
        {
          organization_id: w.authority,
          category: 'authority_staff',
          headcount: 1,
          valid_from: '2023-01-01',
        },
        { organization_id: w.a, category: 'pupils', headcount: 3, valid_from: '2023-01-01' },
      ])
      .execute();
    await db
      .updateTable('accounts')
      .set({ created_at: new Date('2023-01-01T00:00:00Z') })
      .execute();
    // The week's rollups, as the send path would have left them.
    const weekly = (person: number, messages: number, substantive = 0) => ({
      week_start: MONDAY,
      person_id: person,
      messages,
      substantive,
      replies_received: 0,
      parent_conversation: 0,
    });
    await db
      .insertInto('activity_weekly')
      .values([
        weekly(w.t1, 15, 9),
        weekly(w.t2, 3),
        weekly(w.h, 12, 12),
        weekly(w.tb, 20, 5),
        weekly(w.u, 11, 4),
        weekly(w.r1, 2),
      ])
      .execute();
    s = {
      h: await signIn(t.app, 'h'),
      t1: await signIn(t.app, 't1'),
      u: await signIn(t.app, 'u'),
      p1: await signIn(t.app, 'p1'),
      admin: await signIn(t.app, 'madmin'),
    };
  });
  afterAll(async () => {
    await t.close();
    delete process.env.PARTA_FILES_DIR;
    fs.rmSync(filesDir, { recursive: true, force: true });
  });

  it('GET weekly walks 401 → 400 → 403 → 200', async () => {
    expect((await weekly(undefined)).statusCode).toBe(401);
    const bad = await weekly(s.u, 'week=2023-W53');
    expect(bad.statusCode).toBe(400);
    expect(errorCode(bad)).toBe('VALIDATION_FAILED');
    expect(errorCode(await weekly(s.u, `week=${WEEK}&format=doc`))).toBe('VALIDATION_FAILED');
    expect(errorCode(await weekly(s.u, `week=${WEEK}&threshold=0`))).toBe('VALIDATION_FAILED');
    expect((await weekly(s.t1)).statusCode).toBe(403);
    expect((await weekly(s.p1)).statusCode).toBe(403);
    const ok = await weekly(s.u);
    expect(ok.statusCode).toBe(200);
    const r = ok.json() as WeeklyReport;
    expect(r).toMatchObject({
      week: WEEK,
      from: MONDAY,
      to: '2023-12-17',
      threshold: 10,
      timeZone: 'Asia/Yekaterinburg',
      scope: 'municipality',
    });
    expect(r.totals.pedagogical).toMatchObject({
      baseline: 6,
      staff: 4,
      registered: 4,
      active: 3,
      share: 0.5,
      zero: 0,
    });
    expect(r.totals.pedagogical.distribution).toEqual({
      none: 0,
      from1to4: 1,
      from5to9: 0,
      from10to19: 2,
      from20: 1,
    });
    expect(r.totals.authority).toMatchObject({ baseline: 1, active: 1, share: 1 });
    const a = r.organizations.find((o) => o.id === w.a);
    expect(a).toMatchObject({
      name: 'Школа А',
      type: 'general',
      baseline: 4,
      registered: 3,
      active: 2,
      share: 0.5,
      zone: 'yellow',
    });
    expect(r.organizations.find((o) => o.id === w.b)).toMatchObject({ active: 1, share: 0.5 });
    expect(r.byType.find((b) => b.type === 'general')).toMatchObject({
      baseline: 6,
      active: 3,
      share: 0.5,
    });
    expect(r.totals.families).toMatchObject({
      pupils: 4,
      pupilsBaseline: 3,
      pupilsWithConnectedParent: 2,
      parentsConnected: 2,
      parentsActive: 1,
    });
    expect(r.weakest.length).toBeGreaterThan(0);
    // N is a parameter.
    const n5 = (await weekly(s.u, `week=${WEEK}&threshold=3`)).json() as WeeklyReport;
    expect(n5.totals.pedagogical.active).toBe(4);
  });

  it('shows a head the totals and their own school only', async () => {
    const r = (await weekly(s.h)).json() as WeeklyReport;
    expect(r.scope).toBe('organizations');
    expect(r.organizations.map((o) => o.id)).toEqual([w.a]);
    expect(r.totals.pedagogical.active).toBe(3);
    expect(r.weakest.every((o) => o.id === w.a)).toBe(true);
  });

  it('GET trend walks 401 → 400 → 403 → 200', async () => {
    const url = '/api/v1/monitoring/trend?from=2023-W49&to=2023-W51';
    expect((await get(url)).statusCode).toBe(401);
    expect(errorCode(await get('/api/v1/monitoring/trend?from=2023-W51&to=2023-W49', s.u))).toBe(
      'VALIDATION_FAILED',
    );
    expect(errorCode(await get('/api/v1/monitoring/trend?from=2020-W01&to=2026-W01', s.u))).toBe(
      'VALIDATION_FAILED',
    );
    expect((await get(url, s.t1)).statusCode).toBe(403);
    const ok = await get(url, s.admin);
    expect(ok.statusCode).toBe(200);
    expect(
      ok
        .json()
        .points.map((p: { week: string; pedagogical: { active: number } }) => [
          p.week,
          p.pedagogical.active,
        ]),
    ).toEqual([
      ['2023-W49', 0],
      ['2023-W50', 3],
      ['2023-W51', 0],
    ]);
  });

  it('GET staff drill-down walks 401 → 400 → 403 → 404 → 200, names without content, audited', async () => {
    const url = (org: number | string) =>
      `/api/v1/monitoring/organizations/${org}/staff?week=${WEEK}`;
    expect((await get(url(w.a))).statusCode).toBe(401);
    expect(errorCode(await get(url('abc'), s.h))).toBe('VALIDATION_FAILED');
    expect((await get(url(w.a), s.t1)).statusCode).toBe(403);
    expect((await get(url(w.b), s.h)).statusCode).toBe(403);
    expect((await get(url(999_999), s.u)).statusCode).toBe(404);
    const own = await get(url(w.a), s.h);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ week: WEEK, threshold: 10, staff: 3 });
    expect(own.json().below).toEqual([
      {
        personId: w.t2,
        displayName: expect.stringContaining('Предметник'),
        titles: [],
        messages: 3,
        registered: true,
      },
    ]);
    expect(JSON.stringify(own.json())).not.toMatch(/body|text/);
    const all = await get(url(w.b), s.u);
    expect(all.statusCode).toBe(200);
    expect(all.json().below).toEqual([]);
    const audited = await t.tdb.db
      .selectFrom('audit_log')
      .select(['actor_person_id', 'target_id'])
      .where('action', '=', 'monitoring.staff_viewed')
      .execute();
    expect(audited).toEqual(
      expect.arrayContaining([
        { actor_person_id: w.h, target_id: String(w.a) },
        { actor_person_id: w.u, target_id: String(w.b) },
      ]),
    );
  });

  it('settings walk 401 → 400 → 403 → 200 and move the zones', async () => {
    const patch = (who: Session | undefined, payload: object) =>
      t.app.inject({
        method: 'PATCH',
        url: '/api/v1/monitoring/settings',
        headers: who ? who.headers : {},
        payload,
      });
    expect((await patch(undefined, { redBelow: 0.6 })).statusCode).toBe(401);
    expect(errorCode(await patch(s.u, { redBelow: 'low' }))).toBe('VALIDATION_FAILED');
    expect(errorCode(await patch(s.u, { redBelow: 0.95 }))).toBe('VALIDATION_FAILED');
    expect((await patch(s.h, { redBelow: 0.6 })).statusCode).toBe(403);
    const ok = await patch(s.u, { redBelow: 0.6, yellowBelow: 0.95 });
    expect(ok.statusCode).toBe(200);
    expect((await get('/api/v1/monitoring/settings', s.h)).json()).toMatchObject({
      redBelow: 0.6,
      yellowBelow: 0.95,
      threshold: 10,
      // The latest week anyone wrote in: the dashboard points there from an empty week.
      lastActiveWeek: WEEK,
    });
    expect(ok.json()).toMatchObject({ redBelow: 0.6, lastActiveWeek: WEEK });
    const r = (await weekly(s.u)).json() as WeeklyReport;
    expect(r.organizations.find((o) => o.id === w.a)?.zone).toBe('red');
    await patch(s.u, { redBelow: 0.5, yellowBelow: 0.9 });
  });

  it('imports activity (CSV and XLSX) apart from native activity: 401 → 415 → 400 → 403 → 201', async () => {
    await t.tdb.db
      .updateTable('people')
      .set({ phone: '+79001112233' })
      .where('id', '=', w.t2)
      .execute();
    await t.tdb.db
      .updateTable('people')
      .set({ email: 'tb@example.ru' })
      .where('id', '=', w.tb)
      .execute();
    const post = (
      who: Session | undefined,
      body: Buffer | string,
      type = 'text/csv',
      name = 'sferum.csv',
    ) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/monitoring/imports?fileName=${name}`,
        headers: { ...(who ? who.headers : {}), 'content-type': type },
        payload: body,
      });
    const csv =
      '\uFEFFТелефон;E-mail;Неделя;Сообщений\r\n8 (900) 111-22-33;;2023-W50;14\r\n;TB@example.ru;11.12.2023;4\r\n;nobody@example.ru;2023-W50;9\r\n';
    expect((await post(undefined, csv)).statusCode).toBe(401);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/monitoring/imports',
          headers: { ...s.u.headers, 'content-type': 'application/json' },
          payload: { a: 1 },
        })
      ).statusCode,
    ).toBe(415);
    expect(errorCode(await post(s.u, 'phone;messages\n1;2\n'))).toBe('ACTIVITY_IMPORT_INVALID');
    expect((await post(s.h, csv)).statusCode).toBe(403);
    const ok = await post(s.u, csv);
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ rows: 3, matched: 2, weeks: [WEEK] });
    expect(ok.json().unmatched).toEqual([{ line: 4, reason: expect.stringContaining('nobody') }]);
    const r = (await weekly(s.u)).json() as WeeklyReport;
    expect(r.imported.pedagogical).toMatchObject({ active: 1, messages: 18 });
    expect(r.totals.pedagogical.active).toBe(3); // native numbers unchanged

    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Активность');
    sheet.addRow(['external_id', 'phone', 'week', 'messages']);
    sheet.addRow([null, '+7 900 111 22 33', '2023-W50', 2]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const again = await post(
      s.admin,
      xlsx,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'a.xlsx',
    );
    expect(again.statusCode).toBe(201);
    expect(again.json()).toMatchObject({ rows: 1, matched: 1 });
    const r2 = (await weekly(s.u)).json() as WeeklyReport;
    expect(r2.imported.pedagogical).toMatchObject({ active: 0, messages: 6 });
  });

  it('renders XLSX that parses back with the same numbers', async () => {
    const res = await weekly(s.u, `week=${WEEK}&format=xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(`monitoring-${WEEK}`);
    const json = (await weekly(s.u)).json() as WeeklyReport;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((x) => x.name)).toEqual([
      'Сводка по округу',
      'Организации',
      'Сотрудники УО',
      'Родители и обучающиеся',
      'Дорожная карта',
    ]);
    const orgs = wb.getWorksheet('Организации') as ExcelJS.Worksheet;
    expect(orgs.getRow(2).getCell(2).value).toBe('Организация');
    const rows: {
      name: unknown;
      baseline: unknown;
      active: unknown;
      share: unknown;
      zone: unknown;
    }[] = [];
    for (let i = 3; i < 3 + json.organizations.length; i++) {
      const row = orgs.getRow(i);
      rows.push({
        name: row.getCell(2).value,
        baseline: row.getCell(4).value,
        active: row.getCell(7).value,
        share: row.getCell(8).value,
        zone: row.getCell(17).value,
      });
    }
    expect(rows).toEqual(
      json.organizations.map((o) => ({
        name: o.shortName ?? o.name,
        baseline: o.baseline,
        active: o.active,
        share: o.share,
        zone: { red: 'красная', yellow: 'жёлтая', green: 'зелёная' }[o.zone ?? 'red'],
      })),
    );
    const summary = wb.getWorksheet('Сводка по округу') as ExcelJS.Worksheet;
    expect(summary.getRow(3).getCell(6).value).toBe(json.totals.pedagogical.active);
    expect(summary.pageSetup.orientation).toBe('landscape');
  });

  it('renders CSV (BOM, semicolons) of the same tables', async () => {
    const res = await weekly(s.u, `week=${WEEK}&format=csv`);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    const table = parseCsv(res.rawPayload.toString('utf8'));
    const header = table.findIndex((r) => r[0] === '№' && r[1] === 'Организация');
    expect(header).toBeGreaterThan(0);
    const a = table.slice(header + 1).find((r) => r[1] === 'Школа А') as string[];
    expect(a[3]).toBe('4');
    expect(a[6]).toBe('2');
    expect(a[7]).toBe('50,0');
    expect(table.some((r) => r[0]?.startsWith('Сводка по округу'))).toBe(true);
  });

  it('renders a one-page PDF with Cyrillic text', async () => {
    const res = await weekly(s.u, `week=${WEEK}&format=pdf`);
    expect(res.statusCode).toBe(200);
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]+\+DejaVuSans/);
    expect(pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length).toBe(1);
    const probe = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' });
    if (probe.error === undefined) {
      const file = path.join(os.tmpdir(), `parta-${Date.now()}.pdf`);
      fs.writeFileSync(file, pdf);
      const text = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' }).stdout;
      fs.rmSync(file);
      expect(text).toContain('Педагогические работники');
      expect(text).toContain(WEEK);
    } else {
      expect(pdf.length).toBeGreaterThan(10_000);
    }
  });

  it('freezes closed weeks and posts the weekly report once, Monday 09:00 local, XLSX attached', async () => {
    const db = t.tdb.db;
    const storage = await createStorage(readFilesSettings());
    const deps = { db, events: { publish: async () => undefined }, now: () => clock, storage };
    clock = new Date('2023-12-18T03:30:00Z'); // Monday 08:30 local: not yet
    const early = await runMonitoringJobs(deps, 'node-a');
    expect(early.leader).toBe(true);
    expect(early.posted).toEqual([]);
    expect(early.frozen[0]?.weeks).toContain(WEEK);
    expect((await runMonitoringJobs(deps, 'node-b')).leader).toBe(false);
    clock = new Date('2023-12-18T04:05:00Z'); // 09:05 local
    const due = await runMonitoringJobs(deps, 'node-a');
    expect(due.posted).toHaveLength(1);
    expect(due.posted[0]?.week).toBe(WEEK);
    const chatId = due.posted[0]?.chatId as number;
    // Running the schedule again, or posting the week by hand, posts nothing and stores nothing.
    expect((await runMonitoringJobs(deps, 'node-a')).posted).toEqual([]);
    const m = await requireMunicipality(db, w.m);
    expect(await postWeeklyReport(deps, m, WEEK, clock)).toBeNull();
    const msg = await db
      .selectFrom('messages')
      .select(['id', 'seq', 'kind', 'author_id', 'body'])
      .where('chat_id', '=', chatId)
      .where('kind', '=', 'bot')
      .execute();
    expect(msg).toHaveLength(1);
    expect(msg[0]?.body).toContain(`неделя ${WEEK}`);
    expect(msg[0]?.body).toMatch(/не менее 10 сообщений: 3 педагогических работника из 6/);
    expect(msg[0]?.body).toContain('во вложении');
    // A proper sender: the municipality's system bot, a person without account or position.
    const bot = await db
      .selectFrom('monitoring_bots as b')
      .innerJoin('people as p', 'p.id', 'b.person_id')
      .select(['p.id', 'p.last_name'])
      .where('b.municipality_id', '=', w.m)
      .executeTakeFirstOrThrow();
    expect(msg[0]?.author_id).toBe(bot.id);
    expect(bot.last_name).toBe('Бот мониторинга');
    expect(await db.selectFrom('files').select('id').execute()).toHaveLength(1);

    // The staff chat shows the message with the XLSX; a member downloads a real workbook.
    const history = await get(`/api/v1/chats/${chatId}/messages?limit=50`, s.u);
    expect(history.statusCode).toBe(200);
    const posted = (
      history.json() as {
        items: {
          seq: number;
          kind: string;
          author: { displayName: string } | null;
          attachments: { url: string; name: string; mime: string }[];
        }[];
      }
    ).items.find((i) => i.seq === Number(msg[0]?.seq));
    expect(posted?.kind).toBe('bot');
    expect(posted?.author?.displayName).toBe('Бот мониторинга');
    expect(posted?.attachments).toHaveLength(1);
    const file = posted?.attachments[0];
    expect(file?.name).toMatch(/\.xlsx$/);
    expect(file?.mime).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const download = await get(file?.url as string, s.u);
    expect(download.statusCode).toBe(200);
    const bytes = download.rawPayload;
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(book.worksheets.map((ws) => ws.name)).toContain('Организации');
    // Not a member of the authority's staff chat: no access to the report.
    expect((await get(file?.url as string, s.t1)).statusCode).toBe(403);

    // Two nodes racing for the same week: one post; the loser's file is removed again.
    const race = await Promise.all([
      postWeeklyReport(deps, m, '2023-W49', clock),
      postWeeklyReport(deps, m, '2023-W49', clock),
    ]);
    expect(race.filter((r) => r !== null)).toHaveLength(1);
    const files = await db.selectFrom('files').select(['id', 'attached_at']).execute();
    expect(files).toHaveLength(2);
    expect(files.every((f) => f.attached_at !== null)).toBe(true);
    await db.deleteFrom('monitoring_posts').where('week', '=', '2023-W49').execute();

    const frozen = await weekly(s.u);
    expect(frozen.json().frozen).toBe(true);
    await storage.close();
    clock = NOW;
  });

  it('serves a frozen week as stored, equal to the live one, its change kept current', async () => {
    const db = t.tdb.db;
    const m = await requireMunicipality(db, w.m);
    const q = `week=${WEEK}&threshold=5`;
    // Not frozen at N = 5: computed, with the change against W49 (no activity then).
    const live = (await weekly(s.u, q)).json() as WeeklyReport;
    expect(live.frozen).toBe(false);
    await freezeWeek(db, m, WEEK, 5, clock);
    const res = await weekly(s.u, q);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.json() as WeeklyReport;
    // Exactly what the schema serializes, and the numbers of the live report.
    expect(WeeklyReport.parse(body)).toEqual(body);
    const numbers = (r: WeeklyReport) => {
      const { computedAt: _c, frozen: _f, frozenAt: _a, closed: _x, ...rest } = r;
      return rest;
    };
    expect(numbers(body)).toEqual(numbers(live));
    expect(body).toMatchObject({ frozen: true, closed: true, scope: 'municipality' });
    expect(body.change).toMatchObject({ previousWeek: '2023-W49', pedagogicalActive: 3 });
    // A head reads the same frozen week cut to their school.
    const head = (await weekly(s.h, q)).json() as WeeklyReport;
    expect(head.scope).toBe('organizations');
    expect(head.organizations.map((o) => o.id)).toEqual([w.a]);
    expect(head.organizations[0]).toEqual(body.organizations.find((o) => o.id === w.a));

    // W49 gains activity and is frozen afterwards: W50's stored change follows.
    await db
      .insertInto('activity_weekly')
      .values({
        week_start: '2023-12-04',
        person_id: w.t1,
        messages: 7,
        substantive: 0,
        replies_received: 0,
        parent_conversation: 0,
      })
      .execute();
    try {
      await freezeWeek(db, m, '2023-W49', 5, clock);
      const after = (await weekly(s.u, q)).json() as WeeklyReport;
      expect(after.frozen).toBe(true);
      expect(after.frozenAt).toBe(body.frozenAt);
      expect(after.change?.pedagogicalActive).toBe(2);
      expect(after.organizations.find((o) => o.id === w.a)?.activeChange).toBe(
        (body.organizations.find((o) => o.id === w.a)?.active ?? 0) - 1,
      );
      const trend = await get(`/api/v1/monitoring/trend?from=2023-W49&to=${WEEK}&threshold=5`, s.u);
      expect(
        trend.json().points.map((p: { pedagogical: { active: number } }) => p.pedagogical.active),
      ).toEqual([1, body.totals.pedagogical.active]);
    } finally {
      await db.deleteFrom('activity_weekly').where('week_start', '=', '2023-12-04').execute();
      await db.deleteFrom('monitoring_weeks').where('threshold', '=', 5).execute();
    }
  });
});
