// Keeps the local order projection (orders, lines, fulfillments, delivery state) and the order
// timeline current from Shopify's webhooks. Every write is an upsert keyed by GIDs; an update
// older than what we hold (webhooks arrive out of order) does not overwrite newer data.
import type { Db } from "~/platform/db.server";
import type { WebhookContext } from "~/webhooks/handler";
import {
  fulfillmentEventPayload,
  fulfillmentGidFromId,
  fulfillmentPayload,
  orderGidFromId,
  orderLineRecords,
  orderPayload,
  orderRecord,
  refundPayload,
  refundedMinor,
  returnPayload,
} from "./payloads";
import { recordOrderEvent } from "./timeline.server";

const TOPIC_EVENT: Record<string, string | undefined> = {
  "orders/create": "order.created",
  "orders/paid": "order.paid",
  "orders/cancelled": "order.cancelled",
};

export async function onOrderWebhook({ db, shop, topic, payload }: WebhookContext) {
  const p = orderPayload.parse(payload);
  const record = orderRecord(p);
  const existing = await db.order.findUnique({
    where: { shop_orderGid: { shop, orderGid: record.orderGid } },
    select: { shopifyUpdatedAt: true },
  });
  if (!existing || existing.shopifyUpdatedAt <= record.shopifyUpdatedAt) {
    await db.order.upsert({
      where: { shop_orderGid: { shop, orderGid: record.orderGid } },
      create: { shop, ...record },
      update: record,
    });
    for (const line of orderLineRecords(p)) {
      await db.orderLine.upsert({
        where: { shop_lineItemGid: { shop, lineItemGid: line.lineItemGid } },
        create: { shop, ...line },
        update: line,
      });
    }
  }
  const kind = TOPIC_EVENT[topic];
  if (kind) {
    const occurredAt =
      kind === "order.cancelled" && record.cancelledAt
        ? record.cancelledAt
        : kind === "order.created"
          ? record.processedAt
          : record.shopifyUpdatedAt;
    await recordOrderEvent(db, shop, {
      orderGid: record.orderGid,
      key: `${record.orderGid}:${kind}`,
      kind,
      occurredAt,
      detail: { name: record.name, totalMinor: record.totalMinor, currency: record.currency, financialStatus: record.financialStatus },
    });
  }
  await refreshDelivery(db, shop, record.orderGid);
}

export async function onFulfillmentWebhook({ db, shop, topic, payload }: WebhookContext) {
  const p = fulfillmentPayload.parse(payload);
  const orderGid = orderGidFromId(p.order_id);
  const updatedAt = new Date(p.updated_at);
  const data = {
    orderGid,
    status: p.status,
    shipmentStatus: p.shipment_status ?? null,
    trackingCompany: p.tracking_company ?? null,
    trackingNumbers: JSON.stringify(p.tracking_numbers),
    trackingUrls: JSON.stringify(p.tracking_urls),
    shopifyUpdatedAt: updatedAt,
    ...(p.shipment_status === "delivered" ? { deliveredAt: updatedAt } : {}),
  };
  const existing = await db.fulfillment.findUnique({
    where: { shop_fulfillmentGid: { shop, fulfillmentGid: p.admin_graphql_api_id } },
    select: { shopifyUpdatedAt: true, deliveredAt: true },
  });
  if (!existing || existing.shopifyUpdatedAt <= updatedAt) {
    await db.fulfillment.upsert({
      where: { shop_fulfillmentGid: { shop, fulfillmentGid: p.admin_graphql_api_id } },
      create: { shop, fulfillmentGid: p.admin_graphql_api_id, ...data },
      // A delivery time, once known, is kept even if a later update omits it.
      update: { ...data, deliveredAt: data.deliveredAt ?? existing?.deliveredAt ?? null },
    });
  }
  if (topic === "fulfillments/create") {
    await recordOrderEvent(db, shop, {
      orderGid,
      key: `${p.admin_graphql_api_id}:created`,
      kind: "fulfillment.created",
      occurredAt: new Date(p.created_at),
      detail: { trackingCompany: p.tracking_company ?? null, trackingNumbers: p.tracking_numbers, trackingUrls: p.tracking_urls },
    });
  }
  if (p.shipment_status) {
    await recordOrderEvent(db, shop, {
      orderGid,
      key: `${p.admin_graphql_api_id}:shipment:${p.shipment_status}`,
      kind: `shipment.${p.shipment_status}`,
      occurredAt: updatedAt,
    });
  }
  await refreshDelivery(db, shop, orderGid);
}

