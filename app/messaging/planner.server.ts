// Plans and unplans messages from after-sales events. order.delivered plans each enabled flow's
// email for the order (its send time: the delay, then the send window); a refund takes the refunded
// items out of the order's pending messages (none left → cancelled; a return's status updates
// stay); a cancelled order, or a customer who stops being subscribed, cancels pending marketing at
// once. Each planned message is one row, unique by (shop, key), so a repeated event plans nothing twice.
import type { Subscriber } from "~/events/subscriber";
import type { StoredEvent } from "~/events/types";
import type { Db } from "~/platform/db.server";
import { orderedId } from "~/platform/ids";
import { asDate, sqlOf } from "~/platform/sql.server";
import { pickLocale } from "~/i18n/locale";
import { flowSettings, messagingSettings, windowOf } from "./settings.server";
import { nextOpening } from "./schedule";
import { FLOW_CATEGORY, FLOW_TRIGGER, FLOWS, sendsAtOnce, type Flow, type MessageReason } from "./types";
import { noteNotSent } from "./timeline.server";
import type { EventLog } from "~/events/log.server";

/** Flows that start when the order is delivered. */
const AFTER_DELIVERY: Flow[] = FLOWS.filter((f) => FLOW_TRIGGER[f] === "delivery");

export function messageKey(flow: Flow, orderGid: string): string {
  return `${flow}:${orderGid}`;
}

export interface OrderFacts {
  email: string | null;
  customerGid: string | null;
  locale: string | null;
  customerLocale: string | null;
  cancelledAt: Date | null;
}

export async function orderFacts(db: Db, shop: string, orderGid: string): Promise<OrderFacts | null> {
  const [row] = await sqlOf(db).all<Record<string, unknown>>(
    `SELECT o."email", o."customerGid", o."locale", o."cancelledAt", c."locale" AS "customerLocale", c."email" AS "customerEmail"
       FROM "Order" o LEFT JOIN "Customer" c ON c."shop" = o."shop" AND c."customerGid" = o."customerGid"
      WHERE o."shop" = ? AND o."orderGid" = ?`,
    [shop, orderGid],
  );
  if (!row) return null;
  return {
    // Stored lowercased: the frequency cap and unsubscribes match addresses exactly.
    email: ((row.email as string | null) ?? (row.customerEmail as string | null))?.trim().toLowerCase() || null,
    customerGid: (row.customerGid as string | null) ?? null,
    locale: (row.locale as string | null) ?? null,
    customerLocale: (row.customerLocale as string | null) ?? null,
    cancelledAt: asDate(row.cancelledAt),
  };
}

/** Line items still wanted: bought and not refunded in full. */
export async function remainingItems(db: Db, shop: string, orderGid: string): Promise<string[]> {
  const sql = sqlOf(db);
  const lines = await sql.all<{ lineItemGid: string; quantity: number }>(
    `SELECT "lineItemGid", "quantity" FROM "OrderLine" WHERE "shop" = ? AND "orderGid" = ? ORDER BY "id"`,
    [shop, orderGid],
  );
  const refunds = await sql.all<{ lines: string }>(`SELECT "lines" FROM "Refund" WHERE "shop" = ? AND "orderGid" = ?`, [shop, orderGid]);
  const refunded = new Map<string, number>();
  for (const r of refunds) {
    for (const l of parseLines(r.lines)) refunded.set(l.lineItemGid, (refunded.get(l.lineItemGid) ?? 0) + l.quantity);
  }
  return lines.filter((l) => (refunded.get(l.lineItemGid) ?? 0) < Number(l.quantity)).map((l) => l.lineItemGid);
}

function parseLines(json: string): { lineItemGid: string; quantity: number }[] {
  try {
    const list = JSON.parse(json);
    return Array.isArray(list)
      ? list.flatMap((l) =>
          l && typeof l.lineItemGid === "string" ? [{ lineItemGid: l.lineItemGid, quantity: Number(l.quantity) || 0 }] : [],
        )
      : [];
  } catch {
    return [];
  }
}

export interface PlannedMessage {
  shop: string;
  /** Unique per shop: a second plan under the same key plans nothing. */
  key: string;
  flow: Flow;
  orderGid: string | null;
  customerGid: string | null;
  email: string | null;
  locale: string;
  /** JSON list of the line item GIDs it is about. */
  items: string;
  dueAt: Date;
  sendAt: Date;
}

