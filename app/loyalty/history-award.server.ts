// The one-off award of points for past orders from the imported history: a preview ("1,234
// customers would receive 56,789 points") that writes nothing, and a run that walks the customers
// in batches as a chain of keyed jobs, with its progress in a LoyaltyHistoryAward row. Orders of the
// last N days count, cancelled and fully refunded ones do not; each earns by the program's rules as
// a live order would (tag and collection exclusions, tax and shipping toggles, the tier's multiplier,
// its refunds taking their share back). Entries are keyed `earn:order:<gid>` — the live award's own
// key — so an order earns once whichever comes first, and a second run pays nothing twice.
// One run per shop at a time (a unique key on the running row).
import type { LoyaltyHistoryAward, Order } from "@prisma/client";
import type { EventLog } from "~/events/log.server";
import type { ShopifyConfig } from "~/messaging/shopify.server";
import type { Db } from "~/platform/db.server";
import type { JobQueue } from "~/platform/jobs/types";
import { publishChanges, type TierChange } from "./changes.server";
import { withMember, type Entry } from "./ledger.server";
import { DAY_MS, pastOrdersAward, type PastOrder } from "./lifecycle";
import { awardOrderInTx, earnKey, excludedProducts, type OrderFacts } from "./orders.server";
import { loyaltyProgram, type Program } from "./program.server";
import { standingOf } from "./tier.server";

export const HISTORY_AWARD_JOB = "loyalty.history-award";
/** Customers per batch (one job each)… */
export const AWARD_BATCH = 100;
/** …or fewer: a batch stops after this much work and leaves the rest to the next job. */
export const BATCH_BUDGET_MS = 2_000;
export const MAX_AWARD_DAYS = 3_650;

/** Financial statuses of an order that was paid and is not wholly refunded. */
const PAID = ["paid", "partially_refunded"];

export interface HistoryAwardDeps {
  db: Db;
  shopify: ShopifyConfig;
  events: EventLog;
  jobs: JobQueue;
}

function eligible(shop: string, sinceDays: number, now: Date) {
  return {
    shop,
    customerGid: { not: null },
    cancelledAt: null,
    financialStatus: { in: PAID },
    processedAt: { gte: new Date(now.getTime() - sinceDays * DAY_MS) },
  };
}

/** The next batch of customers (by GID) with eligible orders. */
async function customersAfter(db: Db, shop: string, sinceDays: number, now: Date, after: string | null, take: number): Promise<string[]> {
  const where = eligible(shop, sinceDays, now);
  const groups = await db.order.groupBy({
    by: ["customerGid"],
    where: after ? { ...where, customerGid: { not: null, gt: after } } : where,
    orderBy: { customerGid: "asc" },
    take,
  });
  return groups.flatMap((g) => (g.customerGid ? [g.customerGid] : []));
}

interface CustomerOrders {
  customerGid: string;
  orders: { facts: OrderFacts; refunds: { amountMinor: number; lines: { lineItemGid: string; quantity: number }[] }[] }[];
}

function parseLines(json: string): { lineItemGid: string; quantity: number }[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? (v as { lineItemGid: string; quantity: number }[]) : [];
  } catch {
    return [];
  }
}

