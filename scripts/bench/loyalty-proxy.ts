// `npm run bench:loyalty` — the storefront's loyalty read (GET /apps/aftercare/api/loyalty through the
// App Proxy) under 200 concurrent shoppers, against the built app (`npm start`), on SQLite and (when
// reachable) PostgreSQL. One shop runs the program with tiers and rewards; 2,000 members have 20–50
// ledger entries each and a few reward codes. Every request is signed as Shopify's App Proxy signs it
// (fresh timestamp), for a logged-in customer; at any moment the 200 in flight are 200 different
// customers. Two load models, each for BENCH_SECONDS:
//   closed loop  200 shoppers each sending the next request as soon as the last answered (saturation);
//   think time   200 shoppers, arriving spread over the first second, each pausing a random time
//                (exponential, mean 1 s) after every answer: about 200 requests/s offered, as 200
//                people browsing would send.
// Printed for each: throughput, latency p50/p95/p99 measured three ways — in the route (its
// Server-Timing), in the server process (Node's request event to the response's finish; see
// loyalty-request-timer.mjs) and at the client — and how busy the server's event loop was. Responses
// are checked (status, and each sampled body's balance against the seed), so a fast wrong answer
// cannot pass. A benchmark, not a test: nothing is asserted.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { PROGRAM_DEFAULTS, saveProgram } from "../../app/loyalty/program.server";
import { createDb, type Db } from "../../app/platform/db.server";
import { migrate } from "../../app/platform/migrate.server";
import { signAppProxyQuery } from "../../tests/support/shopify/app-proxy";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const SHOPPERS = Number(process.env.BENCH_SHOPPERS ?? 200);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 2_000);
const PG_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const SECRET = "bench-secret";
const SHOP = "loyal-shop.myshopify.com";
const DAY = 86_400_000;

const customerId = (i: number) => String(8_000_000 + i);
const customerGid = (i: number) => `gid://shopify/Customer/${customerId(i)}`;

/** A deterministic pseudo-random sequence, so every run seeds the same shop. */
function random(seed: number) {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
}

interface Seeded {
  balances: number[];
  entries: number;
  codes: number;
}

/** The shop, its program (2 tiers, 3 rewards), 2,000 members with their ledgers and codes. */
async function seed(db: Db): Promise<Seeded> {
  const now = Date.now();
  await db.shop.create({ data: { shop: SHOP, state: "installed", currency: "PLN", timezone: "Europe/Warsaw", name: "Loyal Shop" } });
  await db.session.create({ data: { id: `offline_${SHOP}`, shop: SHOP, state: "", accessToken: "shpat_bench", scope: "read_orders" } });
  await saveProgram(db, SHOP, {
    ...PROGRAM_DEFAULTS,
    enabled: true,
    pendingDays: 14,
    expiryEnabled: true,
    tiers: [
      { name: "Silver", threshold: 2_000, multiplier: 125, entryPoints: 50 },
      { name: "Gold", threshold: 6_000, multiplier: 150, entryPoints: 150 },
    ],
    rewards: [
      { type: "free_shipping", title: "Free shipping", cost: 300, value: 0, enabled: true },
      { type: "fixed_amount", title: "20 zł off", cost: 500, value: 2_000, enabled: true },
      { type: "percentage", title: "10% off", cost: 1_000, value: 10, enabled: true },
    ],
  });
  const next = random(42);
  const balances: number[] = [];
  let members: object[] = [];
  let entries: object[] = [];
  let redemptions: object[] = [];
  let entryCount = 0;
  let codeCount = 0;
  const flush = async (force = false) => {
    if (members.length && (force || members.length >= 200)) {
      await db.loyaltyMember.createMany({ data: members as never });
      await db.loyaltyEntry.createMany({ data: entries as never });
      if (redemptions.length) await db.loyaltyRedemption.createMany({ data: redemptions as never });
      members = [];
      entries = [];
      redemptions = [];
    }
  };
  for (let i = 0; i < MEMBERS; i++) {
    const gid = customerGid(i);
    const count = 20 + Math.floor(next() * 31);
    let balance = 0;
    let pending = 0;
    let earned = 0;
    for (let e = 0; e < count; e++) {
      const at = new Date(now - Math.floor(next() * 365 * DAY));
      const recent = now - at.getTime() < 14 * DAY;
      const spend = !recent && next() < 0.15 && balance >= 300;
      const points = spend ? -300 : 20 + Math.floor(next() * 300);
      if (spend) balance += points;
      else if (recent) pending += points;
      else balance += points;
      if (!spend) earned += points;
      entries.push({
        shop: SHOP,
        customerGid: gid,
        key: `bench:${i}:${e}`,
        kind: spend ? "redeem" : "earn",
        points: recent && !spend ? 0 : points,
        pendingPoints: recent && !spend ? points : 0,
        reason: spend ? "reward_redeemed" : "order_paid",
        source: spend ? "reward" : "order",
        orderGid: spend ? null : `gid://shopify/Order/${9_000_000 + i * 64 + e}`,
        availableAt: recent && !spend ? new Date(at.getTime() + 14 * DAY) : null,
        createdAt: at,
      });
      entryCount++;
    }
    for (let r = 0; r < Math.floor(next() * 4); r++) {
      redemptions.push({
        shop: SHOP,
        customerGid: gid,
        rewardId: "bench",
        requestKey: `bench-${i}-${r}`,
        type: "free_shipping",
        title: "Free shipping",
        cost: 300,
        status: r === 0 ? "used" : "issued",
        code: `PTS-${String(i).padStart(5, "0")}-${r}AAAA`,
        createdAt: new Date(now - Math.floor(next() * 200 * DAY)),
      });
      codeCount++;
    }
    balances.push(balance);
    members.push({
      shop: SHOP,
      customerGid: gid,
      balance,
      pending,
      lifetimeEarned: earned,
      lastActivityAt: new Date(now - Math.floor(next() * 30 * DAY)),
      birthday: i % 3 ? null : "03-14",
    });
    await flush();
  }
  await flush(true);
  return { balances, entries: entryCount, codes: codeCount };
}

