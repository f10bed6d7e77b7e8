// The job layer's contract, run against whichever driver the environment selects: the embedded
// database runner by default, BullMQ when TEST_REDIS_URL is set (npm run test:scale). Both must
// behave the same way, including under a clock that is far from real time and jumps (the demo's
// fast-forward): every test runs on a clock 30 days ahead of the machine's.
import crypto from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Worker } from "bullmq";
import { Redis } from "ioredis";
import { z } from "zod";
import { OffsetClock, systemClock } from "~/platform/clock";
import { createDb, type Db } from "~/platform/db.server";
import type { BackoffPolicy } from "~/platform/jobs/backoff";
import { BullMQQueue } from "~/platform/jobs/bullmq.server";
import { EmbeddedQueue } from "~/platform/jobs/embedded.server";
import { createQueue } from "~/platform/jobs/index.server";
import { defineJob, JobRegistry } from "~/platform/jobs/registry.server";
import {
  PermanentJobError,
  type JobAttemptFailure,
  type JobContext,
  type JobDefinition,
  type JobQueue,
  type QueueStats,
} from "~/platform/jobs/types";
import { log } from "~/platform/logger.server";
import { migrate } from "~/platform/migrate.server";
import { DAY_MS } from "~/platform/retention";
import { dropDatabase, freshDatabaseUrl } from "../support/app-harness";

const redisUrl = process.env.TEST_REDIS_URL;
const driver = redisUrl ? "bullmq" : "embedded";
const backoff = { baseMs: 100, maxMs: 400 };
const HOUR_MS = 60 * 60_000;
const A = "anna.myshopify.com";
const B = "bruno.myshopify.com";
const C = "carla.myshopify.com";
const none: QueueStats = { queued: 0, delayed: 0, retrying: 0, running: 0, completed: 0, dead: 0 };

interface QueueOptions {
  concurrency?: number;
  isShopActive?: (shop: string) => Promise<boolean>;
  ownConnection?: boolean;
  backoff?: BackoffPolicy;
}

