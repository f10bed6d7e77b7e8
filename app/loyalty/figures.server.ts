// The loyalty overview's figures for one shop: members and the points they hold, points earned and
// redeemed over a period (the redemption rate), rewards redeemed by type, and what the orders that
// carried a reward code came to. Each figure is aggregated in the database, never read row by row.
import type { Db } from "~/platform/db.server";
import { sqlOf } from "~/platform/sql.server";
import { REWARD_TYPES, type RewardType } from "./types";

/** The periods (days) the merchant can pick on the overview. */
export const FIGURE_PERIODS = [30, 90, 365] as const;
export type FigurePeriod = (typeof FIGURE_PERIODS)[number];

const DAY_MS = 24 * 3600_000;

export interface RewardFigure {
  type: RewardType;
  /** Redemptions made in the period, except those Shopify refused (their points came back). */
  redeemed: number;
  /** Of those, how many an order carried (counted as used even if that order was refunded later). */
  used: number;
  /** Points the period's redemptions still hold: voided, refunded and failed ones gave theirs back. */
  points: number;
}

export interface RevenueFigure {
  currency: string;
  orders: number;
  /** The orders' totals as placed. */
  totalMinor: number;
  /** Refunded on those orders since. */
  refundedMinor: number;
}

export interface LoyaltyFigures {
  since: Date;
  members: number;
  /** Points members can spend now. */
  spendable: number;
  /** Points waiting for their orders' return window. */
  pending: number;
  /** Points earned in the period (orders, actions, tier entries, past orders), less those taken back by refunds. */
  earned: number;
  /** Points spent on rewards in the period, less those given back (a reward refused, voided or refunded). */
  redeemed: number;
  /** redeemed ÷ earned; null when nothing was earned in the period. */
  redemptionRate: number | null;
  /** Orders placed in the period that carried a reward code bought with points, per currency. */
  revenue: RevenueFigure[];
  rewards: RewardFigure[];
}

const sum = (s: { points: number | null; pendingPoints: number | null } | undefined) => (s?.points ?? 0) + (s?.pendingPoints ?? 0);

export async function loyaltyFigures(db: Db, shop: string, now: Date, days: FigurePeriod): Promise<LoyaltyFigures> {
  const since = new Date(now.getTime() - days * DAY_MS);
  const [members, byKind, redemptions, revenue] = await Promise.all([
    db.loyaltyMember.aggregate({ where: { shop }, _count: { _all: true }, _sum: { balance: true, pending: true } }),
    db.loyaltyEntry.groupBy({
      by: ["kind"],
      where: { shop, createdAt: { gte: since }, kind: { in: ["earn", "reverse", "redeem", "restore"] } },
      _sum: { points: true, pendingPoints: true },
    }),
    db.loyaltyRedemption.groupBy({
      by: ["type", "status"],
      where: { shop, createdAt: { gte: since } },
      _count: { _all: true },
      _sum: { cost: true },
    }),
    rewardOrderRevenue(db, shop, since),
  ]);
  const kind = (k: string) => sum(byKind.find((r) => r.kind === k)?._sum);
  const earned = Math.max(0, kind("earn") + kind("reverse"));
  const redeemed = Math.max(0, -kind("redeem") - kind("restore"));

  const rewards = new Map<RewardType, RewardFigure>();
  for (const r of redemptions) {
    if (r.status === "failed") continue;
    const type = (REWARD_TYPES as readonly string[]).includes(r.type) ? (r.type as RewardType) : null;
    if (!type) continue;
    const f = rewards.get(type) ?? { type, redeemed: 0, used: 0, points: 0 };
    f.redeemed += r._count._all;
    if (r.status === "used" || r.status === "refunded") f.used += r._count._all;
    if (r.status === "reserved" || r.status === "issued" || r.status === "used") f.points += r._sum.cost ?? 0;
    rewards.set(type, f);
  }

  return {
    since,
    members: members._count._all,
    spendable: members._sum.balance ?? 0,
    pending: members._sum.pending ?? 0,
    earned,
    redeemed,
    redemptionRate: earned > 0 ? redeemed / earned : null,
    revenue,
    rewards: REWARD_TYPES.flatMap((t) => (rewards.has(t) ? [rewards.get(t)!] : [])),
  };
}

/**
 * Orders placed since `since` that carried a reward code bought with points (the redemption is
 * `used`, or `refunded` when that order was refunded in full later), with what was refunded on them.
 */
async function rewardOrderRevenue(db: Db, shop: string, since: Date): Promise<RevenueFigure[]> {
  const rows = await sqlOf(db).all<{
    currency: string;
    orders: number | string;
    total: number | string | null;
    refunded: number | string | null;
  }>(
    `SELECT o."currency" AS "currency", COUNT(*) AS "orders", SUM(o."totalMinor") AS "total",
       SUM(COALESCE((SELECT SUM(f."amountMinor") FROM "Refund" f WHERE f."shop" = o."shop" AND f."orderGid" = o."orderGid"), 0)) AS "refunded"
     FROM "Order" o
     WHERE o."shop" = ? AND o."processedAt" >= ?
       AND o."orderGid" IN (SELECT r."orderGid" FROM "LoyaltyRedemption" r
                            WHERE r."shop" = ? AND r."status" IN ('used', 'refunded') AND r."orderGid" IS NOT NULL)
     GROUP BY o."currency" ORDER BY o."currency"`,
    [shop, since, shop],
  );
  return rows.map((r) => ({
    currency: r.currency,
    orders: Number(r.orders),
    totalMinor: Number(r.total ?? 0),
    refundedMinor: Number(r.refunded ?? 0),
  }));
}
