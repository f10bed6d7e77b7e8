// `npm start` on the embedded default: jobs and the inbox relay run in a worker thread with their
// own database connections, so the thread that answers webhooks keeps answering while a backlog is
// being processed, /healthz says how the background thread is doing, and nothing is lost.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createClient, type Client } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "~/platform/migrate.server";
import { signWebhookBody } from "~/webhooks/hmac";
import { ensureBuilt, startAppProcess, type AppProcess } from "../support/app-process";
import { nextId, orderPayload } from "../support/payloads";
import { freePort } from "../support/stack";
import { waitFor } from "../support/wait";

const SECRET = "background-secret";
const SHOP = "backlog-shop.myshopify.com";
const BACKLOG = 12_000;
const SENT = 400;
let app: AppProcess;
let db: Client;
let dir: string;
let url: string;

async function count(where: string): Promise<number> {
  const { rows } = await db.execute(`SELECT COUNT(*) AS n FROM "WebhookDelivery" WHERE ${where}`);
  return Number(rows[0].n);
}

beforeAll(async () => {
  await ensureBuilt();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "aftercare-background-"));
  const file = path.join(dir, "app.sqlite");
  await migrate(`file:${file}`);
  db = createClient({ url: `file:${file}` });
  // A backlog stored before start: the background thread has plenty to do while webhooks arrive.
  const now = new Date().toISOString().replace("Z", "+00:00");
  const rows = Array.from({ length: BACKLOG }, () => {
    const id = nextId();
    return {
      sql: `INSERT INTO "WebhookDelivery" ("webhookId", "shop", "topic", "apiVersion", "payload", "status", "receivedAt", "attempts") VALUES (?, ?, 'orders/create', '2026-10', ?, 'received', ?, 0)`,
      args: [`backlog-${id}`, SHOP, JSON.stringify(orderPayload({ id })), now],
    };
  });
  await db.batch(rows, "write");
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  app = startAppProcess({
    logFile: path.join(dir, "app.log"),
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      SHOPIFY_API_KEY: "background-key",
      SHOPIFY_API_SECRET: SECRET,
      SHOPIFY_APP_URL: url,
      DATABASE_URL: `file:${file}`,
      LOG_LEVEL: "warn",
    },
  });
  await app.waitHealthy(60_000);
}, 120_000);

afterAll(async () => {
  db?.close();
  await app?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function send(body: string): Promise<{ status: number }> {
  const res = await fetch(`${url}/webhooks`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": "orders/create",
      "x-shopify-shop-domain": SHOP,
      "x-shopify-webhook-id": crypto.randomUUID(),
      "x-shopify-api-version": "2026-10",
      "x-shopify-hmac-sha256": signWebhookBody(body, SECRET),
    },
    body,
  });
  await res.text();
  return { status: res.status };
}

describe("the background thread of npm start", () => {
  it("reports itself in /healthz", async () => {
    const health = (await (await fetch(`${url}/healthz`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ status: "ok", jobs: "embedded", background: { mode: "thread", state: "running", restarts: 0 } });
  });

  it("keeps answering webhooks while it works through a backlog, and processes everything once", async () => {
    // Eight senders at once, as Shopify's deliveries overlap.
    const answers: { status: number }[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = 0; i < SENT / 8; i++) answers.push(await send(JSON.stringify(orderPayload())));
      }),
    );
    // The backlog was still being worked through while these were answered.
    expect(await count(`"webhookId" LIKE 'backlog-%' AND "status" = 'processed'`)).toBeLessThan(BACKLOG);
    // How fast they are answered is measured by npm run bench:webhooks, not asserted here (timings on a shared machine flake).
    expect(answers.every((a) => a.status === 200)).toBe(true);

    await waitFor(async () => (await count(`"status" IN ('received', 'queued', 'retrying')`)) === 0, 60_000, "the backlog to drain");
    expect(await count(`"status" = 'processed'`)).toBe(BACKLOG + SENT);
    const { rows } = await db.execute(`SELECT COUNT(*) AS n FROM "Order" WHERE "shop" = ?`, [SHOP]);
    expect(Number(rows[0].n)).toBe(BACKLOG + SENT);
  }, 90_000);
});
