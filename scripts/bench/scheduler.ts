// `npm run bench:scheduler` — the messaging scheduler's claim (`claimDue` in
// app/messaging/dispatch.server.ts: one UPDATE … WHERE id IN (SELECT … status = 'planned' AND sendAt
// <= now ORDER BY sendAt LIMIT 500) on the index Message(status, sendAt)) with 10k, 100k and 1M
// planned messages, on SQLite and on PostgreSQL. The target: a batch of 500 in ≤ 20 ms, flat in N.
//
// Each dialect gets a database of its own (a SQLite file in a temporary directory; a fresh
// PostgreSQL database, skipped when the server cannot be reached), migrated by the app's runner.
// It grows 10k → 100k → 1M planned rows (plus one history row — sent or cancelled, in the past —
// per four planned) over 200 shops, two flows per order, sendAt spread over the next 30 days
// (scheduler-seed.ts); then ANALYZE. At each size, before every claim and untimed: the previous
// claim is undone (its rows unclaimed and planned later), and exactly 2,000 planned rows are made due (sendAt in
// the last hour) — either `scattered` (picked at random across the table: the worst case for
// locality) or `clustered` (consecutive rows, as rows planned together are); the two take turns.
// Timed: `claimDue(db, now, 500)` through the app's own client (createDb + sqlOf: its commit
// included; SQLite without group commit), wall time. One warm-up, then 30 claims per layout; every
// claim must return exactly the 500 oldest due rows. The median, p95 and max are printed, not
// asserted; also the claim's query plan on each dialect, the pages a claim writes to SQLite's WAL,
// and one claim under PostgreSQL's EXPLAIN (ANALYZE, BUFFERS, WAL), rolled back.
// BENCH_SIZES (e.g. "10000,100000"), BENCH_REPS, BENCH_DIALECTS ("sqlite,postgresql") and
// BENCH_DATABASE_URL (the PostgreSQL server to create the database on) change the run.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createClient, type InValue } from "@libsql/client";
import Database from "libsql";
import pg from "pg";
import { claimDue } from "../../app/messaging/dispatch.server";
import { createDb, type Db } from "../../app/platform/db.server";
import { migrate } from "../../app/platform/migrate.server";
import { pgArg, pgTimestamp } from "../../app/platform/pg-pool.server";
import { sqliteTime, sqlOf, type Sql } from "../../app/platform/sql.server";
import { DAY_S, idOf, isHistory, rowsFor, seedInsert, START_S } from "./scheduler-seed";

const began = performance.now();

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SIZES = (process.env.BENCH_SIZES ?? "10000,100000,1000000").split(",").map(Number);
const REPS = Number(process.env.BENCH_REPS ?? 30);
const DIALECTS = (process.env.BENCH_DIALECTS ?? "sqlite,postgresql").split(",");
const PG_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const BATCH = 500;
const DUE = 2_000;
const TARGET_MS = 20;
/** A p95 at the largest size within this factor of the smallest size's counts as flat. */
const FLAT_FACTOR = 2;

/** One dialect's database, with the untimed work around the claims done on a connection of the bench's own. */
interface BenchDb {
  dialect: "sqlite" | "postgresql";
  db: Db;
  /** Adds rows from+1 … to. */
  grow(from: number, to: number): Promise<void>;
  /** Refreshes the planner's statistics (`what` says how). */
  analyze(): Promise<void>;
  what: string;
  /** Undoes the previous claim and the rows it left due (back to planned, later), then makes `due` due. */
  rearm(due: { id: string; sendAt: Date }[], now: Date): Promise<void>;
  /** The plan of a statement, one line per node. */
  explain(text: string, args: unknown[]): Promise<string[]>;
  /** SQLite: pages in the WAL now — after a claim, the claim's own (re-arming empties the WAL). */
  walPages?(): number;
  /** PostgreSQL: the statement run under EXPLAIN (ANALYZE, BUFFERS, WAL), then rolled back. */
  explainAnalyze?(text: string, args: unknown[]): Promise<string[]>;
}

