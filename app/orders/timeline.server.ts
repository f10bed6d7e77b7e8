// The per-order timeline: append-only events, each written once (shop + key), so replays and
// duplicate webhooks never add a second line. Every capability records its steps here.
import type { Db } from "~/platform/db.server";

export interface OrderEventInput {
  orderGid: string;
  /** Unique per shop: build it from the Shopify resource GID and the action. */
  key: string;
  kind: string;
  occurredAt: Date;
  detail?: Record<string, unknown>;
}

export async function recordOrderEvent(db: Db, shop: string, e: OrderEventInput) {
  await db.orderEvent.upsert({
    where: { shop_key: { shop, key: e.key } },
    create: {
      shop,
      orderGid: e.orderGid,
      key: e.key,
      kind: e.kind,
      occurredAt: e.occurredAt,
      detail: JSON.stringify(e.detail ?? {}),
    },
    update: {},
  });
}