/** The batch's orders still to award (no earn entry yet, not wholly refunded), oldest first, with their lines and refunds. */
async function ordersToAward(db: Db, shop: string, sinceDays: number, now: Date, customers: string[]): Promise<CustomerOrders[]> {
  const orders: Order[] = await db.order.findMany({
    where: { ...eligible(shop, sinceDays, now), customerGid: { in: customers } },
    orderBy: [{ processedAt: "asc" }, { orderGid: "asc" }],
  });
  const gids = orders.map((o) => o.orderGid);
  const [earned, lines, refunds] = await Promise.all([
    db.loyaltyEntry.findMany({ where: { shop, key: { in: gids.map(earnKey) } }, select: { key: true } }),
    db.orderLine.findMany({
      where: { shop, orderGid: { in: gids } },
      select: { orderGid: true, lineItemGid: true, productGid: true, quantity: true, priceMinor: true },
      orderBy: { id: "asc" },
    }),
    db.refund.findMany({
      where: { shop, orderGid: { in: gids } },
      select: { orderGid: true, amountMinor: true, lines: true },
      orderBy: { processedAt: "asc" },
    }),
  ]);
  const done = new Set(earned.map((e) => e.key));
  const byCustomer = new Map<string, CustomerOrders>(customers.map((c) => [c, { customerGid: c, orders: [] }]));
  for (const order of orders) {
    if (done.has(earnKey(order.orderGid))) continue;
    const own = refunds.filter((r) => r.orderGid === order.orderGid);
    // Wholly refunded: it would earn and lose the same points; nothing to award.
    if (order.totalMinor > 0 && own.reduce((s, r) => s + r.amountMinor, 0) >= order.totalMinor) continue;
    byCustomer.get(order.customerGid!)!.orders.push({
      facts: {
        order,
        lines: lines
          .filter((l) => l.orderGid === order.orderGid)
          .map(({ lineItemGid, productGid, quantity, priceMinor }) => ({ lineItemGid, productGid, quantity, priceMinor })),
      },
      refunds: own.map((r) => ({ amountMinor: r.amountMinor, lines: parseLines(r.lines) })),
    });
  }
  return [...byCustomer.values()].filter((c) => c.orders.length > 0);
}

async function exclusionsFor(
  deps: Pick<HistoryAwardDeps, "db" | "shopify">,
  program: Program,
  batch: CustomerOrders[],
): Promise<Set<string>> {
  const products = batch.flatMap((c) => c.orders.flatMap((o) => o.facts.lines.flatMap((l) => (l.productGid ? [l.productGid] : []))));
  return excludedProducts(deps.db, deps.shopify, program.shop, program, products);
}

function pastOrder(o: CustomerOrders["orders"][number], excluded: Set<string>): PastOrder {
  const { order, lines } = o.facts;
  return {
    earning: {
      currency: order.currency,
      totalMinor: order.totalMinor,
      subtotalMinor: order.subtotalMinor,
      taxMinor: order.taxMinor,
      shippingMinor: order.shippingMinor,
      taxesIncluded: order.taxesIncluded,
      lines: lines.map((l) => ({
        lineItemGid: l.lineItemGid,
        quantity: l.quantity,
        priceMinor: l.priceMinor,
        excluded: l.productGid ? excluded.has(l.productGid) : false,
      })),
    },
    refunds: o.refunds,
  };
}

export interface HistoryAwardPreview {
  sinceDays: number;
  customers: number;
  points: number;
  orders: number;
}

/** What a run for the last `sinceDays` days would award now, without writing anything. */
export async function previewHistoryAward(
  deps: Pick<HistoryAwardDeps, "db" | "shopify">,
  shop: string,
  sinceDays: number,
  now: Date,
  batch = AWARD_BATCH,
): Promise<HistoryAwardPreview> {
  const { db } = deps;
  const program = await loyaltyProgram(db, shop);
  const out: HistoryAwardPreview = { sinceDays, customers: 0, points: 0, orders: 0 };
  for (let after: string | null = null; ;) {
    const customers = await customersAfter(db, shop, sinceDays, now, after, batch);
    if (!customers.length) return out;
    after = customers[customers.length - 1];
    const owed = await ordersToAward(db, shop, sinceDays, now, customers);
    if (!owed.length) continue;
    const excluded = await exclusionsFor(deps, program, owed);
    const gids = owed.map((c) => c.customerGid);
    const [members, entered] = await Promise.all([
      db.loyaltyMember.findMany({ where: { shop, customerGid: { in: gids } }, select: { customerGid: true, tierId: true } }),
      db.loyaltyEntry.findMany({
        where: { shop, customerGid: { in: gids }, reason: "tier_entry" },
        select: { customerGid: true, key: true },
      }),
    ]);
    const tierOf = new Map(members.map((m) => [m.customerGid, m.tierId]));
    for (const c of owed) {
      const member = tierOf.has(c.customerGid);
      // Standing matters only with tiers; by points it is 0 for a customer the program has not met yet.
      const standing =
        program.tiers.length && (member || program.tierBasis === "spent") ? await standingOf(db, program, shop, c.customerGid, now) : 0;
      const prefix = `tier_entry:${c.customerGid}:`;
      const outcome = pastOrdersAward(
        c.orders.map((o) => pastOrder(o, excluded)),
        program,
        {
          standing,
          tierId: tierOf.get(c.customerGid) ?? null,
          entered: new Set(
            entered.filter((e) => e.customerGid === c.customerGid && e.key.startsWith(prefix)).map((e) => e.key.slice(prefix.length)),
          ),
        },
      );
      if (outcome.points <= 0) continue;
      out.customers++;
      out.points += outcome.points;
      out.orders += outcome.orders;
    }
  }
}

