// Retry from the admin: a dead webhook delivery goes back into the inbox, a dead job back into
// the queue. Ownership and state are checked in the statement that changes the state, so a
// foreign or unknown id changes nothing, and two clicks are one replay.
import type { Clock } from "~/platform/clock";
import type { Db } from "~/platform/db.server";
import type { EventLog } from "~/events/log.server";
import { parseShopifyJson } from "~/webhooks/shopify-json";
import { deliverySubject } from "~/webhooks/subject";

/** replayed: back in the inbox; not_dead: it is not dead (already replayed, or never failed); not_found: no such delivery of this shop. */
export type ReplayResult = "replayed" | "not_dead" | "not_found";

/**
 * Puts a dead delivery of this shop back in the inbox as if it had just arrived (status received,
 * one more replay); the relay hands it to the job layer under a key of its own for that replay,
 * so a crash right after this statement still gets it processed, once.
 */
export async function replayDelivery(db: Db, events: EventLog, clock: Clock, shop: string, webhookId: string): Promise<ReplayResult> {
  const { count } = await db.webhookDelivery.updateMany({
    where: { webhookId, shop, status: "dead" },
    data: { status: "received", replays: { increment: 1 }, nextAttemptAt: null },
  });
  if (!count) return (await db.webhookDelivery.count({ where: { webhookId, shop } })) ? "not_dead" : "not_found";
  const delivery = await db.webhookDelivery.findUniqueOrThrow({
    where: { webhookId },
    select: { topic: true, replays: true, orderGid: true, payload: true, lastError: true },
  });
  const orderGid = delivery.orderGid ?? subjectOrder(delivery.topic, delivery.payload);
  if (orderGid) {
    await events.append(
      shop,
      [
        {
          type: "webhook.replayed",
          key: `${webhookId}:replay:${delivery.replays}`,
          orderGid,
          occurredAt: clock.now(),
          detail: { topic: delivery.topic, webhookId, replay: delivery.replays, lastError: delivery.lastError },
        },
      ],
      { source: "app" },
    );
  }
  return "replayed";
}

function subjectOrder(topic: string, payload: string): string | null {
  try {
    return deliverySubject(topic, parseShopifyJson(payload)).orderGid;
  } catch {
    return null;
  }
}
