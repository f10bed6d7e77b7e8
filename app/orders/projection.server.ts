// Keeps the local order projection (orders, lines, fulfillments, refunds, delivery state) current
// from Shopify's webhooks and appends what happened to the after-sales event log. Every write is keyed by GIDs and newer-wins in one
// statement (platform/atomic-writes.server.ts): webhooks arrive out of order and jobs run at once,
// and an older update must never overwrite a newer one.
import type { Db } from "~/platform/db.server";
import { insertIfAbsent, writeChildrenOfVersion, writeIfNewer } from "~/platform/atomic-writes.server";
import { sqlOf } from "~/platform/sql.server";
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
import { SkipDelivery } from "~/webhooks/handler";
import type { NewEvent } from "~/events/types";
import { settleDelivery } from "./delivery.server";
import { followReturnRefund, followReturnWebhook, refundReturnGid } from "~/returns/webhooks.server";

/** Financial statuses an order only reaches after it was paid. */
const PAID = new Set(["paid", "partially_refunded", "refunded"]);

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

/** What an order's webhook tells: it was placed, and (when its state says so) paid or cancelled. */
function orderEvents(r: ReturnType<typeof orderRecord>, topic: string): NewEvent[] {
  const o = r.insert;
  const summary = { name: o.name, totalMinor: o.totalMinor, currency: o.currency, financialStatus: o.financialStatus };
  const base = { orderGid: r.orderGid, customerGid: o.customerGid };
  const out: NewEvent[] = [
    { type: "order.placed", key: `${r.orderGid}:order.placed`, occurredAt: o.processedAt, detail: summary, ...base },
  ];
  if (topic === "orders/paid" || PAID.has(o.financialStatus ?? "")) {
    out.push({ type: "order.paid", key: `${r.orderGid}:order.paid`, occurredAt: o.shopifyUpdatedAt, detail: summary, ...base });
  }
  if (o.cancelledAt || topic === "orders/cancelled") {
    out.push({
      type: "order.cancelled",
      key: `${r.orderGid}:order.cancelled`,
      occurredAt: o.cancelledAt ?? o.shopifyUpdatedAt,
      detail: summary,
      ...base,
    });
  }
  return out;
}

async function customerOfOrder(db: Db, shop: string, orderGid: string): Promise<string | null> {
  const [row] = await sqlOf(db).all<{ customerGid: string | null }>(
    `SELECT "customerGid" FROM "Order" WHERE "shop" = ? AND "orderGid" = ?`,
    [shop, orderGid],
  );
  return row?.customerGid ?? null;
}

export async function onOrderWebhook({ db, events, shop, topic, payload, receivedAt, clock }: WebhookContext) {
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
  await events.append(shop, orderEvents(r, topic), { source: "webhook" });
  await settleDelivery(db, events, shop, r.orderGid, now, "webhook");
}

export async function onFulfillmentWebhook({ db, events, shop, topic, payload, receivedAt, clock }: WebhookContext) {
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
    shippedAt: p.created_at ?? null,
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
        shippedAt: update.shippedAt ?? updatedAt,
        shopifyUpdatedAt: updatedAt,
      },
      update,
    },
    clock.now(),
  );
  const customerGid = await customerOfOrder(db, shop, orderGid);
  const happened: NewEvent[] = [
    // Every fulfilment webhook may be the first we hear of it (fulfillments/create can be lost).
    {
      type: "order.fulfilled",
      key: `${fulfillmentGid}:created`,
      orderGid,
      customerGid,
      occurredAt: p.created_at ?? updatedAt,
      detail: {
        fulfillmentGid,
        trackingCompany: p.tracking_company ?? null,
        trackingNumbers: JSON.parse(trackingNumbers ?? "[]"),
        trackingUrls: JSON.parse(trackingUrls ?? "[]"),
      },
    },
  ];
  if (p.shipment_status) {
    happened.push({
      type: "order.tracking_updated",
      key: `${fulfillmentGid}:shipment:${p.shipment_status}`,
      orderGid,
      customerGid,
      occurredAt: updatedAt,
      detail: { status: p.shipment_status, fulfillmentGid },
    });
  }
  if (update.status === "cancelled") return void (await settleDelivery(db, events, shop, orderGid, clock.now(), "webhook"));
  await events.append(shop, happened, { source: "webhook" });
  await settleDelivery(db, events, shop, orderGid, clock.now(), "webhook");
}

export async function onFulfillmentEventWebhook({ db, events, shop, topic, payload, receivedAt, clock }: WebhookContext) {
  const p = fulfillmentEventPayload.parse(payload);
  const eventGid = requireGid("FulfillmentEvent", p.admin_graphql_api_id, p.id, topic);
  const orderGid = requireOrderId(p.order_id, topic);
  const fulfillmentGid = p.fulfillment_id != null ? fulfillmentGidFromId(p.fulfillment_id) : null;
  const happenedAt = p.happened_at ?? p.created_at ?? receivedAt;
  await events.append(
    shop,
    [
      {
        type: "order.tracking_updated",
        key: eventGid,
        orderGid,
        customerGid: await customerOfOrder(db, shop, orderGid),
        occurredAt: happenedAt,
        detail: { status: p.status ?? "update", message: p.message ?? null, fulfillmentGid },
      },
    ],
    { source: "webhook" },
  );
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
  await settleDelivery(db, events, shop, orderGid, clock.now(), "webhook");
}

