// A shopper's own recent orders with their delivery state, for the storefront "Your orders" block.
// Always scoped by shop and by the customer Shopify says is logged in.
import type { Db } from "~/platform/db.server";

const parseList = (s: string): string[] => {
  try {
    const v = JSON.parse(s);
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
};

export async function recentOrdersForCustomer(db: Db, shop: string, customerGid: string, limit: number) {
  const orders = await db.order.findMany({
    where: { shop, customerGid },
    orderBy: { processedAt: "desc" },
    take: limit,
  });
  const gids = orders.map((o) => o.orderGid);
  const [lines, fulfillments] = await Promise.all([
    db.orderLine.findMany({ where: { shop, orderGid: { in: gids } }, orderBy: { id: "asc" } }),
    db.fulfillment.findMany({ where: { shop, orderGid: { in: gids } }, orderBy: { createdAt: "asc" } }),
  ]);
  return orders.map((o) => ({
    name: o.name,
    processedAt: o.processedAt.toISOString(),
    financialStatus: o.financialStatus,
    fulfillmentStatus: o.fulfillmentStatus,
    cancelledAt: o.cancelledAt?.toISOString() ?? null,
    deliveredAt: o.deliveredAt?.toISOString() ?? null,
    currency: o.currency,
    totalMinor: o.totalMinor,
    lines: lines
      .filter((l) => l.orderGid === o.orderGid)
      .map((l) => ({ title: l.title, variantTitle: l.variantTitle, quantity: l.quantity })),
    shipments: fulfillments
      .filter((f) => f.orderGid === o.orderGid)
      .map((f) => ({
        status: f.shipmentStatus ?? f.status,
        trackingCompany: f.trackingCompany,
        trackingNumbers: parseList(f.trackingNumbers),
        trackingUrls: parseList(f.trackingUrls),
        deliveredAt: f.deliveredAt?.toISOString() ?? null,
      })),
  }));
}
