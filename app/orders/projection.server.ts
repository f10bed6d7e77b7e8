// Keeps the local order projection (orders, lines, fulfillments, delivery state) and the order
// timeline current from Shopify's webhooks. Every write is keyed by GIDs and newer-wins in one
// statement (platform/atomic-writes.server.ts): webhooks arrive out of order and jobs run at once,
// and an older update must never overwrite a newer one.
import type { Db } from "~/platform/db.server";
import { writeChildrenOfVersion, writeIfNewer } from "~/platform/atomic-writes.server";
import { asDate, sqlOf } from "~/platform/sql.server";
import type { WebhookContext } from "~/webhooks/handler";
import { gidOf, requireGid } from "~/webhooks/payload-fields";
import {
  fulfillmentEventPayload,
  fulfillmentGidFromId,
  fulfillmentPayload,
  orderGidFromId,
  orderLineRecords,
  orderPayload,
  orderRecord,
  refundPayload,
  refundTime,
  refundedMinor,
  requireOrderId,
  returnPayload,
  UNKNOWN_CURRENCY,
} from "./payloads";
import { recordOrderEvent } from "./timeline.server";
import { SkipDelivery } from "~/webhooks/handler";

const TOPIC_EVENT: Record<string, string | undefined> = {
  "orders/create": "order.created",
  "orders/paid": "order.paid",
  "orders/cancelled": "order.cancelled",
};

async function shopCurrency(db: Db, shop: string): Promise<string | null> {
  const [row] = await sqlOf(db).all<{ currency: string | null }>(`SELECT "currency" FROM "Shop" WHERE "shop" = ?`, [shop]);
  return row?.currency ?? null;
}

async function orderCurrency(db: Db, shop: string, orderGid: string): Promise<string | null> {
  const [row] = await sqlOf(db).all<{ currency: string }>(`SELECT "currency" FROM "Order" WHERE "shop" = ? AND "orderGid" = ?`, [
    shop,
    orderGid,
  ]);
  return row?.currency ?? null;
}

export async function onOrderWebhook({ db, shop, topic, payload, receivedAt, clock }: WebhookContext) {
  const p = orderPayload.parse(payload);
  const r = orderRecord(p, topic, { receivedAt, currency: p.currency ? null : await shopCurrency(db, shop) });
  // The version column is written by writeIfNewer itself.
  const { shopifyUpdatedAt: _version, ...update } = r.update;
  const now = clock.now();
  const written = await writeIfNewer(
    db,
    {
      table: "Order",
      conflict: ["shop", "orderGid"],
      version: "shopifyUpdatedAt",
      insert: { shop, orderGid: r.orderGid, ...r.insert },
      update,
      // Unfulfilled is reported as null: a null status is news, not silence.
      nullMeans: ["fulfillmentStatus"],
    },
    now,
  );
  if (written) {
    // Lines are priced in the order's currency: the payload's, or the one stored when it did not say.
    const currency = p.currency ?? (await orderCurrency(db, shop, r.orderGid)) ?? r.insert.currency;
    await writeChildrenOfVersion(db, {
      table: "OrderLine",
      conflict: ["shop", "lineItemGid"],
      rows: orderLineRecords(p, r.orderGid, currency).map((l) => ({ shop, ...l })),
      update: ["productGid", "variantGid", "title", "variantTitle", "sku", "quantity", "priceMinor"],
      parent: { table: "Order", where: { shop, orderGid: r.orderGid }, version: "shopifyUpdatedAt", value: r.insert.shopifyUpdatedAt },
    });
  }
  const kind = TOPIC_EVENT[topic];
  if (kind) {
    const occurredAt =
      kind === "order.cancelled"
        ? (r.insert.cancelledAt ?? r.insert.shopifyUpdatedAt)
        : kind === "order.created"
          ? r.insert.processedAt
          : r.insert.shopifyUpdatedAt;
    await recordOrderEvent(db, shop, {
      orderGid: r.orderGid,
      key: `${r.orderGid}:${kind}`,
      kind,
      occurredAt,
      detail: {
        name: r.insert.name,
        totalMinor: r.insert.totalMinor,
        currency: r.insert.currency,
        financialStatus: r.insert.financialStatus,
      },
    });
  }
  await refreshDelivery(db, shop, r.orderGid);
}

