// The job layer's contract, run against whichever driver the environment selects: the embedded
// database runner by default, BullMQ when TEST_REDIS_URL is set. Both must behave the same way.
import crypto from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { Worker } from "bullmq";
import { Redis } from "ioredis";
import { z } from "zod";
import { systemClock } from "~/platform/clock";
import { createDb, type Db } from "~/platform/db.server";
import { BullMQQueue } from "~/platform/jobs/bullmq.server";
import { EmbeddedQueue } from "~/platform/jobs/embedded.server";
import { createQueue } from "~/platform/jobs/index.server";
import { defineJob, JobRegistry } from "~/platform/jobs/registry.server";
import { PermanentJobError, type JobContext, type JobDefinition, type JobQueue } from "~/platform/jobs/types";
import { log } from "~/platform/logger.server";
import { migrate } from "~/platform/migrate.server";
import { dropDatabase, freshDatabaseUrl } from "../support/app-harness";

const redisUrl = process.env.TEST_REDIS_URL;
const driver = redisUrl ? "bullmq" : "embedded";
const backoff = { baseMs: 100, maxMs: 400 };

interface Setup {
  db: Db;
  queueName: string;
  /** A queue on the shared database / Redis queue; each call is another "process". */
  queue(
    registry: JobRegistry,
    o?: { concurrency?: number; isShopActive?: (shop: string) => Promise<boolean>; ownConnection?: boolean },
  ): Promise<JobQueue>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function setup(): Promise<Setup> {
  const databaseUrl = await freshDatabaseUrl();
  await migrate(databaseUrl);
  const db = createDb(databaseUrl);
  const queueName = `jobs-test-${crypto.randomUUID().slice(0, 8)}`;
  cleanups.push(async () => {
    await db.$disconnect();
    await dropDatabase(databaseUrl);
    if (redisUrl) await obliterate(queueName);
  });
  return {
    db,
    queueName,
    async queue(registry, o = {}) {
      // Another process has its own connection. Not for SQLite inside one test process: its
      // queries run synchronously, so one connection waiting on a lock would freeze the other's commit.
      const own = o.ownConnection && !databaseUrl.startsWith("file:") ? createDb(databaseUrl) : undefined;
      if (own) cleanups.push(() => own.$disconnect());
      const q = await createQueue({
        db: own ?? db,
        registry,
        clock: systemClock,
        log: log(),
        redisUrl,
        concurrency: o.concurrency ?? 4,
        backoff,
        pollMs: 20,
        queueName,
        isShopActive: o.isShopActive,
      });
      cleanups.push(() => q.close());
      return q;
    },
  };
}

async function obliterate(queueName: string) {
  const { Queue } = await import("bullmq");
  const connection = new Redis(redisUrl!, { maxRetriesPerRequest: null });
  const q = new Queue(queueName, { connection });
  await q.obliterate({ force: true });
  await q.close();
  await connection.quit();
}

/** A job that records each run; `behave` decides per run whether it succeeds. */
function recorder(name: string, behave: (payload: { n: number }, ctx: JobContext) => Promise<void> | void = () => {}, extra: Partial<JobDefinition<{ n: number }>> = {}) {
  const runs: { n: number; attempt: number; jobId: string; at: number }[] = [];
  const definition = defineJob({
    name,
    schema: z.object({ n: z.number() }),
    ...extra,
    async run(payload, ctx) {
      runs.push({ n: payload.n, attempt: ctx.attempt, jobId: ctx.jobId, at: Date.now() });
      await behave(payload, ctx);
    },
  });
  return { runs, definition };
}

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 8_000, what = "condition") {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe(`job queue contract (${driver} driver)`, () => {
  it("runs an enqueued job once, on its first attempt", async () => {
    const s = await setup();
    const job = recorder("greet");
    const q = await s.queue(new JobRegistry([job.definition]));
    expect(q.driver).toBe(driver);
    await q.ping();
    expect(await q.enqueue("greet", { n: 1 }, { key: "greet:1" })).toEqual({ created: true });
    await q.startProcessing();
    await waitFor(async () => (await q.stats()).completed === 1, 8_000, "completion");
    expect(job.runs).toEqual([expect.objectContaining({ n: 1, attempt: 1 })]);
  });

  it("treats a repeated idempotency key as a no-op, before and after the job ran", async () => {
    const s = await setup();
    const job = recorder("greet");
    const q = await s.queue(new JobRegistry([job.definition]));
    expect(await q.enqueue("greet", { n: 1 }, { key: "order:1:thanks" })).toEqual({ created: true });
    expect(await q.enqueue("greet", { n: 2 }, { key: "order:1:thanks" })).toEqual({ created: false });
    await q.startProcessing();
    await waitFor(async () => (await q.stats()).completed === 1, 8_000, "completion");
    expect(await q.enqueue("greet", { n: 3 }, { key: "order:1:thanks" })).toEqual({ created: false });
    const batch = [
      { name: "greet", payload: { n: 4 }, options: { key: "order:1:thanks" } },
      { name: "greet", payload: { n: 5 }, options: { key: "order:2:thanks" } },
      { name: "greet", payload: { n: 6 }, options: { key: "order:2:thanks" } },
    ];
    expect(await q.enqueueMany(batch)).toBe(1);
    await waitFor(async () => (await q.stats()).completed === 2, 8_000, "second completion");
    await sleep(200);
    expect(job.runs.map((r) => r.n).sort()).toEqual([1, 5]);
  });

  it("holds a job with runAt until that time", async () => {
    const s = await setup();
    const job = recorder("remind");
    const q = await s.queue(new JobRegistry([job.definition]));
    await q.startProcessing();
    const runAt = new Date(Date.now() + 700);
    await q.enqueue("remind", { n: 1 }, { key: "remind:1", runAt });
    await sleep(200);
    expect(job.runs).toEqual([]);
    expect(await q.stats()).toMatchObject({ delayed: 1, queued: 0 });
    await waitFor(() => job.runs.length === 1, 8_000, "delayed run");
    expect(job.runs[0].at).toBeGreaterThanOrEqual(runAt.getTime() - 20);
  });

  it("retries a failing job with growing delays, then dead-letters it after maxAttempts", async () => {
    const s = await setup();
    const job = recorder("flaky", () => {
      throw new Error("Shopify is down");
    }, { maxAttempts: 3 });
    const q = await s.queue(new JobRegistry([job.definition]));
    await q.startProcessing();
    await q.enqueue("flaky", { n: 1 }, { key: "flaky:1", shop: "anna.myshopify.com" });
    await waitFor(async () => (await q.stats()).dead === 1, 8_000, "dead letter");
    expect(job.runs.map((r) => r.attempt)).toEqual([1, 2, 3]);
    // Backoff for retry k is in [base·2^(k-1)/2, base·2^(k-1)]: 50–100 ms, then 100–200 ms.
    expect(job.runs[1].at - job.runs[0].at).toBeGreaterThanOrEqual(45);
    expect(job.runs[2].at - job.runs[1].at).toBeGreaterThanOrEqual(95);
    const failures = await q.failures(10);
    expect(failures).toEqual([
      expect.objectContaining({ name: "flaky", shop: "anna.myshopify.com", attempts: 3, error: "Shopify is down" }),
    ]);
    expect(failures[0].failedAt).toBeInstanceOf(Date);
    expect(await q.stats()).toMatchObject({ queued: 0, delayed: 0, running: 0, dead: 1 });
  });

  it("dead-letters a PermanentJobError or an invalid payload at once, without retries", async () => {
    const s = await setup();
    const job = recorder("refund", () => {
      throw new PermanentJobError("Order was deleted");
    });
    const q = await s.queue(new JobRegistry([job.definition]));
    await q.startProcessing();
    await q.enqueue("refund", { n: 1 }, { key: "refund:1" });
    await q.enqueue("refund", { wrong: true }, { key: "refund:2" });
    await waitFor(async () => (await q.stats()).dead === 2, 8_000, "dead letters");
    expect(job.runs).toHaveLength(1);
    const failures = await q.failures(10);
    expect(failures.map((f) => f.attempts)).toEqual([1, 1]);
    expect(failures.map((f) => f.error).sort()).toEqual([expect.stringMatching(/^Invalid payload for refund/), "Order was deleted"]);
  });

  it("replays a dead job with retry(), and refuses to retry one that is not dead", async () => {
    const s = await setup();
    let broken = true;
    const job = recorder("sync", () => {
      if (broken) throw new Error("token expired");
    }, { maxAttempts: 2 });
    const q = await s.queue(new JobRegistry([job.definition]));
    await q.startProcessing();
    await q.enqueue("sync", { n: 1 }, { key: "sync:1" });
    await waitFor(async () => (await q.stats()).dead === 1, 8_000, "dead letter");
    const [failure] = await q.failures(1);
    broken = false;
    expect(await q.retry(failure.id)).toBe(true);
    await waitFor(async () => (await q.stats()).completed === 1, 8_000, "replayed completion");
    expect(job.runs.map((r) => r.attempt)).toEqual([1, 2, 1]);
    expect(await q.stats()).toMatchObject({ dead: 0, completed: 1 });
    expect(await q.failures(10)).toEqual([]);
    expect(await q.retry(failure.id)).toBe(false);
    expect(await q.retry("no-such-job")).toBe(false);
  });

  it("cancels a shop's pending jobs on uninstall and drops its jobs that come due later", async () => {
    const s = await setup();
    const gone = new Set<string>();
    const job = recorder("review-request");
    const q = await s.queue(new JobRegistry([job.definition]), { isShopActive: async (shop) => !gone.has(shop) });
    const later = new Date(Date.now() + 60_000);
    await q.enqueue("review-request", { n: 1 }, { key: "a:1", shop: "anna.myshopify.com", runAt: later });
    await q.enqueue("review-request", { n: 2 }, { key: "a:2", shop: "anna.myshopify.com" });
    await q.enqueue("review-request", { n: 3 }, { key: "b:1", shop: "bruno.myshopify.com", runAt: later });
    expect(await q.cancelForShop("anna.myshopify.com")).toBe(2);
    expect(await q.stats()).toMatchObject({ queued: 0, delayed: 1 });

    gone.add("bruno.myshopify.com");
    await q.enqueue("review-request", { n: 4 }, { key: "b:2", shop: "bruno.myshopify.com" });
    await q.enqueue("review-request", { n: 5 }, { key: "c:1", shop: "carla.myshopify.com" });
    await q.startProcessing();
    await waitFor(() => job.runs.length === 1, 8_000, "carla's job");
    await waitFor(async () => {
      const st = await q.stats();
      return st.queued === 0 && st.running === 0;
    }, 8_000, "queue to settle");
    expect(job.runs.map((r) => r.n)).toEqual([5]);
    expect((await q.stats()).dead).toBe(0);
  });

  it("reports waiting, delayed, running, completed and dead counts", async () => {
    const s = await setup();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = recorder("slow", () => gate);
    const bad = recorder("bad", () => {
      throw new PermanentJobError("nope");
    });
    const q = await s.queue(new JobRegistry([slow.definition, bad.definition]), { concurrency: 1 });
    expect(await q.stats()).toEqual({ queued: 0, delayed: 0, running: 0, completed: 0, dead: 0 });
    await q.enqueue("slow", { n: 1 }, { key: "slow:1" });
    await q.enqueue("slow", { n: 2 }, { key: "slow:2" });
    await q.enqueue("bad", { n: 3 }, { key: "bad:1" });
    await q.enqueue("slow", { n: 4 }, { key: "slow:4", runAt: new Date(Date.now() + 60_000) });
    expect(await q.stats()).toEqual({ queued: 3, delayed: 1, running: 0, completed: 0, dead: 0 });
    await q.startProcessing();
    await waitFor(() => slow.runs.length + bad.runs.length === 1, 8_000, "first job to start");
    expect(await q.stats()).toMatchObject({ queued: 2, delayed: 1, running: 1 });
    release();
    await waitFor(async () => {
      const st = await q.stats();
      return st.completed === 2 && st.dead === 1;
    }, 8_000, "completions");
    expect(await q.stats()).toEqual({ queued: 0, delayed: 1, running: 0, completed: 2, dead: 1 });
  });

  it("never runs one job twice when two processes work the same queue", async () => {
    const s = await setup();
    const job = recorder("count", async () => {
      await sleep(3);
    });
    const registry = new JobRegistry([job.definition]);
    const a = await s.queue(registry, { concurrency: 3 });
    const b = await s.queue(registry, { concurrency: 3, ownConnection: true });
    const total = 60;
    await a.enqueueMany(Array.from({ length: total }, (_, n) => ({ name: "count", payload: { n }, options: { key: `count:${n}` } })));
    await Promise.all([a.startProcessing(), b.startProcessing()]);
    await waitFor(async () => (await a.stats()).completed === total, 15_000, "all jobs");
    await sleep(200);
    const byN = new Map<number, number>();
    for (const r of job.runs) byN.set(r.n, (byN.get(r.n) ?? 0) + 1);
    expect(byN.size).toBe(total);
    expect([...byN.values()].every((c) => c === 1)).toBe(true);
  });

  it("picks up a job again when the process that claimed it died mid-run", async () => {
    const s = await setup();
    const job = recorder("export");
    const registry = new JobRegistry([job.definition]);
    if (driver === "embedded") {
      // A process crashed while running this job: its lease ran out and nobody renews it.
      const now = Date.now();
      await s.db.job.create({
        data: {
          id: crypto.randomUUID(),
          name: "export",
          key: "export:1",
          payload: JSON.stringify({ n: 1 }),
          status: "running",
          attempts: 1,
          maxAttempts: 8,
          runAt: new Date(now - 5_000),
          lockedBy: "dead-host:4242:cafe",
          lockedUntil: new Date(now - 1_000),
        },
      });
      const q = new EmbeddedQueue({ db: s.db, registry, clock: systemClock, log: log(), pollMs: 20, backoff });
      cleanups.push(() => q.close());
      await q.startProcessing();
      await waitFor(async () => (await q.stats()).completed === 1, 8_000, "reclaimed job");
      expect(job.runs).toEqual([expect.objectContaining({ n: 1, attempt: 2 })]);
      return;
    }
    const producer = await s.queue(registry);
    await producer.enqueue("export", { n: 1 }, { key: "export:1" });
    // A worker takes the job with a short lock and then vanishes without finishing or renewing it.
    const connection = new Redis(redisUrl!, { maxRetriesPerRequest: null });
    const doomed = new Worker(s.queueName, null, { connection, lockDuration: 300, autorun: false });
    const taken = await doomed.getNextJob("doomed-token");
    expect(taken?.data).toMatchObject({ payload: { n: 1 } });
    await doomed.close(true);
    await connection.quit();
    expect(await producer.stats()).toMatchObject({ running: 1, queued: 0 });
    const rescuer = new BullMQQueue({ redisUrl: redisUrl!, registry, log: log(), backoff, queueName: s.queueName, stalledIntervalMs: 150 });
    cleanups.push(() => rescuer.close());
    await rescuer.startProcessing();
    await waitFor(async () => (await rescuer.stats()).completed === 1, 8_000, "recovered job");
    expect(job.runs).toEqual([expect.objectContaining({ n: 1 })]);
  });
});

describe("BullMQ driver while Redis is unreachable", () => {
  it("fails health checks and enqueues quickly instead of hanging, so the inbox keeps the work", async () => {
    const q = new BullMQQueue({ redisUrl: "redis://127.0.0.1:1", registry: new JobRegistry(), log: log(), queueName: "unreachable" });
    cleanups.push(() => q.close());
    const started = Date.now();
    await expect(q.ping()).rejects.toThrow();
    await expect(q.enqueue("greet", { n: 1 }, { key: "greet:1" })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
