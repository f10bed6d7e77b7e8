// Embedded job driver (the default): jobs are rows in the app database and run inside the web
// process. It owns the Job table: claiming with a lease, retries and dead letters, per-shop counts,
// and retention. Scheduling (runAt, retry times, finishedAt) follows the injected clock, which the
// demo can fast-forward; leases follow the machine's own time, because a lease is about whether
// the claiming process is still alive, and a clock jump says nothing about that.
import crypto from "node:crypto";
import os from "node:os";
import type { Logger } from "pino";
import type { Db } from "../db.server";
import { sqlOf } from "../sql.server";
import type { Clock } from "../clock";
import { errorMessage } from "../errors";
import { DAY_MS, retention } from "../retention";
import { attemptJitter, defaultBackoff, retryDelayMs, type BackoffPolicy } from "./backoff";
import type { JobRegistry } from "./registry.server";
import {
  PermanentJobError,
  type EnqueueOptions,
  type EnqueueRequest,
  type JobContext,
  type JobFailure,
  type JobQueue,
  type QueueStats,
  type RetryResult,
} from "./types";

export interface EmbeddedQueueOptions {
  db: Db;
  registry: JobRegistry;
  clock: Clock;
  log: Logger;
  concurrency?: number;
  pollMs?: number;
  leaseMs?: number;
  /**
   * How long close() waits for running jobs. One still running then (e.g. waiting on a Shopify that
   * stopped answering) is left to its lease: the next runner claims it again, and jobs are
   * idempotent. A shutdown must not hang on it.
   */
  closeGraceMs?: number;
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  /** Jobs of shops for which this answers false are cancelled instead of run. */
  isShopActive?: (shop: string) => Promise<boolean>;
  /**
   * True while the process is busy acknowledging webhooks. Jobs share the web process's thread,
   * so during a burst the runner steps back to one job at a time, paced, and the 200s stay fast;
   * the backlog drains at full speed once the burst is over.
   */
  yieldWhile?: () => boolean;
  /** Told after new jobs were stored (a runner elsewhere, e.g. the background thread, can be woken). */
  onEnqueued?: () => void;
}

const YIELD_PACE_MS = 100;

interface ClaimedRow {
  id: string;
  name: string;
  payload: string;
  shop: string | null;
  attempts: number | bigint;
  maxAttempts: number | bigint;
}
type ClaimedJob = Omit<ClaimedRow, "attempts" | "maxAttempts"> & { attempts: number; maxAttempts: number };

const INSERT_CHUNK = 200;

export class EmbeddedQueue implements JobQueue {
  readonly driver = "embedded" as const;
  private readonly workerId = `${os.hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`;
  private running = false;
  private inFlight = new Set<Promise<void>>();
  /** The lease renewals of running jobs (stopped at shutdown for jobs left to their lease). */
  private heartbeats = new Set<NodeJS.Timeout>();
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private lastYieldedClaim = 0;
  private readonly stopListening: (() => void) | undefined;

  constructor(private readonly o: EmbeddedQueueOptions) {
    // Work the jump made due is claimed now rather than at the next poll.
    this.stopListening = o.clock.onShift?.(() => this.kick());
  }

  private get concurrency() {
    return this.o.concurrency ?? 4;
  }
  private get leaseMs() {
    return this.o.leaseMs ?? 120_000;
  }
  private get defaultMaxAttempts() {
    return this.o.maxAttempts ?? 8;
  }

  async enqueue(name: string, payload: unknown, options: EnqueueOptions) {
    const created = await this.enqueueMany([{ name, payload, options }]);
    return { created: created === 1 };
  }