export async function onFulfillmentWebhook({ db, shop, topic, payload, receivedAt, clock }: WebhookContext) {
  const p = fulfillmentPayload.parse(payload);
  const fulfillmentGid = requireGid("Fulfillment", p.admin_graphql_api_id, p.id, topic);
  const orderGid = requireOrderId(p.order_id, topic);
  const updatedAt = p.updated_at ?? p.created_at ?? receivedAt;
  const trackingNumbers = p.tracking_numbers ? JSON.stringify(p.tracking_numbers.filter(Boolean)) : null;
  const trackingUrls = p.tracking_urls ? JSON.stringify(p.tracking_urls.filter(Boolean)) : null;
  const update = {
    orderGid,
    status: p.status ?? null,
    shipmentStatus: p.shipment_status ?? null,
    trackingCompany: p.tracking_company ?? null,
    trackingNumbers,
    trackingUrls,
    // A delivery time, once known, is kept even if a later update omits it.
    deliveredAt: p.shipment_status === "delivered" ? updatedAt : null,
  };
  await writeIfNewer(
    db,
    {
      table: "Fulfillment",
      conflict: ["shop", "fulfillmentGid"],
      version: "shopifyUpdatedAt",
      insert: {
        shop,
        fulfillmentGid,
        ...update,
        // Shopify creates fulfillments as success; one that does not say is taken as one.
        status: update.status ?? "success",
        trackingNumbers: trackingNumbers ?? "[]",
        trackingUrls: trackingUrls ?? "[]",
        shopifyUpdatedAt: updatedAt,
      },
      update,
    },
    clock.now(),
  );
  if (topic === "fulfillments/create") {
    await recordOrderEvent(db, shop, {
      orderGid,
      key: `${fulfillmentGid}:created`,
      kind: "fulfillment.created",
      occurredAt: p.created_at ?? updatedAt,
      detail: {
        trackingCompany: p.tracking_company ?? null,
        trackingNumbers: JSON.parse(trackingNumbers ?? "[]"),
        trackingUrls: JSON.parse(trackingUrls ?? "[]"),
      },
    });
  }
  if (p.shipment_status) {
    await recordOrderEvent(db, shop, {
      orderGid,
      key: `${fulfillmentGid}:shipment:${p.shipment_status}`,
      kind: `shipment.${p.shipment_status}`,
      occurredAt: updatedAt,
    });
  }
  await refreshDelivery(db, shop, orderGid);
}

export async function onFulfillmentEventWebhook({ db, shop, topic, payload, receivedAt, clock }: WebhookContext) {
  const p = fulfillmentEventPayload.parse(payload);
  const eventGid = requireGid("FulfillmentEvent", p.admin_graphql_api_id, p.id, topic);
  const orderGid = requireOrderId(p.order_id, topic);
  const fulfillmentGid = p.fulfillment_id != null ? fulfillmentGidFromId(p.fulfillment_id) : null;
  const happenedAt = p.happened_at ?? p.created_at ?? receivedAt;
  await recordOrderEvent(db, shop, {
    orderGid,
    key: eventGid,
    kind: `shipment.${p.status ?? "update"}`,
    occurredAt: happenedAt,
    detail: { message: p.message ?? null, fulfillmentGid },
  });
  if (p.status === "delivered" && fulfillmentGid) {
    await sqlOf(db).run(
      `UPDATE "Fulfillment" SET "deliveredAt" = ?, "shipmentStatus" = 'delivered' WHERE "shop" = ? AND "fulfillmentGid" = ? AND "deliveredAt" IS NULL`,
      [happenedAt, shop, fulfillmentGid],
    );
    // The fulfillment webhook may not have arrived yet: remember the delivery so it is not lost.
    // Written as the oldest possible version, so the fulfillment's own data replaces it when it comes.
    await writeIfNewer(
      db,
      {
        table: "Fulfillment",
        conflict: ["shop", "fulfillmentGid"],
        version: "shopifyUpdatedAt",
        insert: {
          shop,
          fulfillmentGid,
          orderGid,
          status: "success",
          shipmentStatus: "delivered",
          deliveredAt: happenedAt,
          trackingNumbers: "[]",
          trackingUrls: "[]",
          shopifyUpdatedAt: new Date(0),
        },
        update: { deliveredAt: happenedAt },
      },
      clock.now(),
    );
  }
  await refreshDelivery(db, shop, orderGid);
}

