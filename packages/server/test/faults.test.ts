import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../src/db/connect';
import { migrateToLatest } from '../src/db/migrate';
import { createTestDatabase, DIALECTS } from './db';
import { TEST_PASSWORD } from './factories';
import { freePort, httpSignIn, startServerProcess, type ServerProcess } from './process';
import { buildSchoolWorld } from './world';

interface Acked {
  clientMessageId: string;
  seq: number;
}

/**
 * Sends from several senders in a loop until stopped; records what the
 * server acknowledged (201/200). Bounded: at most `max` sends per sender.
 */
function sustainedSends(
  baseUrl: string,
  chatId: number,
  senders: Record<string, string>[],
  tag: string,
  max = 2000,
) {
  const acked: Acked[] = [];
  const failed: number[] = [];
  let stop = false;
  const loops = senders.map(async (headers, s) => {
    for (let i = 0; i < max && !stop; i++) {
      const clientMessageId = `${tag}-${s}-${i}-xxxxxx`;
      try {
        const r = await fetch(`${baseUrl}/api/v1/chats/${chatId}/messages`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ text: `нагрузка ${s} ${i}`, clientMessageId }),
          signal: AbortSignal.timeout(5000),
        });
        if (r.status === 201 || r.status === 200)
          acked.push({ clientMessageId, seq: ((await r.json()) as { seq: number }).seq });
        else {
          failed.push(r.status);
          await r.text();
          await new Promise((res) => setTimeout(res, 20));
        }
      } catch {
        failed.push(0);
        await new Promise((res) => setTimeout(res, 20));
      }
    }
  });
  return {
    acked,
    failed,
    stop: async () => {
      stop = true;
      await Promise.all(loops);
    },
  };
}

async function chatOf(
  baseUrl: string,
  headers: Record<string, string>,
  kind: string,
): Promise<number> {
  const r = await fetch(`${baseUrl}/api/v1/chats`, { headers });
  const items = ((await r.json()) as { items: { id: number; kind: string }[] }).items;
  const chat = items.find((c) => c.kind === kind);
  if (!chat) throw new Error(`no ${kind} chat`);
  return chat.id;
}

describe.each(DIALECTS)('a server killed with SIGKILL during sustained sends (%s)', (dialect) => {
  it('keeps every acknowledged message exactly once, with gapless seqs', async () => {
    const tdb = await createTestDatabase(dialect);
    let server: ServerProcess | undefined;
    try {
      await buildSchoolWorld(tdb.db);
      const env = {
        PARTA_DATABASE_URL: tdb.url,
        PARTA_SEND_RATE_PER_MINUTE: '100000',
        PARTA_SEND_BURST: '10000',
      };
      server = await startServerProcess(env);
      const senders = [
        await httpSignIn(server.baseUrl, 't1', TEST_PASSWORD),
        await httpSignIn(server.baseUrl, 't2', TEST_PASSWORD),
        await httpSignIn(server.baseUrl, 'h', TEST_PASSWORD),
      ];
      const chatId = await chatOf(server.baseUrl, senders[0]!, 'org_staff');
      const load = sustainedSends(server.baseUrl, chatId, senders, 'kill');
      await new Promise((r) => setTimeout(r, 1500));
      await server.kill();
      await load.stop();
      expect(load.acked.length).toBeGreaterThan(20);

      const rows = await tdb.db
        .selectFrom('messages')
        .select(['client_message_id', 'seq'])
        .where('chat_id', '=', chatId)
        .orderBy('seq')
        .execute();
      const byClient = new Map<string, number>();
      for (const r of rows)
        if (r.client_message_id)
          byClient.set(r.client_message_id, (byClient.get(r.client_message_id) ?? 0) + 1);
      for (const a of load.acked)
        expect(byClient.get(a.clientMessageId), a.clientMessageId).toBe(1);
      const seqs = rows.map((r) => Number(r.seq));
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      const chat = await tdb.db
        .selectFrom('chats')
        .select('last_seq')
        .where('id', '=', chatId)
        .executeTakeFirstOrThrow();
      expect(Number(chat.last_seq)).toBe(seqs.length);

      // After a restart, retries of every send (acknowledged or not) store nothing twice.
      server = await startServerProcess(env);
      const h = await httpSignIn(server.baseUrl, 't1', TEST_PASSWORD);
      const mine = load.acked.filter((a) => a.clientMessageId.startsWith('kill-0-'));
      for (const a of mine.slice(-5)) {
        const r = await fetch(`${server.baseUrl}/api/v1/chats/${chatId}/messages`, {
          method: 'POST',
          headers: h,
          body: JSON.stringify({ text: 'повтор', clientMessageId: a.clientMessageId }),
        });
        expect(r.status).toBe(200);
        expect(((await r.json()) as { seq: number }).seq).toBe(a.seq);
      }
    } finally {
      await server?.stop();
      await tdb.drop();
    }
  }, 120_000);
});

