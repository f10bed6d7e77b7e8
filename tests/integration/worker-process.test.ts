// The split deployment: a web process that only stores and enqueues, and a separate worker process
// (`npm run worker`) that runs the jobs and stops cleanly on SIGTERM.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { queueNameFor, startHarness, TEST_SECRET, type Harness } from "../support/app-harness";
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

function startWorker(databaseUrl: string): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ["--import", "tsx", path.resolve("tests/support/worker-child.ts")], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      SHOPIFY_API_SECRET: TEST_SECRET,
      PROCESS_ROLE: "worker",
      TEST_QUEUE_NAME: queueNameFor(databaseUrl),
      ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL } : {}),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("worker ready")) resolve(proc);
    };
    proc.stdout!.on("data", onData);
    proc.stderr!.on("data", onData);
    proc.once("exit", (code) => reject(new Error(`worker exited with ${code}:\n${output}`)));
  });
}

describe("separate worker process", () => {
  it("processes the webhooks a web-only process stored, then exits cleanly on SIGTERM", async () => {
    h = await startHarness({ background: "none" });
    const res = await h.sendWebhook("orders/create", SHOP, orderPayload());
    expect(res.status).toBe(200);
    // The web process only stores: the delivery waits for a worker.
    expect((await h.runtime.db.webhookDelivery.findUniqueOrThrow({ where: { webhookId: res.webhookId } })).status).toBe("received");
    expect(await h.runtime.db.order.count()).toBe(0);

    child = await startWorker(h.databaseUrl);
    await h.drain(15_000);
    expect(await h.runtime.db.order.count({ where: { shop: SHOP } })).toBe(1);

    const exited = new Promise<number | null>((r) => child!.once("exit", (code) => r(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