interface Database {
  label: string;
  url: string;
  close(): Promise<void>;
}

async function sqliteDatabase(): Promise<Database> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aftercare-bench-loyalty-"));
  const url = `file:${path.join(dir, "bench.sqlite")}`;
  return { label: "SQLite", url, close: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

async function postgresDatabase(): Promise<Database> {
  const name = `aftercare_bench_loyalty_${crypto.randomUUID().replace(/-/g, "").slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return {
    label: "PostgreSQL",
    url: u.toString(),
    async close() {
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
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server at ${url} did not start`);
}

/** The path the App Proxy would request for this customer now. */
function signedPath(customer: number): string {
  const query = new URLSearchParams({
    shop: SHOP,
    logged_in_customer_id: customerId(customer),
    path_prefix: "/apps/aftercare",
    timestamp: String(Math.floor(Date.now() / 1000)),
  });
  query.set("signature", signAppProxyQuery(query, SECRET));
  return `/proxy/api/loyalty?${query}`;
}

interface Sample {
  status: number;
  clientMs: number;
  appMs: number | null;
  body: string | null;
}

function get(port: number, agent: http.Agent, pathname: string, keepBody: boolean): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request({ host: "127.0.0.1", port, path: pathname, agent, headers: { accept: "application/json" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => keepBody && chunks.push(chunk));
      res.on("end", () => {
        const timing = /app;dur=([\d.]+)/.exec(String(res.headers["server-timing"] ?? ""));
        resolve({
          status: res.statusCode ?? 0,
          clientMs: performance.now() - started,
          appMs: timing ? Number(timing[1]) : null,
          body: keepBody ? Buffer.concat(chunks).toString("utf8") : null,
        });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

interface Run {
  label: string;
  requests: number;
  perSecond: number;
  client: number[];
  app: number[];
  server: number[];
  busy: number;
  failed: number;
  wrong: number;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * SHOPPERS concurrent shoppers for `seconds`; shopper s asks for customers s, s + SHOPPERS, … in turn,
 * so the requests in flight are always for different customers. `think` gives each a pause after every answer.
 */
async function drive(
  label: string,
  port: number,
  child: ChildProcess,
  timingFile: string,
  seeded: Seeded,
  seconds: number,
  think: (() => number) | null,
): Promise<Run> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: SHOPPERS });
  const client: number[] = [];
  const app: number[] = [];
  let failed = 0;
  let wrong = 0;
  let sent = 0;
  child.kill("SIGUSR2");
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: SHOPPERS }, async (_, shopper) => {
      if (think) await new Promise((r) => setTimeout(r, (shopper / SHOPPERS) * 1000));
      for (let turn = 0; performance.now() < deadline; turn++) {
        const customer = (shopper + turn * SHOPPERS) % MEMBERS;
        // One answer in 25 is read and checked against the seed.
        const check = sent++ % 25 === 0;
        const sample = await get(port, agent, signedPath(customer), check).catch(() => null);
        if (!sample || sample.status !== 200) failed++;
        else {
          client.push(sample.clientMs);
          if (sample.appMs !== null) app.push(sample.appMs);
          if (check) {
            const data = JSON.parse(sample.body!) as { member?: { balance: number; history: unknown[] } };
            if (data.member?.balance !== seeded.balances[customer] || data.member.history.length !== 20) wrong++;
          }
        }
        if (think) await new Promise((r) => setTimeout(r, think()));
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  child.kill("SIGUSR2");
  agent.destroy();
  await new Promise((r) => setTimeout(r, 300));
  const window = JSON.parse(fs.readFileSync(timingFile, "utf8")) as { samples: number[]; busy: number };
  const sort = (xs: number[]) => [...xs].sort((a, b) => a - b);
  return {
    label,
    requests: client.length + failed,
    perSecond: client.length / elapsed,
    client: sort(client),
    app: sort(app),
    server: sort(window.samples),
    busy: window.busy,
    failed,
    wrong,
  };
}

async function benchmark(database: Database): Promise<Run[]> {
  const began = Date.now();
  await migrate(database.url, root);
  const db = createDb(database.url);
  const seeded = await seed(db);
  await db.$disconnect();
  console.log(
    `${database.label}: seeded ${MEMBERS.toLocaleString("en")} members, ${seeded.entries.toLocaleString("en")} ledger entries, ` +
      `${seeded.codes.toLocaleString("en")} reward codes in ${((Date.now() - began) / 1000).toFixed(1)} s`,
  );
  const port = 43_200 + Math.floor(Math.random() * 500);
  const timingFile = path.join(os.tmpdir(), `aftercare-bench-loyalty-${port}.json`);
  const child = spawn("node", ["scripts/serve.mjs"], {
    cwd: root,
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
      NODE_OPTIONS: `--import=${path.join(root, "scripts/bench/loyalty-request-timer.mjs")}${process.env.BENCH_PROFILE ? ` --cpu-prof --cpu-prof-dir=${process.env.BENCH_PROFILE}` : ""}`,
      BENCH_TIMING_FILE: timingFile,
    },
  });
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, child);
    // Warm-up: JIT, prepared statements, the program cache, the page cache.
    await drive("warm-up", port, child, timingFile, seeded, 3, null);
    const runs = [await drive(`${database.label}, closed loop`, port, child, timingFile, seeded, SECONDS, null)];
    const jitter = random(7);
    const pause = () => Math.min(5_000, -Math.log(1 - jitter()) * 1_000);
    runs.push(await drive(`${database.label}, think time (mean 1 s)`, port, child, timingFile, seeded, SECONDS, pause));
    return runs;
  } finally {
    const exited = new Promise((r) => child.once("exit", r));
    process.kill(-child.pid!, "SIGTERM");
    await exited;
    fs.rmSync(timingFile, { force: true });
  }
}

