import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, signIn, type Session, type TestApp } from '../../../test/app';
import { DIALECTS } from '../../../test/db';
import { buildClass, buildPerson, enrol, grant, linkParent } from '../../../test/factories';
import { buildSchoolWorld } from '../../../test/world';
import { GUESS_LIMIT } from './invitations.service';

type Created = { id: number; code: string; shortLink: string; token: string; link: string };

const PASSWORD = 'Otlichnyi-Parol-2024';

/** poppler's tools, where installed (`apt-get install poppler-utils`): the PDF checks go deeper. */
function has(tool: 'pdftotext' | 'pdftoppm'): boolean {
  try {
    execFileSync(tool, ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Decodes the QR code of the first slip of a sheet rendered by pdftoppm. */
function firstSlipQr(pngFile: string): string | undefined {
  const png = PNG.sync.read(fs.readFileSync(pngFile));
  const w = Math.floor(png.width / 2);
  const h = Math.floor(png.height / 4);
  const top = Math.floor(png.height * 0.06);
  const out = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let k = 0; k < 4; k++)
        out[(y * w + x) * 4 + k] = png.data[((y + top) * png.width + x) * 4 + k] ?? 255;
  return jsQR(out, w, h)?.data;
}

describe.each(DIALECTS)('invitations on %s', (dialect) => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof buildSchoolWorld>>;
  let s: Record<string, Session>;
  let clock = new Date('2024-03-01T06:00:00Z');
  let n = 0;

  const api = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT',
    url: string,
    who?: Session,
    payload?: object,
    remoteAddress = '127.0.0.1',
  ) =>
    t.app.inject({
      method,
      url,
      remoteAddress,
      headers: who ? who.headers : {},
      ...(payload ? { payload } : {}),
    });
  const invite = async (who: Session, body: object) => {
    const r = await api('POST', '/api/v1/invitations', who, body);
    expect(r.statusCode, r.body).toBe(201);
    return r.json() as Created;
  };
  const newcomer = (extra: object = {}) => {
    n += 1;
    return {
      lastName: 'Новикова',
      firstName: `Анна${n}`,
      phone: `+7 (900) 555-00-${String(10 + n).padStart(2, '0')}`,
      login: `novikova${n}-${dialect}`,
      password: PASSWORD,
      ...extra,
    };
  };
  const accept = (code: string, body: object, who?: Session, ip?: string) =>
    api('POST', `/api/v1/invitations/by-code/${code}/accept`, who, body, ip);

  beforeAll(async () => {
    t = await createTestApp(dialect, { PARTA_PUBLIC_URL: 'https://parta.example.ru' }, () => clock);
    const db = t.tdb.db;
    w = await buildSchoolWorld(db);
    const oa = (await buildPerson(db, w.m, { login: 'oa' })).personId;
    await grant(db, oa, 'org_admin', { organizationId: w.a });
    const adm = (await buildPerson(db, w.m, { login: 'adm' })).personId;
    await grant(db, adm, 'municipal_admin', { municipalityId: w.m });
    s = {};
    for (const who of ['oa', 'adm', 'h', 't1', 't2', 'tb', 'p1', 'r1'])
      s[who] = await signIn(t.app, who);
  });
  afterAll(async () => t.close());

  it('401 → 400 → 403 → 201: issuing never raises a role', async () => {
    const body = { kind: 'parents', classId: w.c5a };
    expect((await api('POST', '/api/v1/invitations', undefined, body)).statusCode).toBe(401);
    const bad = await api('POST', '/api/v1/invitations', s.oa, { kind: 'bogus' });
    expect(bad.statusCode).toBe(400);
    expect(errorCode(bad)).toBe('VALIDATION_FAILED');
    // a teacher who is not the class teacher; an org admin granting a head's position
    expect((await api('POST', '/api/v1/invitations', s.t2, body)).statusCode).toBe(403);
    const head = await api('POST', '/api/v1/invitations', s.oa, {
      kind: 'staff',
      organizationId: w.a,
      role: 'head',
    });
    expect(head.statusCode).toBe(403);
    const foreign = await api('POST', '/api/v1/invitations', s.oa, {
      kind: 'staff',
      organizationId: w.b,
      role: 'teacher',
    });
    expect(foreign.statusCode).toBe(403);
    const made = await invite(s.t1!, body);
    expect(made.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(made.shortLink).toBe(`https://parta.example.ru/i/${made.code}`);
    expect(made.token.length).toBeGreaterThanOrEqual(22);
    // only the hash of the token is stored
    const row = await t.tdb.db
      .selectFrom('invitations')
      .select(['token_hash'])
      .where('id', '=', made.id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).not.toContain(made.token);
    expect(row.token_hash).toHaveLength(64);
  });

  it('a personal parent invitation links the parent to that child only, and into the parents’ chat', async () => {
    // the school's parents' community follows the class by rule
    const community = await api('POST', '/api/v1/communities', s.oa, {
      kind: 'parents',
      title: 'Родители 5А',
      ownerOrganizationId: w.a,
      rules: [{ parentsOfClass: w.c5a }],
    });
    expect(community.statusCode).toBe(201);
    const inv = await invite(s.t1!, { kind: 'parent_personal', pupilId: w.p2 });
    const preview = await api('GET', `/api/v1/invitations/by-code/${inv.code.toLowerCase()}`);
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({ role: 'parent', className: '5А', personal: false });
    expect(preview.body).not.toContain('Одноклассник');
    const body = newcomer({ relation: 'father' });
    const res = await accept(inv.code, body);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      personCreated: true,
      accountCreated: true,
      changed: true,
      pupilId: w.p2,
      role: 'parent',
    });
    const me = await signIn(t.app, body.login, PASSWORD);
    const profile = (await api('GET', '/api/v1/me', me)).json();
    expect(profile.children.map((c: { id: number }) => c.id)).toEqual([w.p2]);
    const chats = (await api('GET', '/api/v1/chats', me)).json().items as {
      kind: string;
      classId: number | null;
    }[];
    expect(chats.find((c) => c.kind === 'class_parents')?.classId).toBe(w.c5a);
    expect(chats.some((c) => c.kind === 'class_pupils')).toBe(false);
    const mine = (await api('GET', '/api/v1/communities?scope=mine', me)).json().items;
    expect(mine.map((c: { id: number }) => c.id)).toEqual([community.json().id]);
  });

  it('claims the roster parent (same name and phone) instead of making a duplicate', async () => {
    const db = t.tdb.db;
    const roster = (
      await buildPerson(db, w.m, {
        login: null,
        lastName: 'Родителева',
        firstName: 'Ольга',
        phone: '+79005550999',
      })
    ).personId;
    await linkParent(db, roster, w.p3);
    const inv = await invite(s.oa!, { kind: 'parent_personal', pupilId: w.p3 });
    const res = await accept(inv.code, {
      lastName: 'родителева',
      firstName: 'Ольга',
      phone: '8 900 555-09-99',
      login: `rodit-${dialect}`,
      password: PASSWORD,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      personId: roster,
      personCreated: false,
      accountCreated: true,
    });
  });

  it('expiry, revocation, use limit, wrong role: clear codes, nothing written', async () => {
    const once = await invite(s.t1!, { kind: 'parent_personal', pupilId: w.p1, maxUses: 1 });
    const wrong = await accept(once.code, { ...newcomer(), role: 'teacher' });
    expect(wrong.statusCode).toBe(409);
    expect(errorCode(wrong)).toBe('INVITATION_ROLE_MISMATCH');
    expect((await accept(once.code, newcomer())).statusCode).toBe(200);
    const twice = await accept(once.code, newcomer());
    expect(twice.statusCode).toBe(410);
    expect(errorCode(twice)).toBe('INVITATION_USED_UP');

    const revoked = await invite(s.t1!, { kind: 'parents', classId: w.c5a });
    const rv = await api('POST', `/api/v1/invitations/${revoked.id}/revoke`, s.oa);
    expect(rv.statusCode).toBe(200);
    expect(rv.json().status).toBe('revoked');
    expect(errorCode(await api('GET', `/api/v1/invitations/by-code/${revoked.code}`))).toBe(
      'INVITATION_REVOKED',
    );
    const people = async () =>
      Number(
        (
          await t.tdb.db
            .selectFrom('people')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await people();
    const r = await accept(revoked.code, newcomer());
    expect(r.statusCode).toBe(410);
    expect(errorCode(r)).toBe('INVITATION_REVOKED');
    // a weak password refuses the whole acceptance: no person is left behind
    const fresh = await invite(s.t1!, { kind: 'parent_personal', pupilId: w.p1 });
    const weak = await accept(fresh.code, newcomer({ password: 'qwerty123' }));
    expect(errorCode(weak)).toBe('WEAK_PASSWORD');
    const taken = await accept(fresh.code, newcomer({ login: 'adm' }));
    expect(errorCode(taken)).toBe('ALREADY_EXISTS');
    expect(await people()).toBe(before);

    const short = await invite(s.t1!, { kind: 'parents', classId: w.c5a, expiresInDays: 1 });
    clock = new Date(clock.getTime() + 2 * 86_400_000);
    try {
      const e = await accept(short.code, newcomer());
      expect(e.statusCode).toBe(410);
      expect(errorCode(e)).toBe('INVITATION_EXPIRED');
    } finally {
      clock = new Date(clock.getTime() - 2 * 86_400_000);
    }
  });

  it('signed in: a pupil cannot take a staff role; staff join another school once', async () => {
    const staff = await invite(s.oa!, { kind: 'staff', organizationId: w.a, role: 'teacher' });
    const pupil = await accept(staff.code, {}, s.p1);
    expect(pupil.statusCode).toBe(409);
    expect(errorCode(pupil)).toBe('INVITATION_ROLE_MISMATCH');
    const first = await accept(staff.code, {}, s.tb);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({
      changed: true,
      personCreated: false,
      accountCreated: false,
    });
    const second = await accept(staff.code, {}, s.tb);
    expect(second.json().changed).toBe(false);
    const got = (await api('GET', `/api/v1/invitations/${staff.id}`, s.oa)).json();
    expect(got.uses).toBe(1);
    // the staff chat of school A now has tb
    const chats = (await api('GET', '/api/v1/chats', s.tb)).json().items as {
      kind: string;
      organizationId: number | null;
    }[];
    expect(chats.some((c) => c.kind === 'org_staff' && c.organizationId === w.a)).toBe(true);
    // a class's parents' invitation: the child must be named as the roster has them
    const cls = await invite(s.t1!, { kind: 'parents', classId: w.c5a });
    const noChild = await accept(cls.code, newcomer());
    expect(noChild.statusCode).toBe(400);
    const ok = await accept(
      cls.code,
      newcomer({ child: { lastName: 'ученик', firstName: 'Иван' } }),
    );
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().pupilId).toBe(w.p1);
  });

  it('community invitations grant at most the issuer’s own role', async () => {
    const c = await api('POST', '/api/v1/communities', s.oa, {
      kind: 'custom',
      title: 'Методисты',
      ownerOrganizationId: w.a,
    });
    const id = c.json().id as number;
    const owner = await api('POST', '/api/v1/invitations', s.oa, {
      kind: 'community',
      communityId: id,
      role: 'owner',
    });
    expect(owner.statusCode).toBe(400);
    const member = await invite(s.oa!, { kind: 'community', communityId: id, role: 'member' });
    expect((await accept(member.code, {}, s.t2)).statusCode).toBe(200);
    // a plain member invites nobody
    const byMember = await api('POST', '/api/v1/invitations', s.t2, {
      kind: 'community',
      communityId: id,
    });
    expect(byMember.statusCode).toBe(403);
    const pupil = await accept(member.code, {}, s.p1);
    expect(errorCode(pupil)).toBe('INVITATION_ROLE_MISMATCH');
  });

  it('guessing codes is throttled per address', async () => {
    const ip = '10.77.0.1';
    for (let i = 0; i < GUESS_LIMIT - 1; i++) {
      const r = await api(
        'GET',
        `/api/v1/invitations/by-code/ZZZZZZZZ${String(i).padStart(2, '0')}`,
        undefined,
        undefined,
        ip,
      );
      expect(r.statusCode).toBe(404);
      expect(errorCode(r)).toBe('INVITATION_NOT_FOUND');
    }
    const last = await api(
      'GET',
      '/api/v1/invitations/by-code/ZZZZZZZZZZ',
      undefined,
      undefined,
      ip,
    );
    expect(last.statusCode).toBe(404);
    const locked = await api(
      'GET',
      '/api/v1/invitations/by-code/ZZZZZZZZZZ',
      undefined,
      undefined,
      ip,
    );
    expect(locked.statusCode).toBe(429);
    expect(errorCode(locked)).toBe('TOO_MANY_REQUESTS');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // another address is unaffected
    expect((await api('GET', '/api/v1/invitations/by-code/ZZZZZZZZZZ')).statusCode).toBe(404);
  });

  it('the QR code decodes to the short link', async () => {
    const inv = await invite(s.t1!, { kind: 'parents', classId: w.c5a });
    expect((await api('GET', `/api/v1/invitations/${inv.id}/qr.png`, s.t2)).statusCode).toBe(404);
    const res = await api('GET', `/api/v1/invitations/${inv.id}/qr.png`, s.t1);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    const png = PNG.sync.read(res.rawPayload);
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toBe(inv.shortLink);
    const svg = await api('GET', `/api/v1/invitations/${inv.id}/qr.svg`, s.t1);
    expect(svg.body).toContain('<svg');
  });

  /** Rows of the tables a sheet may write: invitations, their uses, the audit log. */
  const written = async () => {
    const db = t.tdb.db;
    const count = async (table: 'invitations' | 'invitation_uses' | 'audit_log') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      invitations: await count('invitations'),
      uses: await count('invitation_uses'),
      audit: await count('audit_log'),
    };
  };

  it('prepares a class sheet with a POST (one slip per pupil, reused), then prints it with a GET', async () => {
    const prepare = `/api/v1/classes/${w.c5a}/invitation-sheet`;
    const url = `${prepare}.pdf`;
    expect((await api('POST', prepare)).statusCode).toBe(401);
    expect((await api('GET', url)).statusCode).toBe(401);
    expect((await api('POST', prepare, s.t2)).statusCode).toBe(403);
    expect((await api('GET', url, s.t2)).statusCode).toBe(403);
    const first = await api('POST', prepare, s.t1);
    expect(first.statusCode, first.body).toBe(200);
    const made = first.json() as {
      slips: number;
      issued: number;
      reused: number;
      sheetUrl: string;
    };
    // p1 and p2 (earlier personal invitations may be reused)
    expect(made.slips).toBe(2);
    expect(made.issued + made.reused).toBe(2);
    expect(made.sheetUrl).toBe(url);
    const again = await api('POST', prepare, s.t1);
    expect(again.json()).toEqual({ slips: 2, issued: 0, reused: 2, sheetUrl: url });
    const audit = await t.tdb.db
      .selectFrom('audit_log')
      .select(['action', 'actor_person_id'])
      .where('action', '=', 'invitation.class_sheet_prepared')
      .where('target_id', '=', String(w.c5a))
      .execute();
    expect(audit).toHaveLength(2);

    const res = await api('GET', url, s.t1);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="invitations-class-${w.c5a}.pdf"`,
    );
    expect(res.headers['x-parta-slips']).toBe('2');
    expect(res.headers['x-parta-missing']).toBe('0');
    const pdf = res.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(1);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `sheet-${dialect}-`));
    const file = path.join(dir, 'sheet.pdf');
    fs.writeFileSync(file, pdf);
    try {
      if (has('pdftotext')) {
        const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
        expect(text).toContain('https://parta.example.ru/i/');
        expect(text).toContain('Приглашение для');
        expect(text).toContain('Код: ');
        expect(text).toContain('Ученик');
        expect(text).not.toContain('Без полоски');
      }
      if (has('pdftoppm')) {
        execFileSync('pdftoppm', [
          '-r',
          '150',
          '-f',
          '1',
          '-l',
          '1',
          '-png',
          file,
          path.join(dir, 'p'),
        ]);
        const page = fs.readdirSync(dir).find((f) => f.endsWith('.png'));
        expect(firstSlipQr(path.join(dir, page ?? ''))).toMatch(
          /^https:\/\/parta\.example\.ru\/i\/[0-9A-Z]{10}$/,
        );
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }

    const staffPrepare = `/api/v1/organizations/${w.a}/staff-invitation-sheet`;
    expect((await api('POST', staffPrepare, s.t1)).statusCode).toBe(403);
    expect((await api('GET', `${staffPrepare}.pdf`, s.t1)).statusCode).toBe(403);
    const staff = await api('POST', staffPrepare, s.oa);
    expect(staff.statusCode, staff.body).toBe(200);
    expect(staff.json()).toMatchObject({ sheetUrl: `${staffPrepare}.pdf` });
    const staffPdf = await api('GET', `${staffPrepare}.pdf`, s.oa);
    expect(staffPdf.statusCode).toBe(200);
    expect(staffPdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(staffPdf.headers['x-parta-slips']).toBe(String(staff.json().slips));
    expect(staffPdf.headers['x-parta-missing']).toBe('0');
  });

  it('printing with a GET issues nothing and writes nothing, even for a class with no invitations', async () => {
    // School B's 5А: pupil pb, class teacher tb, no personal invitations yet.
    const url = `/api/v1/classes/${w.cb}/invitation-sheet.pdf`;
    const before = await written();
    const res = await api('GET', url, s.tb);
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-parta-slips']).toBe('0');
    expect(res.headers['x-parta-missing']).toBe('1');
    // A prefetcher or a foreign <img> sends no token: still nothing is written.
    const bare = await t.app.inject({
      method: 'GET',
      url,
      headers: { cookie: s.tb!.cookie, origin: 'https://evil.example', 'sec-fetch-dest': 'image' },
    });
    expect(bare.statusCode).toBe(200);
    expect(await written()).toEqual(before);
    if (has('pdftotext')) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `empty-${dialect}-`));
      try {
        fs.writeFileSync(path.join(dir, 'e.pdf'), res.rawPayload);
        const text = execFileSync('pdftotext', [path.join(dir, 'e.pdf'), '-'], {
          encoding: 'utf8',
        }).replace(/\s+/g, ' ');
        expect(text).toContain('ещё не выпущены');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
    const prepared = await api('POST', `/api/v1/classes/${w.cb}/invitation-sheet`, s.tb);
    expect(prepared.json()).toMatchObject({ slips: 1, issued: 1, reused: 0 });
    const after = await api('GET', url, s.tb);
    expect(after.headers['x-parta-slips']).toBe('1');
    expect(after.headers['x-parta-missing']).toBe('0');
  });

  it('refuses a cookie POST without the CSRF token or from a foreign origin, writing nothing', async () => {
    const before = await written();
    for (const prepare of [
      `/api/v1/classes/${w.c6b}/invitation-sheet`,
      `/api/v1/organizations/${w.a}/staff-invitation-sheet`,
    ]) {
      const noToken = await t.app.inject({
        method: 'POST',
        url: prepare,
        headers: { cookie: s.oa!.cookie },
      });
      expect(noToken.statusCode).toBe(403);
      expect(errorCode(noToken)).toBe('CSRF_FAILED');
      const wrongToken = await t.app.inject({
        method: 'POST',
        url: prepare,
        headers: { cookie: s.oa!.cookie, 'x-csrf-token': 'not-the-token' },
      });
      expect(errorCode(wrongToken)).toBe('CSRF_FAILED');
      const foreign = await t.app.inject({
        method: 'POST',
        url: prepare,
        headers: { ...s.oa!.headers, origin: 'https://evil.example' },
      });
      expect(foreign.statusCode).toBe(403);
      expect(errorCode(foreign)).toBe('CSRF_FAILED');
    }
    expect(await written()).toEqual(before);
  });

  it('two people preparing the same class at once issue one invitation per pupil', async () => {
    const db = t.tdb.db;
    const cls = await buildClass(db, w.a, '7В', null);
    const pupils: number[] = [];
    for (let i = 0; i < 4; i++) {
      const p = (await buildPerson(db, w.m, { login: null, lastName: `Семиклассник${i}` }))
        .personId;
      await enrol(db, p, cls);
      pupils.push(p);
    }
    const prepare = `/api/v1/classes/${cls}/invitation-sheet`;
    const [one, two] = await Promise.all([api('POST', prepare, s.oa), api('POST', prepare, s.adm)]);
    expect(one.statusCode, one.body).toBe(200);
    expect(two.statusCode, two.body).toBe(200);
    expect(one.json().issued + two.json().issued).toBe(4);
    const rows = await db
      .selectFrom('invitations')
      .select(['pupil_id'])
      .where('class_id', '=', cls)
      .where('kind', '=', 'parent_personal')
      .execute();
    expect(rows.map((r) => Number(r.pupil_id)).sort()).toEqual([...pupils].sort());
    // An archived class prints nothing and issues nothing.
    await db.updateTable('classes').set({ archived_at: clock }).where('id', '=', cls).execute();
    const archived = await api('POST', prepare, s.oa);
    expect(archived.statusCode).toBe(409);
    expect(errorCode(archived)).toBe('CONFLICT');
    expect((await api('GET', `${prepare}.pdf`, s.oa)).statusCode).toBe(409);
  });

  it('counts acceptance per class and organisation', async () => {
    expect((await api('GET', `/api/v1/organizations/${w.a}/onboarding`, s.p1)).statusCode).toBe(
      403,
    );
    const org = await api('GET', `/api/v1/organizations/${w.a}/onboarding`, s.oa);
    expect(org.statusCode).toBe(200);
    const body = org.json();
    expect(body).toMatchObject({ pupils: 3, pupilsWithConnectedParent: 3 });
    expect(body.staff).toBe(4); // h, t1, t2 and tb who joined by invitation
    expect(body.staffAccepted).toBe(1);
    const c5a = body.classes.find((c: { classId: number }) => c.classId === w.c5a);
    expect(c5a).toMatchObject({ pupils: 2, pupilsWithConnectedParent: 2 });
    expect(c5a.parentInvitationsAccepted).toBeGreaterThanOrEqual(2);
    const cls = await api('GET', `/api/v1/classes/${w.c5a}/onboarding`, s.t1);
    expect(cls.json()).toMatchObject(c5a);
    const all = await api('GET', '/api/v1/onboarding', s.adm);
    expect(
      all.json().items.find((o: { organizationId: number }) => o.organizationId === w.a),
    ).toMatchObject({ pupils: 3, classes: [] });
  });

  it('the district overview: every organisation, and totals that count a person once', async () => {
    expect((await api('GET', '/api/v1/onboarding')).statusCode).toBe(401);
    expect((await api('GET', '/api/v1/onboarding', s.t1)).statusCode).toBe(403);
    expect((await api('GET', '/api/v1/onboarding', s.oa)).statusCode).toBe(403);
    const u = await signIn(t.app, w.login('u'));
    expect((await api('GET', '/api/v1/onboarding', u)).statusCode).toBe(200);
    const res = await api('GET', '/api/v1/onboarding', s.adm);
    expect(res.statusCode).toBe(200);
    type Totals = {
      organizations: number;
      staff: number;
      staffWithAccount: number;
      pupils: number;
    };
    const body = res.json() as {
      items: (Totals & { organizationId: number; kind: string; staff: number; pupils: number })[];
      totals: Totals;
      kinds: (Totals & { kind: string })[];
    };
    expect(body.items.map((o) => o.organizationId).sort()).toEqual([w.a, w.b, w.authority].sort());
    expect(body.totals.organizations).toBe(3);
    // tb teaches in school B and joined school A by invitation: one person in two rows.
    const db = t.tdb.db;
    const distinctStaff = await db
      .selectFrom('positions as s')
      .innerJoin('people as p', 'p.id', 's.person_id')
      .select('s.person_id')
      .distinct()
      .where('s.ended_on', 'is', null)
      .where('p.deactivated_at', 'is', null)
      .where('p.municipality_id', '=', w.m)
      .execute();
    expect(body.totals.staff).toBe(distinctStaff.length);
    const summed = body.items.reduce((n, o) => n + o.staff, 0);
    expect(summed).toBeGreaterThan(body.totals.staff);
    expect(body.totals.pupils).toBe(body.items.reduce((n, o) => n + o.pupils, 0));
    expect(body.kinds.map((k) => k.kind)).toEqual(['authority', 'general']);
    const general = body.kinds.find((k) => k.kind === 'general');
    expect(general).toMatchObject({ organizations: 2, pupils: body.totals.pupils });
    expect(body.kinds.find((k) => k.kind === 'authority')).toMatchObject({
      organizations: 1,
      staff: 1,
      pupils: 0,
    });
  });

  it('sends through the outbox, which administrators can read', async () => {
    const inv = await invite(s.t1!, { kind: 'parents', classId: w.c5a });
    const bad = await api('POST', `/api/v1/invitations/${inv.id}/send`, s.t1, {
      channel: 'sms',
      to: 'not a phone',
    });
    expect(bad.statusCode).toBe(400);
    const sent = await api('POST', `/api/v1/invitations/${inv.id}/send`, s.t1, {
      channel: 'email',
      to: 'Mama@Example.ru',
    });
    expect(sent.statusCode).toBe(201);
    expect(sent.json()).toMatchObject({
      status: 'stored',
      sender: 'outbox',
      recipient: 'mama@example.ru',
    });
    expect(sent.json().body).toContain(inv.shortLink);
    expect((await api('GET', '/api/v1/outbox', s.t1)).statusCode).toBe(403);
    const box = await api('GET', '/api/v1/outbox', s.oa);
    expect(box.json().items.map((e: { id: number }) => e.id)).toContain(sent.json().id);
  });
});