/** SQLite's default wal_autocheckpoint: a commit that leaves this many pages in the WAL checkpoints there and then. */
const AUTOCHECKPOINT_PAGES = 1000;

/** A planned row's new sendAt after its claim is undone: 1 hour to 30 days after the start. */
const LATER_SQLITE = `strftime('%Y-%m-%dT%H:%M:%S', ${START_S} + 3600 + abs(random() % (30 * ${DAY_S})), 'unixepoch') || '.000+00:00'`;
const LATER_PG = `to_timestamp(${START_S} + 3600 + floor(random() * 30 * ${DAY_S})) AT TIME ZONE 'UTC'`;

/** A SQLite file's page size, from its header (bytes 16–17, big-endian; 1 stands for 65,536). */
function pageSizeOf(file: string): number {
  const header = Buffer.alloc(100);
  const fd = fs.openSync(file, "r");
  try {
    fs.readSync(fd, header, 0, 100, 0);
  } finally {
    fs.closeSync(fd);
  }
  const size = header.readUInt16BE(16);
  return size === 1 ? 65_536 : size;
}

async function sqliteBench(): Promise<BenchDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aftercare-bench-scheduler-"));
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, "bench.sqlite");
  const url = `file:${file}`;
  await migrate(url, root);
  const conn = new Database(file);
  cleanups.push(async () => conn.close());
  conn.exec("PRAGMA journal_mode=WAL");
  conn.exec("PRAGMA synchronous=NORMAL");
  conn.exec("PRAGMA busy_timeout=5000");
  // Seeding 1M rows into six indexes stays in memory (an app connection keeps SQLite's default 2 MB).
  conn.exec("PRAGMA cache_size=-1000000");
  // As on the background thread, where the dispatcher runs: commits never checkpoint the WAL (a timer
  // does, off the claim's path); here the WAL is truncated between claims, untimed.
  const db = createDb(url, { autoCheckpoint: false });
  cleanups.push(() => db.$disconnect());
  const pageSize = pageSizeOf(file);
  const rearmOne = conn.prepare(`UPDATE "Message" SET "sendAt" = ? WHERE "id" = ? AND "status" = 'planned'`);
  return {
    dialect: "sqlite",
    db,
    async grow(from, to) {
      conn.exec("BEGIN IMMEDIATE");
      conn.exec(seedInsert(from, to, "sqlite"));
      conn.exec("COMMIT");
      conn.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    },
    what: "ANALYZE",
    async analyze() {
      conn.exec("ANALYZE");
      conn.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    },
    async rearm(due, now) {
      conn.exec("BEGIN IMMEDIATE");
      try {
        conn
          .prepare(`UPDATE "Message" SET "sendAt" = ${LATER_SQLITE}, "claimedAt" = NULL WHERE "status" = 'planned' AND "sendAt" <= ?`)
          .run(sqliteTime(now));
        let changed = 0;
        for (const d of due) changed += rearmOne.run(sqliteTime(d.sendAt), d.id).changes;
        if (changed !== due.length) throw new Error(`re-arming made ${changed} of ${due.length} rows due`);
        conn.exec("COMMIT");
      } catch (error) {
        conn.exec("ROLLBACK");
        throw error;
      }
      // Every claim starts from an empty WAL: what it writes (and any checkpoint that triggers) is its own.
      conn.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    },
    async explain(text, args) {
      // Through a client of its own: a libsql statement read with .all() stays active, and would lock out ANALYZE.
      const client = createClient({ url });
      try {
        const { rows } = await client.execute({
          sql: `EXPLAIN QUERY PLAN ${text}`,
          args: args.map((a) => (a instanceof Date ? sqliteTime(a) : (a as InValue))),
        });
        const depth = new Map<number, number>([[0, 0]]);
        return rows.map((r) => {
          const level = (depth.get(Number(r.parent)) ?? 0) + 1;
          depth.set(Number(r.id), level);
          return `${"  ".repeat(level - 1)}${String(r.detail)}`;
        });
      } finally {
        client.close();
      }
    },
    walPages() {
      const bytes = fs.statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0;
      // A 32-byte header, then one frame (a 24-byte header and the page) per page written.
      return Math.max(0, Math.round((bytes - 32) / (pageSize + 24)));
    },
  };
}