if (!fs.existsSync(path.join(root, "build/server/index.js"))) {
  console.log("building the app (npx remix build)…");
  const built = spawnSync("npx", ["remix", "build"], { cwd: root, stdio: "inherit" });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const probe = new pg.Client({ connectionString: PG_URL });
const pgUp = await probe.connect().then(
  () => probe.end().then(() => true),
  () => false,
);
console.log(
  `loyalty storefront read benchmark, ${new Date().toISOString().slice(0, 10)}: ${SHOPPERS} shoppers, ${SECONDS} s per load model, ` +
    `${os.cpus().length} cores (load generator included)\n`,
);
const only = process.env.BENCH_ONLY?.split(",");
const runs: Run[] = [];
for (const [name, open] of [
  ["sqlite", sqliteDatabase],
  ["postgresql", postgresDatabase],
] as const) {
  if (only && !only.includes(name)) continue;
  if (name === "postgresql" && !pgUp) {
    console.log(`PostgreSQL not reachable at ${PG_URL} (BENCH_DATABASE_URL): its run is left out\n`);
    continue;
  }
  const database = await open();
  try {
    runs.push(...(await benchmark(database)));
  } finally {
    await database.close();
  }
}

const ms = (xs: number[]) => [50, 95, 99].map((p) => percentile(xs, p).toFixed(1)).join(" / ");
console.log(
  "\n| run | requests/s | in the route p50 / p95 / p99 ms | in the server p50 / p95 / p99 ms | at the client p50 / p95 / p99 ms | server loop busy | failed | wrong |",
);
console.log("|---|---|---|---|---|---|---|---|");
for (const r of runs) {
  console.log(
    `| ${r.label} | ${r.perSecond.toFixed(0)} | ${ms(r.app)} | ${ms(r.server)} | ${ms(r.client)} | ${Math.round(r.busy * 100)} % | ${r.failed} | ${r.wrong} |`,
  );
}
