// Starts the real app runtime for a test: a fresh database (SQLite file per test file, or the
// PostgreSQL/Redis pair when TEST_DATABASE_URL/TEST_REDIS_URL are set), the job layer, and an
// HTTP server whose /webhooks path is the production ingestion handler.
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { createRuntime, type Runtime, type RuntimeOptions } from "~/runtime.server";
import { parseEnv } from "~/platform/env.server";
import { signWebhookBody } from "~/webhooks/hmac";

export const TEST_SECRET = "test-api-secret";

export interface Harness {
  runtime: Runtime;
  url: string;
  databaseUrl: string;
  /** POSTs a webhook to /webhooks signed with the app secret. */
  sendWebhook(topic: string, shop: string, body: unknown, opts?: { webhookId?: string; secret?: string }): Promise<{ status: number; text: string; webhookId: string }>;
  /** Waits until the inbox has no delivery left to process. */
  drain(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** A fresh database URL: a temp SQLite file, or a new schema-less PostgreSQL database. */
export async function freshDatabaseUrl(): Promise<string> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aftercare-test-"));
    return `file:${path.join(dir, "test.sqlite")}`;
  }
  const name = `aftercare_${crypto.randomUUID().replace(/-/g, "").slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function startHarness(options: Partial<RuntimeOptions> & { env?: Record<string, string> } = {}): Promise<Harness> {
  const databaseUrl = options.env?.DATABASE_URL ?? (await freshDatabaseUrl());
  const env = parseEnv({
    SHOPIFY_API_KEY: "test-api-key",
    SHOPIFY_API_SECRET: TEST_SECRET,
    SHOPIFY_APP_URL: "http://127.0.0.1:3000",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL, PROCESS_ROLE: "all" } : {}),
    ...options.env,
    DATABASE_URL: databaseUrl,
  });
  const runtime = await createRuntime({
    backoff: { baseMs: 50, maxMs: 200 },
    pollMs: 50,
    relaySweepMs: 200,
    queueName: `test-${crypto.randomUUID().slice(0, 8)}`,
    ...options,
    env,
  });
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith("/webhooks")) return void runtime.ingest(req, res);
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    runtime,
    url,
    databaseUrl,
    async sendWebhook(topic, shop, body, opts = {}) {
      const raw = typeof body === "string" ? body : JSON.stringify(body);
      const webhookId = opts.webhookId ?? crypto.randomUUID();
      const res = await fetch(`${url}/webhooks`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-shopify-topic": topic,
          "x-shopify-shop-domain": shop,
          "x-shopify-webhook-id": webhookId,
          "x-shopify-api-version": "2026-10",
          "x-shopify-event-id": crypto.randomUUID(),
          "x-shopify-triggered-at": new Date().toISOString(),
          "x-shopify-hmac-sha256": signWebhookBody(raw, opts.secret ?? TEST_SECRET),
        },
        body: raw,
      });
      return { status: res.status, text: await res.text(), webhookId };
    },
    async drain(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const open = await runtime.db.webhookDelivery.count({ where: { status: { in: ["received", "queued"] } } });
        if (!open) return;
        if (Date.now() > deadline) throw new Error(`${open} webhook deliveries still unprocessed after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async stop() {
      await new Promise<void>((r) => server.close(() => r()));
      await runtime.close();
    },
  };
}