async function postgresBench(admin: pg.Client): Promise<BenchDb> {
  const name = `aftercare_bench_scheduler_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${name}`);
  cleanups.push(async () => void (await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)));
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  await migrate(url, root);
  const client = new pg.Client({ connectionString: url });
  // The connection ended by the server (the database dropped at the end) is not an error here.
  client.on("error", () => undefined);
  await client.connect();
  cleanups.push(() => client.end().catch(() => undefined));
  const db = createDb(url);
  cleanups.push(() => db.$disconnect());
  return {
    dialect: "postgresql",
    db,
    async grow(from, to) {
      await client.query(seedInsert(from, to, "postgresql"));
    },
    // What autovacuum would have done to a table this size by now (statistics, visibility map),
    // so that it does not start in the middle of the measurements.
    what: "VACUUM ANALYZE",
    async analyze() {
      await client.query(`VACUUM (ANALYZE) "Message"`);
    },
    async rearm(due, now) {
      await client.query("BEGIN");
      try {
        await client.query(
          `UPDATE "Message" SET "sendAt" = ${LATER_PG}, "claimedAt" = NULL WHERE "status" = 'planned' AND "sendAt" <= $1`,
          [pgTimestamp(now)],
        );
        const made = await client.query(
          `UPDATE "Message" AS m SET "sendAt" = d.s FROM unnest($1::text[], $2::timestamp[]) AS d(id, s) WHERE m."id" = d.id AND m."status" = 'planned'`,
          [due.map((d) => d.id), due.map((d) => pgTimestamp(d.sendAt))],
        );
        if (made.rowCount !== due.length) throw new Error(`re-arming made ${made.rowCount} of ${due.length} rows due`);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    },
    async explain(text, args) {
      let n = 0;
      const { rows } = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN ${text.replace(/\?/g, () => `$${++n}`)}`, args.map(pgArg));
      return rows.map((r) => r["QUERY PLAN"]);
    },
    async explainAnalyze(text, args) {
      let n = 0;
      await client.query("BEGIN");
      try {
        const { rows } = await client.query<{ "QUERY PLAN": string }>(
          `EXPLAIN (ANALYZE, BUFFERS, WAL) ${text.replace(/\?/g, () => `$${++n}`)}`,
          args.map(pgArg),
        );
        return rows.map((r) => r["QUERY PLAN"]);
      } finally {
        await client.query("ROLLBACK");
      }
    },
  };
}

/** Undone at exit, in reverse, also after an error or Ctrl-C (each at most once). */
const cleanups: (() => Promise<unknown>)[] = [];
let cleaning: Promise<void> = Promise.resolve();
/** Runs the cleanups registered so far; a call while others run waits for them (so Ctrl-C's and the error path's agree). */
function cleanUp(): Promise<void> {
  cleaning = cleaning.then(async () => {
    for (const undo of cleanups.splice(0).reverse()) await undo().catch(() => undefined);
  });
  return cleaning;
}
let interrupted = false;
for (const [signal, code] of [
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.log(`\n${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(code));
  });
}

/** A small seeded PRNG (mulberry32), so every run picks the same rows. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Where the rows that fall due together lie in the table: `scattered` — anywhere (picked at random:
 * at 1M rows hardly two share a page, the worst case); `clustered` — planned one after another
 * (consecutive rows, as the follow-ups of orders delivered in the same hour a day earlier are), the
 * older first.
 */