export async function onRefundWebhook({ db, events, shop, topic, payload, receivedAt }: WebhookContext) {
  const p = refundPayload.parse(payload);
  const refundGid = requireGid("Refund", p.admin_graphql_api_id, p.id, topic);
  const orderGid = requireOrderId(p.order_id, topic);
  const currency =
    (await orderCurrency(db, shop, orderGid)) ??
    p.transactions?.find((t) => t?.currency)?.currency ??
    (await shopCurrency(db, shop)) ??
    UNKNOWN_CURRENCY;
  const amountMinor = refundedMinor(p, currency);
  const processedAt = refundTime(p, receivedAt);
  const lineItems = (p.refund_line_items ?? []).flatMap((l) =>
    l?.line_item_id != null ? [{ lineItemGid: `gid://shopify/LineItem/${l.line_item_id}`, quantity: l.quantity ?? 0 }] : [],
  );
  // Shopify never edits a refund: the first version stored is the one.
  await insertIfAbsent(db, "Refund", ["shop", "refundGid"], {
    shop,
    refundGid,
    orderGid,
    amountMinor,
    currency,
    note: p.note ?? null,
    lines: JSON.stringify(lineItems),
    processedAt,
    createdAt: receivedAt,
  });
  await events.append(
    shop,
    [
      {
        type: "order.refunded",
        key: `${refundGid}:created`,
        orderGid,
        customerGid: await customerOfOrder(db, shop, orderGid),
        occurredAt: processedAt,
        detail: { refundGid, amountMinor, currency, note: p.note ?? null, lineItems },
      },
    ],
    { source: "webhook" },
  );
  // A refund of a return: the return's case is processed.
  const returnGid = refundReturnGid(payload);
  const processed = returnGid ? await followReturnRefund(db, shop, { returnGid, refundGid, at: processedAt }) : null;
  if (returnGid && processed)
    await events.append(
      shop,
      [
        {
          type: "return.processed",
          key: `${returnGid}:process`,
          orderGid,
          customerGid: await customerOfOrder(db, shop, orderGid),
          occurredAt: processedAt,
          detail: processed,
        },
      ],
      { source: "webhook" },
    );
}

const RETURN_EVENT = {
  request: "return.requested",
  approve: "return.approved",
  decline: "return.declined",
  close: "return.closed",
  cancel: "return.cancelled",
  reopen: "return.reopened",
} as const;

export async function onReturnWebhook({ db, events, shop, topic, payload, receivedAt }: WebhookContext) {
  const p = returnPayload.parse(payload);
  const returnGid = requireGid("Return", p.admin_graphql_api_id, p.id, topic);
  // returns/decline (and some older payloads) name only the return: its order is the one an earlier
  // event of the same return was recorded on.
  const orderGid =
    (p.order ? gidOf("Order", p.order.admin_graphql_api_id, p.order.id) : null) ??
    (p.order_id != null ? orderGidFromId(p.order_id) : null) ??
    (await orderOfReturn(db, shop, returnGid));
  if (!orderGid) throw new SkipDelivery(`${topic} payload has no order, and no earlier event of ${returnGid} names one`);
  const action = topic.split("/")[1] as keyof typeof RETURN_EVENT;
  const type = RETURN_EVENT[action];
  if (!type) throw new SkipDelivery(`${topic} is not a return action Aftercare records`);
  // The return's case follows it (returns/webhooks.server.ts); the event is keyed by the return and the
  // step, as the app's own is, so a step the app recorded first is not recorded twice.
  const known = await followReturnWebhook(db, shop, { returnGid, orderGid, step: action, name: p.name ?? null, at: receivedAt, payload });
  await events.append(
    shop,
    [
      {
        type,
        key: `${returnGid}:${action}`,
        orderGid,
        customerGid: await customerOfOrder(db, shop, orderGid),
        occurredAt: receivedAt,
        detail: known ?? { returnGid, status: p.status ?? null, name: p.name ?? null },
      },
    ],
    { source: "webhook" },
  );
}

/** The order an earlier event of this return was recorded on (its keys start with the return's GID). */
async function orderOfReturn(db: Db, shop: string, returnGid: string): Promise<string | null> {
  // A key range rather than startsWith: it stays on the (shop, key) index on both databases.
  const [event] = await sqlOf(db).all<{ orderGid: string }>(
    `SELECT "orderGid" FROM "AfterSalesEvent" WHERE "shop" = ? AND "key" >= ? AND "key" < ? LIMIT 1`,
    [shop, `${returnGid}:`, `${returnGid};`],
  );
  return event?.orderGid ?? null;
}
