// Points for orders: the award when an order is paid (pending for the return window, then
// released by a keyed timer), and its reconciliation with the order's refunds and cancellation.
// Reconciling is cumulative and order-independent: the reversal owed is computed from every refund
// known so far and written under a key naming that cumulative target, so refunds arriving late,
// twice or out of order converge on the same ledger. Shopify is asked for the products' tags and
// collections only when the merchant excludes some.
import type { Order } from "@prisma/client";
import type { JobQueue } from "~/platform/jobs/types";
import type { Db } from "~/platform/db.server";
import { admin, type ShopifyConfig } from "~/messaging/shopify.server";
import { awardFor, refundedShare, reversalTarget, type Award } from "./earning";
import { appendInTx, type Entry, type Member, type Tx } from "./ledger.server";
import { ProductsForEarning } from "./loyalty.operations";
import type { Program } from "./program.server";
import { evaluateTier, multiplierOf } from "./tier.server";
import type { TierChange } from "./changes.server";
import type { EntryDraft } from "./types";

export const RELEASE_JOB = "loyalty.release-pending";
const DAY = 24 * 3600_000;

export const earnKey = (orderGid: string) => `earn:order:${orderGid}`;
export const releaseKey = (orderGid: string) => `release:order:${orderGid}`;

/** Product GIDs (of these) that the program's tag and collection exclusions rule out. */
export async function excludedProducts(
  db: Db,
  shopify: ShopifyConfig,
  shop: string,
  program: Program,
  productGids: string[],
): Promise<Set<string>> {
  const out = new Set<string>();
  if (!productGids.length || (!program.excludedTagList.length && !program.excludedCollectionList.length)) return out;
  const tags = new Set(program.excludedTagList.map((t) => t.toLowerCase()));
  const collections = new Set(program.excludedCollectionList);
  const client = await admin(db, shop, shopify);
  const unique = [...new Set(productGids)];
  for (let i = 0; i < unique.length; i += 100) {
    const { nodes } = await client.request(ProductsForEarning, { ids: unique.slice(i, i + 100) });
    for (const p of nodes) {
      if (!p) continue;
      if (p.tags.some((t) => tags.has(t.toLowerCase())) || p.collections.nodes.some((c) => collections.has(c.id))) out.add(p.id);
    }
  }
  return out;
}

export interface OrderFacts {
  order: Order;
  lines: { lineItemGid: string; productGid: string | null; quantity: number; priceMinor: number }[];
}

export async function orderFacts(db: Db, shop: string, orderGid: string): Promise<OrderFacts | null> {
  const order = await db.order.findUnique({ where: { shop_orderGid: { shop, orderGid } } });
  if (!order) return null;
  const lines = await db.orderLine.findMany({
    where: { shop, orderGid },
    select: { lineItemGid: true, productGid: true, quantity: true, priceMinor: true },
  });
  return { order, lines };
}

export interface OrderLedgerResult {
  entries: Entry[];
  tier: TierChange | null;
}

/**
 * Awards an order's points (inside withMember). `paidAt` starts the pending period; an award
 * whose period is already over (a late or historical order) is spendable at once.
 */
export async function awardOrderInTx(
  tx: Tx,
  member: Member,
  program: Program,
  facts: OrderFacts,
  excluded: Set<string>,
  paidAt: Date,
  now: Date,
  reason: "order_paid" | "history_award" = "order_paid",
): Promise<OrderLedgerResult> {
  const { order } = facts;
  const award = awardFor(
    {
      currency: order.currency,
      totalMinor: order.totalMinor,
      subtotalMinor: order.subtotalMinor,
      taxMinor: order.taxMinor,
      shippingMinor: order.shippingMinor,
      taxesIncluded: order.taxesIncluded,
      lines: facts.lines.map((l) => ({ ...l, excluded: l.productGid ? excluded.has(l.productGid) : false })),
    },
    program,
    multiplierOf(program, member),
  );
  const availableAt = new Date(paidAt.getTime() + program.pendingDays * DAY);
  const pending = program.pendingDays > 0 && availableAt.getTime() > now.getTime();
  const draft: EntryDraft = {
    key: earnKey(order.orderGid),
    kind: "earn",
    reason,
    source: "order",
    orderGid: order.orderGid,
    ...(pending ? { pendingPoints: award.points, availableAt } : { points: award.points }),
    detail: { award, name: order.name },
  };
  const r = await appendInTx(tx, member, [draft], now);
  const entries = [...r.written];
  // Refunds or a cancellation may have arrived before the payment: settle them now.
  if (r.written.length) entries.push(...(await reconcileInTx(tx, member, program, order.orderGid, now)));
  const tier = r.written.length ? await evaluateTier(tx, program, member, now) : { change: null, entries: [] };
  return { entries: [...entries, ...tier.entries], tier: tier.change };
}

