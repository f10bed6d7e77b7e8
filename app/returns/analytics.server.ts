// Returns analytics over the last N days: the return rate (orders with a return ÷ orders placed), the
// reasons, how returns were resolved, and the retained-revenue ratio — value kept as an exchange or
// store credit ÷ value returned (AfterShip's measure). Declined and cancelled returns do not count;
// values are in the shop's currency (returns in another currency are left out of the sums).
import type { Db } from "~/platform/db.server";
import { reasonLabel } from "./case-view.server";
import { loadReturnPolicy } from "./settings.server";
import type { Resolution, ReturnAnalytics } from "./types";

const DAY = 86_400_000;

export async function returnAnalytics(db: Db, shop: string, days: number, now: Date = new Date(), locale = "en"): Promise<ReturnAnalytics> {
  const since = new Date(now.getTime() - days * DAY);
  const [orders, cases, shopRow, policy] = await Promise.all([
    db.order.count({ where: { shop, processedAt: { gte: since }, cancelledAt: null } }),
    db.returnCase.findMany({
      where: { shop, requestedAt: { gte: since }, status: { notIn: ["declined", "cancelled"] } },
      select: {
        orderGid: true,
        resolution: true,
        itemsMinor: true,
        currency: true,
        items: { select: { reasonCode: true, quantity: true } },
      },
    }),
    db.shop.findUnique({ where: { shop }, select: { currency: true } }),
    loadReturnPolicy(db, shop),
  ]);
  const currency = shopRow?.currency ?? cases[0]?.currency ?? "USD";
  const reasons = new Map<string, number>();
  const share: Record<Resolution, number> = { refund: 0, store_credit: 0, exchange: 0 };
  let returned = 0;
  let retained = 0;
  for (const c of cases) {
    for (const i of c.items) reasons.set(i.reasonCode, (reasons.get(i.reasonCode) ?? 0) + i.quantity);
    const resolution = c.resolution as Resolution;
    if (resolution in share) share[resolution] += 1;
    if (c.currency !== currency) continue;
    returned += c.itemsMinor;
    if (resolution === "exchange" || resolution === "store_credit") retained += c.itemsMinor;
  }
  const total = cases.length;
  const ordersWithReturn = new Set(cases.map((c) => c.orderGid)).size;
  return {
    days,
    orders,
    returns: total,
    returnRate: orders ? ordersWithReturn / orders : 0,
    reasons: [...reasons]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([code, count]) => ({ code, label: reasonLabel(policy, code, locale), count })),
    resolutionShare: {
      refund: total ? share.refund / total : 0,
      store_credit: total ? share.store_credit / total : 0,
      exchange: total ? share.exchange / total : 0,
    },
    returnedValueMinor: returned,
    retainedValueMinor: retained,
    retainedRevenueRatio: returned ? retained / returned : null,
    currency,
  };
}