interface Setup {
  db: Db;
  queueName: string;
  /** Real time + 30 days; tests move it on with `advance`. */
  clock: OffsetClock;
  /** A queue on the shared database / Redis queue; each call is another "process". */
  queue(registry: JobRegistry, o?: QueueOptions): Promise<JobQueue>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

// One database for the file (creating and migrating one per test would be most of its run time);
// each test starts from an empty job table and its own Redis queue.
let databaseUrl: string;
let db: Db;
beforeAll(async () => {
  databaseUrl = await freshDatabaseUrl();
  await migrate(databaseUrl);
  db = createDb(databaseUrl);
});
afterAll(async () => {
  await db.$disconnect();
  await dropDatabase(databaseUrl);
});

async function setup(): Promise<Setup> {
  await db.job.deleteMany();
  const queueName = `jobs-test-${crypto.randomUUID().slice(0, 8)}`;
  const clock = new OffsetClock(30 * DAY_MS);
  if (redisUrl) cleanups.push(() => deleteQueueKeys(queueName));
  return {
    db,
    queueName,
    clock,
    async queue(registry, o = {}) {
      // Another process has its own connection. Not for SQLite inside one test process: its
      // queries run synchronously, so one connection waiting on a lock would freeze the other's commit.
      const own = o.ownConnection && !databaseUrl.startsWith("file:") ? createDb(databaseUrl) : undefined;
      if (own) cleanups.push(() => own.$disconnect());
      const q = await createQueue({
        db: own ?? db,
        registry,
        clock,
        log: log(),
        redisUrl,
        concurrency: o.concurrency ?? 4,
        backoff: o.backoff ?? backoff,
        pollMs: 20,
        queueName,
        isShopActive: o.isShopActive,
      });
      cleanups.push(() => q.close());
      return q;
    },
  };
}

/** Every key of the queue: BullMQ's and the driver's own indexes. */
async function deleteQueueKeys(queueName: string) {
  const connection = new Redis(redisUrl!, { maxRetriesPerRequest: null });
  let cursor = "0";
  do {
    const [next, keys] = await connection.scan(cursor, "MATCH", `bull:${queueName}:*`, "COUNT", 1000);
    cursor = next;
    if (keys.length) await connection.del(...keys);
  } while (cursor !== "0");
  await connection.quit();
}

interface Run {
  n: number;
  attempt: number;
  maxAttempts: number;
  jobId: string;
  /** Real time the run started. */
  at: number;
  /** Clock time the run started. */
  clockAt: number;
}

interface Notice extends JobAttemptFailure {
  payload: unknown;
  /** Clock time the job was told. */
  clockAt: number;
}

/** A job that records each run and each failure notice; `behave` decides per run whether it succeeds. */
function recorder(
  name: string,
  clock: OffsetClock,
  behave: (payload: { n: number }, ctx: JobContext) => Promise<void> | void = () => {},
  extra: Partial<JobDefinition<{ n: number }>> = {},
) {
  const runs: Run[] = [];
  const notices: Notice[] = [];
  const definition = defineJob({
    name,
    schema: z.object({ n: z.number() }),
    async onFailure(payload, failure) {
      notices.push({ ...failure, payload, clockAt: clock.now().getTime() });
    },
    ...extra,
    async run(payload, ctx) {
      runs.push({
        n: payload.n,
        attempt: ctx.attempt,
        maxAttempts: ctx.maxAttempts,
        jobId: ctx.jobId,
        at: Date.now(),
        clockAt: clock.now().getTime(),
      });
      await behave(payload, ctx);
    },
  });
  return { runs, notices, definition };
}

async function waitFor(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 8_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until the shop's stats match `expected` (every other count zero), and returns them. */
async function waitForStats(q: JobQueue, shop: string, expected: Partial<QueueStats>, what: string) {
  const want = { ...none, ...expected };
  let last: QueueStats | undefined;
  await waitFor(
    async () => {
      last = await q.stats(shop);
      return JSON.stringify(last) === JSON.stringify(want);
    },
    `${what} (last stats: ${JSON.stringify(last)})`,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; last stats ${JSON.stringify(last)}`);
  });
  return last!;
}

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open };
}

describe(`job queue contract (${driver} driver)`, () => {
  it("runs an enqueued job once, on its first attempt", async () => {
    const s = await setup();
    const job = recorder("greet", s.clock);
    const q = await s.queue(new JobRegistry([job.definition]));
    expect(q.driver).toBe(driver);
    await q.ping();
    expect(await q.enqueue("greet", { n: 1 }, { key: `${A}:greet:1`, shop: A })).toEqual({ created: true });
    await q.startProcessing();
    await waitForStats(q, A, { completed: 1 }, "completion");
    expect(job.runs).toEqual([expect.objectContaining({ n: 1, attempt: 1, maxAttempts: 8 })]);
    expect(job.notices).toEqual([]);
  });

  it("treats a repeated idempotency key as a no-op, before and after the job ran", async () => {
    const s = await setup();
    const job = recorder("greet", s.clock);
    const q = await s.queue(new JobRegistry([job.definition]));
    const key = `${A}:order:1:thanks`;
    expect(await q.enqueue("greet", { n: 1 }, { key, shop: A })).toEqual({ created: true });
    expect(await q.enqueue("greet", { n: 2 }, { key, shop: A })).toEqual({ created: false });
    await q.startProcessing();
    await waitForStats(q, A, { completed: 1 }, "completion");
    expect(await q.enqueue("greet", { n: 3 }, { key, shop: A })).toEqual({ created: false });
    const batch = [
      { name: "greet", payload: { n: 4 }, options: { key, shop: A } },
      { name: "greet", payload: { n: 5 }, options: { key: `${A}:order:2:thanks`, shop: A } },
      { name: "greet", payload: { n: 6 }, options: { key: `${A}:order:2:thanks`, shop: A } },
    ];
    expect(await q.enqueueMany(batch)).toBe(1);
    // Settled at exactly two finished jobs: a duplicate would be a third job somewhere.
    await waitForStats(q, A, { completed: 2 }, "second completion");
    expect(job.runs.map((r) => r.n).sort()).toEqual([1, 5]);
  });

  it("holds a job until its runAt in clock time, however far the clock is from real time", async () => {
    const s = await setup();
    const job = recorder("remind", s.clock);
    const q = await s.queue(new JobRegistry([job.definition]));
    await q.startProcessing();
    const enqueuedAt = Date.now();
    const runAt = new Date(s.clock.now().getTime() + 500);
    await q.enqueue("remind", { n: 1 }, { key: `${A}:remind:1`, shop: A, runAt });
    expect(await q.stats(A)).toEqual({ ...none, delayed: 1 });
    await waitFor(() => job.runs.length === 1, "the delayed run");
    expect(job.runs[0].clockAt).toBeGreaterThanOrEqual(runAt.getTime() - 5);
    expect(job.runs[0].at - enqueuedAt).toBeGreaterThanOrEqual(480);
    expect(job.runs[0].at - enqueuedAt).toBeLessThan(2_500);
    await waitForStats(q, A, { completed: 1 }, "completion");
  });

  it("brings scheduled work forward when the clock jumps, and nothing that is not yet due", async () => {
    const s = await setup();
    const job = recorder("remind", s.clock);
    const q = await s.queue(new JobRegistry([job.definition]));
    await q.startProcessing();
    const now = s.clock.now().getTime();
    await q.enqueue("remind", { n: 1 }, { key: `${A}:remind:1`, shop: A, runAt: new Date(now + HOUR_MS) });
    await q.enqueue("remind", { n: 2 }, { key: `${A}:remind:2`, shop: A, runAt: new Date(now + 3 * HOUR_MS) });
    expect(await q.stats(A)).toEqual({ ...none, delayed: 2 });

    const jumpedAt = Date.now();
    s.clock.advance(HOUR_MS);
    await waitForStats(q, A, { delayed: 1, completed: 1 }, "the first reminder");
    expect(Date.now() - jumpedAt).toBeLessThan(2_000);
    expect(job.runs.map((r) => r.n)).toEqual([1]);
    expect(job.runs[0].clockAt).toBeGreaterThanOrEqual(now + HOUR_MS);

    s.clock.advance(2 * HOUR_MS);
    await waitForStats(q, A, { completed: 2 }, "the second reminder");
    expect(job.runs.map((r) => r.n)).toEqual([1, 2]);
    expect(job.runs[1].clockAt).toBeGreaterThanOrEqual(now + 3 * HOUR_MS);
  });

  it("retries with backoff in clock time, tells the job when the next attempt runs, then dead-letters it", async () => {
    const s = await setup();
    const longError = `Shopify is down ${"x".repeat(5_000)}`;
    const job = recorder(
      "flaky",
      s.clock,
      () => {
        throw new Error(longError);
      },
      { maxAttempts: 3 },
    );
    const q = await s.queue(new JobRegistry([job.definition]));
    await q.startProcessing();
    await q.enqueue("flaky", { n: 1 }, { key: `${A}:flaky:1`, shop: A });
    await waitForStats(q, A, { dead: 1 }, "dead letter");
    expect(job.runs.map((r) => r.attempt)).toEqual([1, 2, 3]);
    expect(job.runs.every((r) => r.maxAttempts === 3)).toBe(true);
    expect(job.notices.map((n) => n.attempt)).toEqual([1, 2, 3]);
    // Retry k waits base·2^(k-1)·[½, 1] of clock time: 50–100 ms, then 100–200 ms; each notice's
    // retryAt is when the next attempt really started (polling and promotion add a little).
    const [first, second, last] = job.notices;
    for (const [notice, ran, next, [min, max]] of [
      [first, job.runs[0], job.runs[1], [50, 100]],
      [second, job.runs[1], job.runs[2], [100, 200]],
    ] as const) {
      const retryAt = notice.retryAt!.getTime();
      expect(retryAt - ran.clockAt).toBeGreaterThanOrEqual(min);
      expect(retryAt - ran.clockAt).toBeLessThanOrEqual(max + 30);
      expect(next.clockAt).toBeGreaterThanOrEqual(retryAt - 5);
      expect(next.clockAt - retryAt).toBeLessThan(150);
    }
    expect(last.retryAt).toBeNull();
    for (const n of job.notices) {
      expect(n.error.length).toBeLessThanOrEqual(1_000);
      expect(n.error).toMatch(/^Shopify is down x+/);
    }
    const failures = await q.failures(A, 10);
    expect(failures).toEqual([expect.objectContaining({ name: "flaky", shop: A, attempts: 3 })]);
    expect(failures[0].error!.length).toBeLessThanOrEqual(1_000);
    expect(failures[0].error).toMatch(/^Shopify is down x+/);
    // When it died, in clock time (30 days ahead of the machine).
    expect(Math.abs(failures[0].failedAt!.getTime() - s.clock.now().getTime())).toBeLessThan(5_000);
  });

  it("dead-letters a PermanentJobError or an invalid payload at once, and tells the job it is dead", async () => {
    const s = await setup();
    const job = recorder("refund", s.clock, () => {
      throw new PermanentJobError("Order was deleted");
    });
    const q = await s.queue(new JobRegistry([job.definition]));
    await q.startProcessing();
    await q.enqueue("refund", { n: 1 }, { key: `${A}:refund:1`, shop: A });
    await q.enqueue("refund", { wrong: true }, { key: `${A}:refund:2`, shop: A });
    await waitForStats(q, A, { dead: 2 }, "dead letters");
    expect(job.runs).toHaveLength(1);
    const failures = await q.failures(A, 10);
    expect(failures.map((f) => f.attempts)).toEqual([1, 1]);
    expect(failures.map((f) => f.error).sort()).toEqual([expect.stringMatching(/^Invalid payload for refund/), "Order was deleted"]);
    expect(
      job.notices
        .map((n) => ({ attempt: n.attempt, retryAt: n.retryAt, payload: n.payload }))
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    ).toEqual([
      { attempt: 1, retryAt: null, payload: { n: 1 } },
      { attempt: 1, retryAt: null, payload: { wrong: true } },
    ]);
  });

  it("keeps its decision when the job's onFailure throws", async () => {
    const s = await setup();
    let told = 0;
    const job = recorder(
      "sync",
      s.clock,
      (_p, ctx) => {
        if (ctx.attempt === 1) throw new Error("token expired");
      },
      {
        async onFailure() {
          told++;
          throw new Error("the notice itself failed");
        },
      },
    );
    const q = await s.queue(new JobRegistry([job.definition]));
    await q.startProcessing();
    await q.enqueue("sync", { n: 1 }, { key: `${A}:sync:1`, shop: A });
    await waitForStats(q, A, { completed: 1 }, "completion on the retry");
    expect(job.runs.map((r) => r.attempt)).toEqual([1, 2]);
    expect(told).toBe(1);
  });

  it("replays a dead job once with retry(), and answers not_dead / not_found otherwise", async () => {
    const s = await setup();
    let broken = true;
    const job = recorder(
      "sync",
      s.clock,
      () => {
        if (broken) throw new Error("token expired");
      },
      { maxAttempts: 2 },
    );
    const q = await s.queue(new JobRegistry([job.definition]));
    await q.startProcessing();
    await q.enqueue("sync", { n: 1 }, { key: `${A}:sync:1`, shop: A });
    await waitForStats(q, A, { dead: 1 }, "dead letter");
    const [failure] = await q.failures(A, 1);
    broken = false;
    expect(await q.retry(A, failure.id)).toBe("retried");
    expect(await q.retry(A, failure.id)).toBe("not_dead");
    await waitForStats(q, A, { completed: 1 }, "replayed completion");
    expect(job.runs.map((r) => r.attempt)).toEqual([1, 2, 1]);
    expect(await q.failures(A, 10)).toEqual([]);
    expect(await q.retry(A, failure.id)).toBe("not_dead");
    expect(await q.retry(A, "no-such-job")).toBe("not_found");
  });

  it("keeps shops apart: counts, failures and retry see only the caller's own jobs", async () => {
    const s = await setup();
    // Both shops run the same job with the same kind of keys; n ≥ 1000 fails for good.
    const job = recorder("sync", s.clock, ({ n }) => {
      if (n >= 1000) throw new PermanentJobError(`order ${n} is gone`);
    });
    const q = await s.queue(new JobRegistry([job.definition]), { concurrency: 8 });
    const later = new Date(s.clock.now().getTime() + HOUR_MS);
    const sync = (shop: string, order: number, n: number, runAt?: Date) => ({
      name: "sync",
      payload: { n },
      options: { key: `${shop}:order:${order}:sync`, shop, runAt },
    });
    expect(await q.enqueueMany([sync(A, 1, 1), sync(A, 2, 1000), sync(A, 3, 2, later)])).toBe(3);
    const bDead = 205;
    expect(
      await q.enqueueMany([
        sync(B, 1, 1),
        ...Array.from({ length: bDead }, (_, i) => sync(B, 100 + i, 1000 + i)),
        sync(B, 3, 2, later),
        sync(B, 4, 3, later),
      ]),
    ).toBe(bDead + 3);
    // A key another shop already holds stays that shop's job.
    expect(await q.enqueue("sync", { n: 9 }, { key: `${A}:order:1:sync`, shop: B })).toEqual({ created: false });
    await q.enqueue("sync", { n: 4 }, { key: "no-shop:sync" });
    await q.startProcessing();
    await waitForStats(q, B, { delayed: 2, completed: 1, dead: bDead }, "shop B's jobs");
    await waitForStats(q, A, { delayed: 1, completed: 1, dead: 1 }, "shop A's jobs");
    await waitFor(async () => (await q.totals()).completed === 3, "the job of no shop");
    expect(await q.totals()).toEqual({ ...none, delayed: 3, completed: 3, dead: bDead + 1 });

    const aFailures = await q.failures(A, 500);
    expect(aFailures).toEqual([expect.objectContaining({ shop: A, name: "sync", attempts: 1, error: "order 1000 is gone" })]);
    const bFailures = await q.failures(B, 300);
    expect(bFailures).toHaveLength(bDead);
    expect(bFailures.every((f) => f.shop === B && /^order 1\d\d\d is gone$/.test(f.error ?? ""))).toBe(true);
    const newest = await q.failures(B, 10);
    expect(newest).toHaveLength(10);
    const times = newest.map((f) => f.failedAt!.getTime());
    expect(times).toEqual([...times].sort((x, y) => y - x));

    const bJob = bFailures[0];
    expect(await q.retry(A, bJob.id)).toBe("not_found");
    expect(await q.retry(B, aFailures[0].id)).toBe("not_found");
    expect(await q.retry(C, aFailures[0].id)).toBe("not_found");
    expect((await q.stats(B)).dead).toBe(bDead);
    expect((await q.failures(B, 300)).map((f) => f.id)).toContain(bJob.id);
    expect(await q.stats(A)).toEqual({ ...none, delayed: 1, completed: 1, dead: 1 });
  });

  it("cancels a shop's pending jobs on uninstall and drops its jobs that come due later, as cancelled", async () => {
    const s = await setup();
    const gone = new Set<string>();
    const job = recorder("review-request", s.clock);
    const q = await s.queue(new JobRegistry([job.definition]), { isShopActive: async (shop) => !gone.has(shop) });
    const later = new Date(s.clock.now().getTime() + HOUR_MS);
    await q.enqueue("review-request", { n: 1 }, { key: "a:1", shop: A, runAt: later });
    await q.enqueue("review-request", { n: 2 }, { key: "a:2", shop: A });
    await q.enqueue("review-request", { n: 3 }, { key: "b:1", shop: B, runAt: later });
    expect(await q.cancelForShop(A)).toBe(2);
    expect(await q.stats(A)).toEqual(none);
    expect(await q.stats(B)).toEqual({ ...none, delayed: 1 });
    // A cancelled job keeps its key while it is retained, as a finished one does.
    expect(await q.enqueue("review-request", { n: 2 }, { key: "a:2", shop: A })).toEqual({ created: false });

    gone.add(B);
    await q.enqueue("review-request", { n: 4 }, { key: "b:2", shop: B });
    await q.enqueue("review-request", { n: 5 }, { key: "c:1", shop: C });
    await q.startProcessing();
    await waitForStats(q, C, { completed: 1 }, "carla's job");
    await waitForStats(q, B, { delayed: 1 }, "bruno's due job to be dropped");
    s.clock.advance(HOUR_MS);
    await waitForStats(q, B, {}, "bruno's later job to be dropped");
    await waitForStats(q, A, {}, "anna's cancelled jobs to stay out of the counts");
    expect(job.runs.map((r) => r.n)).toEqual([5]);
  });

  it("counts a shop's queued, delayed, retrying, running, completed and dead jobs; a clock jump brings a retry forward", async () => {
    const s = await setup();
    const slowGate = gate();
    const slow = recorder("slow", s.clock, () => slowGate.opened);
    const bad = recorder("bad", s.clock, () => {
      throw new PermanentJobError("nope");
    });
    const once = recorder("once", s.clock, (_p, ctx) => {
      if (ctx.attempt === 1) throw new Error("try again in a while");
    });
    const q = await s.queue(new JobRegistry([slow.definition, bad.definition, once.definition]), {
      concurrency: 1,
      backoff: { baseMs: HOUR_MS, maxMs: HOUR_MS },
    });
    expect(await q.stats(A)).toEqual(none);
    await q.enqueue("once", { n: 5 }, { key: "once:5", shop: A });
    expect(await q.stats(A)).toEqual({ ...none, queued: 1 });
    await q.startProcessing();
    await waitForStats(q, A, { retrying: 1 }, "the first failure");
    const retryAt = once.notices[0].retryAt!.getTime();
    expect(retryAt - once.runs[0].clockAt).toBeGreaterThanOrEqual(HOUR_MS / 2);

    await q.enqueue("slow", { n: 1 }, { key: "slow:1", shop: A });
    await waitFor(() => slow.runs.length === 1, "the first slow job to start");
    await q.enqueue("slow", { n: 2 }, { key: "slow:2", shop: A });
    await q.enqueue("bad", { n: 3 }, { key: "bad:3", shop: A });
    await q.enqueue("slow", { n: 4 }, { key: "slow:4", shop: A, runAt: new Date(s.clock.now().getTime() + DAY_MS) });
    expect(await q.stats(A)).toEqual({ queued: 2, delayed: 1, retrying: 1, running: 1, completed: 0, dead: 0 });
    slowGate.open();
    await waitForStats(q, A, { delayed: 1, retrying: 1, completed: 2, dead: 1 }, "the backlog");

    const jumpedAt = Date.now();
    s.clock.advance(HOUR_MS);
    await waitForStats(q, A, { delayed: 1, completed: 3, dead: 1 }, "the retry");
    expect(Date.now() - jumpedAt).toBeLessThan(2_000);
    expect(once.runs.map((r) => r.attempt)).toEqual([1, 2]);
    expect(once.runs[1].clockAt).toBeGreaterThanOrEqual(retryAt);
    expect(await q.totals()).toEqual({ ...none, delayed: 1, completed: 3, dead: 1 });
  });

  it("never runs one job twice when two processes work the same queue", async () => {
    const s = await setup();
    const job = recorder("count", s.clock, async () => {
      await new Promise((r) => setTimeout(r, 3));
    });
    const registry = new JobRegistry([job.definition]);
    const a = await s.queue(registry, { concurrency: 3 });
    const b = await s.queue(registry, { concurrency: 3, ownConnection: true });
    const total = 60;
    await a.enqueueMany(
      Array.from({ length: total }, (_, n) => ({ name: "count", payload: { n }, options: { key: `count:${n}`, shop: A } })),
    );
    await Promise.all([a.startProcessing(), b.startProcessing()]);
    await waitForStats(a, A, { completed: total }, "all jobs");
    const byN = new Map<number, number>();
    for (const r of job.runs) byN.set(r.n, (byN.get(r.n) ?? 0) + 1);
    expect(byN.size).toBe(total);
    expect([...byN.values()].every((c) => c === 1)).toBe(true);
  });

  it("does not let a clock jump hand a running job to a second process", async () => {
    const s = await setup();
    const running = gate();
    const long = recorder("long", s.clock, () => running.opened);
    const marker = recorder("marker", s.clock);
    const registry = new JobRegistry([long.definition, marker.definition]);
    const a = await s.queue(registry, { concurrency: 1 });
    await a.enqueue("long", { n: 1 }, { key: "long:1", shop: A });
    await a.startProcessing();
    await waitFor(() => long.runs.length === 1, "the long job to start");
    const b = await s.queue(registry, { ownConnection: true });
    await b.startProcessing();
    s.clock.advance(3 * DAY_MS);
    // Process A is busy, so B runs the marker, and has looked for work after the jump.
    await b.enqueue("marker", { n: 2 }, { key: "marker:2", shop: A });
    await waitFor(() => marker.runs.length === 1, "the marker job");
    expect(await a.stats(A)).toEqual({ ...none, running: 1, completed: 1 });
    running.open();
    await waitForStats(a, A, { completed: 2 }, "the long job");
    expect(long.runs).toHaveLength(1);
  });

  it("picks up a job again when the process that claimed it died mid-run", async () => {
    const s = await setup();
    const job = recorder("export", s.clock);
    const registry = new JobRegistry([job.definition]);
    if (driver === "embedded") {
      // A process crashed while running this job: its lease (real time) ran out and nobody renews it.
      await s.db.job.create({
        data: {
          id: crypto.randomUUID(),
          name: "export",
          key: "export:1",
          payload: JSON.stringify({ n: 1 }),
          shop: A,
          status: "running",
          attempts: 1,
          maxAttempts: 8,
          runAt: new Date(s.clock.now().getTime() - 5_000),
          lockedBy: "dead-host:4242:cafe",
          lockedUntil: new Date(Date.now() - 1_000),
        },
      });
      const q = new EmbeddedQueue({ db: s.db, registry, clock: s.clock, log: log(), pollMs: 20, backoff });
      cleanups.push(() => q.close());
      await q.startProcessing();
      await waitForStats(q, A, { completed: 1 }, "reclaimed job");
      expect(job.runs).toEqual([expect.objectContaining({ n: 1, attempt: 2 })]);
      return;
    }
    const producer = await s.queue(registry);
    await producer.enqueue("export", { n: 1 }, { key: "export:1", shop: A });
    // A worker takes the job with a short lock and then vanishes without finishing or renewing it.
    const connection = new Redis(redisUrl!, { maxRetriesPerRequest: null });
    const doomed = new Worker(s.queueName, null, { connection, lockDuration: 300, autorun: false });
    const taken = await doomed.getNextJob("doomed-token");
    expect(taken?.data).toMatchObject({ payload: { n: 1 } });
    await doomed.close(true);
    await connection.quit();
    expect(await producer.stats(A)).toMatchObject({ running: 1, queued: 0 });
    const rescuer = new BullMQQueue({
      redisUrl: redisUrl!,
      registry,
      clock: s.clock,
      log: log(),
      backoff,
      queueName: s.queueName,
      stalledIntervalMs: 150,
    });
    cleanups.push(() => rescuer.close());
    await rescuer.startProcessing();
    await waitForStats(rescuer, A, { completed: 1 }, "recovered job");
    expect(job.runs).toEqual([expect.objectContaining({ n: 1 })]);
  });

  it("prunes by clock time: finished jobs after 7 days, dead ones after 30; a key dedupes while its job is kept", async () => {
    const s = await setup();
    const job = recorder("sync", s.clock, ({ n }) => {
      if (n < 0) throw new PermanentJobError("gone");
    });
    const q = await s.queue(new JobRegistry([job.definition]));
    await q.enqueue("sync", { n: 1 }, { key: "done:1", shop: A });
    await q.enqueue("sync", { n: -1 }, { key: "dead:1", shop: A });
    await q.enqueue("sync", { n: 2 }, { key: "cancelled:1", shop: C, runAt: new Date(s.clock.now().getTime() + HOUR_MS) });
    expect(await q.cancelForShop(C)).toBe(1);
    await q.startProcessing();
    await waitForStats(q, A, { completed: 1, dead: 1 }, "the jobs to finish");
    await waitFor(async () => {
      const t = await q.totals();
      return t.queued === 0 && t.running === 0;
    }, "the cancelled job to be filed");

    expect(await q.prune()).toEqual({ completed: 0, dead: 0 });
    s.clock.advance(6 * DAY_MS);
    expect(await q.prune()).toEqual({ completed: 0, dead: 0 });
    expect(await q.enqueue("sync", { n: 3 }, { key: "done:1", shop: A })).toEqual({ created: false });
    expect(await q.enqueue("sync", { n: 3 }, { key: "cancelled:1", shop: C })).toEqual({ created: false });

    s.clock.advance(2 * DAY_MS);
    expect(await q.prune()).toEqual({ completed: 2, dead: 0 });
    expect(await q.stats(A)).toEqual({ ...none, dead: 1 });
    expect(await q.failures(A, 10)).toHaveLength(1);
    expect(await q.enqueue("sync", { n: 4 }, { key: "done:1", shop: A })).toEqual({ created: true });
    await waitForStats(q, A, { completed: 1, dead: 1 }, "the key's new job");

    s.clock.advance(23 * DAY_MS);
    expect(await q.prune()).toEqual({ completed: 1, dead: 1 });
    expect(await q.stats(A)).toEqual(none);
    expect(await q.failures(A, 10)).toEqual([]);
    expect(job.runs.map((r) => r.n)).toEqual([1, -1, 4]);
  });

  it("purges every job of a shop in every state, running ones as soon as they stop, and no other shop's", async () => {
    const s = await setup();
    const running = gate();
    const job = recorder("sync", s.clock, async ({ n }) => {
      if (n < 0) throw new PermanentJobError("gone");
      if (n === 99) await running.opened;
    });
    const q = await s.queue(new JobRegistry([job.definition]));
    const later = new Date(s.clock.now().getTime() + HOUR_MS);
    const keys = ["a:done", "a:dead", "a:later", "a:running"];
    await q.enqueueMany([
      { name: "sync", payload: { n: 1 }, options: { key: keys[0], shop: A } },
      { name: "sync", payload: { n: -1 }, options: { key: keys[1], shop: A } },
      { name: "sync", payload: { n: 2 }, options: { key: keys[2], shop: A, runAt: later } },
      { name: "sync", payload: { n: 3 }, options: { key: "b:done", shop: B } },
      { name: "sync", payload: { n: 4 }, options: { key: "b:later", shop: B, runAt: later } },
    ]);
    await q.startProcessing();
    await waitForStats(q, A, { delayed: 1, completed: 1, dead: 1 }, "anna's jobs");
    await q.enqueue("sync", { n: 99 }, { key: keys[3], shop: A });
    await waitFor(() => job.runs.some((r) => r.n === 99), "the running job");

    expect(await q.purgeShop(A)).toBe(4);
    expect(await q.failures(A, 10)).toEqual([]);
    running.open();
    await waitForStats(q, A, {}, "nothing left of anna");
    // The keys are free again: nothing of the shop is retained.
    await waitFor(async () => (await q.enqueue("sync", { n: 5 }, { key: keys[3], shop: A })).created, "the running job's key");
    expect(
      await q.enqueueMany(keys.slice(0, 3).map((key) => ({ name: "sync", payload: { n: 6 }, options: { key, shop: A, runAt: later } }))),
    ).toBe(3);
    expect(await q.stats(B)).toEqual({ ...none, delayed: 1, completed: 1 });
    expect(await q.purgeShop(C)).toBe(0);
  });
});

describe("BullMQ driver while Redis is unreachable", () => {
  it("fails health checks and enqueues quickly instead of hanging, so the inbox keeps the work", async () => {
    const q = new BullMQQueue({
      redisUrl: "redis://127.0.0.1:1",
      registry: new JobRegistry(),
      clock: systemClock,
      log: log(),
      queueName: "unreachable",
    });
    cleanups.push(() => q.close());
    const started = Date.now();
    await expect(q.ping()).rejects.toThrow();
    await expect(q.enqueue("greet", { n: 1 }, { key: "greet:1" })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
