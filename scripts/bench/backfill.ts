// `npm run bench:backfill` — a history import of 100,000 orders (≈ 5 lines each) through the local
// Shopify double into `npm start` on SQLite: bulk operation, finish webhook, JSONL download streamed
// in batches. Printed: the whole import's time (and its parts: customers, Shopify's export of the
// orders, the app's import of the file), rows written per second, and the app process's resident
// memory before and at its peak. A benchmark, not a test: nothing is asserted. BENCH_ORDERS and
// BENCH_LINES change the size.
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "@libsql/client";
import { startBackfill } from "../../app/history/backfill.server";
import { parseEnv } from "../../app/platform/env.server";
import { migrate } from "../../app/platform/migrate.server";
import { createRuntime } from "../../app/runtime.server";
import { startShopifyDouble } from "../../tests/support/shopify";
import { AdminStore } from "../../tests/support/shopify/admin";
import { seedBulkOrders } from "../../tests/support/shopify/admin/bulk-seed";
import { orderPayload } from "../../tests/support/payloads";
import { signWebhookBody } from "../../app/webhooks/hmac";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const ORDERS = Number(process.env.BENCH_ORDERS ?? 100_000);
const LINES = Number(process.env.BENCH_LINES ?? 5);
const SHOP = "bench-history.myshopify.com";
const TOKEN = "shpat_bench_history";
const SECRET = "bench-secret";
const APP_PORT = 43_201;
const DOUBLE_PORT = 43_202;
const DAY = 86_400_000;

function rssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : 0;
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/** Sends signed orders/create webhooks at `perSecond` until stopped; collects each one's latency and status. */
function webhookProbe(url: string, perSecond: number) {
  const latencies: number[] = [];
  let failed = 0;
  let sent = 0;
  const timer = setInterval(() => {
    const body = JSON.stringify(orderPayload());
    const began = performance.now();
    sent++;
    fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-shopify-topic": "orders/create",
        "x-shopify-shop-domain": "live-shop.myshopify.com",
        "x-shopify-webhook-id": crypto.randomUUID(),
        "x-shopify-api-version": "2026-10",
        "x-shopify-hmac-sha256": signWebhookBody(body, SECRET),
      },
      body,
    }).then(
      async (res) => {
        await res.arrayBuffer();
        latencies.push(performance.now() - began);
        if (res.status !== 200) failed++;
      },
      () => failed++,
    );
  }, 1000 / perSecond);
  return {
    stop() {
      clearInterval(timer);
      const sorted = [...latencies].sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
      return { sent, failed, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? NaN };
    },
  };
}
const s = (ms: number) => (ms / 1000).toFixed(1);

if (!fs.existsSync(path.join(root, "build/server/index.js"))) {
  console.log("building the app (npm run build)…");
  const built = spawnSync("npx", ["remix", "build"], { cwd: root, stdio: "inherit" });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aftercare-bench-history-"));
const databaseUrl = `file:${path.join(dir, "app.sqlite")}`;
await migrate(databaseUrl, root);

console.log(`seeding ${ORDERS.toLocaleString("en")} orders × ${LINES} lines in the double…`);
const store = new AdminStore();
store.upsertShop(SHOP, { name: "Bench history", currencyCode: "PLN", ianaTimezone: "Europe/Warsaw" });
const seeded = seedBulkOrders(store, SHOP, { orders: ORDERS, linesPerOrder: LINES, since: Date.now() - 360 * DAY, seed: 5 });
store.install(SHOP, {
  accessToken: TOKEN,
  scope: "read_orders,read_all_orders,read_customers,read_products,read_fulfillments",
});
const double = await startShopifyDouble({
  port: DOUBLE_PORT,
  appUrl: `http://127.0.0.1:${APP_PORT}`,
  apiKey: "bench-key",
  apiSecret: SECRET,
  store,
  deliverWebhooks: true,
  adminOptions: { bulk: { directory: dir } },
});

const env = {
  ...process.env,
  PORT: String(APP_PORT),
  HOST: "127.0.0.1",
  DATABASE_URL: databaseUrl,
  SHOPIFY_API_KEY: "bench-key",
  SHOPIFY_API_SECRET: SECRET,
  SHOPIFY_APP_URL: `http://127.0.0.1:${APP_PORT}`,
  SHOPIFY_ADMIN_API_ORIGIN: `${double.url}/shops/{shop}`,
  LOG_LEVEL: "warn",
  NODE_ENV: "production" as const,
  ...(process.env.BENCH_PROFILE ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_PROFILE}` } : {}),
};
// The shop as right after install: its record and offline token.
const setup = await createRuntime({ env: parseEnv(env), background: "none", ingest: false, migrate: false });
await setup.db.shop.create({ data: { shop: SHOP, state: "installed", timezone: "Europe/Warsaw", currency: "PLN" } });
await setup.db.session.create({ data: { id: `offline_${SHOP}`, shop: SHOP, state: "", accessToken: TOKEN, scope: "read_orders" } });

const nodeArgs = process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(" ") : [];
const app = spawn("node", [...nodeArgs, "scripts/serve.mjs"], {
  cwd: root,
  detached: true,
  stdio: ["ignore", process.env.BENCH_VERBOSE ? "inherit" : "ignore", "inherit"],
  env,
});
const healthy = Date.now() + 60_000;
for (;;) {
  if (app.exitCode !== null) throw new Error(`the app exited with ${app.exitCode}`);
  const ok = await fetch(`http://127.0.0.1:${APP_PORT}/healthz`).then(
    (r) => r.ok,
    () => false,
  );
  if (ok) break;
  if (Date.now() > healthy) throw new Error("the app did not start");
  await new Promise((r) => setTimeout(r, 200));
}
const webhooks = `http://127.0.0.1:${APP_PORT}/webhooks`;
const idle = webhookProbe(webhooks, 50);
await new Promise((r) => setTimeout(r, 4_000));
const before = idle.stop();
const baseline = rssBytes(app.pid!);
let peak = baseline;
const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(app.pid!))), 100);