  async enqueueMany(requests: EnqueueRequest[]): Promise<number> {
    let created = 0;
    const now = this.o.clock.now();
    for (let i = 0; i < requests.length; i += INSERT_CHUNK) {
      if (i > 0) await new Promise((r) => setImmediate(r));
      const chunk = requests.slice(i, i + INSERT_CHUNK);
      const params: unknown[] = [];
      const rows = chunk.map((r) => {
        params.push(
          crypto.randomUUID(),
          r.name,
          r.options.key,
          JSON.stringify(r.payload ?? null),
          r.options.shop ?? null,
          r.options.maxAttempts ?? this.o.registry.maxAttempts(r.name, this.defaultMaxAttempts),
          r.options.runAt ?? now,
          now,
          now,
        );
        return `(?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', 0)`;
      });
      // One statement per chunk; ON CONFLICT makes the idempotency key a no-op on repeat.
      created += await sqlOf(this.o.db).run(
        `INSERT INTO "Job" ("id", "name", "key", "payload", "shop", "maxAttempts", "runAt", "createdAt", "updatedAt", "status", "attempts")
         VALUES ${rows.join(", ")} ON CONFLICT ("key") DO NOTHING`,
        params,
      );
    }
    if (created) {
      this.kick();
      this.o.onEnqueued?.();
    }
    return created;
  }

  async cancelForShop(shop: string) {
    const { count } = await this.o.db.job.updateMany({
      where: { shop, status: "queued" },
      data: { status: "cancelled", finishedAt: this.o.clock.now() },
    });
    return count;
  }

  async purgeShop(shop: string) {
    // A running job's row goes too: its runner's closing update then matches nothing.
    const { count } = await this.o.db.job.deleteMany({ where: { shop } });
    return count;
  }

  stats(shop: string): Promise<QueueStats> {
    return this.countStates({ shop });
  }

  totals(): Promise<QueueStats> {
    return this.countStates({});
  }

  private async countStates(scope: { shop?: string }): Promise<QueueStats> {
    const now = this.o.clock.now();
    const [groups, delayed, retrying] = await Promise.all([
      this.o.db.job.groupBy({ by: ["status"], where: scope, _count: { _all: true } }),
      this.o.db.job.count({ where: { ...scope, status: "queued", attempts: 0, runAt: { gt: now } } }),
      this.o.db.job.count({ where: { ...scope, status: "queued", attempts: { gt: 0 } } }),
    ]);
    const count = (s: string) => groups.find((g) => g.status === s)?._count._all ?? 0;
    return {
      queued: count("queued") - delayed - retrying,
      delayed,
      retrying,
      running: count("running"),
      completed: count("completed"),
      dead: count("dead"),
    };
  }

