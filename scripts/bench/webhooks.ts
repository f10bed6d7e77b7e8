// `npm run bench:webhooks` — webhook ingestion while the app works, side by side in one run:
//   floor      a bare Node server that reads the body and checks the HMAC (stores nothing);
//   baseline   the Shopify template's way (authenticate.webhook + a Prisma insert);
//   Aftercare  `npm start` on SQLite, and on PostgreSQL, each with its background side busy: a
//              backlog of stored deliveries is being processed all through the burst.
// Each is driven by autocannon with signed orders/create deliveries (a fresh webhook id and order
// each, ~8 KB). Printed for each: throughput, p50/p99, the main thread's event-loop delay during
// the burst; for Aftercare also how fast the backlog drains after the burst, the WAL's largest size,
// and whether every 200 was stored and every stored delivery processed. A benchmark, not a test:
// nothing is asserted, the figures are printed.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "@libsql/client";
import autocannon from "autocannon";
import pg from "pg";
import { createDb } from "../../app/platform/db.server";
import { migrate } from "../../app/platform/migrate.server";
import { signWebhookBody } from "../../app/webhooks/hmac";
import { nextId, orderPayload } from "../../tests/support/payloads";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 30_000);
const PG_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const SECRET = "bench-secret";
const SHOP = "bench-shop.myshopify.com";