function awardOf(entry: Entry): Pick<Award, "baseMinor" | "lineBase"> {
  try {
    const detail = JSON.parse(entry.detail) as { award?: Award };
    if (detail.award) return detail.award;
  } catch {
    // An unreadable detail falls back to reversing by amount.
  }
  return { baseMinor: 0, lineBase: {} };
}

/**
 * Writes what the order's refunds and cancellation owe back since the last reconciliation:
 * from the pending points while the order's award is pending, from the balance after. A balance
 * already spent is taken down to zero, never below; the rest is recorded as the shortfall.
 */
export async function reconcileInTx(tx: Tx, member: Member, program: Program, orderGid: string, now: Date): Promise<Entry[]> {
  const { shop, customerGid } = member;
  // One after another: a transaction is one connection, which runs one query at a time.
  const order = await tx.order.findUnique({
    where: { shop_orderGid: { shop, orderGid } },
    select: { totalMinor: true, cancelledAt: true },
  });
  const orderEntries = await tx.loyaltyEntry.findMany({ where: { shop, customerGid, orderGid } });
  const refunds = await tx.refund.findMany({
    where: { shop, orderGid },
    select: { amountMinor: true, lines: true },
    orderBy: { processedAt: "asc" },
  });
  const earn = orderEntries.find((e) => e.key === earnKey(orderGid));
  if (!earn || !order) return [];
  const awarded = earn.points + earn.pendingPoints;
  const reversals = orderEntries.filter((e) => e.kind === "reverse");
  const reversed = -reversals.reduce((s, e) => s + e.points + e.pendingPoints, 0) + shortfallOf(reversals);
  const share = order.cancelledAt
    ? 1
    : refundedShare(
        awardOf(earn),
        order.totalMinor,
        refunds.map((r) => ({ amountMinor: r.amountMinor, lines: parseLines(r.lines) })),
      );
  const target = reversalTarget(awarded, share, program.rounding);
  const owed = target - reversed;
  if (owed <= 0) return [];
  const released = orderEntries.some((e) => e.key === releaseKey(orderGid)) || earn.pendingPoints === 0;
  const orderPending = orderEntries.reduce((s, e) => s + e.pendingPoints, 0);
  const available = released ? member.balance : Math.min(orderPending, member.pending);
  const taken = Math.min(owed, Math.max(0, available));
  const draft: EntryDraft = {
    key: `reverse:order:${orderGid}:${target}`,
    kind: "reverse",
    reason: order.cancelledAt ? "order_cancelled" : "order_refunded",
    source: order.cancelledAt ? "order" : "refund",
    orderGid,
    ...(released ? { points: -taken } : { pendingPoints: -taken }),
    detail: { share, target, owed, shortfall: owed - taken },
    // Points already spent: the entry of 0 is still written, so the shortfall is not owed twice.
    recordEmpty: true,
  };
  return (await appendInTx(tx, member, [draft], now)).written;
}

function shortfallOf(reversals: Entry[]): number {
  let total = 0;
  for (const e of reversals) {
    try {
      total += Number((JSON.parse(e.detail) as { shortfall?: number }).shortfall ?? 0);
    } catch {
      // Not a reconciliation entry.
    }
  }
  return total;
}

function parseLines(json: string): { lineItemGid: string; quantity: number }[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? (v as { lineItemGid: string; quantity: number }[]) : [];
  } catch {
    return [];
  }
}

/** Moves the order's remaining pending points to the spendable balance (the release timer's work). */
export async function releaseInTx(tx: Tx, member: Member, orderGid: string, now: Date): Promise<Entry[]> {
  const entries = await tx.loyaltyEntry.findMany({ where: { shop: member.shop, customerGid: member.customerGid, orderGid } });
  if (entries.some((e) => e.key === releaseKey(orderGid))) return [];
  const remaining = entries.reduce((s, e) => s + e.pendingPoints, 0);
  if (remaining <= 0) return [];
  const r = await appendInTx(
    tx,
    member,
    [
      {
        key: releaseKey(orderGid),
        kind: "release",
        points: remaining,
        pendingPoints: -remaining,
        reason: "pending_released",
        source: "order",
        orderGid,
      },
    ],
    now,
  );
  return r.written;
}

export async function scheduleRelease(jobs: JobQueue, shop: string, customerGid: string, orderGid: string, at: Date) {
  await jobs.enqueue(RELEASE_JOB, { shop, customerGid, orderGid }, { key: `loyalty.release:${shop}:${orderGid}`, runAt: at, shop });
}