/** A private PostgreSQL cluster, so restarting it cannot disturb other tests. */
class PrivatePostgres {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parta-pg-'));
  port = 0;
  private bin = '';

  static available(): boolean {
    return (
      process.getuid?.() === 0 &&
      fs.existsSync('/usr/lib/postgresql') &&
      spawnSync('which', ['runuser']).status === 0
    );
  }

  private run(cmd: string, args: string[]) {
    const r = spawnSync('runuser', ['-u', 'postgres', '--', path.join(this.bin, cmd), ...args], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
  }

  async start(): Promise<string> {
    const versions = fs.readdirSync('/usr/lib/postgresql').sort();
    this.bin = path.join('/usr/lib/postgresql', versions.at(-1) ?? '15', 'bin');
    fs.chmodSync(this.dir, 0o777);
    spawnSync('chown', ['postgres', this.dir]);
    this.port = await freePort();
    this.run('initdb', [
      '-D',
      path.join(this.dir, 'data'),
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
    ]);
    this.pgCtl('start');
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  pgCtl(action: 'start' | 'stop' | 'restart') {
    const opts = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    this.run('pg_ctl', [
      '-D',
      path.join(this.dir, 'data'),
      '-o',
      opts,
      '-w',
      '-m',
      'fast',
      '-l',
      path.join(this.dir, 'log'),
      action,
    ]);
  }

  destroy() {
    try {
      this.pgCtl('stop');
    } catch {
      // already stopped
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

const pgRestart =
  DIALECTS.includes('postgres') && PrivatePostgres.available() ? describe : describe.skip;

pgRestart('PostgreSQL restarted during load', () => {
  const pg = new PrivatePostgres();
  afterAll(() => pg.destroy());

  it('fails sends with a retriable error while it is down, then succeeds; the server survives', async () => {
    const url = await pg.start();
    const handle = await connectDatabase(url);
    await migrateToLatest(handle.db);
    await buildSchoolWorld(handle.db);
    await handle.close();
    const server = await startServerProcess({
      PARTA_DATABASE_URL: url,
      PARTA_SEND_RATE_PER_MINUTE: '100000',
      PARTA_SEND_BURST: '10000',
    });
    try {
      const headers = await httpSignIn(server.baseUrl, 't1', TEST_PASSWORD);
      const chatId = await chatOf(server.baseUrl, headers, 'org_staff');
      const load = sustainedSends(server.baseUrl, chatId, [headers], 'pg', 3000);
      await new Promise((r) => setTimeout(r, 500));
      pg.pgCtl('stop');
      await new Promise((r) => setTimeout(r, 1000));
      const down = await fetchOrExplain(
        server,
        `${server.baseUrl}/api/v1/chats/${chatId}/messages`,
        {
          method: 'POST',
          headers,
          body: JSON.stringify({ text: 'пока база недоступна', clientMessageId: 'pg-down-0001' }),
        },
      );
      expect(down.status).toBe(503);
      const body = (await down.json()) as { error: { code: string; retriable: boolean } };
      expect(body.error).toMatchObject({ code: 'DATABASE_UNAVAILABLE', retriable: true });
      expect((await fetch(`${server.baseUrl}/readyz`)).status).toBe(503);
      pg.pgCtl('start');
      let ok = 0;
      for (let i = 0; i < 50 && ok === 0; i++) {
        const r = await fetch(`${server.baseUrl}/api/v1/chats/${chatId}/messages`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ text: 'база вернулась', clientMessageId: 'pg-down-0001' }),
        });
        if (r.status === 201 || r.status === 200) ok = r.status;
        else await new Promise((res) => setTimeout(res, 200));
      }
      expect([200, 201]).toContain(ok);
      await load.stop();
      expect(server.child.exitCode).toBeNull();
      expect((await fetch(`${server.baseUrl}/readyz`)).status).toBe(200);
      const check = await connectDatabase(url);
      const rows = await check.db
        .selectFrom('messages')
        .select(['client_message_id', 'seq'])
        .where('chat_id', '=', chatId)
        .orderBy('seq')
        .execute();
      await check.close();
      const seqs = rows.map((r) => Number(r.seq));
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      for (const a of load.acked)
        expect(rows.filter((r) => r.client_message_id === a.clientMessageId)).toHaveLength(1);
    } finally {
      await server.stop();
    }
  }, 120_000);
});

/** A fetch to the server process whose failure carries what the server printed last. */
async function fetchOrExplain(
  server: { output(): string },
  url: string,
  init: RequestInit,
): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (cause) {
    const tail = server.output().split('\n').slice(-30).join('\n');
    throw new Error(`${String(cause)}; the server printed last:\n${tail}`, { cause });
  }
}
