// Old history is deleted on schedule; failed work and anything recent is kept.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "~/platform/clock";
import { createDb, type Db } from "~/platform/db.server";
import { migrate } from "~/platform/migrate.server";
import { pruneHistory } from "~/platform/retention.server";
import { freshDatabaseUrl } from "../support/app-harness";

let db: Db;
beforeAll(async () => {
  const url = await freshDatabaseUrl();
  await migrate(url);
  db = createDb(url);
});
afterAll(() => db.$disconnect());

describe("pruneHistory", () => {
  it("deletes processed deliveries after 30 days and finished jobs after 7, keeps failures and recent rows", async () => {
    const now = new Date("2026-11-25T12:00:00Z");
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
    const delivery = (webhookId: string, status: string, receivedAt: Date) =>
      db.webhookDelivery.create({ data: { webhookId, shop: "a.myshopify.com", topic: "orders/create", apiVersion: "2026-10", payload: "{}", status, receivedAt } });
    await delivery("old-done", "processed", daysAgo(31));
    await delivery("old-failed", "failed", daysAgo(40));
    await delivery("recent-done", "processed", daysAgo(2));
    const job = (key: string, status: string, finishedAt: Date | null) =>
      db.job.create({ data: { id: key, key, name: "x", payload: "{}", status, runAt: daysAgo(10), finishedAt } });
    await job("old-completed", "completed", daysAgo(8));
    await job("old-dead", "dead", daysAgo(20));
    await job("recent-completed", "completed", daysAgo(1));

    expect(await pruneHistory(db, new ManualClock(now))).toEqual({ deliveries: 1, jobs: 1 });
    expect((await db.webhookDelivery.findMany({ orderBy: { webhookId: "asc" } })).map((d) => d.webhookId)).toEqual(["old-failed", "recent-done"]);
    expect((await db.job.findMany({ orderBy: { key: "asc" } })).map((j) => j.key)).toEqual(["old-dead", "recent-completed"]);
  });
});
