// When an order counts as delivered, and on whose word: the one rule every path uses (webhooks,
// the history import, the fallback timer). Pure: facts and a clock in, a decision out.
import type { DeliverySource } from "~/events/types";

export interface FulfilmentFacts {
  /** Shopify's fulfilment status: success, cancelled, error, failure (any case). */
  status: string | null;
  /** The carrier's latest shipment status (webhooks), e.g. in_transit, delivered. */
  shipmentStatus: string | null;
  /** Shopify's display status (history import), e.g. IN_TRANSIT, DELIVERED. */
  displayStatus: string | null;
  /** When a carrier reported delivery (a fulfilment event, or Shopify's deliveredAt). */
  deliveredAt: Date | null;
  /** When the fulfilment was created, i.e. the parcel left. */
  shippedAt: Date | null;
  /** The fulfilment's last update: the delivery time when only a status says delivered. */
  updatedAt: Date | null;
}

export interface DeliveryDecision {
  deliveredAt: Date;
  source: DeliverySource;
}

export interface DeliveryPolicy {
  /** Days after shipping a parcel no carrier reported on counts as delivered; 0 or less: never. */
  fallbackDays: number;
  now: Date;
}

const DAY_MS = 86_400_000;
const INACTIVE = new Set(["cancelled", "error", "failure"]);

/** What one fulfilment says about its own delivery, or null when nothing does. */
function reported(f: FulfilmentFacts): DeliveryDecision | null {
  const shipment = f.shipmentStatus?.toLowerCase() === "delivered";
  const display = f.displayStatus?.toUpperCase() === "DELIVERED";
  if (f.deliveredAt) return { deliveredAt: f.deliveredAt, source: display && !shipment ? "shopify" : "carrier" };
  const at = f.updatedAt ?? f.shippedAt;
  if (!at) return null;
  if (shipment) return { deliveredAt: at, source: "carrier" };
  if (display) return { deliveredAt: at, source: "shopify" };
  return null;
}

/** When the fallback counts this fulfilment delivered, or null (off, or no shipping time known). */
export function fallbackDueAt(f: Pick<FulfilmentFacts, "shippedAt">, fallbackDays: number): Date | null {
  if (fallbackDays <= 0 || !f.shippedAt) return null;
  return new Date(f.shippedAt.getTime() + fallbackDays * DAY_MS);
}

/**
 * An order is delivered when every active fulfilment is: each by a carrier's or Shopify's word, or,
 * for one nobody reported on, once the shop's fallback days have passed since it shipped. The
 * delivery time is the last parcel's; the source is the weakest word among them
 * (fallback < shopify < carrier). No active fulfilment: not delivered.
 */
export function decideDelivery(fulfilments: FulfilmentFacts[], policy: DeliveryPolicy): DeliveryDecision | null {
  const active = fulfilments.filter((f) => !INACTIVE.has((f.status ?? "success").toLowerCase()));
  if (!active.length) return null;
  let latest = 0;
  let source: DeliverySource = "carrier";
  for (const f of active) {
    const known = reported(f);
    if (known) {
      latest = Math.max(latest, known.deliveredAt.getTime());
      if (known.source === "shopify" && source === "carrier") source = "shopify";
      continue;
    }
    const due = fallbackDueAt(f, policy.fallbackDays);
    if (!due || due.getTime() > policy.now.getTime()) return null;
    latest = Math.max(latest, due.getTime());
    source = "fallback";
  }
  return { deliveredAt: new Date(latest), source };
}
