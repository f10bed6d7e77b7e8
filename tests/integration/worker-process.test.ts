// The split deployment: a web process that only stores and enqueues, and a separate worker process
// (`npm run worker`) that runs the jobs and stops cleanly on SIGTERM.
import type { ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../support/app-harness";
import { startWorkerProcess } from "../support/worker-process";
import { orderPayload } from "../support/payloads";

const SHOP = "anna-ceramics.myshopify.com";
let h: Harness | undefined;
let child: ChildProcess | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  child = undefined;
  await h?.stop();
  h = undefined;
});

describe("separate worker process", () => {
  it("processes the webhooks a web-only process stored, then exits cleanly on SIGTERM", async () => {
    h = await startHarness({ background: "none" });
    const res = await h.sendWebhook("orders/create", SHOP, orderPayload());
    expect(res.status).toBe(200);
    // The web process only stores: the delivery waits for a worker.
    expect((await h.runtime.db.webhookDelivery.findUniqueOrThrow({ where: { webhookId: res.webhookId } })).status).toBe("received");
    expect(await h.runtime.db.order.count()).toBe(0);

    child = await startWorkerProcess(h.databaseUrl);
    await h.drain(15_000);
    expect(await h.runtime.db.order.count({ where: { shop: SHOP } })).toBe(1);

    const exited = new Promise<number | null>((r) => child!.once("exit", (code) => r(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
