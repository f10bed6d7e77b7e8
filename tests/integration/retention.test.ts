// Old history is deleted on schedule, in clock time: processed and skipped deliveries 30 days after
// receipt, dead ones 30 days after they gave up, finished jobs through the job driver's prune().
// Work still in flight and anything recent is kept. Runs on SQLite and (test:scale) PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "~/platform/clock";
import { createDb, type Db } from "~/platform/db.server";
import { EmbeddedQueue } from "~/platform/jobs/embedded.server";
import { JobRegistry } from "~/platform/jobs/registry.server";
import type { JobQueue } from "~/platform/jobs/types";
import { log } from "~/platform/logger.server";
import { migrate } from "~/platform/migrate.server";
import { pruneHistory } from "~/platform/retention.server";
import { dropDatabase, freshDatabaseUrl } from "../support/app-harness";

let url: string;
let db: Db;
beforeAll(async () => {
  url = await freshDatabaseUrl();
  await migrate(url);
  db = createDb(url);
});
afterAll(async () => {
  await db.$disconnect();
  await dropDatabase(url);
});

describe("pruneHistory", () => {
  it("deletes old processed, skipped and dead deliveries and the driver's old jobs; keeps the rest", async () => {
    const now = new Date("2026-11-25T12:00:00Z");
    const clock = new ManualClock(now);
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
    const delivery = (webhookId: string, status: string, receivedAt: Date, processedAt: Date | null = null) =>
      db.webhookDelivery.create({
        data: {
          webhookId,
          shop: "a.myshopify.com",
          topic: "orders/create",
          apiVersion: "2026-10",
          payload: "{}",
          status,
          receivedAt,
          processedAt,
        },
      });
    await delivery("old-processed", "processed", daysAgo(31), daysAgo(31));
    await delivery("old-skipped", "skipped", daysAgo(31), daysAgo(31));
    await delivery("recent-processed", "processed", daysAgo(2), daysAgo(2));
    // Dead ones age from when they gave up: received long ago, a month to replay from giving up.
    await delivery("dead-long-ago", "dead", daysAgo(45), daysAgo(31));
    await delivery("dead-recently", "dead", daysAgo(45), daysAgo(5));
    // Still in flight, however old: never pruned.
    await delivery("old-retrying", "retrying", daysAgo(40));
    await delivery("old-received", "received", daysAgo(40));
    await delivery("old-queued", "queued", daysAgo(40));

    const job = (key: string, status: string, finishedAt: Date | null) =>
      db.job.create({ data: { id: key, key, name: "x", payload: "{}", shop: "a.myshopify.com", status, runAt: daysAgo(40), finishedAt } });
    await job("completed-8d", "completed", daysAgo(8));
    await job("cancelled-8d", "cancelled", daysAgo(8));
    await job("completed-1d", "completed", daysAgo(1));
    await job("dead-31d", "dead", daysAgo(31));
    await job("dead-20d", "dead", daysAgo(20));
    await job("queued-old", "queued", null);

    const jobs: JobQueue = new EmbeddedQueue({ db, registry: new JobRegistry(), clock, log: log() });
    expect(await pruneHistory(db, clock, jobs)).toEqual({
      deliveries: { processed: 2, dead: 1 },
      jobs: { completed: 2, dead: 1 },
    });
    expect((await db.webhookDelivery.findMany({ orderBy: { webhookId: "asc" } })).map((d) => d.webhookId)).toEqual([
      "dead-recently",
      "old-queued",
      "old-received",
      "old-retrying",
      "recent-processed",
    ]);
    expect((await db.job.findMany({ orderBy: { key: "asc" } })).map((j) => j.key)).toEqual(["completed-1d", "dead-20d", "queued-old"]);

    // A second pass finds nothing; moving the clock on ages the rest.
    expect(await pruneHistory(db, clock, jobs)).toEqual({ deliveries: { processed: 0, dead: 0 }, jobs: { completed: 0, dead: 0 } });
    clock.advance(29 * 86_400_000);
    expect(await pruneHistory(db, clock, jobs)).toEqual({
      deliveries: { processed: 1, dead: 1 },
      jobs: { completed: 1, dead: 1 },
    });
  });

  it("asks whichever job driver is configured to prune, and reports what it removed", async () => {
    let asked = 0;
    const jobs = {
      prune: async () => {
        asked++;
        return { completed: 3, dead: 2 };
      },
    } as unknown as JobQueue;
    const result = await pruneHistory(db, new ManualClock(new Date("2030-01-01T00:00:00Z")), jobs);
    expect(asked).toBe(1);
    expect(result.jobs).toEqual({ completed: 3, dead: 2 });
  });
});