export async function onRefundWebhook({ db, shop, topic, payload, receivedAt }: WebhookContext) {
  const p = refundPayload.parse(payload);
  const refundGid = requireGid("Refund", p.admin_graphql_api_id, p.id, topic);
  const orderGid = requireOrderId(p.order_id, topic);
  const currency =
    (await orderCurrency(db, shop, orderGid)) ??
    p.transactions?.find((t) => t?.currency)?.currency ??
    (await shopCurrency(db, shop)) ??
    UNKNOWN_CURRENCY;
  await recordOrderEvent(db, shop, {
    orderGid,
    key: `${refundGid}:created`,
    kind: "refund.created",
    occurredAt: refundTime(p, receivedAt),
    detail: {
      amountMinor: refundedMinor(p, currency),
      currency,
      note: p.note ?? null,
      lineItems: (p.refund_line_items ?? []).flatMap((l) =>
        l?.line_item_id != null ? [{ lineItemId: l.line_item_id, quantity: l.quantity ?? 0 }] : [],
      ),
    },
  });
}

export async function onReturnWebhook({ db, shop, topic, webhookId, payload, receivedAt }: WebhookContext) {
  const p = returnPayload.parse(payload);
  const returnGid = requireGid("Return", p.admin_graphql_api_id, p.id, topic);
  // returns/decline (and some older payloads) name only the return: its order is the one an earlier
  // event of the same return was recorded on.
  const orderGid =
    (p.order ? gidOf("Order", p.order.admin_graphql_api_id, p.order.id) : null) ??
    (p.order_id != null ? orderGidFromId(p.order_id) : null) ??
    (await orderOfReturn(db, shop, returnGid));
  if (!orderGid) throw new SkipDelivery(`${topic} payload has no order, and no earlier event of ${returnGid} names one`);
  const action = topic.split("/")[1];
  await recordOrderEvent(db, shop, {
    orderGid,
    key: `${returnGid}:${action}:${webhookId}`,
    kind: `return.${action}`,
    occurredAt: receivedAt,
    detail: { returnGid, status: p.status ?? null, name: p.name ?? null },
  });
}

/** The order an earlier event of this return was recorded on (its keys start with the return's GID). */
async function orderOfReturn(db: Db, shop: string, returnGid: string): Promise<string | null> {
  // A key range rather than startsWith: it stays on the (shop, key) index on both databases.
  const [event] = await sqlOf(db).all<{ orderGid: string }>(
    `SELECT "orderGid" FROM "OrderEvent" WHERE "shop" = ? AND "key" >= ? AND "key" < ? LIMIT 1`,
    [shop, `${returnGid}:`, `${returnGid};`],
  );
  return event?.orderGid ?? null;
}

/** An order is delivered when every fulfillment we know of is delivered; records it once. */
async function refreshDelivery(db: Db, shop: string, orderGid: string) {
  const sql = sqlOf(db);
  const fulfillments = await sql.all<{ deliveredAt: unknown }>(
    `SELECT "deliveredAt" FROM "Fulfillment" WHERE "shop" = ? AND "orderGid" = ? AND "status" NOT IN ('cancelled', 'error', 'failure')`,
    [shop, orderGid],
  );
  if (!fulfillments.length || fulfillments.some((f) => f.deliveredAt == null)) return;
  const deliveredAt = new Date(Math.max(...fulfillments.map((f) => asDate(f.deliveredAt)!.getTime())));
  const count = await sql.run(`UPDATE "Order" SET "deliveredAt" = ? WHERE "shop" = ? AND "orderGid" = ? AND "deliveredAt" IS NULL`, [
    deliveredAt,
    shop,
    orderGid,
  ]);
  const known = count > 0 || (await sql.all(`SELECT 1 FROM "Order" WHERE "shop" = ? AND "orderGid" = ?`, [shop, orderGid])).length > 0;
  if (count || !known) {
    await recordOrderEvent(db, shop, { orderGid, key: `${orderGid}:order.delivered`, kind: "order.delivered", occurredAt: deliveredAt });
  }
}
