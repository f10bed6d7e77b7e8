// Applies the delivery rule (delivery.ts) to a stored order: reads its fulfilments and the shop's
// fallback, records deliveredAt and its source once, and appends order.delivered once (its key is
// the order's), however many signals arrive and in whatever order.
import type { EventLog } from "~/events/log.server";
import type { EventSource } from "~/events/types";
import type { Db } from "~/platform/db.server";
import { asDate, sqlOf } from "~/platform/sql.server";
import { decideDelivery, fallbackDueAt, type FulfilmentFacts } from "./delivery";

export const DEFAULT_FALLBACK_DAYS = 5;

export async function deliveryFallbackDays(db: Db, shop: string): Promise<number> {
  const [row] = await sqlOf(db).all<{ days: number }>(`SELECT "deliveryFallbackDays" AS "days" FROM "Shop" WHERE "shop" = ?`, [shop]);
  return row ? Number(row.days) : DEFAULT_FALLBACK_DAYS;
}

interface FulfilmentRow {
  status: string;
  shipmentStatus: string | null;
  displayStatus: string | null;
  deliveredAt: unknown;
  shippedAt: unknown;
  shopifyUpdatedAt: unknown;
}

export function fulfilmentFacts(r: FulfilmentRow): FulfilmentFacts {
  const updatedAt = asDate(r.shopifyUpdatedAt);
  return {
    status: r.status,
    shipmentStatus: r.shipmentStatus,
    displayStatus: r.displayStatus,
    deliveredAt: asDate(r.deliveredAt),
    shippedAt: asDate(r.shippedAt),
    // The placeholder written for a delivery seen before its fulfilment carries no real version.
    updatedAt: updatedAt && updatedAt.getTime() > 0 ? updatedAt : null,
  };
}

async function fulfilmentsOf(db: Db, shop: string, orderGid: string): Promise<FulfilmentFacts[]> {
  const rows = await sqlOf(db).all<FulfilmentRow>(
    `SELECT "status", "shipmentStatus", "displayStatus", "deliveredAt", "shippedAt", "shopifyUpdatedAt" FROM "Fulfillment" WHERE "shop" = ? AND "orderGid" = ?`,
    [shop, orderGid],
  );
  return rows.map(fulfilmentFacts);
}

/**
 * When the fallback will next be able to decide this order (the latest due time of its parcels
 * nobody reported on), or null when it is delivered, has nothing shipped, or the fallback is off.
 */
export async function nextFallbackAt(db: Db, shop: string, orderGid: string): Promise<Date | null> {
  const [order] = await sqlOf(db).all<{ deliveredAt: unknown }>(`SELECT "deliveredAt" FROM "Order" WHERE "shop" = ? AND "orderGid" = ?`, [
    shop,
    orderGid,
  ]);
  if (order?.deliveredAt) return null;
  const days = await deliveryFallbackDays(db, shop);
  let latest: Date | null = null;
  for (const f of await fulfilmentsOf(db, shop, orderGid)) {
    if (["cancelled", "error", "failure"].includes((f.status ?? "").toLowerCase()) || f.deliveredAt) continue;
    const due = fallbackDueAt(f, days);
    if (!due) return null;
    if (!latest || due > latest) latest = due;
  }
  return latest;
}

/** Decides the order's delivery now and records it if it is new; true when this call recorded it. */
export async function settleDelivery(db: Db, events: EventLog, shop: string, orderGid: string, now: Date, source: EventSource) {
  const sql = sqlOf(db);
  const fallbackDays = await deliveryFallbackDays(db, shop);
  const decision = decideDelivery(await fulfilmentsOf(db, shop, orderGid), { fallbackDays, now });
  if (!decision) return false;
  const changed = await sql.run(
    `UPDATE "Order" SET "deliveredAt" = ?, "deliverySource" = ? WHERE "shop" = ? AND "orderGid" = ? AND "deliveredAt" IS NULL`,
    [decision.deliveredAt, decision.source, shop, orderGid],
  );
  const [order] = await sql.all<{ customerGid: string | null; deliveredAt: unknown }>(
    `SELECT "customerGid", "deliveredAt" FROM "Order" WHERE "shop" = ? AND "orderGid" = ?`,
    [shop, orderGid],
  );
  // Delivered before: the first decision stands (a late carrier scan after the fallback adds nothing).
  if (!changed && order) return false;
  const appended = await events.append(
    shop,
    [
      {
        type: "order.delivered",
        key: `${orderGid}:order.delivered`,
        orderGid,
        customerGid: order?.customerGid ?? null,
        occurredAt: decision.deliveredAt,
        detail: { source: decision.source, ...(decision.source === "fallback" ? { fallbackDays } : {}) },
      },
    ],
    { source: decision.source === "fallback" ? "fallback" : source },
  );
  return appended > 0;
}
