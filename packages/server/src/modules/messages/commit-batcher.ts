import type { Db, DbOrTrx } from '../../db/database';

interface Job {
  work: (trx: DbOrTrx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for sends. Durable commits cost one fsync each (about 2 ms on
 * SQLite with `synchronous=FULL`, which serialises all writers on one
 * connection), so sends waiting at the same moment share one transaction and
 * one fsync. Each job runs inside its own savepoint: a job that fails (a
 * duplicate client id, a constraint) rolls back alone and rejects; the others
 * commit. A job's promise settles only after the whole batch has committed,
 * so nothing is acknowledged before it is durable (DESIGN §4.1). If the
 * commit itself fails, every job of the batch rejects.
 *
 * Batches run one after another; while one runs, new jobs queue for the next.
 */
export class CommitBatcher {
  private queue: Job[] = [];
  private running = false;

  constructor(
    private readonly db: Db,
    private readonly maxBatch = 256,
  ) {}

  run<T>(work: (trx: DbOrTrx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        await this.commit(batch);
      }
    } finally {
      this.running = false;
    }
  }

  private async commit(batch: Job[]): Promise<void> {
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    let trx;
    try {
      trx = await this.db.startTransaction().execute();
    } catch (error) {
      for (const job of batch) job.reject(error);
      return;
    }
    try {
      if (batch.length === 1) {
        // No savepoint needed: the transaction is the job's own.
        const job = batch[0] as Job;
        try {
          outcomes.push({ ok: true, value: await job.work(trx) });
        } catch (error) {
          await trx.rollback().execute();
          job.reject(error);
          return;
        }
      } else {
        for (let i = 0; i < batch.length; i++) {
          const name = `send_${i}`;
          const sp = await trx.savepoint(name).execute();
          try {
            const value = await (batch[i] as Job).work(sp);
            await sp.releaseSavepoint(name).execute();
            outcomes.push({ ok: true, value });
          } catch (error) {
            await sp.rollbackToSavepoint(name).execute();
            await sp.releaseSavepoint(name).execute();
            outcomes.push({ ok: false, error });
          }
        }
      }
      await trx.commit().execute();
    } catch (error) {
      await trx
        .rollback()
        .execute()
        .catch(() => undefined);
      for (const job of batch) job.reject(error);
      return;
    }
    batch.forEach((job, i) => {
      const o = outcomes[i];
      if (!o) job.reject(new Error('commit batch lost a job'));
      else if (o.ok) job.resolve(o.value);
      else job.reject(o.error);
    });
  }
}