/** An orders/create body about the size of Shopify's documented sample, for a new order each time. */
function realisticOrder(): string {
  const id = nextId();
  const order = orderPayload({ id }) as Record<string, unknown>;
  const line = (order.line_items as Record<string, unknown>[])[0];
  order.line_items = Array.from({ length: 5 }, (_, i) => ({
    ...line,
    admin_graphql_api_id: `gid://shopify/LineItem/${id}${i}`,
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
    note: "Proszę zapakować na prezent. ".repeat(60),
    note_attributes: [],
    tags: "vip, newsletter",
    shipping_lines: [{ title: "InPost Paczkomat", price: "12.99", code: "INPOST" }],
  });
  return JSON.stringify(order);
}

interface Database {
  url: string;
  /** Deliveries by status. */
  counts(): Promise<Record<string, number>>;
  /** Stores `n` deliveries as if received earlier (the backlog). */
  seed(n: number): Promise<void>;
  walBytes(): number;
  close(): Promise<void>;
}

async function sqliteDatabase(): Promise<Database> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aftercare-bench-"));
  const file = path.join(dir, "bench.sqlite");
  const url = `file:${file}`;
  await migrate(url, root);
  const client = createClient({ url });
  return {
    url,
    async counts() {
      const { rows } = await client.execute(`SELECT "status", COUNT(*) AS n FROM "WebhookDelivery" GROUP BY "status"`);
      return Object.fromEntries(rows.map((r) => [String(r.status), Number(r.n)]));
    },
    async seed(n) {
      const now = new Date().toISOString().replace("Z", "+00:00");
      for (let i = 0; i < n; i += 1_000) {
        const rows = Array.from({ length: Math.min(1_000, n - i) }, () => ({
          sql: `INSERT INTO "WebhookDelivery" ("webhookId", "shop", "topic", "apiVersion", "payload", "status", "receivedAt", "attempts") VALUES (?, ?, 'orders/create', '2026-10', ?, 'received', ?, 0)`,
          args: [crypto.randomUUID(), SHOP, realisticOrder(), now],
        }));
        await client.batch(rows, "write");
      }
    },
    walBytes: () => fs.statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0,
    async close() {
      client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresDatabase(): Promise<Database> {
  const name = `aftercare_bench_${crypto.randomUUID().replace(/-/g, "").slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  await migrate(url, root);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  // An idle connection ended by the server (the database dropped at the end) is not an error here.
  pool.on("error", () => undefined);
  return {
    url,
    async counts() {
      const { rows } = await pool.query<{ status: string; n: string }>(
        `SELECT "status", COUNT(*) AS n FROM "WebhookDelivery" GROUP BY "status"`,
      );
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },
    async seed(n) {
      for (let i = 0; i < n; i += 1_000) {
        const size = Math.min(1_000, n - i);
        await pool.query(
          `INSERT INTO "WebhookDelivery" ("webhookId", "shop", "topic", "apiVersion", "payload", "status", "receivedAt", "attempts")
           SELECT w, $2, 'orders/create', '2026-10', p, 'received', now(), 0 FROM unnest($1::text[], $3::text[]) AS d(w, p)`,
          [Array.from({ length: size }, () => crypto.randomUUID()), SHOP, Array.from({ length: size }, realisticOrder)],
        );
      }
    },
    walBytes: () => 0,
    async close() {
      await pool.end();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
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

/** Signed bodies to cycle through, so the load generator spends its time sending, not signing. */
const pool = Array.from({ length: 4_000 }, () => {
  const body = realisticOrder();
  return { body, hmac: signWebhookBody(body, SECRET) };
});
let sent = 0;

function fire(url: string, seconds: number) {
  return autocannon({
    url,
    method: "POST",
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        setupRequest(req: Record<string, unknown>) {
          const next = pool[sent++ % pool.length];
          req.body = next.body;
          req.headers = {
            "content-type": "application/json",
            "x-shopify-topic": "orders/create",
            "x-shopify-shop-domain": SHOP,
            "x-shopify-api-version": "2026-10",
            "x-shopify-hmac-sha256": next.hmac,
            "x-shopify-webhook-id": `bench-${sent}-${crypto.randomUUID()}`,
          };
          return req;
        },
      },
    ],
  });
}

interface Row {
  label: string;
  perSecond: number;
  p50: number;
  p99: number;
  loop: { p99: number; max: number; busy: number } | null;
  ok: number;
  failed: number;
  stored?: number;
  drainPerSecond?: number;
  walMaxBytes?: number;
  processedAll?: boolean;
  note?: string;
}

async function runOne(
  label: string,
  command: string[],
  port: number,
  o: { database?: "sqlite" | "postgresql"; busy?: boolean },
): Promise<Row> {
  const database = o.database === "postgresql" ? await postgresDatabase() : await sqliteDatabase();
  if (o.busy) await database.seed(BACKLOG);
  if (command.includes("scripts/bench/baseline-server.ts")) {
    // authenticate.webhook looks up the shop's offline session; give it one, as after install.
    const setup = createDb(database.url);
    await setup.session.create({
      data: { id: `offline_${SHOP}`, shop: SHOP, state: "", accessToken: "shpat_bench", scope: "read_orders" },
    });
    await setup.$disconnect();
  }
  const loopFile = path.join(os.tmpdir(), `aftercare-bench-loop-${port}.json`);
  const child = spawn(command[0], command.slice(1), {
    cwd: root,
    // Its own process group, so stopping it also stops what `npx` started.
    detached: true,
    stdio: ["ignore", process.env.BENCH_VERBOSE ? "inherit" : "ignore", "inherit"],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: database.url,
      SHOPIFY_API_KEY: "bench-key",
      SHOPIFY_API_SECRET: SECRET,
      SHOPIFY_APP_URL: `http://127.0.0.1:${port}`,
      LOG_LEVEL: "warn",
      NODE_ENV: "production",
      NODE_OPTIONS: `--import=${path.join(root, "scripts/bench/loop-monitor.mjs")}${process.env.BENCH_PROFILE ? ` --cpu-prof --cpu-prof-dir=${process.env.BENCH_PROFILE}` : ""}`,
      BENCH_LOOP_FILE: loopFile,
    },
  });
  let walMax = 0;
  const walSampler = setInterval(() => (walMax = Math.max(walMax, database.walBytes())), 100);
  try {
    const url = `http://127.0.0.1:${port}/webhooks`;
    await waitForHttp(url, child);
    await fire(url, 2); // warm-up: JIT, connection pools, page cache
    const before = o.database ? await database.counts() : {};
    child.kill("SIGUSR2"); // the loop-delay window starts here
    const result = await fire(url, DURATION);
    child.kill("SIGUSR2");
    await new Promise((r) => setTimeout(r, 300));
    const loop = fs.existsSync(loopFile)
      ? (JSON.parse(fs.readFileSync(loopFile, "utf8")) as { p99: number; max: number; busy: number })
      : null;
    const row: Row = {
      label,
      perSecond: result["2xx"] / result.duration,
      p50: result.latency.p50,
      p99: result.latency.p99,
      loop,
      ok: result["2xx"],
      failed: result.non2xx + result.errors + result.timeouts,
    };
    if (o.busy) {
      const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
      const after = await database.counts();
      row.stored = total(after) - total(before);
      if (row.stored < row.ok) row.note = `${row.ok} answered 200 but ${row.stored} stored`;
      // The drain: from the end of the burst until nothing waits; deliveries processed per second.
      const doneAtBurstEnd = after.processed ?? 0;
      const started = Date.now();
      let counts = after;
      const drainLimitMs = Number(process.env.BENCH_DRAIN_LIMIT_S ?? 300) * 1000;
      while ((counts.received ?? 0) + (counts.queued ?? 0) + (counts.retrying ?? 0) > 0 && Date.now() - started < drainLimitMs) {
        await new Promise((r) => setTimeout(r, 250));
        counts = await database.counts();
      }
      const seconds = (Date.now() - started) / 1000;
      row.drainPerSecond = ((counts.processed ?? 0) - doneAtBurstEnd) / seconds;
      row.processedAll = (counts.processed ?? 0) === total(counts);
      if (!row.processedAll) row.note = `${JSON.stringify(counts)} after the drain`;
      row.walMaxBytes = walMax;
    }
    return row;
  } finally {
    clearInterval(walSampler);
    const exited = new Promise((r) => child.once("exit", r));
    process.kill(-child.pid!, "SIGTERM");
    await exited;
    fs.rmSync(loopFile, { force: true });
    await database.close();
  }
}