const LAYOUTS = ["scattered", "clustered"] as const;
type Layout = (typeof LAYOUTS)[number];

/** DUE distinct planned rows out of the first `rows`, each with its own sendAt in the hour before `now`, the BATCH oldest last. */
function pickDue(layout: Layout, rows: number, now: Date, next: () => number) {
  const picked: number[] = [];
  if (layout === "scattered") {
    const seen = new Set<number>();
    while (picked.length < DUE) {
      const i = 1 + Math.floor(next() * rows);
      if (isHistory(i) || seen.has(i)) continue;
      seen.add(i);
      picked.push(i);
    }
  } else {
    for (let i = 1 + Math.floor(next() * (rows - rowsFor(DUE))); picked.length < DUE; i++) if (!isHistory(i)) picked.push(i);
    picked.reverse();
  }
  // The k-th is k × 1.7 s older than now − 1 s: the claim must take the last BATCH of them.
  return picked.map((i, k) => ({ id: idOf(i), sendAt: new Date(now.getTime() - 1_000 - k * 1_700) }));
}

interface Figure {
  dialect: string;
  planned: number;
  rows: number;
  layout: Layout;
  median: number;
  p95: number;
  max: number;
  /** The fewest rows a claim returned (each must return BATCH, the oldest due). */
  returned: number;
  /** SQLite: the median of the pages a claim wrote to the WAL, and how many claims checkpointed in their commit. */
  wal?: { pages: number; checkpoints: number };
}

/** Nearest-rank quantile of sorted numbers. */
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];

/** The claim's SQL text and arguments, as claimDue sends them (seen once, on the warm-up claim; the UPDATE of a batch). */
async function claimWatched(db: Db, now: Date): Promise<{ text: string; args: unknown[]; claimed: number }> {
  const sql: Sql = sqlOf(db);
  const { all, batch } = sql;
  let seen: { text: string; args: unknown[] } | undefined;
  sql.all = ((text: string, args: unknown[] = []) => {
    seen ??= { text, args };
    return all(text, args);
  }) as Sql["all"];
  sql.batch = ((list: Parameters<Sql["batch"]>[0]) => {
    const update = list.find((s) => /^\s*UPDATE/i.test(s.sql));
    if (update) seen ??= { text: update.sql, args: update.args };
    return batch(list);
  }) as Sql["batch"];
  try {
    const claimed = (await claimDue(db, now, BATCH)).length;
    if (!seen) throw new Error("claimDue sent no claim statement through sqlOf(db)");
    return { ...seen, claimed };
  } finally {
    sql.all = all;
    sql.batch = batch;
  }
}

/** Strips PostgreSQL's cost estimates, so two plans compare by shape. */
const shape = (plan: string[]) => plan.map((line) => line.replace(/\s+\(cost=[^)]*\)/g, "")).join("\n");