  async failures(shop: string, limit: number): Promise<JobFailure[]> {
    if (limit <= 0) return [];
    const rows = await this.o.db.job.findMany({
      where: { shop, status: "dead" },
      orderBy: { finishedAt: "desc" },
      take: limit,
    });
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      shop: r.shop,
      attempts: r.attempts,
      error: r.lastError,
      failedAt: r.finishedAt,
    }));
  }

  async retry(shop: string, id: string): Promise<RetryResult> {
    // Ownership and state are part of the one guarded update, so no other shop's job can be touched.
    const { count } = await this.o.db.job.updateMany({
      where: { id, shop, status: "dead" },
      data: { status: "queued", runAt: this.o.clock.now(), attempts: 0, finishedAt: null, lastError: null },
    });
    if (count) {
      this.kick();
      return "retried";
    }
    return (await this.o.db.job.count({ where: { id, shop } })) ? "not_dead" : "not_found";
  }

  async prune() {
    const now = this.o.clock.now().getTime();
    const completed = await this.o.db.job.deleteMany({
      where: { status: { in: ["completed", "cancelled"] }, finishedAt: { lt: new Date(now - retention.completedJobsDays * DAY_MS) } },
    });
    const dead = await this.o.db.job.deleteMany({
      where: { status: "dead", finishedAt: { lt: new Date(now - retention.deadJobsDays * DAY_MS) } },
    });
    return { completed: completed.count, dead: dead.count };
  }

  async ping() {
    await this.o.db.job.findFirst({ select: { id: true } });
  }

  /** Wakes the runner now instead of at the next poll. */
  kick() {
    this.wake?.();
  }

  async startProcessing() {
    if (this.running) return;
    this.running = true;
    this.loop = this.runLoop();
  }

  private async runLoop() {
    while (this.running) {
      // SQLite answers synchronously, so a busy runner could otherwise chain promises forever
      // and starve the web server's I/O; give every turn of the event loop its chance first.
      await new Promise((r) => setImmediate(r));
      let claimed = 0;
      try {
        claimed = await this.claimAndRun();
      } catch (error) {
        this.o.log.error({ err: error }, "job runner: claim failed");
      }
      if (!this.running) break;
      if (claimed > 0 && this.inFlight.size < this.concurrency) continue;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        const pollMs = this.o.pollMs ?? 1_000;
        this.timer = setTimeout(resolve, this.o.yieldWhile?.() ? Math.min(pollMs, YIELD_PACE_MS) : pollMs);
        if (this.inFlight.size) Promise.race(this.inFlight).then(resolve, resolve);
      });
      clearTimeout(this.timer);
      this.wake = undefined;
    }
  }

  private async claimAndRun(): Promise<number> {
    const yielding = this.o.yieldWhile?.() ?? false;
    if (yielding) {
      if (this.inFlight.size > 0 || Date.now() - this.lastYieldedClaim < YIELD_PACE_MS) return 0;
      this.lastYieldedClaim = Date.now();
    }
    const free = yielding ? 1 : this.concurrency - this.inFlight.size;
    if (free <= 0) return 0;
    // Claimed in one statement each (which also checks the state it changes, so two processes never
    // claim one job): due jobs in runAt order (clock time), then jobs whose claimer died, i.e. whose
    // lease ran out in real time; those are few. Straight SQL: this runs for every job.
    const claims = await this.claim("due", free);
    if (claims.length < free) claims.push(...(await this.claim("orphaned", free - claims.length)));
    for (const job of claims) {
      const p = this.execute(job)
        // Recording the outcome can fail (database away); the lease then runs out and the job is claimed again.
        .catch((error) => this.o.log.error({ err: error, jobId: job.id }, "job runner: recording the outcome failed"))
        .finally(() => this.inFlight.delete(p));
      this.inFlight.add(p);
    }
    return claims.length;
  }

  private async claim(which: "due" | "orphaned", limit: number): Promise<ClaimedJob[]> {
    const sql = sqlOf(this.o.db);
    const realNow = new Date();
    const [where, args] =
      which === "due"
        ? [`"status" = 'queued' AND "runAt" <= ?`, [this.o.clock.now()]]
        : [`"status" = 'running' AND "lockedUntil" < ?`, [realNow]];
    // PostgreSQL: rows another process is claiming right now are skipped, not waited for, and the
    // state is checked again on the row actually updated. SQLite has one writer, so the statement
    // is atomic as it is; checking the state again there would make it scan every due job.
    const pg = sql.dialect === "postgresql";
    const rows = await sql.all<ClaimedRow>(
      `UPDATE "Job" SET "status" = 'running', "lockedBy" = ?, "lockedUntil" = ?, "attempts" = "attempts" + 1, "updatedAt" = ?
       WHERE "id" IN (SELECT "id" FROM "Job" WHERE ${where} ORDER BY "runAt" LIMIT ?${pg ? " FOR UPDATE SKIP LOCKED" : ""})${pg ? ` AND ${where}` : ""}
       RETURNING "id", "name", "payload", "shop", "attempts", "maxAttempts"`,
      [this.workerId, new Date(realNow.getTime() + this.leaseMs), realNow, ...args, limit, ...(pg ? args : [])],
    );
    return rows.map((r) => ({ ...r, attempts: Number(r.attempts), maxAttempts: Number(r.maxAttempts) }));
  }

  private async execute(job: ClaimedJob) {
    await new Promise((r) => setImmediate(r));
    const id = job.id;
    const log = this.o.log.child({ jobId: job.id, job: job.name, shop: job.shop ?? undefined });
    const ctx: JobContext = { jobId: id, attempt: job.attempts, maxAttempts: job.maxAttempts, log };
    const heartbeat = setInterval(
      () => {
        void this.o.db.job
          .updateMany({
            where: { id, lockedBy: this.workerId, status: "running" },
            data: { lockedUntil: new Date(Date.now() + this.leaseMs) },
          })
          .catch(() => undefined);
      },
      Math.max(1_000, this.leaseMs / 3),
    );
    this.heartbeats.add(heartbeat);
    let payload: unknown = null;
    try {
      payload = JSON.parse(job.payload);
      if (job.shop && this.o.isShopActive && !(await this.o.isShopActive(job.shop))) {
        await this.finish(id, { status: "cancelled", lastError: "shop uninstalled" });
        return;
      }
      await this.o.registry.run(job.name, payload, ctx);
      await this.finish(id, { status: "completed", lastError: null });
    } catch (error) {
      const message = errorMessage(error);
      const dead = error instanceof PermanentJobError || job.attempts >= job.maxAttempts;
      const retryAt = dead
        ? null
        : new Date(
            this.o.clock.now().getTime() + retryDelayMs(job.attempts, this.o.backoff ?? defaultBackoff, attemptJitter(id, job.attempts)),
          );
      if (dead) log.error({ err: error, attempts: job.attempts }, "job dead-lettered");
      else log.warn({ err: error, attempts: job.attempts, retryAt }, "job failed, will retry");
      // Told while this process still holds the job, so the notice can never land after the next
      // attempt has begun (or overwrite what that attempt recorded).
      await this.o.registry.notifyFailure(job.name, payload, { attempt: job.attempts, error: message, retryAt }, ctx);
      if (dead) {
        await this.finish(id, { status: "dead", lastError: message });
      } else {
        await sqlOf(this.o.db).run(
          `UPDATE "Job" SET "status" = 'queued', "lockedBy" = NULL, "lockedUntil" = NULL, "lastError" = ?, "runAt" = ?, "updatedAt" = ?
           WHERE "id" = ? AND "lockedBy" = ?`,
          [message, retryAt, new Date(), id, this.workerId],
        );
      }
    } finally {
      clearInterval(heartbeat);
      this.heartbeats.delete(heartbeat);
    }
  }

  private async finish(id: string, data: { status: string; lastError: string | null }) {
    await sqlOf(this.o.db).run(
      `UPDATE "Job" SET "status" = ?, "lastError" = ?, "lockedBy" = NULL, "lockedUntil" = NULL, "finishedAt" = ?, "updatedAt" = ?
       WHERE "id" = ? AND "lockedBy" = ?`,
      [data.status, data.lastError, this.o.clock.now(), new Date(), id, this.workerId],
    );
  }

  /** Stops claiming, waits (a while) for running jobs to finish. */
  async close() {
    this.stopListening?.();
    this.running = false;
    this.kick();
    await this.loop;
    if (!this.inFlight.size) return;
    let timer: NodeJS.Timeout | undefined;
    const graceMs = this.o.closeGraceMs ?? 2_000;
    const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), graceMs)));
    const outcome = await Promise.race([Promise.allSettled([...this.inFlight]).then(() => "done" as const), late]);
    clearTimeout(timer);
    if (outcome === "late") {
      // Their leases are no longer renewed: once they run out, the next runner claims these jobs.
      for (const h of this.heartbeats) clearInterval(h);
      this.heartbeats.clear();
      this.o.log.warn({ jobs: this.inFlight.size, afterMs: graceMs }, "jobs still running at shutdown are left to their lease");
    }
  }
}