const client = createClient({ url: databaseUrl });
const read = async () =>
  (await client.execute(`SELECT "status", "phase", "ordersImported", "customersImported", "error" FROM "Backfill"`)).rows[0] as unknown as {
    status: string;
    phase: string;
    ordersImported: number;
    customersImported: number;
    error: string | null;
  };

const during = webhookProbe(webhooks, 50);
const started = Date.now();
const result = await startBackfill(setup, SHOP, { requestedBy: "merchant", days: 365 });
if (!result.started) throw new Error("the import did not start");
const marks: Record<string, number> = {};
let row = await read();
while (row.status === "exporting" || row.status === "importing") {
  const at = Date.now() - started;
  if (row.phase === "orders") marks.ordersExportFrom ??= at;
  if (row.phase === "orders" && row.status === "importing") marks.ordersImportFrom ??= at;
  await new Promise((r) => setTimeout(r, 100));
  row = await read();
}
const total = Date.now() - started;
const meanwhile = during.stop();
clearInterval(sampler);
peak = Math.max(peak, rssBytes(app.pid!));
const counts = (
  await client.execute(
    `SELECT (SELECT COUNT(*) FROM "Order") AS orders, (SELECT COUNT(*) FROM "OrderLine") AS lines, (SELECT COUNT(*) FROM "Fulfillment") AS fulfilments,
            (SELECT COUNT(*) FROM "Refund") AS refunds, (SELECT COUNT(*) FROM "Customer") AS customers, (SELECT COUNT(*) FROM "AfterSalesEvent") AS events`,
  )
).rows[0] as unknown as Record<string, number>;
const rows = Object.values(counts).reduce((a, b) => a + Number(b), 0);

console.log("");
console.log(
  `history import of ${ORDERS.toLocaleString("en")} orders × ${LINES} lines (${seeded.customers.toLocaleString("en")} customers), SQLite, npm start`,
);
console.log(`  result             ${row.status}${row.error ? ` — ${row.error}` : ""}`);
console.log(`  whole import       ${s(total)} s (target ≤ 60 s)`);
console.log(`    customers        ${s(marks.ordersExportFrom ?? total)} s`);
console.log(
  `    orders export    ${s((marks.ordersImportFrom ?? total) - (marks.ordersExportFrom ?? 0))} s (the double, standing in for Shopify)`,
);
console.log(`    orders import    ${s(total - (marks.ordersImportFrom ?? total))} s (download, parse, write)`);
console.log(
  `  rows written       ${rows.toLocaleString("en")} (${Math.round(rows / (total / 1000)).toLocaleString("en")}/s): ${JSON.stringify(counts)}`,
);
const ms = (x: number) => x.toFixed(1);
console.log(
  `  webhooks at 50/s   before: p50 ${ms(before.p50)} / p99 ${ms(before.p99)} / max ${ms(before.max)} ms, ${before.failed} of ${before.sent} not 200`,
);
console.log(
  `                     during: p50 ${ms(meanwhile.p50)} / p99 ${ms(meanwhile.p99)} / max ${ms(meanwhile.max)} ms, ${meanwhile.failed} of ${meanwhile.sent} not 200`,
);
console.log(`  app memory (RSS)   ${mb(baseline)} MB before, ${mb(peak)} MB at peak: growth ${mb(peak - baseline)} MB (target ≤ 100 MB)`);

client.close();
const exited = new Promise((r) => app.once("exit", r));
process.kill(-app.pid!, "SIGTERM");
await exited;
await setup.close();
await double.close();
fs.rmSync(dir, { recursive: true, force: true });