async function measure(bench: BenchDb): Promise<Figure[]> {
  const figures: Figure[] = [];
  const next = random(20_261_128);
  let rows = 0;
  let claim: { text: string; args: unknown[] } | undefined;
  let planBefore: string[] = [];
  /** Makes exactly DUE rows due (untimed); returns the claim time and the BATCH ids the claim must return. */
  const arm = async (layout: Layout) => {
    // SQLite's calls never wait on I/O: let the event loop turn (Ctrl-C is handled there).
    await new Promise((resolve) => setImmediate(resolve));
    const armedAt = new Date();
    const due = pickDue(layout, rows, armedAt, next);
    await bench.rearm(due, armedAt);
    return { now: new Date(), oldest: new Set(due.slice(-BATCH).map((d) => d.id)) };
  };
  for (const planned of SIZES) {
    const target = rowsFor(planned);
    if (!Number.isInteger(target) || target <= rows) throw new Error(`BENCH_SIZES must grow, in multiples of 4: ${SIZES.join(", ")}`);
    let t0 = performance.now();
    await bench.grow(rows, target);
    const seedMs = performance.now() - t0;
    const added = target - rows;
    rows = target;
    if (!claim) {
      // The first claim (untimed) shows the statement claimDue sends, and its plan before any statistics.
      const { now } = await arm("scattered");
      const watched = await claimWatched(bench.db, now);
      if (watched.claimed !== BATCH) throw new Error(`the first claim returned ${watched.claimed} rows, not ${BATCH}`);
      claim = watched;
      planBefore = await bench.explain(watched.text, watched.args);
    }
    t0 = performance.now();
    await bench.analyze();
    const analyzeMs = performance.now() - t0;
    console.log(
      `  ${bench.dialect}: +${added.toLocaleString("en")} rows → ${planned.toLocaleString("en")} planned, ${rows.toLocaleString("en")} in all, ` +
        `in ${(seedMs / 1000).toFixed(1)} s (+ ${bench.what} ${(analyzeMs / 1000).toFixed(1)} s)`,
    );
    const times: Record<Layout, number[]> = { scattered: [], clustered: [] };
    let fewest = Infinity;
    const wal: Record<Layout, number[]> = { scattered: [], clustered: [] };
    // The layouts take turns, so a busy moment of the machine falls on both. Round 0 is a warm-up
    // (the statement prepared again after ANALYZE), not counted.
    for (let round = 0; round <= REPS; round++) {
      for (const layout of LAYOUTS) {
        const { now, oldest } = await arm(layout);
        t0 = performance.now();
        const claimed = await claimDue(bench.db, now, BATCH);
        const took = performance.now() - t0;
        if (claimed.length !== BATCH || !claimed.every((c) => oldest.has(c.id)))
          throw new Error(
            `${bench.dialect} at ${planned}, ${layout}: the claim returned ${claimed.length} rows, not the ${BATCH} oldest due`,
          );
        fewest = Math.min(fewest, claimed.length);
        if (round > 0) times[layout].push(took);
        if (round > 0 && bench.walPages) wal[layout].push(bench.walPages());
      }
    }
    for (const layout of LAYOUTS) {
      const sorted = times[layout].sort((a, b) => a - b);
      figures.push({
        dialect: bench.dialect,
        planned,
        rows,
        layout,
        median: quantile(sorted, 0.5),
        p95: quantile(sorted, 0.95),
        max: sorted[sorted.length - 1],
        returned: fewest,
        ...(wal[layout].length
          ? {
              wal: {
                pages: quantile(
                  [...wal[layout]].sort((a, b) => a - b),
                  0.5,
                ),
                checkpoints: wal[layout].filter((p) => p >= AUTOCHECKPOINT_PAGES).length,
              },
            }
          : {}),
      });
    }
  }
  const plan = await bench.explain(claim!.text, claim!.args);
  console.log(`  ${bench.dialect}: the claim's plan at ${SIZES[SIZES.length - 1].toLocaleString("en")} planned, after ${bench.what}:`);
  for (const line of plan) console.log(`    ${line}`);
  if (shape(planBefore) !== shape(plan)) {
    console.log(`  ${bench.dialect}: and at ${SIZES[0].toLocaleString("en")} planned, before ${bench.what} (no statistics):`);
    for (const line of planBefore) console.log(`    ${line}`);
  }
  if (bench.explainAnalyze) {
    // Where a claim's time goes: one more claim of scattered rows, measured by the server and rolled back.
    const { now } = await arm("scattered");
    const analyzed = await bench.explainAnalyze(
      claim!.text,
      claim!.args.map((a) => (a instanceof Date ? now : a)),
    );
    console.log(
      `  ${bench.dialect}: one claim of scattered rows at ${SIZES[SIZES.length - 1].toLocaleString("en")} planned, EXPLAIN (ANALYZE, BUFFERS, WAL):`,
    );
    for (const line of analyzed) console.log(`    ${line}`);
  }
  return figures;
}

