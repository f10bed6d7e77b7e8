// A member's VIP standing and tier, evaluated inside the ledger's transaction after points move:
// points earned (earn and reverse entries) or amount spent (paid, uncancelled orders less refunds)
// over the program's rolling window. Reaching a tier for the first time gives its entry points once.
import type { Program } from "./program.server";
import { appendInTx, type Entry, type Member, type Tx } from "./ledger.server";
import type { TierChange } from "./changes.server";
import { tierFor } from "./tiers";

const MONTH_MS = 30.4375 * 24 * 3600_000;

/** Where the program's rolling tier window starts. */
export function tierWindowStart(program: Pick<Program, "tierWindowMonths">, now: Date): Date {
  return new Date(now.getTime() - program.tierWindowMonths * MONTH_MS);
}

export async function standingOf(tx: Tx, program: Program, shop: string, customerGid: string, now: Date): Promise<number> {
  const since = tierWindowStart(program, now);
  if (program.tierBasis === "points") {
    const r = await tx.loyaltyEntry.aggregate({
      where: { shop, customerGid, kind: { in: ["earn", "reverse"] }, reason: { not: "tier_entry" }, createdAt: { gte: since } },
      _sum: { points: true, pendingPoints: true },
    });
    return (r._sum.points ?? 0) + (r._sum.pendingPoints ?? 0);
  }
  const orders = await tx.order.findMany({
    where: { shop, customerGid, cancelledAt: null, processedAt: { gte: since } },
    select: { orderGid: true, subtotalMinor: true, totalMinor: true },
  });
  if (!orders.length) return 0;
  const refunded = await tx.refund.aggregate({
    where: { shop, orderGid: { in: orders.map((o) => o.orderGid) } },
    _sum: { amountMinor: true },
  });
  const spent = orders.reduce((s, o) => s + (o.subtotalMinor ?? o.totalMinor), 0);
  return Math.max(0, spent - (refunded._sum.amountMinor ?? 0));
}

/** The multiplier (percent) the member's current tier earns at. */
export function multiplierOf(program: Program, member: Member): number {
  return program.tiers.find((t) => t.id === member.tierId)?.multiplier ?? 100;
}

/** Re-evaluates the member's tier; moves it and gives a first-reached tier's entry points. */
export async function evaluateTier(
  tx: Tx,
  program: Program,
  member: Member,
  now: Date,
): Promise<{ change: TierChange | null; entries: Entry[] }> {
  if (!program.tiers.length && !member.tierId) return { change: null, entries: [] };
  const standing = await standingOf(tx, program, member.shop, member.customerGid, now);
  const next = tierFor(program.tiers, standing);
  const current = program.tiers.find((t) => t.id === member.tierId) ?? null;
  if ((next?.id ?? null) === (current?.id ?? null)) {
    // A tier the merchant deleted: the member keeps no tier id that no longer exists.
    if (member.tierId && !current)
      await tx.loyaltyMember.update({
        where: { shop_customerGid: { shop: member.shop, customerGid: member.customerGid } },
        data: { tierId: null },
      });
    return { change: null, entries: [] };
  }
  const updated = await tx.loyaltyMember.update({
    where: { shop_customerGid: { shop: member.shop, customerGid: member.customerGid } },
    data: { tierId: next?.id ?? null },
  });
  Object.assign(member, updated);
  const direction = (next?.threshold ?? -1) > (current?.threshold ?? -1) ? "up" : "down";
  let entries: Entry[] = [];
  if (next && direction === "up" && next.entryPoints > 0) {
    const r = await appendInTx(
      tx,
      member,
      [
        {
          key: `tier_entry:${member.customerGid}:${next.id}`,
          kind: "earn",
          points: next.entryPoints,
          reason: "tier_entry",
          source: "program",
          detail: { tier: next.name },
        },
      ],
      now,
    );
    entries = r.written;
  }
  return {
    change: { from: current?.name ?? null, to: next?.name ?? null, direction, key: String(member.version) },
    entries,
  };
}
