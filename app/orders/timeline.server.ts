// The per-order timeline: append-only events, each written once (shop + key), so replays and
// duplicate webhooks never add a second line. Every capability records its steps here.
import { insertIfAbsent } from "~/platform/atomic-writes.server";
import type { Db } from "~/platform/db.server";

export interface OrderEventInput {
  orderGid: string;
  /** Unique per shop: build it from the Shopify resource GID and the action. */
  key: string;
  kind: string;
  occurredAt: Date;
  detail?: Record<string, unknown>;
}

/** Appends the event unless its key is already recorded; true when this call recorded it. */
export async function recordOrderEvent(db: Db, shop: string, e: OrderEventInput, now = new Date()): Promise<boolean> {
  return insertIfAbsent(db, "OrderEvent", ["shop", "key"], {
    shop,
    orderGid: e.orderGid,
    key: e.key,
    kind: e.kind,
    occurredAt: e.occurredAt,
    detail: JSON.stringify(e.detail ?? {}),
    createdAt: now,
  });
}