const figures: Figure[] = [];
const skipped: string[] = [];
const cores = os.cpus();
const loadBefore = os.loadavg();
console.log(`scheduler claim: claimDue(db, now, ${BATCH}) with ${DUE.toLocaleString("en")} rows due, ${REPS} repetitions per size`);
try {
  for (const dialect of DIALECTS) {
    if (dialect === "sqlite") {
      const bench = await sqliteBench();
      figures.push(...(await measure(bench)));
      await cleanUp();
    } else if (dialect === "postgresql") {
      const admin = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 5_000 });
      admin.on("error", () => undefined);
      try {
        await admin.connect();
      } catch (error) {
        const why = `PostgreSQL skipped: not reachable at ${new URL(PG_URL).host} (${(error as Error).message || String(error)})`;
        console.log(`  ${why}`);
        skipped.push(why);
        continue;
      }
      cleanups.push(() => admin.end());
      const bench = await postgresBench(admin);
      figures.push(...(await measure(bench)));
      await cleanUp();
    } else {
      throw new Error(`unknown dialect in BENCH_DIALECTS: ${dialect}`);
    }
  }
} catch (error) {
  await cleanUp();
  // Stopped half-way by Ctrl-C: the signal's handler exits once the cleanup is done.
  if (interrupted) await new Promise(() => undefined);
  throw error;
}
await cleanUp();

const ms = (x: number) => x.toFixed(2).padStart(6);
const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(" ");
console.log("");
console.log(
  `${new Date().toISOString().slice(0, 10)} · ${cores[0]?.model.trim() ?? "unknown CPU"} × ${cores.length} cores · ` +
    `${Math.round(os.totalmem() / 2 ** 30)} GB · Node ${process.version} · load average ${load(loadBefore)} at the start, ` +
    `${load(os.loadavg())} at the end · npm run bench:scheduler`,
);
console.log(
  `dialect    | N planned | rows in all | due rows  | claim ${BATCH}: median / p95 / max ms | returned | target ≤ ${TARGET_MS} ms (p95) | ` +
    `WAL pages per claim (SQLite; claims that checkpointed)`,
);
for (const f of figures) {
  console.log(
    `${f.dialect.padEnd(10)} | ${f.planned.toLocaleString("en").padStart(9)} | ${f.rows.toLocaleString("en").padStart(11)} | ` +
      `${f.layout.padEnd(9)} | ${ms(f.median)} / ${ms(f.p95)} / ${ms(f.max)}         | ${String(f.returned).padStart(8)} | ` +
      `${(f.p95 <= TARGET_MS ? "met" : "MISSED").padEnd(20)} | ${f.wal ? `${f.wal.pages} (${f.wal.checkpoints} of ${REPS})` : "–"}`,
  );
}
for (const dialect of DIALECTS) {
  for (const layout of LAYOUTS) {
    const mine = figures.filter((f) => f.dialect === dialect && f.layout === layout);
    if (mine.length < 2) continue;
    const first = mine[0];
    const last = mine[mine.length - 1];
    const factor = last.p95 / first.p95;
    const missed = mine.filter((f) => f.p95 > TARGET_MS).map((f) => f.planned.toLocaleString("en"));
    console.log(
      `${dialect}, ${layout}: ${factor <= FLAT_FACTOR ? "flat" : "NOT flat"}: p95 at ${last.planned.toLocaleString("en")} is ` +
        `${factor.toFixed(2)}× p95 at ${first.planned.toLocaleString("en")} (median ${(last.median / first.median).toFixed(2)}×); ` +
        `target p95 ≤ ${TARGET_MS} ms ${missed.length ? `MISSED at N = ${missed.join(", ")}` : "met at every N"}`,
    );
  }
}
for (const why of skipped) console.log(why);
console.log(`run time ${((performance.now() - began) / 1000).toFixed(0)} s`);
