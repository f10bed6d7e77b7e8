// `npm run bench:admin` — the admin's Orders and Customers list queries at 100,000 orders (and
// 20,000 customers) of one shop, beside 20,000 orders of another shop that must never show: the
// median of 7 runs of each query after a warm-up, on SQLite (or PostgreSQL with
// BENCH_DATABASE_URL). Each query's result is checked, so a fast wrong answer cannot pass; the
// times are printed, not asserted.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { customerGidOf, listCustomers } from "../../app/customers/customer-queries.server";
import { createDb } from "../../app/platform/db.server";
import { migrate } from "../../app/platform/migrate.server";
import { sqlOf } from "../../app/platform/sql.server";
import { countOrders, listOrders, orderGidOf } from "../../app/orders/order-queries.server";

const BIG = "big-store.myshopify.com";
const ORDERS = 100_000;
const OTHER = 20_000;
const CUSTOMERS = 20_000;
const start = Date.parse("2025-01-01T00:00:00Z");

function check(ok: boolean, what: string) {
  if (!ok) throw new Error(`wrong result: ${what}`);
}

let url: string;
let cleanup: () => Promise<void>;
if (process.env.BENCH_DATABASE_URL) {
  const name = `aftercare_bench_admin_${Date.now()}`;
  const admin = new pg.Client({ connectionString: process.env.BENCH_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(process.env.BENCH_DATABASE_URL);
  u.pathname = `/${name}`;
  url = u.toString();
  cleanup = async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  };
} else {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aftercare-bench-admin-"));
  url = `file:${path.join(dir, "bench.sqlite")}`;
  cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
}
await migrate(url);
const db = createDb(url);

/** Inserts rows through multi-row INSERTs of 500 rows, all in one transaction. */
async function insertMany(table: string, columns: string[], rows: unknown[][]) {
  const list = columns.map((c) => `"${c}"`).join(", ");
  const one = `(${columns.map(() => "?").join(", ")})`;
  const chunks: unknown[][] = [];
  for (let i = 0; i < rows.length; i += 500) chunks.push(rows.slice(i, i + 500).flat());
  const full = chunks.filter((c) => c.length === 500 * columns.length);
  const statement = (n: number) => `INSERT INTO "${table}" (${list}) VALUES ${Array.from({ length: n }, () => one).join(", ")}`;
  if (full.length) await sqlOf(db).runEach(statement(500), full);
  for (const rest of chunks.filter((c) => c.length !== 500 * columns.length))
    await sqlOf(db).run(statement(rest.length / columns.length), rest);
}

const orderColumns = [
  "id",
  "shop",
  "orderGid",
  "name",
  "email",
  "customerGid",
  "currency",
  "totalMinor",
  "financialStatus",
  "fulfillmentStatus",
  "processedAt",
  "cancelledAt",
  "deliveredAt",
  "deliverySource",
  "shopifyUpdatedAt",
  "createdAt",
  "updatedAt",
];
/**
 * A year and a half of a busy shop: an order every 7 minutes from 20,000 customers; most paid,
 * shipped and delivered. Its 200 cancellations are all among the oldest 10,000 orders, so the
 * Cancelled tab reads nearly the whole shop before its first page is full (the worst case).
 */
function bigOrder(shop: string, i: number): unknown[] {
  const processedAt = new Date(start + i * 7 * 60_000);
  const customer = (i * 7919) % CUSTOMERS;
  const cancelled = i < 10_000 && i % 50 === 7;
  const refunded = i % 40 === 3;
  const fulfilled = !cancelled && i % 10 !== 0;
  const delivered = fulfilled && i % 10 !== 1;
  return [
    // Zero-padded, so the primary key grows in order like the cuids it stands for.
    `${shop}-${String(i).padStart(6, "0")}`,
    shop,
    orderGidOf(String(5_000_000 + i)),
    `#${1001 + i}`,
    `customer${customer}@example.com`,
    customerGidOf(String(700_000 + customer)),
    "PLN",
    5_000 + (i % 400) * 100,
    cancelled || refunded ? "refunded" : i % 33 === 5 ? "pending" : "paid",
    fulfilled ? "fulfilled" : null,
    processedAt,
    cancelled ? processedAt : null,
    delivered ? new Date(processedAt.getTime() + 2 * 86_400_000) : null,
    delivered ? "carrier" : null,
    processedAt,
    processedAt,
    processedAt,
  ];
}

const began = Date.now();
await insertMany(
  "Order",
  orderColumns,
  Array.from({ length: ORDERS }, (_, i) => bigOrder(BIG, i)),
);
// Another shop with the same names, emails and GIDs, newer than all of the big shop's orders.
await insertMany(
  "Order",
  orderColumns,
  Array.from({ length: OTHER }, (_, i) => {
    const row = bigOrder("noisy-neighbour.myshopify.com", i);
    row[10] = new Date(start + (ORDERS + i) * 7 * 60_000);
    return row;
  }),
);
await insertMany(
  "Customer",
  ["id", "shop", "customerGid", "email", "firstName", "lastName", "marketingState", "shopifyUpdatedAt", "createdAt", "updatedAt"],
  Array.from({ length: CUSTOMERS }, (_, c) => [
    `${BIG}-c${String(c).padStart(6, "0")}`,
    BIG,
    customerGidOf(String(700_000 + c)),
    `customer${c}@example.com`,
    `Imię${c}`,
    `Nazwisko${c}`,
    c % 3 ? "SUBSCRIBED" : "NOT_SUBSCRIBED",
    new Date(start),
    new Date(start),
    new Date(start),
  ]),
);
// PostgreSQL's autovacuum would have gathered statistics on a table this size by now; SQLite is
// measured as the app leaves it, without ANALYZE.
if (sqlOf(db).dialect === "postgresql") await sqlOf(db).run(`ANALYZE "Order", "Customer"`);
console.log(`inserted ${ORDERS} + ${OTHER} orders and ${CUSTOMERS} customers in ${Date.now() - began} ms`);

/** The median of several runs after a warm-up, in milliseconds. */
async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const result = await run();
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const began = performance.now();
    await run();
    times.push(performance.now() - began);
  }
  times.sort((a, b) => a - b);
  return { ms: times[3], result };
}