/** Plans one message, once per key; returns 1 when it was planned now, 0 when its key was already taken. */
export async function insertPlanned(db: Db, m: PlannedMessage, now: Date): Promise<number> {
  return sqlOf(db).run(
    `INSERT INTO "Message" ("id", "shop", "key", "flow", "category", "orderGid", "customerGid", "email", "locale", "items", "dueAt", "sendAt", "status", "createdAt", "updatedAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'planned', ?, ?) ON CONFLICT ("shop", "key") DO NOTHING`,
    [
      orderedId(),
      m.shop,
      m.key,
      m.flow,
      FLOW_CATEGORY[m.flow],
      m.orderGid,
      m.customerGid,
      m.email,
      m.locale,
      m.items,
      m.dueAt,
      m.sendAt,
      now,
      now,
    ],
  );
}

export async function planAfterDelivery(db: Db, event: StoredEvent, now: Date): Promise<number> {
  const { shop, orderGid } = event;
  if (!orderGid) return 0;
  const facts = await orderFacts(db, shop, orderGid);
  // Delivered before orders/create was processed (webhooks arrive in any order): try again later.
  if (!facts) throw new Error(`order ${orderGid} is not known yet; planning its messages again later`);
  if (facts.cancelledAt) return 0;
  const [flows, settings, shopRow] = await Promise.all([
    flowSettings(db, shop),
    messagingSettings(db, shop),
    db.shop.findUnique({ where: { shop }, select: { timezone: true, state: true } }),
  ]);
  // Only a shop that has the app installed gets email from it.
  if (shopRow?.state !== "installed") return 0;
  const items = await remainingItems(db, shop, orderGid);
  if (!items.length) return 0;
  const window = windowOf(settings, shopRow?.timezone);
  const locale = pickLocale([facts.customerLocale, facts.locale]);
  let planned = 0;
  for (const flow of AFTER_DELIVERY) {
    const f = flows[flow];
    if (!f.enabled) continue;
    const dueAt = new Date(event.occurredAt.getTime() + f.delayMinutes * 60_000);
    const sendAt = nextOpening(dueAt, window) ?? dueAt;
    planned += await insertPlanned(
      db,
      {
        shop,
        key: messageKey(flow, orderGid),
        flow,
        orderGid,
        customerGid: facts.customerGid,
        email: facts.email,
        locale,
        items: JSON.stringify(items),
        dueAt,
        sendAt,
      },
      now,
    );
  }
  return planned;
}

interface PendingRow {
  id: string;
  flow: string;
  category: string;
  items: string;
  orderGid: string | null;
}

/**
 * Stops pending messages: each to be cancelled only if it is still pending when the statement runs
 * (a send that already began is never pulled back). Returns the ids cancelled.
 */
export async function cancelMessages(
  db: Db,
  events: EventLog,
  shop: string,
  ids: string[],
  reason: MessageReason,
  now: Date,
): Promise<string[]> {
  const cancelled: string[] = [];
  for (const id of ids) {
    const rows = await sqlOf(db).all<{ id: string; flow: string; orderGid: string | null; customerGid: string | null }>(
      `UPDATE "Message" SET "status" = 'cancelled', "reason" = ?, "updatedAt" = ? WHERE "shop" = ? AND "id" = ? AND "status" IN ('planned', 'queued', 'stuck')
       RETURNING "id", "flow", "orderGid", "customerGid"`,
      [reason, now, shop, id],
    );
    for (const r of rows) {
      cancelled.push(r.id);
      await noteNotSent(
        events,
        shop,
        { id: r.id, flow: r.flow, orderGid: r.orderGid, customerGid: r.customerGid },
        "cancelled",
        reason,
        now,
      );
    }
  }
  return cancelled;
}

/** Flows about the order's items; a return's status updates are about the return, which a refund or cancellation does not undo. */
const ABOUT_ITEMS: Flow[] = FLOWS.filter((f) => !sendsAtOnce(f));

async function pendingOfOrder(db: Db, shop: string, orderGid: string): Promise<PendingRow[]> {
  return sqlOf(db).all<PendingRow>(
    `SELECT "id", "flow", "category", "items", "orderGid" FROM "Message" WHERE "shop" = ? AND "orderGid" = ? AND "status" IN ('planned', 'queued')
        AND "flow" IN (${ABOUT_ITEMS.map(() => "?").join(", ")})`,
    [shop, orderGid, ...ABOUT_ITEMS],
  );
}

/** A refund: refunded items leave the order's pending messages; a message left with none is cancelled. */
export async function onRefund(db: Db, events: EventLog, event: StoredEvent, now: Date): Promise<void> {
  if (!event.orderGid) return;
  const pending = await pendingOfOrder(db, event.shop, event.orderGid);
  if (!pending.length) return;
  const remaining = new Set(await remainingItems(db, event.shop, event.orderGid));
  await keepItems(db, events, event.shop, pending, (gid) => remaining.has(gid), "order_refunded", now);
}

/**
 * Takes the line items `keep` refuses out of pending messages (those still pending when the
 * statement runs); a message left with none is cancelled with `reason`.
 */
