// Statuses in words: Shopify's payment and fulfilment statuses, a shipment's tracking status, how a
// delivery was decided and a customer's email-marketing state → the merchant's language and a badge look.
import type { MessageKey } from "~/i18n/messages/en";
import type { Translate } from "~/i18n/translate";

export type BadgeTone = "success" | "attention" | "warning" | "critical" | "info";
export type BadgeProgress = "complete" | "partiallyComplete" | "incomplete";

export interface StatusLook {
  label: string;
  tone?: BadgeTone;
  progress?: BadgeProgress;
}

interface Known {
  key: MessageKey;
  tone?: BadgeTone;
  progress?: BadgeProgress;
}

/** A status this version has no words for, as Shopify spelled it but readable: "on_hold" → "On hold". */
export function humanise(status: string): string {
  const words = status.replace(/[_-]+/g, " ").trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function look(t: Translate, table: Record<string, Known>, status: string): StatusLook {
  const known = table[status];
  return known ? { label: t(known.key), tone: known.tone, progress: known.progress } : { label: humanise(status) };
}

const PAYMENT: Record<string, Known> = {
  pending: { key: "orders.payment.pending", tone: "warning", progress: "incomplete" },
  authorized: { key: "orders.payment.authorized", tone: "attention", progress: "incomplete" },
  partially_paid: { key: "orders.payment.partially_paid", tone: "warning", progress: "partiallyComplete" },
  paid: { key: "orders.payment.paid", progress: "complete" },
  partially_refunded: { key: "orders.payment.partially_refunded", progress: "partiallyComplete" },
  refunded: { key: "orders.payment.refunded", progress: "complete" },
  voided: { key: "orders.payment.voided" },
  expired: { key: "orders.payment.expired" },
};

export function paymentStatus(t: Translate, status: string | null): StatusLook {
  return status ? look(t, PAYMENT, status.toLowerCase()) : { label: t("orders.payment.unknown") };
}

const FULFILLMENT: Record<string, Known> = {
  unfulfilled: { key: "orders.fulfillment.unfulfilled", tone: "attention", progress: "incomplete" },
  partial: { key: "orders.fulfillment.partial", tone: "warning", progress: "partiallyComplete" },
  partially_fulfilled: { key: "orders.fulfillment.partial", tone: "warning", progress: "partiallyComplete" },
  fulfilled: { key: "orders.fulfillment.fulfilled", progress: "complete" },
  restocked: { key: "orders.fulfillment.restocked" },
  on_hold: { key: "orders.fulfillment.on_hold", tone: "warning" },
  scheduled: { key: "orders.fulfillment.scheduled", tone: "info" },
};

/** Shopify reports an order with nothing shipped as a null fulfilment status. */
export function fulfillmentStatus(t: Translate, status: string | null): StatusLook {
  return look(t, FULFILLMENT, (status ?? "unfulfilled").toLowerCase());
}

const SHIPMENT: Record<string, Known> = {
  label_printed: { key: "orders.shipment.label_printed" },
  label_purchased: { key: "orders.shipment.label_purchased" },
  confirmed: { key: "orders.shipment.confirmed" },
  carrier_picked_up: { key: "orders.shipment.carrier_picked_up" },
  picked_up: { key: "orders.shipment.picked_up" },
  in_transit: { key: "orders.shipment.in_transit" },
  out_for_delivery: { key: "orders.shipment.out_for_delivery" },
  attempted_delivery: { key: "orders.shipment.attempted_delivery" },
  ready_for_pickup: { key: "orders.shipment.ready_for_pickup" },
  delayed: { key: "orders.shipment.delayed" },
  delivered: { key: "orders.shipment.delivered" },
  failure: { key: "orders.shipment.failure" },
};

/** A carrier's tracking status (a fulfilment's shipment_status, a fulfilment event's status). */
export function shipmentStatusLabel(t: Translate, status: string): string {
  return look(t, SHIPMENT, status.toLowerCase()).label;
}

/** How a delivery was decided, as a phrase to follow a date: "confirmed by carrier", "assumed after 5 days". */
export function deliverySourcePhrase(t: Translate, source: string | null, fallbackDays: number): string | null {
  if (source === "carrier") return t("orders.deliverySource.carrier");
  if (source === "shopify") return t("orders.deliverySource.shopify");
  if (source === "fallback") return t("orders.deliverySource.fallback", { count: fallbackDays });
  return null;
}

const CONSENT: Record<string, Known> = {
  SUBSCRIBED: { key: "customers.consent.SUBSCRIBED", tone: "success" },
  NOT_SUBSCRIBED: { key: "customers.consent.NOT_SUBSCRIBED" },
  UNSUBSCRIBED: { key: "customers.consent.UNSUBSCRIBED" },
  PENDING: { key: "customers.consent.PENDING", tone: "attention" },
  REDACTED: { key: "customers.consent.REDACTED" },
  INVALID: { key: "customers.consent.INVALID", tone: "critical" },
};

/** A customer's email-marketing consent (Shopify's EmailMarketingState). */
export function consentStatus(t: Translate, state: string | null | undefined): StatusLook {
  return state ? look(t, CONSENT, state.toUpperCase()) : { label: t("customers.consent.unknown") };
}

const RETURN: Record<string, Known> = {
  REQUESTED: { key: "event.returnStatus.REQUESTED" },
  OPEN: { key: "event.returnStatus.OPEN" },
  CLOSED: { key: "event.returnStatus.CLOSED" },
  DECLINED: { key: "event.returnStatus.DECLINED" },
  CANCELED: { key: "event.returnStatus.CANCELED" },
  CANCELLED: { key: "event.returnStatus.CANCELED" },
};

export function returnStatusLabel(t: Translate, status: string): string {
  return look(t, RETURN, status.toUpperCase()).label;
}

/** Only web addresses become links (a payload's tracking URL could be anything). */
export function safeHttpUrl(url: unknown): string | undefined {
  if (typeof url !== "string") return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