const figures: Record<string, number> = {};
const measure = async <T>(label: string, run: () => Promise<T>) => {
  const { ms, result } = await timed(run);
  figures[label] = Math.round(ms * 100) / 100;
  return result;
};

const first = await measure("first page (newest)", () => listOrders(db, BIG));
check(first.orders.length === 50, "first query result");
check(first.orders[0].name === `#${1000 + ORDERS}`, "first query result");
check(
  first.orders.every((o) => /^5\d{6}$/.test(o.id)),
  "first query result",
);

const oldest = await measure("first page (oldest)", () => listOrders(db, BIG, { sort: "oldest" }));
check(oldest.orders[0].name === "#1001", "oldest query result");

let deep = first;
for (let i = 0; i < 5; i++) deep = await listOrders(db, BIG, { after: deep.next });
const seventh = await measure("7th page (keyset)", () => listOrders(db, BIG, { after: deep.next }));
check(seventh.orders[0].name === `#${1000 + ORDERS - 300}`, "seventh query result");

for (const status of ["paid", "delivered", "refunded", "cancelled"] as const) {
  const label = status === "cancelled" ? "filter cancelled (all among the oldest 10%)" : `filter ${status}`;
  const page = await measure(label, () => listOrders(db, BIG, { status }));
  check(page.orders.length === 50, "page query result");
}

const exact = await measure("search #50001", () => listOrders(db, BIG, { search: "#50001" }));
check(JSON.stringify(exact.orders.map((o) => o.name)) === JSON.stringify(["#50001"]), "exact query result");
const digits = await measure("search 1001 (no #)", () => listOrders(db, BIG, { search: "1001" }));
// #1001, #10010…#10019 and #100100…#100199 match; the newest 50 come first.
check(digits.orders.length === 50, "digits query result");
check(digits.orders[0].name === "#100199", "digits query result");
check(
  digits.orders.every((o) => o.name.startsWith("#1001")),
  "digits query result",
);
const broad = await measure("search #1 (every order matches)", () => listOrders(db, BIG, { search: "#1" }));
check(broad.orders.length === 50, "broad query result");
// customer1… is 11,111 of the 20,000 customers: a dense email search walks the date index.
const dense = await measure("search customer1 (55% of orders)", () => listOrders(db, BIG, { search: "customer1" }));
check(dense.orders.length === 50, "dense query result");
check(
  dense.orders.every((o) => o.email?.startsWith("customer1")),
  "dense query result",
);
check(dense.orders[0].name === first.orders.find((o) => o.email?.startsWith("customer1"))?.name, "dense query result");
const email = await measure("search customer123@", () => listOrders(db, BIG, { search: "customer123@" }));
check(email.orders.length > 0, "email query result");
check(
  email.orders.every((o) => o.email === "customer123@example.com"),
  "email query result",
);
const emailFilter = await measure("search customer12 + delivered", () =>
  listOrders(db, BIG, { search: "customer12", status: "delivered" }),
);
check(emailFilter.orders.length > 0, "emailFilter query result");

const total = await measure("count the shop's orders", () => countOrders(db, BIG));
check(total === ORDERS, "total query result");

const customers = await measure("customers first page + aggregates", () => listCustomers(db, BIG));
check(customers.customers.length === 50, "customers query result");
check(
  customers.customers.every((c) => c.ordersCount === 5),
  "customers query result",
);
const byName = await measure("customers search Nazwisko1234", () => listCustomers(db, BIG, { search: "Nazwisko1234" }));
check(byName.customers.map((c) => c.lastName).includes("Nazwisko1234"), "byName query result");

console.log(`admin list queries at ${ORDERS.toLocaleString("en")} orders, ${sqlOf(db).dialect} (median of 7, ms):`);
for (const [label, ms] of Object.entries(figures)) console.log(`  ${label.padEnd(48)} ${ms.toFixed(2).padStart(8)}`);
await db.$disconnect();
await cleanup();
