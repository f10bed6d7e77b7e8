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
  sendWebhook(
    topic: string,
    shop: string,
    body: unknown,
    opts?: { webhookId?: string; secret?: string },
  ): Promise<{ status: number; text: string; webhookId: string }>;
  /** Waits until the inbox has no delivery left to process (none received, queued or retrying). */
  drain(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const DB_PREFIX = "aftercare_t";
// Databases of earlier runs that died before cleaning up are dropped once they are this old.
const STALE_AFTER_S = 2 * 60 * 60;
/** Databases of stopped harnesses; dropped when the next one is created unless a harness reopened them. */
const retired = new Set<string>();
/** Only databases this module made are ever dropped. */
const created = new Set<string>();
let staleSwept = false;

/** The BullMQ queue that goes with a database, so a harness reopening a database finds its jobs. */
export function queueNameFor(databaseUrl: string): string {
  return `test-${crypto.createHash("sha256").update(databaseUrl).digest("hex").slice(0, 12)}`;
}

async function withAdmin<T>(fn: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

/** Deletes a test database (PostgreSQL database or SQLite folder) and its Redis queue. */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  retired.delete(databaseUrl);
  if (!created.delete(databaseUrl)) return;
  if (databaseUrl.startsWith("file:")) {
    fs.rmSync(path.dirname(databaseUrl.slice("file:".length)), { recursive: true, force: true });
  } else {
    const name = new URL(databaseUrl).pathname.slice(1);
    await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
  if (process.env.TEST_REDIS_URL) await obliterateQueue(queueNameFor(databaseUrl));
}

async function obliterateQueue(name: string) {
  const { Queue } = await import("bullmq");
  const { Redis } = await import("ioredis");
  const connection = new Redis(process.env.TEST_REDIS_URL!, { maxRetriesPerRequest: null });
  const queue = new Queue(name, { connection });
  try {
    await queue.obliterate({ force: true });
  } finally {
    await queue.close();
    await connection.quit();
  }
}

async function dropRetiredAndStale() {
  for (const url of [...retired]) await dropDatabase(url);
  if (staleSwept || !process.env.TEST_DATABASE_URL) return;
  staleSwept = true;
  const cutoff = Math.floor(Date.now() / 1000) - STALE_AFTER_S;
  const { rows } = await withAdmin((admin) =>
    admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE '${DB_PREFIX}%'`),
  );
  for (const { datname } of rows) {
    const createdAt = Number(datname.slice(DB_PREFIX.length).split("_")[0]);
    if (createdAt < cutoff) await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`));
  }
}

/** A fresh database URL: a temp SQLite file, or a new schema-less PostgreSQL database. */
export async function freshDatabaseUrl(): Promise<string> {
  await dropRetiredAndStale();
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aftercare-test-"));
    const url = `file:${path.join(dir, "test.sqlite")}`;
    created.add(url);
    return url;
  }
  // The creation time in the name lets a later run drop what a crashed run left behind.
  const name = `${DB_PREFIX}${Math.floor(Date.now() / 1000)}_${crypto.randomUUID().replace(/-/g, "").slice(0, 12)}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name}`));
  const u = new URL(base);
  u.pathname = `/${name}`;
  created.add(u.toString());
  return u.toString();
}

export async function startHarness({
  envVars,
  ...options
}: Omit<Partial<RuntimeOptions>, "env"> & { envVars?: Record<string, string> } = {}): Promise<Harness> {
  const databaseUrl = envVars?.DATABASE_URL ?? (await freshDatabaseUrl());
  const env = parseEnv({
    SHOPIFY_API_KEY: "test-api-key",
    SHOPIFY_API_SECRET: TEST_SECRET,
    SHOPIFY_APP_URL: "http://127.0.0.1:3000",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL, PROCESS_ROLE: "all" } : {}),
    ...envVars,
    DATABASE_URL: databaseUrl,
  });
  const runtime = await createRuntime({
    backoff: { baseMs: 50, maxMs: 200 },
    pollMs: 50,
    relaySweepMs: 200,
    queueName: queueNameFor(databaseUrl),
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
    async drain(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const open = await runtime.db.webhookDelivery.count({ where: { status: { in: ["received", "queued", "retrying"] } } });
        if (!open) return;
        if (Date.now() > deadline) throw new Error(`${open} webhook deliveries still unprocessed after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async stop() {
      await new Promise<void>((r) => server.close(() => r()));
      await runtime.close();
      // Dropped lazily (next harness, or the scale script) because a test may reopen it to simulate a restart.
      if (created.has(databaseUrl)) retired.add(databaseUrl);
    },
  };
}