if (!fs.existsSync(path.join(root, "build/server/index.js"))) {
  console.log("building the app (npm run build)…");
  const built = spawnSync("npx", ["remix", "build"], { cwd: root, stdio: "inherit" });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const probe = new pg.Client({ connectionString: PG_URL });
const pgUp = await probe.connect().then(
  () => probe.end().then(() => true),
  () => false,
);
console.log(
  `webhook ingestion benchmark, ${new Date().toISOString().slice(0, 10)}: ${DURATION} s bursts, ${CONNECTIONS} connections, ` +
    `${os.cpus().length} cores (load generator included); Aftercare with a backlog of ${BACKLOG} deliveries being processed\n`,
);
// BENCH_ONLY=floor,sqlite (for instance) runs a subset, when working on one of them.
const only = process.env.BENCH_ONLY?.split(",");
const wanted = (name: string) => !only || only.includes(name);
const rows: Row[] = [];
if (wanted("floor")) rows.push(await runOne("floor (read + HMAC, no storage)", ["node", "scripts/bench/floor-server.mjs"], 43_100, {}));
if (wanted("baseline"))
  rows.push(
    await runOne("baseline (template authenticate.webhook + Prisma)", ["npx", "tsx", "scripts/bench/baseline-server.ts"], 43_102, {
      database: "sqlite",
    }),
  );
if (wanted("sqlite"))
  rows.push(await runOne("Aftercare, SQLite, background busy", ["node", "scripts/serve.mjs"], 43_101, { database: "sqlite", busy: true }));
if (wanted("postgresql") && pgUp)
  rows.push(
    await runOne("Aftercare, PostgreSQL, background busy", ["node", "scripts/serve.mjs"], 43_103, { database: "postgresql", busy: true }),
  );
else if (wanted("postgresql")) console.log(`PostgreSQL not reachable at ${PG_URL} (BENCH_DATABASE_URL): its run is left out\n`);

const floor = rows.find((r) => r.label.startsWith("floor"))?.perSecond ?? NaN;
const fmt = (n: number | undefined, digits = 0) => (n === undefined ? "—" : n.toLocaleString("en", { maximumFractionDigits: digits }));
console.log(
  "| run | stored/s | % of floor | p50 ms | p99 ms | loop delay p99 / max ms | loop busy | backlog drain /s | WAL max MB | all stored & processed |",
);
console.log("|---|---|---|---|---|---|---|---|---|---|");
for (const r of rows) {
  console.log(
    `| ${r.label} | ${fmt(r.perSecond)} | ${fmt((r.perSecond / floor) * 100)} % | ${r.p50} | ${r.p99} | ${r.loop ? `${r.loop.p99} / ${r.loop.max} | ${r.loop.busy} %` : "— | —"} | ` +
      `${fmt(r.drainPerSecond)} | ${r.walMaxBytes === undefined ? "—" : fmt(r.walMaxBytes / 1024 / 1024, 1)} | ${r.processedAll === undefined ? "—" : r.processedAll && !r.note ? "yes" : "NO"} |`,
  );
}
for (const r of rows) {
  if (r.failed) console.log(`${r.label}: ${r.failed} requests failed or were not 2xx`);
  if (r.note) console.log(`${r.label}: ${r.note}`);
}
