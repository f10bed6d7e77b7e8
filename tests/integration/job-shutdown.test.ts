// Shutting down while a job hangs (a Shopify that stopped answering mid-request): the embedded job
// runner stops waiting after its grace period instead of holding the process, and the job, still
// leased, is taken by the next runner once its lease runs out — nothing is lost, nothing hangs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { systemClock } from "~/platform/clock";
import { createDb, type Db } from "~/platform/db.server";
import { EmbeddedQueue } from "~/platform/jobs/embedded.server";
import { defineJob, JobRegistry } from "~/platform/jobs/registry.server";
import { log } from "~/platform/logger.server";
import { migrate } from "~/platform/migrate.server";
import { dropDatabase, freshDatabaseUrl } from "../support/app-harness";
import { waitForValue } from "../support/wait";

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

describe("the embedded job runner at shutdown", () => {
  it("stops waiting for a job that never finishes, and a later runner takes that job over", async () => {
    let release!: () => void;
    const hanging = new Promise<void>((r) => (release = r));
    const runs: string[] = [];
    const first = new JobRegistry([
      defineJob({
        name: "call-shopify",
        schema: z.object({ n: z.number() }),
        async run() {
          runs.push("first");
          await hanging;
        },
      }),
    ]);
    const q = new EmbeddedQueue({ db, registry: first, clock: systemClock, log: log(), pollMs: 20, leaseMs: 1_000, closeGraceMs: 200 });
    await q.enqueue("call-shopify", { n: 1 }, { key: "hang:1", shop: "anna.myshopify.com" });
    await q.startProcessing();
    await waitForValue(async () => (runs.length ? true : null));
    // Without the grace period this would wait for the hanging job forever.
    await q.close();
    expect(await db.job.findUnique({ where: { key: "hang:1" }, select: { status: true } })).toEqual({ status: "running" });

    const second = new JobRegistry([
      defineJob({ name: "call-shopify", schema: z.object({ n: z.number() }), run: async () => void runs.push("second") }),
    ]);
    const next = new EmbeddedQueue({ db, registry: second, clock: systemClock, log: log(), pollMs: 20, leaseMs: 1_000 });
    await next.startProcessing();
    await waitForValue(async () => ((await db.job.findUnique({ where: { key: "hang:1" } }))?.status === "completed" ? true : null), 10_000);
    expect(runs).toEqual(["first", "second"]);
    await next.close();
    release();
  }, 30_000);
});