export type StartOutcome =
  | { started: true; run: LoyaltyHistoryAward }
  | { started: false; reason: "running"; run: LoyaltyHistoryAward }
  | { started: false; reason: "program_off" };

function isUniqueViolation(error: unknown) {
  return (error as { code?: string })?.code === "P2002";
}

/** Starts a run for the last `sinceDays` days, unless one is running for the shop (its row is returned). */
export async function startHistoryAward(
  deps: Pick<HistoryAwardDeps, "db" | "jobs">,
  shop: string,
  input: { sinceDays: number; requestedBy: string; now: Date },
): Promise<StartOutcome> {
  const { db } = deps;
  const program = await loyaltyProgram(db, shop);
  if (!program.enabled) return { started: false, reason: "program_off" };
  const running = await activeHistoryAward(db, shop);
  if (running) return { started: false, reason: "running", run: running };
  const customersTotal = (await db.order.groupBy({ by: ["customerGid"], where: eligible(shop, input.sinceDays, input.now) })).length;
  let run: LoyaltyHistoryAward;
  try {
    run = await db.loyaltyHistoryAward.create({
      data: { shop, activeShop: shop, sinceDays: input.sinceDays, requestedBy: input.requestedBy, customersTotal, startedAt: input.now },
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const other = await activeHistoryAward(db, shop);
    if (other) return { started: false, reason: "running", run: other };
    throw error;
  }
  await deps.jobs.enqueue(
    HISTORY_AWARD_JOB,
    { shop, runId: run.id, after: null, done: 0 },
    { key: `loyalty.history-award:${run.id}:0`, shop },
  );
  return { started: true, run };
}

export function activeHistoryAward(db: Db, shop: string): Promise<LoyaltyHistoryAward | null> {
  return db.loyaltyHistoryAward.findUnique({ where: { activeShop: shop } }).then((r) => (r && r.shop === shop ? r : null));
}

/** The shop's latest run, running or not. */
export function latestHistoryAward(db: Db, shop: string): Promise<LoyaltyHistoryAward | null> {
  return db.loyaltyHistoryAward.findFirst({ where: { shop }, orderBy: { startedAt: "desc" } });
}

/** Two tier moves in one customer's award, seen as one: from where they were to where they ended. */
function combined(program: Program, first: TierChange | null, last: TierChange | null): TierChange | null {
  if (!first || !last || first.from === last.to) return null;
  const threshold = (name: string | null) => program.tiers.find((t) => t.name === name)?.threshold ?? -1;
  return { from: first.from, to: last.to, direction: threshold(last.to) > threshold(first.from) ? "up" : "down", key: last.key };
}

export interface BatchResult {
  /** The next batch's cursor, or null when the run is over. */
  next: { after: string; done: number } | null;
}

/**
 * Awards one batch of customers after `after` (each customer in one ledger transaction, which also
 * adds what it wrote to the run's totals, so the totals are exact however often a batch is retried),
 * then records the batch as done. A batch ends early once it has worked `budgetMs`, so no job keeps
 * a worker (or a shutdown) waiting long. Does nothing when the run is no longer running.
 */
export async function awardHistoryBatch(
  deps: HistoryAwardDeps,
  runId: string,
  after: string | null,
  done: number,
  now: Date,
  size = AWARD_BATCH,
  budgetMs = BATCH_BUDGET_MS,
): Promise<BatchResult> {
  const { db } = deps;
  const run = await db.loyaltyHistoryAward.findUnique({ where: { id: runId } });
  if (!run || run.status !== "running") return { next: null };
  const { shop, sinceDays } = run;
  // The window is the run's, from when it started: a run resumed later covers the same orders.
  const asOf = run.startedAt;
  const customers = await customersAfter(db, shop, sinceDays, asOf, after, size);
  if (!customers.length) {
    await db.loyaltyHistoryAward.updateMany({
      where: { id: runId, status: "running" },
      data: { status: "completed", activeShop: null, finishedAt: now, customersDone: Math.max(done, run.customersDone) },
    });
    return { next: null };
  }
  const program = await loyaltyProgram(db, shop);
  const batch = await ordersToAward(db, shop, sinceDays, asOf, customers);
  const excluded = batch.length ? await exclusionsFor(deps, program, batch) : new Set<string>();
  // Spendable at once: pending periods are about returns, and these orders are history.
  const paidAt = new Date(now.getTime() - program.pendingDays * DAY_MS);
  const owed = new Map(batch.map((c) => [c.customerGid, c]));
  // Machine time, not the clock: this bounds how long the job holds a worker (and a shutdown waits).
  const stopAt = Date.now() + budgetMs;
  let processed = 0;
  for (const gid of customers) {
    const c = owed.get(gid);
    processed++;
    if (!c) continue;
    const r = await withMember(db, shop, c.customerGid, now, async (tx, member) => {
      const entries: Entry[] = [];
      let first: TierChange | null = null;
      let last: TierChange | null = null;
      for (const o of c.orders) {
        const awarded = await awardOrderInTx(tx, member, program, o.facts, excluded, paidAt, now, "history_award");
        entries.push(...awarded.entries);
        if (awarded.tier) {
          first ??= awarded.tier;
          last = awarded.tier;
        }
      }
      const points = entries.reduce((s, e) => s + e.points + e.pendingPoints, 0);
      if (entries.length) {
        await tx.loyaltyHistoryAward.update({
          where: { id: runId },
          data: { points: { increment: points }, customersAwarded: { increment: points > 0 ? 1 : 0 } },
        });
      }
      return { entries, member, tier: combined(program, first, last) };
    });
    await publishChanges(deps, shop, r);
    if (Date.now() >= stopAt) break;
  }
  const reached = done + processed;
  await db.loyaltyHistoryAward.updateMany({
    where: { id: runId, status: "running", customersDone: done },
    data: { customersDone: reached },
  });
  return { next: { after: customers[processed - 1], done: reached } };
}

/** A run the job layer gave up on: failed, and the shop may start another. */
export async function failHistoryAward(db: Db, runId: string, error: string, now: Date): Promise<void> {
  await db.loyaltyHistoryAward.updateMany({
    where: { id: runId, status: "running" },
    data: { status: "failed", activeShop: null, finishedAt: now, error: error.slice(0, 1_000) },
  });
}

export interface HistoryAwardView {
  id: string;
  status: "running" | "completed" | "failed";
  sinceDays: number;
  customersTotal: number;
  customersDone: number;
  customersAwarded: number;
  points: number;
  /** 0…1. */
  progress: number;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}

export function historyAwardView(r: LoyaltyHistoryAward): HistoryAwardView {
  const status = r.status === "completed" || r.status === "failed" ? r.status : "running";
  return {
    id: r.id,
    status,
    sinceDays: r.sinceDays,
    customersTotal: r.customersTotal,
    customersDone: r.customersDone,
    customersAwarded: r.customersAwarded,
    points: r.points,
    progress: status === "completed" ? 1 : r.customersTotal > 0 ? Math.min(1, r.customersDone / r.customersTotal) : 0,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    error: r.error,
  };
}
