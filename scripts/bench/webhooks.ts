// `npm run bench:webhooks` — durable webhook ingestion on the embedded default (SQLite).
// Starts the production server (scripts/serve.mjs) and, as the baseline, the template-style
// `authenticate.webhook` route, each in its own process on a fresh database; drives each with
// autocannon (signed orders/create deliveries, a unique webhook id per request); checks that every
// 200 was stored; prints throughput, p50/p99 latency and the ratio. A benchmark, not a test.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "@libsql/client";
import autocannon from "autocannon";
import { createDb } from "../../app/platform/db.server";
import { migrate } from "../../app/platform/migrate.server";
import { signWebhookBody } from "../../app/webhooks/hmac";
import { orderPayload } from "../../tests/support/payloads";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SECRET = "bench-secret";
const SHOP = "bench-shop.myshopify.com";

function realisticOrder() {
  // About the size of Shopify's documented orders/create sample (~12 KB).
  const order = orderPayload() as Record<string, unknown>;
  const line = (order.line_items as Record<string, unknown>[])[0];
  order.line_items = Array.from({ length: 12 }, (_, i) => ({
    ...line,
    admin_graphql_api_id: `gid://shopify/LineItem/${9_000_000 + i}`,
    title: `Stoneware mug, hand glazed — colour ${i}`,
    properties: [{ name: "Engraving", value: "Dla Zosi z okazji urodzin" }],
    tax_lines: [{ title: "VAT", rate: 0.23, price: "23.36", price_set: { shop_money: { amount: "23.36", currency_code: "PLN" } } }],
    discount_allocations: [],
    price_set: { shop_money: { amount: "124.95", currency_code: "PLN" }, presentment_money: { amount: "124.95", currency_code: "PLN" } },
  }));
  const address = {
    first_name: "Zofia",
    last_name: "Kowalska",
    address1: "ul. Długa 12/4",
    city: "Kraków",
    zip: "31-147",
    country: "Poland",
    country_code: "PL",
    phone: "+48 600 100 200",
  };
  Object.assign(order, {
    billing_address: address,
    shipping_address: address,
    note_attributes: [],
    tags: "vip, newsletter",
    shipping_lines: [{ title: "InPost Paczkomat", price: "12.99", code: "INPOST" }],
  });
  return JSON.stringify(order);
}

/** Counts stored deliveries read-only with the sqlite3-compatible client, outside Prisma. */
async function countStored(databaseUrl: string): Promise<number> {
  const client = createClient({ url: databaseUrl });
  try {
    const rs = await client.execute('SELECT COUNT(*) AS n FROM "WebhookDelivery"');
    return Number(rs.rows[0].n);
  } finally {
    client.close();
  }
}

async function waitForHttp(url: string, child: ChildProcess) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      await fetch(url, { method: "POST" });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`server at ${url} did not start`);
}

async function runOne(label: string, command: string[], port: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aftercare-bench-"));
  const databaseUrl = `file:${path.join(dir, "bench.sqlite")}`;
  await migrate(databaseUrl, root);
  const setup = createDb(databaseUrl);
  // authenticate.webhook looks up the shop's offline session; give it one, as after install.
  await setup.session.create({ data: { id: `offline_${SHOP}`, shop: SHOP, state: "", accessToken: "shpat_bench", scope: "read_orders" } });
  await setup.$disconnect();
  const child = spawn(command[0], command.slice(1), {
    cwd: root,
    // Its own process group, so stopping it also stops what `npx` started.
    detached: true,
    stdio: ["ignore", process.env.BENCH_VERBOSE ? "inherit" : "ignore", "inherit"],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      SHOPIFY_API_KEY: "bench-key",
      SHOPIFY_API_SECRET: SECRET,
      SHOPIFY_APP_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: "warn",
      NODE_ENV: "production",
    },
  });
  try {
    const url = `http://127.0.0.1:${port}/webhooks`;
    await waitForHttp(url, child);
    const body = realisticOrder();
    const hmac = signWebhookBody(body, SECRET);
    const headers = {
      "content-type": "application/json",
      "x-shopify-topic": "orders/create",
      "x-shopify-shop-domain": SHOP,
      "x-shopify-api-version": "2026-10",
      "x-shopify-hmac-sha256": hmac,
      // autocannon replaces [<id>] with a fresh id per request: every delivery is new.
      "x-shopify-webhook-id": "[<id>]",
    };
    const fire = (seconds: number) =>
      autocannon({
        url,
        method: "POST",
        connections: CONNECTIONS,
        duration: seconds,
        body,
        headers,
        idReplacement: true,
      });
    await fire(2); // warm-up: JIT, connection pools, SQLite page cache
    const before = await countStored(databaseUrl);
    const result = await fire(DURATION);
    await new Promise((r) => setTimeout(r, 500));
    const stored = (await countStored(databaseUrl)) - before;
    const ok = result["2xx"];
    const statuses = Object.entries(result.statusCodeStats ?? {})
      .map(([code, v]) => `${code}×${(v as { count: number }).count}`)
      .join(" ");
    return {
      label,
      bodyBytes: Buffer.byteLength(body),
      ok,
      non2xx: result.non2xx + result.errors + result.timeouts,
      stored,
      perSecond: ok / result.duration,
      p50: result.latency.p50,
      p99: result.latency.p99,
      statuses,
    };
  } finally {
    const exited = new Promise((r) => child.once("exit", r));
    process.kill(-child.pid!, "SIGTERM");
    await exited;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (!fs.existsSync(path.join(root, "build/server/index.js"))) {
  console.log("building the app (npm run build)…");
  const built = spawnSync("npx", ["remix", "build"], { cwd: root, stdio: "inherit" });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

console.log(`webhook ingestion benchmark: ${DURATION}s per run, ${CONNECTIONS} connections, ${os.cpus().length} cores\n`);
const aftercare = await runOne("Aftercare (inbox + group commit, SQLite)", ["node", "scripts/serve.mjs"], 43_101);
const baseline = await runOne(
  "Baseline (template authenticate.webhook + Prisma insert)",
  ["npx", "tsx", "scripts/bench/baseline-server.ts"],
  43_102,
);

for (const r of [aftercare, baseline]) {
  console.log(
    `${r.label}\n  ${r.perSecond.toFixed(0)} stored webhooks/s   p50 ${r.p50} ms   p99 ${r.p99} ms   ` +
      `(${r.ok} answered 200, ${r.stored} stored, ${r.non2xx} errors/non-2xx [${r.statuses}]; body ${r.bodyBytes} B)`,
  );
  // Requests still in flight when the clock stops are stored but not counted as answered.
  if (r.stored < r.ok) console.log(`  WARNING: ${r.ok} acknowledged but only ${r.stored} stored`);
}
console.log(
  `\nratio: ${(aftercare.perSecond / baseline.perSecond).toFixed(1)}× the baseline's throughput; target ≥ 5,000/s with p99 ≤ 50 ms`,
);