export async function keepItems(
  db: Db,
  events: EventLog,
  shop: string,
  pending: Pick<PendingRow, "id" | "items">[],
  keep: (lineItemGid: string) => boolean,
  reason: MessageReason,
  now: Date,
): Promise<void> {
  const toCancel: string[] = [];
  for (const m of pending) {
    const before = JSON.parse(m.items) as string[];
    const items = before.filter(keep);
    if (!items.length) toCancel.push(m.id);
    else if (items.length < before.length)
      await sqlOf(db).run(
        `UPDATE "Message" SET "items" = ?, "updatedAt" = ? WHERE "shop" = ? AND "id" = ? AND "status" IN ('planned', 'queued')`,
        [JSON.stringify(items), now, shop, m.id],
      );
  }
  await cancelMessages(db, events, shop, toCancel, reason, now);
}

export async function onOrderCancelled(db: Db, events: EventLog, event: StoredEvent, now: Date): Promise<void> {
  if (!event.orderGid) return;
  const pending = await pendingOfOrder(db, event.shop, event.orderGid);
  await cancelMessages(
    db,
    events,
    event.shop,
    pending.map((m) => m.id),
    "order_cancelled",
    now,
  );
}

/** Pending marketing of a customer (by customer or by address) is cancelled: they are no longer subscribed. */
export async function cancelMarketingOf(
  db: Db,
  events: EventLog,
  shop: string,
  who: { customerGid?: string | null; email?: string | null },
  now: Date,
): Promise<string[]> {
  if (!who.customerGid && !who.email) return [];
  const rows = await sqlOf(db).all<{ id: string }>(
    `SELECT "id" FROM "Message" WHERE "shop" = ? AND "category" = 'marketing' AND "status" IN ('planned', 'queued', 'stuck')
       AND (("customerGid" IS NOT NULL AND "customerGid" = ?) OR ("email" IS NOT NULL AND "email" = lower(?)))`,
    [shop, who.customerGid ?? null, who.email ?? null],
  );
  return cancelMessages(
    db,
    events,
    shop,
    rows.map((r) => r.id),
    "unsubscribed",
    now,
  );
}

export const planAfterDeliverySubscriber: Subscriber = {
  name: "messaging.plan-after-delivery",
  async handle(event, { db, clock }) {
    await planAfterDelivery(db, event, clock.now());
  },
};

/** The line items a return.* event names (its case's items). */
export function returnedItems(event: StoredEvent): string[] {
  const items = Array.isArray(event.detail.items) ? event.detail.items : [];
  return items.flatMap((i) =>
    i && typeof i === "object" && typeof (i as { lineItemGid?: unknown }).lineItemGid === "string"
      ? [(i as { lineItemGid: string }).lineItemGid]
      : [],
  );
}

/**
 * A return approved or processed: its items leave the order's pending marketing messages (a message
 * left with none is cancelled, "order_returned"); messages about other items stay.
 */
export async function onReturn(db: Db, events: EventLog, event: StoredEvent, now: Date): Promise<void> {
  const returned = new Set(returnedItems(event));
  if (!event.orderGid || !returned.size) return;
  const pending = (await pendingOfOrder(db, event.shop, event.orderGid)).filter((m) => m.category === "marketing");
  if (!pending.length) return;
  await keepItems(db, events, event.shop, pending, (gid) => !returned.has(gid), "order_returned", now);
}

export const dropReturnedItemsSubscriber: Subscriber = {
  name: "messaging.drop-returned-items",
  async handle(event, { db, events, clock }) {
    await onReturn(db, events, event, clock.now());
  },
};

export const cancelOnRefundSubscriber: Subscriber = {
  name: "messaging.cancel-on-refund",
  async handle(event, { db, events, clock }) {
    await onRefund(db, events, event, clock.now());
  },
};

export const cancelOnOrderCancelledSubscriber: Subscriber = {
  name: "messaging.cancel-on-order-cancelled",
  async handle(event, { db, events, clock }) {
    await onOrderCancelled(db, events, event, clock.now());
  },
};

/**
 * Shopify's consent is the truth for marketing: a customer no longer subscribed has their pending
 * marketing cancelled; one who subscribed again (say, at a later checkout) after unsubscribing
 * through our link is no longer suppressed.
 */
export const followConsentSubscriber: Subscriber = {
  name: "messaging.follow-consent",
  async handle(event, { db, events, clock }) {
    const to = typeof event.detail.to === "string" ? event.detail.to : null;
    if (!event.customerGid || !to) return;
    if (to === "SUBSCRIBED") {
      await db.messageSuppression.deleteMany({
        where: { shop: event.shop, customerGid: event.customerGid, category: "marketing", createdAt: { lt: event.occurredAt } },
      });
      return;
    }
    await cancelMarketingOf(db, events, event.shop, { customerGid: event.customerGid }, clock.now());
  },
};