export async function onFulfillmentEventWebhook({ db, shop, payload }: WebhookContext) {
  const p = fulfillmentEventPayload.parse(payload);
  const orderGid = orderGidFromId(p.order_id);
  const fulfillmentGid = fulfillmentGidFromId(p.fulfillment_id);
  const happenedAt = new Date(p.happened_at ?? p.created_at);
  await recordOrderEvent(db, shop, {
    orderGid,
    key: `${p.admin_graphql_api_id}`,
    kind: `shipment.${p.status}`,
    occurredAt: happenedAt,
    detail: { message: p.message ?? null, fulfillmentGid },
  });
  if (p.status === "delivered") {
    await db.fulfillment.updateMany({
      where: { shop, fulfillmentGid, deliveredAt: null },
      data: { deliveredAt: happenedAt, shipmentStatus: "delivered" },
    });
    const known = await db.fulfillment.count({ where: { shop, fulfillmentGid } });
    if (!known) {
      // The fulfillment webhook has not arrived yet; remember the delivery so it is not lost.
      await db.fulfillment.create({
        data: {
          shop,
          fulfillmentGid,
          orderGid,
          status: "success",
          shipmentStatus: "delivered",
          deliveredAt: happenedAt,
          shopifyUpdatedAt: new Date(0),
        },
      });
    }
  }
  await refreshDelivery(db, shop, orderGid);
}

export async function onRefundWebhook({ db, shop, payload }: WebhookContext) {
  const p = refundPayload.parse(payload);
  const orderGid = orderGidFromId(p.order_id);
  const order = await db.order.findUnique({ where: { shop_orderGid: { shop, orderGid } }, select: { currency: true } });
  const currency = order?.currency ?? p.transactions.find((t) => t.currency)?.currency ?? "USD";
  await recordOrderEvent(db, shop, {
    orderGid,
    key: `${p.admin_graphql_api_id}:created`,
    kind: "refund.created",
    occurredAt: new Date(p.processed_at ?? p.created_at),
    detail: {
      amountMinor: refundedMinor(p, currency),
      currency,
      note: p.note ?? null,
      lineItems: p.refund_line_items.map((l) => ({ lineItemId: l.line_item_id, quantity: l.quantity })),
    },
  });
}

export async function onReturnWebhook({ db, shop, topic, webhookId, payload, clock }: WebhookContext) {
  const p = returnPayload.parse(payload);
  const action = topic.split("/")[1];
  await recordOrderEvent(db, shop, {
    orderGid: p.order.admin_graphql_api_id,
    key: `${p.admin_graphql_api_id}:${action}:${webhookId}`,
    kind: `return.${action}`,
    occurredAt: clock.now(),
    detail: { returnGid: p.admin_graphql_api_id, status: p.status ?? null, name: p.name ?? null },
  });
}

/** An order is delivered when every fulfillment we know of is delivered; records it once. */
async function refreshDelivery(db: Db, shop: string, orderGid: string) {
  const fulfillments = await db.fulfillment.findMany({
    where: { shop, orderGid, status: { notIn: ["cancelled", "error", "failure"] } },
    select: { deliveredAt: true },
  });
  if (!fulfillments.length || fulfillments.some((f) => !f.deliveredAt)) return;
  const deliveredAt = new Date(Math.max(...fulfillments.map((f) => f.deliveredAt!.getTime())));
  const { count } = await db.order.updateMany({ where: { shop, orderGid, deliveredAt: null }, data: { deliveredAt } });
  if (count || (await db.order.count({ where: { shop, orderGid } })) === 0) {
    await recordOrderEvent(db, shop, { orderGid, key: `${orderGid}:order.delivered`, kind: "order.delivered", occurredAt: deliveredAt });
  }
}
